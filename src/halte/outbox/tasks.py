"""Background sending; a task takes a dispatch id and is safe to run twice. The receiver here
queues it when the outbox announces a dispatch is due."""

from typing import Any

from django_tasks import task

from halte.outbox.delivery import do_send_dispatch
from halte.outbox.signals import dispatch_due


@task()
def send_dispatch(dispatch_id: int) -> str:
    return do_send_dispatch(dispatch_id).value


def queue_sending(sender: Any, dispatch_id: int, **kwargs: Any) -> None:
    send_dispatch.enqueue(dispatch_id)


def connect() -> None:
    dispatch_due.connect(queue_sending, dispatch_uid="halte.outbox.dispatch_due")
