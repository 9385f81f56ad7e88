"""The events table in monthly partitions on PostgreSQL: made ahead of time, detached when old.

Events are partitioned by `occurred_at` (when the scan happened, in UTC months), the moment
every query of a parcel's timeline already orders by and the one that makes a month old for
good: a late scan still lands in its own month. A DEFAULT partition takes any event whose
month has no partition yet (a clock years off, a month nobody created), so no event is ever
refused; creating that month later moves its rows out of the DEFAULT partition.

SQLite has no partitions: there the events table stays one table and these functions say so.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.utils import timezone

from halte.shipments.models import TrackingEvent

DEFAULT_PARTITION = f"{TrackingEvent._meta.db_table}_default"


@dataclass(frozen=True)
class MonthPartition:
    name: str
    month: date  # the first day of the month it holds

    @property
    def start(self) -> datetime:
        return datetime(self.month.year, self.month.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        following = add_months(self.month, 1)
        return datetime(following.year, following.month, 1, tzinfo=UTC)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{TrackingEvent._meta.db_table}_y{month.year:04d}m{month.month:02d}"


def supported() -> bool:
    return connection.vendor == "postgresql"


def is_partitioned() -> bool:
    if not supported():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
            "WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
            [TrackingEvent._meta.db_table],
        )
        return cursor.fetchone() is not None


def month_partitions() -> list[MonthPartition]:
    """The monthly partitions attached now, oldest first (the DEFAULT partition not among them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent "
            "WHERE p.relname = %s AND pg_table_is_visible(p.oid) ORDER BY c.relname",
            [TrackingEvent._meta.db_table],
        )
        names = [name for (name,) in cursor.fetchall()]
    prefix = f"{TrackingEvent._meta.db_table}_y"
    return [
        MonthPartition(name, date(int(name[len(prefix) :][:4]), int(name[-2:]), 1))
        for name in names
        if name.startswith(prefix)
    ]


def create_month_partitions(first: date, last: date) -> list[str]:
    """Create the partitions of the months from `first` to `last` that do not exist yet.

    Rows the DEFAULT partition holds for such a month move into it, in the same transaction.
    Returns the names created.
    """
    existing = {p.month for p in month_partitions()}
    created: list[str] = []
    month = date(first.year, first.month, 1)
    while month <= last:
        if month not in existing:
            _create_month_partition(MonthPartition(partition_name(month), month))
            created.append(partition_name(month))
        month = add_months(month, 1)
    return created


def _create_month_partition(partition: MonthPartition) -> None:
    quote = connection.ops.quote_name
    parent, default = quote(TrackingEvent._meta.db_table), quote(DEFAULT_PARTITION)
    name = quote(partition.name)
    bounds = [partition.start, partition.end]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {default} "  # noqa: S608
            "WHERE occurred_at >= %s AND occurred_at < %s)",
            bounds,
        )
        row = cursor.fetchone()
        if not (row and row[0]):
            cursor.execute(
                f"CREATE TABLE {name} PARTITION OF {parent} FOR VALUES FROM (%s) TO (%s)",
                bounds,
            )
            return
        # The DEFAULT partition holds rows of this month: a partition for it can only be
        # attached once they are out, so they move into a table that then becomes it.
        cursor.execute(f"CREATE TABLE {name} (LIKE {parent} INCLUDING DEFAULTS)")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {default} "  # noqa: S608
            "WHERE occurred_at >= %s AND occurred_at < %s RETURNING *) "
            f"INSERT INTO {name} SELECT * FROM moved",
            bounds,
        )
        cursor.execute(
            f"ALTER TABLE {parent} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)", bounds
        )


def detach_month_partitions(before: date) -> list[str]:
    """Detach every monthly partition of a month before `before`; returns their names.

    A detached partition is an ordinary table of its own, kept until it is archived and
    dropped by hand. `DETACH … CONCURRENTLY` is not allowed beside a DEFAULT partition, so each
    detach takes a short exclusive lock on the events table (metadata only, no rows move).
    """
    detached: list[str] = []
    parent = connection.ops.quote_name(TrackingEvent._meta.db_table)
    for partition in month_partitions():
        if partition.month >= date(before.year, before.month, 1):
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"ALTER TABLE {parent} DETACH PARTITION {connection.ops.quote_name(partition.name)}"
            )
        detached.append(partition.name)
    return detached


# How far back the conversion gives old rows monthly partitions of their own; anything older
# waits in the DEFAULT partition until `event_partitions --from` asks for its months.
MONTHS_KEPT_APART = 24


def convert_to_partitioned(ahead: int) -> None:
    """Turn the plain events table into a table partitioned by month, keeping every row.

    The table is renamed aside; a partitioned table takes its name, columns, keys, indexes and
    foreign keys (their names too, so later migrations find them); the rows move; the old
    table is dropped. The primary key becomes (id, occurred_at) and ids keep coming from one
    sequence — PostgreSQL requires the partition key in every unique key.
    """
    _rebuild(partitioned=True, ahead=ahead)


def convert_to_plain() -> None:
    """The way back: one plain table with every row of the attached partitions."""
    _rebuild(partitioned=False, ahead=0)


def _rebuild(*, partitioned: bool, ahead: int) -> None:
    table = TrackingEvent._meta.db_table
    quote = connection.ops.quote_name
    aside = f"{table}_rebuilt"
    old, new = quote(aside), quote(table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {new} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {old}")
        # Indexes and keys of the old table, made again under the same names on the new one.
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
            "WHERE x.indrelid = %s::regclass AND c.oid IS NULL",
            [aside],
        )
        plain_indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC",
            [aside],
        )
        constraints = cursor.fetchall()
        for name, _definition in plain_indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for name, _kind, _definition in constraints:
            cursor.execute(f"ALTER TABLE {old} DROP CONSTRAINT {quote(name)}")

        partitioning = " PARTITION BY RANGE (occurred_at)" if partitioned else ""
        cursor.execute(f"CREATE TABLE {new} (LIKE {old}){partitioning}")
        for name, kind, definition in constraints:
            if kind == "p":
                definition = f"PRIMARY KEY (id{', occurred_at' if partitioned else ''})"
            elif kind == "u" and partitioned and "occurred_at" not in definition:
                raise RuntimeError(f"{name} must include occurred_at to partition by it")
            cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {quote(name)} {definition}")
        for _name, definition in plain_indexes:
            # A partitioned table's index reads "ON ONLY schema.table": made on the whole table.
            cursor.execute(re.sub(rf" ON (ONLY )?(\S+\.)?{aside} ", f" ON {new} ", definition))
        if partitioned:
            cursor.execute(f"CREATE TABLE {quote(DEFAULT_PARTITION)} PARTITION OF {new} DEFAULT")
            cursor.execute(f"SELECT min(occurred_at) FROM {old}")  # noqa: S608
            row = cursor.fetchone()
            this_month = timezone.now().date().replace(day=1)
            first = this_month
            if row and row[0] is not None:
                oldest = row[0].astimezone(UTC).date().replace(day=1)
                first = min(max(oldest, add_months(this_month, -MONTHS_KEPT_APART)), first)
            month = first
            while month <= add_months(this_month, ahead):
                partition = MonthPartition(partition_name(month), month)
                cursor.execute(
                    f"CREATE TABLE {quote(partition.name)} PARTITION OF {new} "
                    "FOR VALUES FROM (%s) TO (%s)",
                    [partition.start, partition.end],
                )
                month = add_months(month, 1)

        # The old table's identity sequence goes with it; ids come from a sequence of the new
        # table's own, which goes on from the highest id moved.
        sequence = quote(f"{table}_id_seq")
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {quote(f'{aside}_id_seq')}")
        cursor.execute(f"CREATE SEQUENCE {sequence} OWNED BY {new}.id")
        cursor.execute(f"ALTER TABLE {new} ALTER COLUMN id SET DEFAULT nextval('{sequence}')")
        columns = ", ".join(quote(str(f.column)) for f in TrackingEvent._meta.concrete_fields)
        cursor.execute(f"INSERT INTO {new} ({columns}) SELECT {columns} FROM {old}")  # noqa: S608
        # The moved rows' foreign keys are checked now, not at commit: the migration's other
        # steps alter this table, which PostgreSQL refuses while checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP TABLE {old}")
        cursor.execute(
            f"SELECT setval('{sequence}', coalesce((SELECT max(id) FROM {new}), 0) + 1, false)"  # noqa: S608
        )
