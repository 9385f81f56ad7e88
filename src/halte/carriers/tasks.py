"""Background work for carrier codes; tasks take ids and are safe to run twice."""

from django_tasks import task

from halte.carriers.actions import renormalise_events_for_code


@task()
def renormalise_carrier_code(carrier_code_id: int) -> int:
    return renormalise_events_for_code(carrier_code_id)
