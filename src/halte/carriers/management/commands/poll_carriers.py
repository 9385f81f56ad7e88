import time
from typing import Any

from django.core.management.base import BaseCommand

from halte.carriers.polling import schedule_due_polls


class Command(BaseCommand):
    help = (
        "Every --every seconds: queue a tracking-API poll for each undelivered shipment whose "
        "organisation polls its carrier and whose next poll is due (the task worker runs them)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=60)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, every: int, once: bool, **options: Any) -> None:
        while True:
            queued = schedule_due_polls()
            self.stdout.write(f"carrier polls queued: {len(queued)}")
            if once:
                return
            time.sleep(every)
