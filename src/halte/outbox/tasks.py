"""Background sending; a task takes a dispatch id and is safe to run twice."""

from django_tasks import task

from halte.outbox.delivery import do_send_dispatch


@task()
def send_dispatch(dispatch_id: int) -> str:
    return do_send_dispatch(dispatch_id).value
