"""What a customer may still change, decided by where the parcel is."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from halte.vocabulary.calendar import AMSTERDAM, in_amsterdam, next_business_day
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
