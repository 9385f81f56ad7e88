"""Events partitioned by month of `occurred_at` on PostgreSQL, rows and all.

The unique key takes the moment (PostgreSQL wants the partition key in every unique key; on
SQLite too, so both databases mean the same by a duplicate). Then, on PostgreSQL only, the
plain table is converted: a partitioned table with the same name, keys and indexes, monthly
partitions from the oldest row's month (at most two years back; older rows go to the DEFAULT
partition) to three months ahead, every row moved, the old table dropped. Reversible.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from halte.shipments.partitions import convert_to_partitioned, convert_to_plain

MONTHS_AHEAD = 3


def _partition(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        convert_to_partitioned(ahead=MONTHS_AHEAD)


def _unpartition(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        convert_to_plain()


class Migration(migrations.Migration):
    dependencies = [
        ("shipments", "0006_event_keys_without_own_indexes_and_shipment_fillfactor"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="trackingevent",
            name="event_key_unique",
        ),
        migrations.AddConstraint(
            model_name="trackingevent",
            constraint=models.UniqueConstraint(
                fields=("organisation", "carrier", "event_key", "occurred_at"),
                name="event_key_unique",
            ),
        ),
        migrations.RunPython(_partition, _unpartition, elidable=False),
    ]
