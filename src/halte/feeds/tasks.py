"""Background work for carrier feeds; tasks take ids and are safe to run twice. The receivers
here queue them when the feeds' verbs announce work after commit."""

from typing import Any

from django_tasks import task

from halte.feeds.actions import (
    do_poll_shipment,
    do_renormalise_events_for_code,
)
from halte.feeds.signals import code_mapped, polls_due


@task()
def renormalise_carrier_code(carrier_code_id: int) -> int:
    return do_renormalise_events_for_code(carrier_code_id)


@task()
def poll_shipment(shipment_id: int) -> str:
    return do_poll_shipment(shipment_id)


def queue_polls(sender: Any, shipment_ids: list[int], **kwargs: Any) -> None:
    for pk in shipment_ids:
        poll_shipment.enqueue(pk)


def queue_renormalising(sender: Any, carrier_code_id: int, **kwargs: Any) -> None:
    renormalise_carrier_code.enqueue(carrier_code_id)


def connect() -> None:
    polls_due.connect(queue_polls, dispatch_uid="halte.feeds.polls_due")
    code_mapped.connect(queue_renormalising, dispatch_uid="halte.feeds.code_mapped")
