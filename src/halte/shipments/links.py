"""Signed tracking links: the proof a recipient carries after giving code and postcode once.

They live beside the shipment, below every app that links to a parcel (a case page, a
promise mail); the tracking page is the one that reads them."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse

from halte.shipments.models import Shipment

_SALT = "halte.tracking.link"


def tracking_token(shipment: Shipment) -> str:
    return signing.dumps({"s": shipment.pk, "p": shipment.postcode}, salt=_SALT, compress=True)


def tracking_url(shipment: Shipment) -> str:
    return reverse("tracking:shipment", kwargs={"token": tracking_token(shipment)})


def tracking_link(shipment: Shipment) -> str:
    """The tracking link as a whole address, for mail."""
    return str(settings.HALTE_BASE_URL).rstrip("/") + tracking_url(shipment)


def _link_data(token: str) -> tuple[int, object] | None:
    """What a genuine, fresh link carries: the shipment id and its postcode when it was made."""
    max_age = timedelta(days=settings.HALTE_TRACKING_LINK_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    return data["s"], data.get("p")


def parcel_of_token(token: str) -> int | None:
    """The shipment id a genuine, fresh link names, read without the database (whether the
    postcode still holds is the database's to say: `shipments_for_token`)."""
    data = _link_data(token)
    return None if data is None else data[0]


def shipments_for_token(token: str) -> QuerySet[Shipment]:
    """The shipment a link names (none, or one), if the link is genuine, fresh and the
    postcode still holds; a query, so the page that reads it can add what it shows."""
    data = _link_data(token)
    if data is None:
        return Shipment.objects.none()
    shipment_id, postcode = data
    # A corrected address ends links made for the old postcode.
    return Shipment.objects.filter(pk=shipment_id, postcode=postcode)


def shipment_for_token(token: str) -> Shipment | None:
    """The shipment a link names, if the link is genuine, fresh and the postcode still holds."""
    return shipments_for_token(token).select_related("order", "organisation").first()
