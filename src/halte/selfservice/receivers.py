"""Self-service listens for a request that failed for good: a correction nobody follows yet."""

from typing import Any

from halte.outbox.signals import dispatch_failed
from halte.selfservice.actions import do_take_up_failed_correction


def on_dispatch_failed(sender: Any, dispatch_id: int, **kwargs: Any) -> None:
    do_take_up_failed_correction(dispatch_id)


def connect() -> None:
    dispatch_failed.connect(on_dispatch_failed, dispatch_uid="halte.selfservice.dispatch_failed")
