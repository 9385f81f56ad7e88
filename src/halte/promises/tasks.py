"""Promise checks in the background: after events change a shipment."""

from django_tasks import task

from halte.promises.actions import do_judge_promises


# Ahead of other work in the queue: the point is to be first, before the customer asks.
@task(priority=50)
def evaluate_promises(shipment_ids: list[int]) -> int:
    return do_judge_promises(shipment_ids)
