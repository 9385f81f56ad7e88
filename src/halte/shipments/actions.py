"""The domain verbs for shipments: announce them and record what carriers say about them."""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction
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
    events_by_shipment: dict[int, list[EventRow]] = defaultdict(list)
    # Plain tuples, not model instances: a batch touches ~1,000 shipments and ~5,000 events.
    for shipment_id, *facts in TrackingEvent.objects.filter(
        shipment_id__in=shipment_ids
    ).values_list("shipment_id", *STATE_EVENT_FIELDS):
        events_by_shipment[shipment_id].append(EventRow(*facts))

    changed = []
    for shipment in Shipment.objects.filter(pk__in=shipment_ids).only(*STATE_FIELDS):
        state = current_state(events_by_shipment.get(shipment.pk, []))
        if _apply_state(shipment, state):
            changed.append(shipment)
    if changed:
        _write_states(changed)
    return len(changed)


def _write_states(shipments: list[Shipment]) -> None:
    """Write derived state with one prepared UPDATE per row, sent as a single executemany.

    Django's bulk_update builds a CASE expression per field and row; for a 1,000-event batch
    that costs seconds, while executemany (pipelined by psycopg) costs milliseconds.
    """
    fields = [Shipment._meta.get_field(name) for name in [*STATE_FIELDS, "updated_at"]]
    now = timezone.now()
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)  # type: ignore[union-attr]
    sql = f"UPDATE {qn(Shipment._meta.db_table)} SET {assignments} WHERE {qn('id')} = %s"  # noqa: S608
    rows = []
    for shipment in shipments:
        shipment.updated_at = now
        rows.append(
            [
                f.get_db_prep_value(getattr(shipment, f.attname), connection)  # type: ignore[union-attr]
                for f in fields
            ]
            + [shipment.pk]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class EventRow(NamedTuple):
    """The facts of one stored event that the shipment's state depends on."""

    status: str
    occurred_at: datetime
    delivery_place: str
    delivery_place_detail: str
    failure_reason: str
    window_start: datetime | None
    window_end: datetime | None


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
