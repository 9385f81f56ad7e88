"""Writing events and derived shipment state in bulk, with a PostgreSQL fast path.

The ORM's bulk_create and bulk_update compile one parameter per row and field; for a batch
of 1,000 events that compile time dominates. On PostgreSQL the rows go in as one array per
column through `unnest`, one statement each; other databases use the ORM and executemany.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Field

from halte.shipments.models import Shipment, TrackingEvent

_PG_TYPES = {
    "BigAutoField": "bigint",
    "ForeignKey": "bigint",
    "DateTimeField": "timestamptz",
    "PositiveIntegerField": "integer",
}


def _concrete(model: type[Any], names: Sequence[str]) -> list[Field[Any, Any]]:
    return [model._meta.get_field(name) for name in names]


def _pg_type(field: Field[Any, Any]) -> str:
    return _PG_TYPES.get(field.get_internal_type(), "text")


def _columns(fields: Sequence[Field[Any, Any]]) -> list[list[Any]]:
    return [[] for _ in fields]


EVENT_FIELDS = [
    "organisation",
    "shipment",
    "carrier",
    "tracking_code",
    "event_key",
    "raw_code",
    "raw_description",
    "status",
    "delivery_place",
    "delivery_place_detail",
    "failure_reason",
    "window_start",
    "window_end",
    "location",
    "occurred_at",
    "received_at",
]


def insert_events(events: Sequence[TrackingEvent]) -> None:
    """Insert events; one already stored under the same key is skipped, not an error."""
    if not events:
        return
    if connection.vendor != "postgresql":
        TrackingEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=500)
        return
    fields = _concrete(TrackingEvent, EVENT_FIELDS)
    columns = _columns(fields)
    for event in events:
        for column, field in zip(columns, fields, strict=True):
            column.append(field.pre_save(event, add=True))
    qn = connection.ops.quote_name
    names = ", ".join(qn(str(f.column)) for f in fields)
    arrays = ", ".join(f"%s::{_pg_type(f)}[]" for f in fields)
    sql = (
        f"INSERT INTO {qn(TrackingEvent._meta.db_table)} ({names}) "  # noqa: S608
        f"SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)


def write_shipment_states(shipments: Sequence[Shipment], field_names: Sequence[str]) -> None:
    """Write these fields of these shipments, one statement on PostgreSQL."""
    if not shipments:
        return
    fields = _concrete(Shipment, field_names)
    qn = connection.ops.quote_name
    table = qn(Shipment._meta.db_table)
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{qn(str(f.column))} = %s" for f in fields)
        rows = [
            [f.get_db_prep_value(getattr(s, f.attname), connection) for f in fields] + [s.pk]
            for s in shipments
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)  # noqa: S608
        return
    columns = _columns(fields)
    for shipment in shipments:
        for column, field in zip(columns, fields, strict=True):
            column.append(getattr(shipment, field.attname))
    ids = [s.pk for s in shipments]
    names = ", ".join(qn(str(f.column)) for f in fields)
    arrays = ", ".join(f"%s::{_pg_type(f)}[]" for f in fields)
    assignments = ", ".join(f"{qn(str(f.column))} = v.{qn(str(f.column))}" for f in fields)
    sql = (
        f"UPDATE {table} AS s SET {assignments} "  # noqa: S608
        f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {names}) WHERE s.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, *columns])
