"""Cases listen to the outbox: a request or message that failed for good needs a person."""

from typing import Any

from halte.cases.actions import do_note_failed_dispatch
from halte.outbox.signals import dispatch_failed


def on_dispatch_failed(sender: Any, dispatch_id: int, **kwargs: Any) -> None:
    do_note_failed_dispatch(dispatch_id)


def connect() -> None:
    dispatch_failed.connect(on_dispatch_failed, dispatch_uid="halte.cases.dispatch_failed")
