from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from halte.outbox.delivery import do_send_dispatch
from halte.outbox.queries import due_dispatch_ids, outbox_figures
from halte.supervision import requeue_stalled_tasks, run_every


class Command(BaseCommand):
    help = (
        "Send what waits in the outbox — retries, messages held for quiet hours, claims of a "
        "sender that died — and give stalled background tasks back to the queue. Once, or "
        "every --every seconds for ever (failures are logged and retried, never fatal)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=0, help="seconds between sweeps")

    def handle(self, *args: Any, every: float, **options: Any) -> None:
        run_every(self.sweep, every=every, name="send_outbox", out=self.stdout, once=not every)

    def sweep(self) -> str:
        requeued = requeue_stalled_tasks()
        attempts = Counter(do_send_dispatch(pk).value for pk in due_dispatch_ids())
        figures = outbox_figures()
        return (
            f"sent {attempts['sent']}, to retry {attempts['retry_later']}, failed "
            f"{attempts['failed']}; outbox: {figures['waiting']} waiting, {figures['failed']} "
            f"failed for good; stalled tasks requeued: {requeued}"
        )
