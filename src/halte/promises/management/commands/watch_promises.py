import time
from typing import Any

from django.core.management.base import BaseCommand

from halte.mail.outgoing import send_case_message, unsent_message_ids
from halte.promises.actions import shipments_to_watch
from halte.promises.tasks import _judge_and_tell


class Command(BaseCommand):
    help = (
        "Every --every seconds: judge open promises (time-based rules such as the hand-over "
        "cut-off need a clock, not an event) and send outbox messages whose quiet hours ended."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=300)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, every: int, once: bool, **options: Any) -> None:
        while True:
            changed = _judge_and_tell(shipments_to_watch())
            sent = sum(send_case_message(pk) for pk in unsent_message_ids())
            self.stdout.write(f"promises judged with an outcome: {changed}; messages sent: {sent}")
            if once:
                return
            time.sleep(every)
