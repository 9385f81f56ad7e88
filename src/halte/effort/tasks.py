"""Effort questions in the background: asked after a case is resolved or a parcel delivered."""

from django_tasks import task

from halte.effort.actions import do_ask_after_case, do_ask_after_delivery


@task()
def ask_after_case(case_id: int) -> str:
    asking = do_ask_after_case(case_id)
    return asking.not_asked or "asked"


@task()
def ask_after_deliveries(shipment_ids: list[int]) -> int:
    """How many of the delivered shipments got a question."""
    return sum(do_ask_after_delivery(pk).question is not None for pk in shipment_ids)
