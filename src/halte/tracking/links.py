"""Signed tracking links, made and read where the shipment lives (`shipments.links`); the
tracking page reads its parcel with what the page shows beside it."""

from halte.shipments.links import shipments_for_token, tracking_link, tracking_token, tracking_url
from halte.shipments.models import Shipment
from halte.tracking.queries import with_page_facts

__all__ = ["shipment_for_token", "tracking_link", "tracking_token", "tracking_url"]


def shipment_for_token(token: str) -> Shipment | None:
    """The parcel a link names, with the shop's words about vouchers (the page may show them)
    and what it has beside it (`with_page_facts`), in one query."""
    return with_page_facts(
        # The order's gift by its relation's name (gifts sit beside this app): its panel
        # then needs no query of its own.
        shipments_for_token(token).select_related(
            "order", "order__gift", "organisation", "organisation__promise_policy"
        )
    ).first()
