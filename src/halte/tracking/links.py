"""Signed tracking links: the proof a recipient carries after giving code and postcode once."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from halte.shipments.models import Shipment

_SALT = "halte.tracking.link"


def tracking_token(shipment: Shipment) -> str:
    return signing.dumps({"s": shipment.pk, "p": shipment.postcode}, salt=_SALT, compress=True)


def tracking_url(shipment: Shipment) -> str:
    return reverse("tracking:shipment", kwargs={"token": tracking_token(shipment)})


def shipment_for_token(token: str) -> Shipment | None:
    """The shipment a link names, if the link is genuine, fresh and the postcode still holds."""
    max_age = timedelta(days=settings.HALTE_TRACKING_LINK_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    # A corrected address ends links made for the old postcode.
    # The order's voucher and the shop's words about it come along: the page may show them.
    return (
        Shipment.objects.select_related(
            "order", "order__voucher", "organisation", "organisation__promise_policy"
        )
        .filter(pk=data["s"], postcode=data.get("p"))
        .first()
    )
