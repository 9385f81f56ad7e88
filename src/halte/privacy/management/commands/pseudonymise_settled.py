from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from halte.privacy.actions import do_pseudonymise_all_settled
from halte.supervision import run_every


class Command(BaseCommand):
    help = (
        "Pseudonymise the personal data of shipments and cases settled longer ago than each "
        "organisation's retention period: every --every seconds for ever (failures logged and "
        "retried), or --once from cron."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=3600)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, every: float, once: bool, **options: Any) -> None:
        def pseudonymise() -> str:
            return f"pseudonymised: {do_pseudonymise_all_settled(now=timezone.now())}"

        run_every(
            pseudonymise, every=every, name="pseudonymise_settled", out=self.stdout, once=once
        )
