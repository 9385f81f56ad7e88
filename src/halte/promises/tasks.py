"""Promise checks in the background: after events change a shipment."""

from django_tasks import task

from halte.promises.actions import evaluate_promise


def judge_promises(shipment_ids: list[int]) -> int:
    """Judge each promise; what a decision tells the customer leaves through the outbox."""
    return sum(evaluate_promise(pk).outcome != "none" for pk in shipment_ids)


# Ahead of other work in the queue: the point is to be first, before the customer asks.
@task(priority=50)
def evaluate_promises(shipment_ids: list[int]) -> int:
    return judge_promises(shipment_ids)
