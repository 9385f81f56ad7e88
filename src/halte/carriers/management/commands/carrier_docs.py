from typing import Any

from django.core.management.base import BaseCommand

from halte.carriers.docs import DOCS_PATH, write_carrier_docs


class Command(BaseCommand):
    help = "Write docs/carriers.md from the carrier adapters (their sources and code tables)."

    def handle(self, *args: Any, **options: Any) -> None:
        write_carrier_docs()
        self.stdout.write(f"written: {DOCS_PATH}")
