"""A carrier's tracking code names one shipment in the whole installation, not one per shop."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Count


def refuse_shared_codes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Say which codes two organisations share instead of failing on the bare constraint;
    # which shop really owns a parcel is for an admin to decide, not for a migration.
    Shipment = apps.get_model("shipments", "Shipment")
    shared = (
        Shipment.objects.values("carrier", "tracking_code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("carrier", "tracking_code")[:20]
    )
    if shared:
        codes = ", ".join(f"{row['carrier']} {row['tracking_code']}" for row in shared)
        raise RuntimeError(
            "These tracking codes belong to shipments of more than one organisation; delete "
            f"or correct the wrong ones before migrating: {codes}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_organisation_damage_remedies_and_more"),
        ("shipments", "0003_delivery_place_collected"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_codes, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="shipment",
            name="shipment_code_unique",
        ),
        migrations.AddConstraint(
            model_name="shipment",
            constraint=models.UniqueConstraint(
                fields=("carrier", "tracking_code"), name="shipment_code_unique"
            ),
        ),
    ]
