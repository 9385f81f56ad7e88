"""Effort listens to the apps below it: a case resolved, a parcel delivered."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from halte.cases.signals import case_resolved
from halte.effort.tasks import ask_after_case, ask_after_deliveries
from halte.shipments.signals import shipment_states_changed
from halte.vocabulary.status import Status


def on_case_resolved(sender: Any, case_id: int, **kwargs: Any) -> None:
    # Sent after commit already: the resolution is there for the task to read.
    ask_after_case.enqueue(case_id)


def on_states_changed(sender: Any, statuses: dict[int, str], **kwargs: Any) -> None:
    ids = [pk for pk, status in statuses.items() if status == Status.DELIVERED]
    if ids:
        transaction.on_commit(lambda: ask_after_deliveries.enqueue(ids))


def connect() -> None:
    case_resolved.connect(on_case_resolved, dispatch_uid="halte.effort.case_resolved")
    shipment_states_changed.connect(on_states_changed, dispatch_uid="halte.effort.delivered")


@contextmanager
def paused() -> Iterator[None]:
    """Ask nobody for a while: used when past events are replayed (the demo), which must not
    send questions about deliveries and cases nobody lived through just now."""
    case_resolved.disconnect(dispatch_uid="halte.effort.case_resolved")
    shipment_states_changed.disconnect(dispatch_uid="halte.effort.delivered")
    try:
        yield
    finally:
        connect()
