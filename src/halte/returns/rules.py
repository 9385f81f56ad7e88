"""The return policy in force for an organisation, and what it allows for one parcel."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from halte.returns.models import RefusalRemedy, ReturnPolicy, WayBack
from halte.shipments.models import Shipment
from halte.vocabulary.status import Status

# A shop that configured nothing: the legal minimum is 14 days, most Dutch shops give 30.
DEFAULT_WINDOW_DAYS = 30

# The reason a driver records when the recipient refuses a damaged parcel at the door.
DAMAGED = "damaged"


@dataclass(frozen=True)
class Reason:
    code: str
    label_nl: str
    label_en: str
    needs_photo: bool

    def label(self, language: str) -> str:
        return self.label_nl if language == "nl" else self.label_en


DEFAULT_REASONS = (
    Reason(DAMAGED, "Beschadigd", "Damaged", needs_photo=True),
    Reason("wrong_item", "Verkeerd artikel ontvangen", "Wrong item received", needs_photo=True),
    Reason("does_not_fit", "Past niet", "Does not fit", needs_photo=False),
    Reason("not_as_described", "Anders dan beschreven", "Not as described", needs_photo=False),
    Reason("changed_mind", "Toch niet nodig", "Changed my mind", needs_photo=False),
)


@dataclass(frozen=True)
class Policy:
    window_days: int
    reasons: tuple[Reason, ...]
    ways_back: tuple[str, ...]
    on_refusal: str
    returns_email: str

    def reason(self, code: str) -> Reason | None:
        return next((r for r in self.reasons if r.code == code), None)


DEFAULT_POLICY = Policy(
    window_days=DEFAULT_WINDOW_DAYS,
    reasons=DEFAULT_REASONS,
    ways_back=(WayBack.DROP_OFF,),
    on_refusal=RefusalRemedy.ASK_SHOP,
    returns_email="",
)


def policy_from(stored: ReturnPolicy | None) -> Policy:
    """The stored policy, falling back to the default reasons when the shop listed none."""
    if stored is None:
        return DEFAULT_POLICY
    reasons = tuple(
        Reason(r.code, r.label_nl, r.label_en, r.needs_photo) for r in stored.reasons.all()
    )
    ways = tuple(
        way
        for way, offered in (
            (WayBack.DROP_OFF, stored.offers_drop_off),
            (WayBack.PICKUP, stored.offers_pickup),
        )
        if offered
    )
    return Policy(
        window_days=stored.window_days,
        reasons=reasons or DEFAULT_REASONS,
        # A shop that ticked neither still has to get its parcel back somehow.
        ways_back=ways or (WayBack.DROP_OFF,),
        on_refusal=stored.on_refusal,
        returns_email=stored.returns_email,
    )


class NotReturnable(StrEnum):
    """Why a parcel cannot be returned from the tracking page now."""

    NOT_DELIVERED = "not_delivered"
    WINDOW_PASSED = "window_passed"
    IS_A_RETURN = "is_a_return"


def returnable(shipment: Shipment, policy: Policy, now: datetime) -> NotReturnable | None:
    """None when the parcel may be returned now, else why not."""
    if shipment.kind == Shipment.Kind.RETURN:
        return NotReturnable.IS_A_RETURN
    if shipment.status != Status.DELIVERED or shipment.delivered_at is None:
        return NotReturnable.NOT_DELIVERED
    if now > window_end(shipment, policy):
        return NotReturnable.WINDOW_PASSED
    return None


def window_end(shipment: Shipment, policy: Policy) -> datetime:
    assert shipment.delivered_at is not None  # noqa: S101 - only asked of delivered parcels
    return shipment.delivered_at + timedelta(days=policy.window_days)
