"""Counting which carrier codes arrive, so an admin sees which unmapped ones matter most."""

from collections.abc import Mapping

from django.db import connection
from django.utils import timezone

from halte.carriers.models import CarrierCode
from halte.vocabulary.carriers import normalise_code
from halte.vocabulary.status import Status

CodeKey = tuple[str, str]


def _normalised(
    counts: Mapping[CodeKey, int], examples: Mapping[CodeKey, tuple[str, str]]
) -> tuple[dict[CodeKey, int], dict[CodeKey, tuple[str, str]]]:
    merged: dict[CodeKey, int] = {}
    merged_examples: dict[CodeKey, tuple[str, str]] = {}
    for (carrier, code), count in counts.items():
        key = (carrier, normalise_code(code))
        merged[key] = merged.get(key, 0) + count
        merged_examples.setdefault(key, examples[(carrier, code)])
    return merged, merged_examples


def record_code_sightings(
    counts: Mapping[CodeKey, int], examples: Mapping[CodeKey, tuple[str, str]]
) -> None:
    """Add each (carrier, code)'s count; a code seen first keeps its first example.

    One INSERT … ON CONFLICT DO UPDATE for the whole batch (PostgreSQL and SQLite both have
    it): a row per code and statement would cost more than storing the events themselves.
    `examples` gives the description and tracking code of each code's first event. Codes are
    counted by their normalised form (`normalise_code`), so `J05` and `" j05 "` are one row.
    """
    counts, examples = _normalised(counts, examples)
    if not counts:
        return
    meta = CarrierCode._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = [
        "carrier",
        "code",
        "status",
        "delivery_place",
        "failure_reason",
        "example_description",
        "example_tracking_code",
        "first_seen_at",
        "last_seen_at",
        "seen_count",
    ]
    now = timezone.now()
    field = {f.attname: f for f in meta.concrete_fields}
    rows = []
    # Sorted, so concurrent batches lock the same rows in the same order and never deadlock.
    for key in sorted(counts):
        description, tracking_code = examples[key]
        values = [*key, Status.UNMAPPED, "", "", description[:500], tracking_code, now, now]
        values.append(counts[key])
        rows.append(
            [
                field[c].get_db_prep_value(v, connection)
                for c, v in zip(columns, values, strict=True)
            ]
        )
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    seen, last = quote("seen_count"), quote("last_seen_at")
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES {placeholders} ON CONFLICT ({quote('carrier')}, {quote('code')}) "
        f"DO UPDATE SET {seen} = {table}.{seen} + excluded.{seen}, {last} = excluded.{last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
