"""Promise checks in the background: after events change a shipment, and on a schedule."""

from django_tasks import task

from halte.mail.outgoing import send_case_message
from halte.promises.actions import Evaluation, evaluate_promise, shipments_to_watch


def _judge_and_tell(shipment_ids: list[int]) -> int:
    """Judge each promise, then send what was decided at once (each decision has committed)."""
    changed = 0
    for pk in shipment_ids:
        evaluation: Evaluation = evaluate_promise(pk)
        for message_id in evaluation.message_ids:
            send_case_message(message_id)
        changed += evaluation.outcome != "none"
    return changed


# Ahead of other work in the queue: the point is to be first, before the customer asks.
@task(priority=50)
def evaluate_promises(shipment_ids: list[int]) -> int:
    return _judge_and_tell(shipment_ids)


@task()
def check_all_promises() -> int:
    return _judge_and_tell(shipments_to_watch())
