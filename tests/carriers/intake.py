"""Carrier events through Halte's own intake, for tests that ask what a shipment then shows.

An adapter only reads a payload. Where the shipment ends up — the latest event, a delivery or
return that holds, the place a code implies — is decided by `do_record_carrier_feed` and the
shipment's journey; tests read the answer from the shipment instead of deriving it again.
"""

from collections.abc import Sequence
from typing import Any

from halte.carriers.feed import CarrierEvent, Parsed
from halte.feeds.actions import do_record_carrier_feed
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.factories import make_shipment

# The fields a fixture's manifest says a shipment must come to.
SHOWN = ("status", "delivery_place", "delivery_place_detail", "failure_reason")


def shipment_for(carrier: str, tracking_code: str) -> Shipment:
    belgian = carrier == "bpost"
    return make_shipment(
        carrier=carrier,
        tracking_code=tracking_code,
        country="BE" if belgian else "NL",
        postcode="3500" if belgian else "6811AB",
    )


def record(shipment: Shipment, events: Sequence[CarrierEvent]) -> Shipment:
    """The shipment as it stands after Halte recorded these events for it."""
    outcome = do_record_carrier_feed(
        shipment.organisation, shipment.carrier, Parsed(events=list(events))
    )
    assert outcome.problems == []
    shipment.refresh_from_db()
    return shipment


def shipment_after(carrier: str, events: Sequence[CarrierEvent]) -> Shipment:
    """A new shipment of this carrier, recorded with events that all name its tracking code."""
    (tracking_code,) = {e.tracking_code for e in events}
    return record(shipment_for(carrier, tracking_code), events)


def shown(shipment: Shipment) -> dict[str, Any]:
    """What the customer is told, in the manifest's terms."""
    return {field: getattr(shipment, field) for field in SHOWN}


def unmapped_codes(shipment: Shipment) -> list[str]:
    """The carrier codes of this shipment that Halte had no meaning for."""
    return sorted(
        set(
            TrackingEvent.objects.filter(shipment=shipment, status=Status.UNMAPPED).values_list(
                "raw_code", flat=True
            )
        )
    )
