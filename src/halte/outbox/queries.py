"""What waits in the outbox and what failed: for the sweeper and for the admin's figures."""

from django.db.models import Count
from django.utils import timezone

from halte.outbox.delivery import claimable
from halte.outbox.models import Dispatch

# One sweep sends at most this many, so a backlog after an outage drains in steps that each
# finish well within the sweep interval instead of one run that holds everything.
SWEEP_BATCH = 500


def due_dispatch_ids() -> list[int]:
    """Waiting and due, or claimed by a sender that has not finished within the lease."""
    return list(
        Dispatch.objects.filter(claimable(timezone.now()))
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def outbox_figures() -> dict[str, int]:
    """How many dispatches are in each state; `due` counts the waiting ones that are due now."""
    counts = dict(
        Dispatch.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    figures = {state: int(counts.get(state, 0)) for state in Dispatch.State.values}
    figures["due"] = Dispatch.objects.filter(
        state=Dispatch.State.WAITING, not_before__lte=timezone.now()
    ).count()
    return figures
