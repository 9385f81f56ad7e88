"""Signed links and forms of self-service: the one-tap undo in the mail to the recipient on
file ("this was not me"), and the confirmation of a new address before it is saved."""

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url

_SALT = "halte.selfservice.undo-address-change"
# Long enough for someone back from a week away; a parcel's journey is rarely longer.
UNDO_MAX_AGE = timedelta(days=30)


def undo_path(change: AddressChange) -> str:
    token = signing.dumps({"a": change.pk}, salt=_SALT, compress=True)
    return reverse("selfservice:undo_address", kwargs={"token": token})


def undo_url(change: AddressChange) -> str:
    return str(settings.HALTE_BASE_URL).rstrip("/") + undo_path(change)


def tracking_link(shipment: Shipment) -> str:
    """The parcel's tracking page as a full link for a letter (for its current postcode)."""
    return str(settings.HALTE_BASE_URL).rstrip("/") + tracking_url(shipment)


def change_for_token(token: str) -> AddressChange | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    return (
        AddressChange.objects.select_related("shipment", "shipment__organisation")
        .filter(pk=data["a"])
        .first()
    )


_CONFIRM_SALT = "halte.selfservice.confirm-address"
# As long as the proof it follows lasts (tracking.proof.PROOF_MINUTES).
CONFIRM_MAX_AGE = timedelta(minutes=30)


@dataclass(frozen=True)
class PendingCorrection:
    """An address the customer is asked to confirm, signed so the confirm step cannot be
    altered; `changes` pins it to the parcel's change count, so it works once."""

    shipment_id: int
    address: dict[str, Any]
    confirm_unlisted: bool
    email: str
    changes: int


def confirmation_token(pending: PendingCorrection) -> str:
    return signing.dumps(asdict(pending), salt=_CONFIRM_SALT, compress=True)


def pending_for_token(token: str, shipment_id: int) -> PendingCorrection | None:
    """The pending correction a confirm form carries, if genuine, fresh and for this parcel."""
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        pending = PendingCorrection(**data)
    except (signing.BadSignature, TypeError):
        return None
    return pending if pending.shipment_id == shipment_id else None
