"""Requests listen to the outbox: a request whose webhook failed for good was not delivered."""

from typing import Any

from halte.outbox.signals import dispatch_failed
from halte.remedies.actions import do_note_request_not_delivered


def on_dispatch_failed(sender: Any, dispatch_id: int, **kwargs: Any) -> None:
    do_note_request_not_delivered(dispatch_id)


def connect() -> None:
    dispatch_failed.connect(on_dispatch_failed, dispatch_uid="halte.remedies.dispatch_failed")
