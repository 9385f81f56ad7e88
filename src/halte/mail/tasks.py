"""Background sending of case e-mail; tasks take ids and are safe to run twice."""

from django_tasks import task

from halte.mail import outgoing


@task()
def send_case_message(message_id: int) -> bool:
    return outgoing.send_case_message(message_id)
