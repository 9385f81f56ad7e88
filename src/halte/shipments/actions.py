"""The domain verbs for shipments: announce them and record what carriers say about them."""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import NamedTuple

from django.db import IntegrityError, transaction

from halte.carriers.meanings import CodeKey, is_carrier_specific, meanings_for
from halte.carriers.sightings import record_code_sightings
from halte.organisations.models import Organisation
from halte.shipments.inputs import CarrierEventInput, ShipmentInput
from halte.shipments.journey import (
    STATE_FIELDS,
    EventFacts,
    ShipmentState,
    advance_state,
    current_state,
)
from halte.shipments.models import Order, Shipment, TrackingEvent
from halte.shipments.scans import SAME_MOMENT, merge_scan, same_scan
from halte.shipments.signals import shipment_states_changed, shipment_timelines_changed
from halte.shipments.storage import (
    EventRecord,
    StoredEvent,
    insert_events,
    lock_shipments,
    stored_events_near,
    update_events,
    write_shipment_states,
)
from halte.vocabulary.carriers import Meaning
from halte.vocabulary.status import TERMINAL_STATUSES, Status

# A plain string: comparing with it costs less than with the enum member, once per record.
_UNMAPPED = str(Status.UNMAPPED.value)


@dataclass(frozen=True)
class RecordedBatch:
    stored: int
    duplicates: int
    pending: int
    unmapped: int


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


class TrackingCodeTaken(ValueError):
    """Another organisation's shipment has this carrier and tracking code."""

    def __init__(self, carrier: str, tracking_code: str) -> None:
        super().__init__(f"{carrier} {tracking_code} belongs to another organisation")
        self.carrier, self.tracking_code = carrier, tracking_code


def _check_code_is_free(organisation: Organisation, carrier: str, tracking_code: str) -> None:
    taken = (
        Shipment.objects.filter(carrier=carrier, tracking_code=tracking_code)
        .exclude(organisation=organisation)
        .exists()
    )
    if taken:
        raise TrackingCodeTaken(carrier, tracking_code)


def event_key(event: CarrierEventInput) -> str:
    """The carrier's own id, or a digest of what makes two deliveries of an event the same."""
    if event.event_id:
        return event.event_id
    content = "|".join(
        [event.tracking_code, event.code, event.occurred_at.isoformat(), event.description]
    )
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()[:48]


def do_upsert_shipment(organisation: Organisation, data: ShipmentInput) -> tuple[Shipment, bool]:
    """Create or update a shipment with its order; attach events that arrived before it.

    A carrier's tracking code is one parcel: when another organisation's shipment has it,
    TrackingCodeTaken is raised and nothing is written.
    """
    with transaction.atomic(durable=True):
        _check_code_is_free(organisation, data.carrier, data.tracking_code)
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
        try:
            shipment, created = _update_or_create_shipment(organisation, data, order)
        except IntegrityError:
            # Another organisation created it between the check and the insert.
            _check_code_is_free(organisation, data.carrier, data.tracking_code)
            raise
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


def _update_or_create_shipment(
    organisation: Organisation, data: ShipmentInput, order: Order | None
) -> tuple[Shipment, bool]:
    return Shipment.objects.update_or_create(
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


def do_record_carrier_events(
    organisation: Organisation, events: Sequence[CarrierEventInput]
) -> RecordedBatch:
    """Store a batch of validated events once each and bring their shipments up to date.

    Idempotent: an event delivered twice (same carrier event id, or same content) is stored
    once, and so is one scan that came by two roads (see `shipments.scans`): the stored event
    takes what the other record adds. Order-independent: the shipment's state is recomputed
    from all its events.
    """
    unique: dict[CodeKey, CarrierEventInput] = {}
    for event in events:
        unique.setdefault((event.carrier, event_key(event)), event)
    meanings = meanings_for((e.carrier, e.code) for e in unique.values())

    # Not durable: a self-service re-route records its window event inside its own change.
    with transaction.atomic():
        # Locked in id order (as refresh_shipment_states does), so a batch bringing the same
        # scan by another road waits for this one and then sees its events.
        shipments = lock_shipments(organisation.pk, {e.tracking_code for e in unique.values()})
        shipment_ids = {key: shipment.pk for key, shipment in shipments.items()}
        states = {shipment.pk: shipment.state for shipment in shipments.values()}
        records = [
            _record(organisation, key, event, meanings[(carrier, event.code)], shipment_ids)
            for (carrier, key), event in unique.items()
        ]
        scans = _one_record_per_scan(organisation, records, states)
        inserted = insert_events(scans.new)
        stored = [r for r in scans.new if (r.carrier, r.event_key) in inserted]
        update_events(scans.enriched)
        seen = [unique[(r.carrier, r.event_key)] for r in stored]
        if seen:
            # Counted after commit: every batch of a carrier counts the same few code rows,
            # and inside this transaction their row locks would queue concurrent batches.
            transaction.on_commit(lambda: _note_carrier_codes_seen(seen), robust=True)
        by_shipment: dict[int, list[EventFacts]] = defaultdict(list)
        # An enriched event is already in its shipment's state: passed along, it is older than
        # or as old as that state, which makes its shipment be recomputed from every event.
        for r in [*stored, *(e.record for e in scans.enriched)]:
            if r.shipment_id is not None:
                by_shipment[r.shipment_id].append(r)
        refresh_shipment_states(by_shipment.keys(), by_shipment, locked=states)
        if by_shipment:
            shipment_timelines_changed.send(sender=Shipment, shipment_ids=frozenset(by_shipment))

    return RecordedBatch(
        stored=len(stored),
        duplicates=len(events) - len(stored),
        pending=sum(1 for r in stored if r.shipment_id is None),
        unmapped=sum(1 for r in stored if r.status == Status.UNMAPPED),
    )


@dataclass(frozen=True)
class _Scans:
    new: list[EventRecord]
    enriched: list[StoredEvent]


def _one_record_per_scan(
    organisation: Organisation, records: list[EventRecord], states: Mapping[int, ShipmentState]
) -> _Scans:
    """The records left to insert once every scan already stored, or twice in the batch, is one.

    One query reads the stored events near the batch's records that may have any (`states`:
    the locked shipments' current state); the rest is in memory.
    """
    parcel: Callable[[EventRecord], tuple[str, str]] = attrgetter("carrier", "tracking_code")
    asked = [r for r in records if r.status != _UNMAPPED and _may_meet_stored(r, states)]
    known: dict[tuple[str, str], list[StoredEvent]] = defaultdict(list)
    for stored in stored_events_near(asked, SAME_MOMENT, organisation_id=organisation.pk):
        known[parcel(stored.record)].append(stored)
    # Stored events first, then the batch's own; pk -1 marks a record of this batch.
    scans: dict[tuple[str, str], list[StoredEvent]] = {}
    for key, events_of_parcel in known.items():
        scans[key] = sorted(events_of_parcel, key=lambda e: e.pk)
    original = {e.pk: e.record for stored in scans.values() for e in stored}
    by_parcel: dict[tuple[str, str], list[EventRecord]] = defaultdict(list)
    for record in records:
        by_parcel[parcel(record)].append(record)
    new: list[EventRecord] = []
    for key, of_batch in by_parcel.items():
        of_parcel = scans.get(key)
        if of_parcel is None and len(of_batch) == 1:
            # The usual case: one scan of a parcel with no stored event near it.
            new.append(of_batch[0])
            continue
        of_parcel = scans.setdefault(key, [])
        # Sorted, so that which record of the batch a scan keeps never depends on arrival order.
        for record in sorted(of_batch, key=_batch_order):
            match = _nearest_same_scan(record, of_parcel)
            if match is None:
                of_parcel.append(StoredEvent(-1 - len(new), record))
                new.append(record)
                continue
            index, kept = match
            merged = merge_scan(kept.record, record)
            of_parcel[index] = StoredEvent(kept.pk, merged)
            if kept.pk < 0:
                new[-1 - kept.pk] = merged
    enriched = [
        e for stored in scans.values() for e in stored if e.pk >= 0 and e.record != original[e.pk]
    ]
    return _Scans(new, enriched)


_batch_order = attrgetter("occurred_at", "event_key")


def _may_meet_stored(record: EventRecord, states: Mapping[int, ShipmentState]) -> bool:
    """Whether a stored event of the same scan may exist: False only when none can.

    A shipment's state moment is its latest mapped event unless a terminal one holds it, so an
    event more than `SAME_MOMENT` after it has no stored event near it — the usual case, scans
    arriving in order — and a shipment without a state moment has no mapped event at all.
    """
    state = states.get(record.shipment_id) if record.shipment_id is not None else None
    if state is None:
        # Waiting for its shipment: pending events are looked up apart.
        return True
    if state.status_at is None:
        return False
    if state.status in TERMINAL_STATUSES:
        return True
    return record.occurred_at - SAME_MOMENT <= state.status_at


def _nearest_same_scan(
    record: EventRecord, candidates: Sequence[StoredEvent]
) -> tuple[int, StoredEvent] | None:
    if record.status == _UNMAPPED or not candidates:
        return None
    matches = [
        (abs(c.record.occurred_at - record.occurred_at), index, c)
        for index, c in enumerate(candidates)
        if c.record.event_key == record.event_key or same_scan(c.record, record)
    ]
    if not matches:
        return None
    _, index, nearest = min(matches, key=lambda m: (m[0], m[1]))
    return index, nearest


def _record(
    organisation: Organisation,
    key: str,
    event: CarrierEventInput,
    meaning: Meaning | None,
    shipment_ids: Mapping[tuple[str, str], int],
) -> EventRecord:
    place = event.delivery_place
    implied_place = meaning.place if meaning and meaning.place else ""
    return EventRecord(
        organisation_id=organisation.pk,
        shipment_id=shipment_ids.get((event.carrier, event.tracking_code)),
        carrier=event.carrier,
        tracking_code=event.tracking_code,
        event_key=key,
        raw_code=event.code,
        raw_description=event.description,
        status=meaning.status if meaning else Status.UNMAPPED,
        delivery_place=place.kind if place else implied_place,
        delivery_place_detail=place.detail if place else "",
        failure_reason=meaning.reason if meaning and meaning.reason else "",
        window_start=event.window_start,
        window_end=event.window_end,
        location=event.location,
        occurred_at=event.occurred_at,
    )


def _note_carrier_codes_seen(events: Collection[CarrierEventInput]) -> None:
    """Count each carrier-specific code, so an admin sees which codes matter most."""
    counts = Counter((e.carrier, e.code) for e in events if is_carrier_specific(e.carrier, e.code))
    examples: dict[CodeKey, tuple[str, str]] = {}
    for e in events:
        examples.setdefault((e.carrier, e.code), (e.description, e.tracking_code))
    record_code_sightings(counts, examples)


def refresh_shipment_states(
    shipment_ids: Collection[int],
    new_events: Mapping[int, Sequence[EventFacts]] | None = None,
    *,
    locked: Mapping[int, ShipmentState] | None = None,
) -> int:
    """Bring the derived state of these shipments up to date; returns how many changed.

    With `new_events` (just stored, by shipment), a shipment whose new events all follow its
    current state is advanced without reading its history; any other is recomputed from all
    its events. `locked` gives states the caller already read under a row lock in this
    transaction, so they are not read again.
    """
    if not shipment_ids:
        return 0
    if locked is not None and all(pk in locked for pk in shipment_ids):
        known = {pk: locked[pk] for pk in shipment_ids}
    else:
        # Locked in id order, so two batches touching the same shipments queue instead of
        # deadlocking, and the second sees the first's events.
        known = {
            pk: ShipmentState(*facts)
            for pk, *facts in Shipment.objects.filter(pk__in=shipment_ids)
            .order_by("pk")
            .select_for_update()
            .values_list("pk", *STATE_FIELDS)
        }
    states: dict[int, ShipmentState] = {}
    recompute: list[int] = []
    for pk, state in known.items():
        advanced = None
        if new_events is not None:
            advanced = advance_state(state, new_events.get(pk, []))
        if advanced is None:
            recompute.append(pk)
        else:
            states[pk] = advanced

    if recompute:
        history: dict[int, list[EventRow]] = defaultdict(list)
        # Plain tuples, not model instances: a batch touches ~1,000 shipments.
        for shipment_id, *facts in TrackingEvent.objects.filter(
            shipment_id__in=recompute
        ).values_list("shipment_id", *STATE_EVENT_FIELDS):
            history[shipment_id].append(EventRow(*facts))
        for pk in recompute:
            states[pk] = current_state(history.get(pk, []))

    changed = [(pk, state) for pk, state in states.items() if state != known[pk]]
    write_shipment_states(changed)
    if changed:
        shipment_states_changed.send(
            sender=Shipment, statuses={pk: state.status for pk, state in changed}
        )
    return len(changed)
