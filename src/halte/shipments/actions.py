"""The domain verbs for shipments: announce them and record what carriers say about them."""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from halte.carriers.meanings import CodeKey, halte_meaning, meanings_for
from halte.carriers.models import CarrierCode
from halte.organisations.models import Organisation
from halte.shipments.inputs import CarrierEventInput, ShipmentInput
from halte.shipments.journey import STATE_FIELDS, ShipmentState, current_state
from halte.shipments.models import Order, Shipment, TrackingEvent
from halte.shipments.status import Status


@dataclass(frozen=True)
class RecordedBatch:
    stored: int
    duplicates: int
    pending: int
    unmapped: int


def event_key(event: CarrierEventInput) -> str:
    """The carrier's own id, or a digest of what makes two deliveries of an event the same."""
    if event.event_id:
        return event.event_id
    content = "|".join(
        [event.tracking_code, event.code, event.occurred_at.isoformat(), event.description]
    )
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()[:48]


def do_upsert_shipment(organisation: Organisation, data: ShipmentInput) -> tuple[Shipment, bool]:
    """Create or update a shipment with its order; attach events that arrived before it."""
    with transaction.atomic(durable=True):
        order = None
        if data.order:
            promise = data.order.promise
            order, _ = Order.objects.update_or_create(
                organisation=organisation,
                reference=data.order.reference,
                defaults={
                    "placed_at": data.order.placed_at,
                    "promised_date": promise.date if promise else None,
                    "promised_window_start": promise.window_start if promise else None,
                    "promised_window_end": promise.window_end if promise else None,
                },
            )
        shipment, created = Shipment.objects.update_or_create(
            organisation=organisation,
            carrier=data.carrier,
            tracking_code=data.tracking_code,
            defaults={
                "order": order,
                "kind": data.kind,
                "recipient_name": data.recipient.name,
                "recipient_email": data.recipient.email or "",
                "recipient_phone": data.recipient.phone,
                "postcode": data.address.postcode,
                "house_number": data.address.house_number,
                "house_number_addition": data.address.addition,
                "street": data.address.street,
                "city": data.address.city,
                "country": data.address.country,
            },
        )
        attached = TrackingEvent.objects.filter(
            organisation=organisation,
            carrier=data.carrier,
            tracking_code=data.tracking_code,
            shipment__isnull=True,
        ).update(shipment=shipment)
        if created or attached:
            refresh_shipment_states([shipment.pk])
            shipment.refresh_from_db()
    return shipment, created


def do_record_carrier_events(
    organisation: Organisation, events: Sequence[CarrierEventInput]
) -> RecordedBatch:
    """Store a batch of validated events once each and bring their shipments up to date.

    Idempotent: an event delivered twice (same carrier event id, or same content) is stored
    once. Order-independent: the shipment's state is recomputed from all its events.
    """
    unique: dict[CodeKey, CarrierEventInput] = {}
    for event in events:
        unique.setdefault((event.carrier, event_key(event)), event)
    meanings = meanings_for((e.carrier, e.code) for e in unique.values())

    with transaction.atomic(durable=True):
        existing = set(
            TrackingEvent.objects.filter(
                organisation=organisation, event_key__in=[key for _, key in unique]
            ).values_list("carrier", "event_key")
        )
        new = {key: e for key, e in unique.items() if key not in existing}
        shipment_ids = {
            (carrier, code): pk
            for carrier, code, pk in Shipment.objects.filter(
                organisation=organisation,
                tracking_code__in={e.tracking_code for e in new.values()},
            ).values_list("carrier", "tracking_code", "pk")
        }
        rows = []
        for (carrier, key), event in new.items():
            meaning = meanings[(carrier, event.code)]
            place = event.delivery_place
            rows.append(
                TrackingEvent(
                    organisation=organisation,
                    shipment_id=shipment_ids.get((carrier, event.tracking_code)),
                    carrier=carrier,
                    tracking_code=event.tracking_code,
                    event_key=key,
                    raw_code=event.code,
                    raw_description=event.description,
                    status=meaning.status if meaning else Status.UNMAPPED,
                    delivery_place=(
                        place.kind
                        if place
                        else (meaning.place if meaning and meaning.place else "")
                    ),
                    delivery_place_detail=place.detail if place else "",
                    failure_reason=meaning.reason if meaning and meaning.reason else "",
                    window_start=event.window_start,
                    window_end=event.window_end,
                    location=event.location,
                    occurred_at=event.occurred_at,
                )
            )
        # ignore_conflicts covers a concurrent batch carrying the same events.
        TrackingEvent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        _note_carrier_codes_seen(new.values())
        refresh_shipment_states({r.shipment_id for r in rows if r.shipment_id is not None})

    return RecordedBatch(
        stored=len(rows),
        duplicates=len(events) - len(rows),
        pending=sum(1 for r in rows if r.shipment_id is None),
        unmapped=sum(1 for r in rows if r.status == Status.UNMAPPED),
    )


def _note_carrier_codes_seen(events: Collection[CarrierEventInput]) -> None:
    """Count each carrier-specific code, so an admin sees which unmapped codes matter most."""
    counts = Counter((e.carrier, e.code) for e in events if not halte_meaning(e.code))
    if not counts:
        return
    examples = {(e.carrier, e.code): e.description for e in events}
    CarrierCode.objects.bulk_create(
        [
            CarrierCode(carrier=carrier, code=code, example_description=examples[(carrier, code)])
            for carrier, code in counts
        ],
        ignore_conflicts=True,
    )
    now = timezone.now()
    for (carrier, code), count in counts.items():
        CarrierCode.objects.filter(carrier=carrier, code=code).update(
            seen_count=F("seen_count") + count, last_seen_at=now
        )


def refresh_shipment_states(shipment_ids: Collection[int]) -> int:
    """Recompute the derived state of these shipments from all their events; returns changes."""
    if not shipment_ids:
        return 0
    events_by_shipment: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.filter(shipment_id__in=shipment_ids).only(
        "shipment_id", *STATE_EVENT_FIELDS
    ):
        assert event.shipment_id is not None  # noqa: S101 - filtered on it above
        events_by_shipment[event.shipment_id].append(event)

    changed = []
    for shipment in Shipment.objects.filter(pk__in=shipment_ids).only(*STATE_FIELDS):
        state = current_state(events_by_shipment.get(shipment.pk, []))
        if _apply_state(shipment, state):
            changed.append(shipment)
    if changed:
        now = timezone.now()
        for shipment in changed:
            shipment.updated_at = now
        Shipment.objects.bulk_update(changed, [*STATE_FIELDS, "updated_at"], batch_size=500)
    return len(changed)


STATE_EVENT_FIELDS = [
    "status",
    "occurred_at",
    "delivery_place",
    "delivery_place_detail",
    "failure_reason",
    "window_start",
    "window_end",
]


def _apply_state(shipment: Shipment, state: ShipmentState) -> bool:
    changed = False
    for field in STATE_FIELDS:
        value = getattr(state, field)
        if getattr(shipment, field) != value:
            setattr(shipment, field, value)
            changed = True
    return changed
