from typing import Any

from django.core.management.base import BaseCommand

from halte.feeds.actions import do_schedule_due_polls
from halte.supervision import run_every


class Command(BaseCommand):
    help = (
        "Every --every seconds: queue a tracking-API poll for each undelivered shipment whose "
        "organisation polls its carrier and whose next poll is due (the task worker runs them). "
        "A failure is logged and retried with back-off; the command keeps running."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=60)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, every: float, once: bool, **options: Any) -> None:
        def schedule() -> str:
            return f"carrier polls queued: {len(do_schedule_due_polls())}"

        run_every(schedule, every=every, name="poll_carriers", out=self.stdout, once=once)
