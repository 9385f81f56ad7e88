"""Fewer indexes on the events table, and room on each shipment page for its state updates.

The events table's own indexes on `organisation_id` and `shipment_id` are prefixes of the
unique key and of `event_shipment_time`, which serve every query of them; dropping them
spares two index writes per stored event. On PostgreSQL a shipment page is filled to 85 %, so
a state update (which changes no indexed column) finds room on its page and is a HOT update,
writing no index entry. Rows stored before keep their pages until the table is rewritten
(`VACUUM FULL shipments_shipment`, or pg_repack without a long lock).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SHIPMENT_FILLFACTOR = 85


def _set_fillfactor(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE shipments_shipment SET (fillfactor = {SHIPMENT_FILLFACTOR})"
        )


def _reset_fillfactor(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE shipments_shipment RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("shipments", "0005_shipment_kind_return"),
    ]

    operations = [
        migrations.AlterField(
            model_name="trackingevent",
            name="organisation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="trackingevent",
            name="shipment",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="shipments.shipment",
            ),
        ),
        migrations.RunPython(_set_fillfactor, _reset_fillfactor, elidable=False),
    ]
