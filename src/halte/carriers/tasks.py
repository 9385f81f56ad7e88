"""Background work for carriers; tasks take ids and are safe to run twice."""

from django_tasks import task

from halte.carriers.actions import renormalise_events_for_code
from halte.carriers.polling import do_poll_shipment, schedule_due_polls


@task()
def renormalise_carrier_code(carrier_code_id: int) -> int:
    return renormalise_events_for_code(carrier_code_id)


@task()
def poll_shipment(shipment_id: int) -> str:
    return do_poll_shipment(shipment_id)


@task()
def poll_due_shipments() -> int:
    return len(schedule_due_polls())
