"""Signed tracking links, made and read where the shipment lives (`shipments.links`)."""

from halte.shipments.links import shipment_for_token, tracking_link, tracking_token, tracking_url

__all__ = ["shipment_for_token", "tracking_link", "tracking_token", "tracking_url"]
