"""Keeping long-running commands alive: a step that fails is logged, waited on and tried again.

`poll_carriers`, `watch_promises` and `send_outbox --every` run for days; one database hiccup
must not end them silently. Stalled background tasks (a worker killed mid-task leaves its task
RUNNING forever) are given back to the queue here too, since every Halte task is idempotent.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("halte.supervision")


class Output(Protocol):
    def write(self, text: str) -> object: ...

    def flush(self) -> object: ...


# Longest wait between two tries after repeated failures.
MAX_BACKOFF_SECONDS = 300.0


def backoff(every: float, failures: int) -> float:
    """Seconds to wait after `failures` failures in a row: doubling, capped."""
    return float(min(max(every, 1.0) * 2 ** min(failures, 16), MAX_BACKOFF_SECONDS))


def run_every(
    step: Callable[[], str],
    *,
    every: float,
    name: str,
    out: Output,
    once: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Run `step` every `every` seconds for ever (or `rounds` times); survive its failures."""
    failures = 0
    done = 0
    while True:
        try:
            summary = step()
        except Exception:
            if once:
                raise
            failures += 1
            wait = backoff(every, failures)
            logger.exception(
                "%s failed (%s time(s) in a row); trying again in %.0f s", name, failures, wait
            )
            out.write(f"{name}: failed ({failures} in a row), next try in {wait:.0f} s\n")
            # A connection broken by the failure is replaced on the next try.
            connections.close_all()
        else:
            failures = 0
            wait = every
            out.write(f"{summary}\n")
        out.flush()
        done += 1
        if once or (rounds is not None and done >= rounds):
            return
        sleep(wait)


def requeue_stalled_tasks() -> int:
    """Tasks RUNNING for longer than the task lease lost their worker: queue them again."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return 0
    stalled_since = timezone.now() - timedelta(seconds=settings.HALTE_TASK_LEASE_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=stalled_since
    ).update(status=TaskResultStatus.READY, started_at=None)
