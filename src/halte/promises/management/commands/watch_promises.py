from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from halte.promises.actions import do_judge_promises
from halte.promises.queries import shipments_to_watch
from halte.supervision import run_every


class Command(BaseCommand):
    help = (
        "Judge every open promise (time-based rules such as the hand-over cut-off need a "
        "clock, not an event): every --every seconds for ever, failures logged and retried, "
        "or --once from cron, which then also sends what it decided."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=60)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, every: float, once: bool, **options: Any) -> None:
        def judge() -> str:
            return f"promises judged with an outcome: {do_judge_promises(shipments_to_watch())}"

        run_every(judge, every=every, name="watch_promises", out=self.stdout, once=once)
        if once:
            # From cron there may be no task worker: send what was decided now. A worker that
            # runs as well cannot send it twice; each message is claimed by one sender.
            call_command("send_outbox", stdout=self.stdout)
