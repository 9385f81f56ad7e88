"""Signed one-tap links in the mail to the recipient on file: "this was not me, undo it"."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from halte.selfservice.models import AddressChange

_SALT = "halte.selfservice.undo-address-change"
# Long enough for someone back from a week away; a parcel's journey is rarely longer.
UNDO_MAX_AGE = timedelta(days=30)


def undo_path(change: AddressChange) -> str:
    token = signing.dumps({"a": change.pk}, salt=_SALT, compress=True)
    return reverse("selfservice:undo_address", kwargs={"token": token})


def undo_url(change: AddressChange) -> str:
    return str(settings.HALTE_BASE_URL).rstrip("/") + undo_path(change)


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
