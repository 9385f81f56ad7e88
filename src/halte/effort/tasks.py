"""Effort questions in the background: after a case is resolved, a parcel delivered after a
hitch, a parcel refused at the door, a return settled."""

from django_tasks import task

from halte.effort.actions import do_ask_after_case, do_ask_after_delivery, do_ask_after_return


@task()
def ask_after_case(case_id: int) -> str:
    asking = do_ask_after_case(case_id)
    return asking.not_asked or "asked"


@task()
def ask_after_deliveries(shipment_ids: list[int]) -> int:
    """How many of the delivered shipments got a question."""
    return sum(do_ask_after_delivery(pk).question is not None for pk in shipment_ids)


@task()
def ask_after_return(return_id: int, settled: bool) -> str:
    asking = do_ask_after_return(return_id, settled=settled)
    return asking.not_asked or "asked"
