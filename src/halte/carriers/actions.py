"""Mapping a carrier's code onto the vocabulary, and applying it to the events already stored."""

from django.db import transaction

from halte.carriers.meanings import meaning_of
from halte.carriers.models import CarrierCode
from halte.shipments.actions import refresh_shipment_states
from halte.shipments.models import TrackingEvent
from halte.shipments.status import Status

# Shipments are refreshed in slices so one popular code never holds a lock for long.
REFRESH_BATCH = 1000


def do_map_carrier_code(
    code: CarrierCode, *, status: str, place: str = "", reason: str = ""
) -> None:
    """Record what a code means, then re-read every stored event with it in the background."""
    from halte.carriers.tasks import renormalise_carrier_code

    # Not durable: the admin calls this inside its own transaction.
    with transaction.atomic():
        code.status = status
        code.delivery_place = place if status == Status.DELIVERED else ""
        code.failure_reason = reason if status == Status.DELIVERY_FAILED else ""
        code.save(update_fields=["status", "delivery_place", "failure_reason"])
        transaction.on_commit(lambda: renormalise_carrier_code.enqueue(code.pk))


def renormalise_events_for_code(carrier_code_id: int) -> int:
    """Give stored events with this code its current meaning; returns shipments changed."""
    code = CarrierCode.objects.filter(pk=carrier_code_id).first()
    if code is None:
        return 0
    meaning = meaning_of(code)
    events = TrackingEvent.objects.filter(carrier=code.carrier, raw_code=code.code)
    with transaction.atomic():
        if meaning is None:
            events.update(status=Status.UNMAPPED, failure_reason="")
        else:
            events.update(status=meaning.status, failure_reason=meaning.reason or "")
            if meaning.place:
                events.filter(delivery_place="").update(delivery_place=meaning.place)
    shipment_ids = list(
        events.filter(shipment__isnull=False).values_list("shipment_id", flat=True).distinct()
    )
    changed = 0
    for start in range(0, len(shipment_ids), REFRESH_BATCH):
        with transaction.atomic():
            changed += refresh_shipment_states(
                [i for i in shipment_ids[start : start + REFRESH_BATCH] if i is not None]
            )
    return changed
