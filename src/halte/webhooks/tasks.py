"""Webhook delivery in the background; a task takes an id and delivers at most once."""

from django_tasks import task

from halte.webhooks.actions import deliver


@task()
def deliver_webhook(delivery_id: int) -> bool:
    return deliver(delivery_id)
