"""The gift panel on the tracking page, answered when the page asks for its panels."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from halte.gifts.queries import for_recipient, gift_of_shipment
from halte.shipments.models import Shipment
from halte.shipments.signals import tracking_panels_wanted


def gift_panel(sender: Any, *, shipment: Shipment, token: str, **kwargs: Any) -> SafeString:
    gift = gift_of_shipment(shipment)
    if gift is None:
        return mark_safe("")
    return mark_safe(  # noqa: S308 - rendered by the auto-escaping template engine
        render_to_string(
            "gifts/panel.html", {"gift": for_recipient(gift, shipment), "token": token}
        )
    )


def connect() -> None:
    tracking_panels_wanted.connect(gift_panel, dispatch_uid="halte.gifts.panel")
