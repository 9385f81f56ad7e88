"""Re-judging promises whenever carrier events change a shipment."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from halte.promises.tasks import evaluate_promises
from halte.shipments.signals import shipment_states_changed
from halte.vocabulary.status import Status

# Statuses after which a promise may be at risk right now. Other changes (a delivery that
# keeps the promise, a depot scan) are settled by the periodic check, not on the hot path.
URGENT_STATUSES = frozenset(
    {Status.DELIVERY_FAILED, Status.EXCEPTION, Status.WINDOW_SET, Status.WINDOW_CHANGED}
)


def on_states_changed(sender: Any, statuses: dict[int, str], **kwargs: Any) -> None:
    ids = [pk for pk, status in statuses.items() if status in URGENT_STATUSES]
    if ids:
        transaction.on_commit(lambda: evaluate_promises.enqueue(ids))


def connect() -> None:
    shipment_states_changed.connect(on_states_changed, dispatch_uid="halte.promises")


@contextmanager
def paused() -> Iterator[None]:
    """Judge nothing automatically for a while: used when past events are replayed, which must
    not be judged against today's clock (that would re-promise a parcel delivered yesterday)."""
    shipment_states_changed.disconnect(dispatch_uid="halte.promises")
    try:
        yield
    finally:
        connect()
