import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from halte.addresses.models import RegisteredAddress
from halte.vocabulary.postcodes import InvalidPostcode, normalise_postcode

BATCH = 5000


class Command(BaseCommand):
    help = (
        "Import addresses from a CSV extract (BAG-derived): columns postcode, house_number, "
        "addition, street, city (header row required; country NL unless a 'country' column)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true", help="delete existing rows first")

    def handle(self, *args: Any, file: Path, replace: bool, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"{file} does not exist")
        imported, skipped = 0, 0
        with file.open(newline="", encoding="utf-8-sig") as handle, transaction.atomic():
            reader = csv.DictReader(handle)
            missing = {"postcode", "house_number", "street", "city"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"missing column(s): {', '.join(sorted(missing))}")
            if replace:
                RegisteredAddress.objects.all().delete()
            batch: list[RegisteredAddress] = []
            for line, row in enumerate(reader, start=2):
                country = (row.get("country") or "NL").strip().upper()
                try:
                    batch.append(
                        RegisteredAddress(
                            country=country,
                            postcode=normalise_postcode(country, row["postcode"]),
                            house_number=int(row["house_number"]),
                            addition=(row.get("addition") or "").strip()[:10],
                            street=row["street"].strip()[:200],
                            city=row["city"].strip()[:100],
                        )
                    )
                except (InvalidPostcode, ValueError) as problem:
                    skipped += 1
                    self.stderr.write(f"line {line}: skipped ({problem})")
                    continue
                if len(batch) >= BATCH:
                    RegisteredAddress.objects.bulk_create(batch, ignore_conflicts=True)
                    imported += len(batch)
                    batch = []
            RegisteredAddress.objects.bulk_create(batch, ignore_conflicts=True)
            imported += len(batch)
        self.stdout.write(f"Imported {imported} address(es), skipped {skipped}.")
