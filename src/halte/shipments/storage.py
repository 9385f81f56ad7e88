"""Writing events and derived shipment state in bulk, with a PostgreSQL fast path.

The ORM compiles one parameter per row and field and builds a model instance per row, and
Django's psycopg cursor quotes every array element into SQL text in Python; for a batch of
1,000 events that cost more than the database's own work. On PostgreSQL each step is one
statement whose rows travel as one array per column, bound on the server in binary (psycopg
dumps them without building SQL text), through `unnest`. Other databases use the ORM and
executemany.
"""

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any, NamedTuple

import psycopg
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from halte.shipments.journey import STATE_FIELDS, ShipmentState
from halte.shipments.models import Shipment, TrackingEvent


class EventRecord(NamedTuple):
    """A normalised event ready to store; field names are the events table's attributes."""

    organisation_id: int
    shipment_id: int | None
    carrier: str
    tracking_code: str
    event_key: str
    raw_code: str
    raw_description: str
    status: str
    delivery_place: str
    delivery_place_detail: str
    failure_reason: str
    window_start: datetime | None
    window_end: datetime | None
    location: str
    occurred_at: datetime


EVENT_ATTRIBUTES = list(EventRecord._fields)
_state_values = attrgetter(*STATE_FIELDS)

_PG_TYPES = {
    "BigAutoField": "bigint",
    "ForeignKey": "bigint",
    "DateTimeField": "timestamptz",
    "PositiveIntegerField": "integer",
}


def _field(model: type[Any], attname: str) -> Field[Any, Any]:
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def _column(field: Field[Any, Any]) -> str:
    return connection.ops.quote_name(str(field.column))


def _unnest(fields_: Sequence[Field[Any, Any]]) -> str:
    return ", ".join(f"%b::{_PG_TYPES.get(f.get_internal_type(), 'text')}[]" for f in fields_)


def _table(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@contextmanager
def _binary_cursor() -> Iterator["psycopg.Cursor[Any]"]:
    """A cursor on Django's connection (so in its transaction) that binds values on the server.

    Django's own cursor binds on the client: psycopg writes every element of an array into the
    SQL text in Python. Here `%b` parameters travel in binary and results come back binary,
    which psycopg reads in C.
    """
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        yield cursor


class LockedShipment(NamedTuple):
    pk: int
    state: ShipmentState


def lock_shipments(
    organisation_id: int, tracking_codes: Collection[str]
) -> dict[tuple[str, str], LockedShipment]:
    """This organisation's shipments with these codes, by (carrier, code), locked in id order.

    Their state comes with them, read under the lock: it is what a batch of events advances.
    """
    if not tracking_codes:
        return {}
    rows: list[tuple[Any, ...]]
    if connection.vendor == "postgresql":
        state_columns = ", ".join(_column(_field(Shipment, name)) for name in STATE_FIELDS)
        sql = (
            f"SELECT id, carrier, tracking_code, {state_columns} FROM {_table(Shipment)} "  # noqa: S608
            "WHERE organisation_id = %b AND tracking_code = ANY(%b::text[]) "
            "ORDER BY id FOR UPDATE"
        )
        with _binary_cursor() as cursor:
            cursor.execute(sql, [organisation_id, list(tracking_codes)], binary=True)
            rows = cursor.fetchall()
    else:
        rows = list(
            Shipment.objects.filter(
                organisation_id=organisation_id, tracking_code__in=tracking_codes
            )
            .order_by("pk")
            .select_for_update()
            .values_list("pk", "carrier", "tracking_code", *STATE_FIELDS)
        )
    return {
        (carrier, code): LockedShipment(pk, ShipmentState(*facts))
        for pk, carrier, code, *facts in rows
    }


def insert_events(records: Sequence[EventRecord]) -> set[tuple[str, str]]:
    """Store events not stored before; returns the (carrier, event_key) of those inserted.

    An event already stored under its key — earlier, or by a concurrent batch — is skipped.
    """
    if not records:
        return set()
    now = timezone.now()
    if connection.vendor != "postgresql":
        return _insert_events_orm(records, now)
    event_fields = [_field(TrackingEvent, name) for name in [*EVENT_ATTRIBUTES, "received_at"]]
    columns: list[list[Any]] = [list(column) for column in zip(*records, strict=True)]
    columns.append([now] * len(records))
    insert = (
        f"INSERT INTO {_table(TrackingEvent)} "  # noqa: S608
        f"({', '.join(_column(f) for f in event_fields)}) "
        f"SELECT * FROM unnest({_unnest(event_fields)})"
    )
    # Nearly every record reaching here is new (the scan rule has already found the stored
    # ones of its parcels), and a plain insert costs PostgreSQL about half of one that checks
    # each row for a conflict. The rare clash — a resent unmapped or pending event, a
    # concurrent batch — undoes the attempt to a savepoint and skips what is stored.
    try:
        with transaction.atomic(), _binary_cursor() as cursor:
            cursor.execute(insert, columns)
        return {(r.carrier, r.event_key) for r in records}
    except psycopg.errors.UniqueViolation:
        pass
    with _binary_cursor() as cursor:
        cursor.execute(
            f"{insert} ON CONFLICT DO NOTHING RETURNING carrier, event_key", columns, binary=True
        )
        return {(carrier, key) for carrier, key in cursor.fetchall()}


def _insert_events_orm(records: Sequence[EventRecord], now: datetime) -> set[tuple[str, str]]:
    organisation_ids = {r.organisation_id for r in records}
    # The unique key's columns (the organisation is one per batch in practice, and checked too).
    existing = set(
        TrackingEvent.objects.filter(
            organisation_id__in=organisation_ids, event_key__in={r.event_key for r in records}
        ).values_list("organisation_id", "carrier", "event_key", "occurred_at")
    )
    fresh = [
        r
        for r in records
        if (r.organisation_id, r.carrier, r.event_key, r.occurred_at) not in existing
    ]
    TrackingEvent.objects.bulk_create(
        [TrackingEvent(**{name: getattr(r, name) for name in EVENT_ATTRIBUTES}) for r in fresh],
        ignore_conflicts=True,
        batch_size=500,
    )
    return {(r.carrier, r.event_key) for r in fresh}


def write_shipment_states(states: Sequence[tuple[int, ShipmentState]]) -> None:
    """Write the derived state of these shipments (by id), one statement on PostgreSQL."""
    if not states:
        return
    state_fields = [_field(Shipment, name) for name in [*STATE_FIELDS, "updated_at"]]
    now = timezone.now()
    rows = [[*_state_values(state), now] for _, state in states]
    ids = [pk for pk, _ in states]
    table = _table(Shipment)
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{_column(f)} = %s" for f in state_fields)
        prepared = [
            [f.get_db_prep_value(v, connection) for f, v in zip(state_fields, row, strict=True)]
            + [pk]
            for pk, row in zip(ids, rows, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", prepared)  # noqa: S608
        return
    names = ", ".join(_column(f) for f in state_fields)
    assignments = ", ".join(f"{_column(f)} = v.{_column(f)}" for f in state_fields)
    sql = (
        f"UPDATE {table} AS s SET {assignments} "  # noqa: S608
        f"FROM unnest(%b::bigint[], {_unnest(state_fields)}) AS v(id, {names}) WHERE s.id = v.id"
    )
    columns = [list(column) for column in zip(*rows, strict=True)]
    with _binary_cursor() as cursor:
        cursor.execute(sql, [ids, *columns])


class StoredEvent(NamedTuple):
    pk: int
    record: EventRecord


# What a later record of the same scan may add to a stored one; never its key or parcel.
MERGED_ATTRIBUTES = [
    "raw_code",
    "raw_description",
    "delivery_place",
    "delivery_place_detail",
    "failure_reason",
    "window_start",
    "window_end",
    "location",
    "occurred_at",
]


def stored_events_near(
    records: Sequence[EventRecord], within: timedelta, *, organisation_id: int
) -> list[StoredEvent]:
    """Stored events of these records' parcels with their status, within `within` of them.

    Every record that another road may have sent before: one query for the batch's shipments
    (on PostgreSQL joined per record, so only the rows near each record are read), and one more
    only when the batch has events of parcels not announced yet.
    """
    attached = [r for r in records if r.shipment_id is not None]
    pending = [r for r in records if r.shipment_id is None]
    rows: list[tuple[Any, ...]] = []
    if attached and connection.vendor == "postgresql":
        table = _table(TrackingEvent)
        names = ", ".join(f"e.{_column(_field(TrackingEvent, name))}" for name in EVENT_ATTRIBUTES)
        sql = (
            f"SELECT DISTINCT e.id, {names} FROM {table} AS e "  # noqa: S608
            "JOIN unnest(%b::bigint[], %b::text[], %b::timestamptz[]) "
            "AS c(shipment_id, status, at) "
            "ON e.shipment_id = c.shipment_id AND e.status = c.status "
            "AND e.occurred_at BETWEEN c.at - %b::interval AND c.at + %b::interval"
        )
        params: list[Any] = [
            [r.shipment_id for r in attached],
            [r.status for r in attached],
            [r.occurred_at for r in attached],
            within,
            within,
        ]
        with _binary_cursor() as cursor:
            cursor.execute(sql, params, binary=True)
            rows.extend(cursor.fetchall())
    elif attached:
        rows.extend(
            TrackingEvent.objects.filter(
                shipment_id__in={r.shipment_id for r in attached},
                status__in={r.status for r in attached},
                occurred_at__range=_span(attached, within),
            ).values_list("pk", *EVENT_ATTRIBUTES)
        )
    if pending:
        rows.extend(
            TrackingEvent.objects.filter(
                organisation_id=organisation_id,
                shipment__isnull=True,
                carrier__in={r.carrier for r in pending},
                tracking_code__in={r.tracking_code for r in pending},
                status__in={r.status for r in pending},
                occurred_at__range=_span(pending, within),
            ).values_list("pk", *EVENT_ATTRIBUTES)
        )
    return [StoredEvent(pk, EventRecord(*facts)) for pk, *facts in rows]


def _span(records: Sequence[EventRecord], within: timedelta) -> tuple[datetime, datetime]:
    moments = [r.occurred_at for r in records]
    return min(moments) - within, max(moments) + within


def update_events(events: Sequence[StoredEvent]) -> None:
    """Give stored events what a later record of the same scan added (a rare write)."""
    TrackingEvent.objects.bulk_update(
        [
            TrackingEvent(pk=e.pk, **{name: getattr(e.record, name) for name in MERGED_ATTRIBUTES})
            for e in events
        ],
        MERGED_ATTRIBUTES,
    )
