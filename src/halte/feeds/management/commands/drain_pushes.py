import logging
import os
import signal
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connections

from halte.feeds.actions import drain_pushes_once
from halte.supervision import backoff

logger = logging.getLogger("halte.carriers")

# Tests only: hold the drained batch this long inside its transaction, after saying so on
# stdout, so a test can kill the drainer while it holds the batch.
HOLD_ENV = "HALTE_DRAIN_HOLD_SECONDS"


class Command(BaseCommand):
    help = (
        "Store the events of accepted carrier pushes: take up to --batch waiting pushes, record "
        "their events the way the batch API does, delete them, in one transaction. Again at "
        "once while there is more, otherwise every --every seconds. Several drainers may run "
        "(PostgreSQL); a failure is logged and retried with back-off."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=0.1)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, every: float, batch: int, once: bool, **options: Any) -> None:
        hold = float(os.environ.get(HOLD_ENV, "0") or 0)

        def holding(pushes: int) -> None:
            self.stdout.write(f"holding {pushes} pushes")
            self.stdout.flush()
            time.sleep(hold)

        # A stop (SIGTERM from the service manager, Ctrl+C) ends the loop between batches: the
        # batch in hand is committed and reported, never cut between its commit and its report.
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        failures = 0
        while not stopping:
            try:
                outcome = drain_pushes_once(batch, before_commit=holding if hold else None)
            except Exception:
                if once:
                    raise
                failures += 1
                wait = backoff(every, failures)
                logger.exception(
                    "drain_pushes failed (%s in a row); again in %.0f s", failures, wait
                )
                connections.close_all()
                time.sleep(wait)
                continue
            failures = 0
            if outcome.pushes or once:
                self.stdout.write(str(outcome))
                sys.stdout.flush()
            if once:
                return
            # A full batch: more are probably waiting, so no pause.
            if outcome.pushes < batch:
                time.sleep(every)
