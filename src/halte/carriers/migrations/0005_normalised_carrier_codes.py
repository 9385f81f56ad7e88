"""Carrier codes are counted and mapped by their normalised form (stripped, lower case).

Rows that differ only in case or padding become one: the counts add up, an admin's mapping
is kept (the most seen mapped row wins), the first sighting's example stays.
"""

from typing import Any

from django.db import migrations


def _normalise(code: str) -> str:
    # The rule of halte.vocabulary.carriers.normalise_code, frozen as it was when this ran.
    return code.strip().lower()


def normalise_codes(apps: Any, schema_editor: Any) -> None:
    CarrierCode = apps.get_model("carriers", "CarrierCode")
    groups: dict[tuple[str, str], list[Any]] = {}
    for row in CarrierCode.objects.order_by("first_seen_at", "pk"):
        groups.setdefault((row.carrier, _normalise(row.code)), []).append(row)
    for (_, code), rows in groups.items():
        if len(rows) == 1 and rows[0].code == code:
            continue
        mapped = sorted(
            (r for r in rows if r.status != "unmapped"), key=lambda r: -r.seen_count
        )
        keep = rows[0]
        if mapped:
            keep.status = mapped[0].status
            keep.delivery_place = mapped[0].delivery_place
            keep.failure_reason = mapped[0].failure_reason
        keep.seen_count = sum(r.seen_count for r in rows)
        keep.last_seen_at = max(r.last_seen_at for r in rows)
        CarrierCode.objects.filter(pk__in=[r.pk for r in rows[1:]]).delete()
        keep.code = code
        keep.save()


class Migration(migrations.Migration):
    dependencies = [("carriers", "0004_account_secret_unique_help")]

    operations = [migrations.RunPython(normalise_codes, migrations.RunPython.noop)]
