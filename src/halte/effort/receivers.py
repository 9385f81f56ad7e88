"""Effort listens to the apps below it: a case resolved, a parcel delivered, a return opened
or settled."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from halte.cases.signals import case_resolved
from halte.effort.tasks import ask_after_case, ask_after_deliveries, ask_after_return
from halte.returns.signals import return_opened, return_settled
from halte.shipments.signals import shipment_states_changed
from halte.vocabulary.status import Status


def on_case_resolved(sender: Any, case_id: int, **kwargs: Any) -> None:
    # Sent after commit already: the resolution is there for the task to read.
    ask_after_case.enqueue(case_id)


def on_states_changed(sender: Any, statuses: dict[int, str], **kwargs: Any) -> None:
    ids = [pk for pk, status in statuses.items() if status == Status.DELIVERED]
    if ids:
        transaction.on_commit(lambda: ask_after_deliveries.enqueue(ids))


def on_return_opened(sender: Any, return_id: int, **kwargs: Any) -> None:
    # After commit already, like case_resolved.
    ask_after_return.enqueue(return_id, False)


def on_return_settled(sender: Any, return_id: int, **kwargs: Any) -> None:
    ask_after_return.enqueue(return_id, True)


RECEIVERS = (
    (case_resolved, on_case_resolved, "halte.effort.case_resolved"),
    (shipment_states_changed, on_states_changed, "halte.effort.delivered"),
    (return_opened, on_return_opened, "halte.effort.return_opened"),
    (return_settled, on_return_settled, "halte.effort.return_settled"),
)


def connect() -> None:
    for signal, receiver, uid in RECEIVERS:
        signal.connect(receiver, dispatch_uid=uid)


@contextmanager
def paused() -> Iterator[None]:
    """Ask nobody for a while: used when past events are replayed (the demo), which must not
    send questions about deliveries and cases nobody lived through just now."""
    for signal, _receiver, uid in RECEIVERS:
        signal.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        connect()
