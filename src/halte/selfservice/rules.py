"""What a customer may still change, decided by where the parcel is."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from halte.addresses.registry import KnownAddress
from halte.vocabulary.calendar import AMSTERDAM, in_amsterdam, next_business_day
from halte.vocabulary.postcodes import compact_postcode
from halte.vocabulary.status import Status

# Drivers deliver until 21:00; a re-route is planned at least 45 minutes ahead.
LAST_DELIVERY = time(21, 0)
FIRST_DELIVERY = time(9, 0)
REROUTE_LEAD = timedelta(minutes=45)
WINDOW = timedelta(hours=1)


class CorrectionPath(StrEnum):
    CARRIER_TOLD = "carrier_told"  # not with a driver yet: the carrier updates the label
    REROUTED = "rerouted"  # the driver has it: the route changes and a new window follows
    REFUSED = "refused"  # too late: delivered, or on its way back


class RefusalReason(StrEnum):
    DELIVERED = "delivered"
    RETURNING = "returning"  # on its way back to the sender, or back already


@dataclass(frozen=True)
class Decision:
    path: CorrectionPath
    reason: RefusalReason | None = None  # why, when the path is REFUSED


def address_correction(status: str) -> Decision:
    if status == Status.DELIVERED:
        return Decision(CorrectionPath.REFUSED, RefusalReason.DELIVERED)
    if status in (Status.RETURNING_TO_SENDER, Status.RETURNED):
        return Decision(CorrectionPath.REFUSED, RefusalReason.RETURNING)
    if status in (Status.OUT_FOR_DELIVERY, Status.WINDOW_SET, Status.WINDOW_CHANGED):
        return Decision(CorrectionPath.REROUTED)
    return Decision(CorrectionPath.CARRIER_TOLD)


def reroute_window(now: datetime, *, country: str = "NL") -> tuple[datetime, datetime]:
    """A one-hour window for a re-routed stop: soon today, else first thing next delivery day."""
    local = in_amsterdam(now) + REROUTE_LEAD
    start = local.replace(second=0, microsecond=0) + timedelta(minutes=-local.minute % 5)
    if start.time() < FIRST_DELIVERY:
        start = datetime.combine(start.date(), FIRST_DELIVERY, tzinfo=AMSTERDAM)
    if (start + WINDOW).time() > LAST_DELIVERY or (start + WINDOW).date() != start.date():
        day = next_business_day(start.date(), country)
        start = datetime.combine(day, FIRST_DELIVERY, tzinfo=AMSTERDAM)
    return start, start + WINDOW


@dataclass(frozen=True)
class Typed:
    """An address as the customer typed it, to rank the register's suggestions against."""

    postcode: str
    house_number: int
    addition: str
    street: str
    city: str


# Postcode and street weigh the same: story 01 mixed them up both ways round. The city backs
# up the street it was typed with; number and addition only tell neighbours apart.
_WEIGHTS = {"postcode": 3, "street": 3, "city": 2, "house_number": 2, "addition": 1}
# The form starts with the address on file: a part the customer changed is what they came to
# fix, a part left as it was may be the mistake (story 01's old street kept by accident).
_CHANGED_COUNTS = 2


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _matches(typed: Typed, known: KnownAddress) -> dict[str, bool]:
    return {
        "postcode": compact_postcode(typed.postcode) == compact_postcode(known.postcode),
        "street": _words(typed.street) == _words(known.street),
        "city": _words(typed.city) == _words(known.city),
        "house_number": typed.house_number == known.house_number,
        "addition": _words(typed.addition) == _words(known.addition),
    }


def match_score(typed: Typed, known: KnownAddress, *, on_file: KnownAddress) -> int:
    """How well a suggestion fits what was typed; a match on a part the customer changed
    counts double."""
    changed = {part for part, same in _matches(typed, on_file).items() if not same}
    return sum(
        _WEIGHTS[part] * (_CHANGED_COUNTS if part in changed else 1)
        for part, same in _matches(typed, known).items()
        if same
    )


def rank_suggestions(
    suggestions: list[KnownAddress], typed: Typed, *, on_file: KnownAddress
) -> list[KnownAddress]:
    """The register's suggestions, best match with what was typed first, each once.

    The address on file is never first unless it is exactly what was typed: the customer came
    to change it, so a tap on the first suggestion must not send the parcel where it was going.
    """
    unique = list(dict.fromkeys(suggestions))
    typed_exactly = all(_matches(typed, on_file).values())

    def rank(known: KnownAddress) -> tuple[int, int]:
        is_on_file = all(_matches(_as_typed(on_file), known).values())
        demoted = 1 if is_on_file and not typed_exactly else 0
        return demoted, -match_score(typed, known, on_file=on_file)

    # sorted() is stable: equal ranks keep the register's order.
    return sorted(unique, key=rank)


def _as_typed(known: KnownAddress) -> Typed:
    return Typed(known.postcode, known.house_number, known.addition, known.street, known.city)
