"""The clock (`watch_promises`) and carrier events (the `evaluate_promises` task) judge a
promise through the same verb, so both reach the same verdict and neither judges twice."""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.core.management import call_command

from halte.organisations.models import Organisation
from halte.promises.models import Promise
from halte.promises.receivers import paused
from halte.promises.tasks import evaluate_promises
from halte.shipments.models import Order, Shipment
from halte.vocabulary.calendar import AMSTERDAM
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db(transaction=True)
PROMISED = date(2026, 11, 19)
AFTER_CUTOFF = datetime(2026, 11, 18, 22, 5, tzinfo=AMSTERDAM)  # not handed over in time


def _promised_parcel(organisation: Organisation, reference: str) -> Shipment:
    order = Order.objects.create(
        organisation=organisation,
        reference=reference,
        placed_at=datetime(2026, 11, 1, 10, tzinfo=AMSTERDAM),
        promised_date=PROMISED,
    )
    return make_shipment(
        organisation=organisation, order=order, recipient_email=f"{reference}@example.nl"
    )


def _verdict(shipment: Shipment) -> list[tuple[str, str, date]]:
    return [
        (p.state, p.broken_because, p.date)
        for p in Promise.objects.filter(shipment=shipment).order_by("pk")
    ]


def _watch_once() -> str:
    out = io.StringIO()
    call_command("watch_promises", "--once", stdout=out)
    return out.getvalue()


def test_the_clock_and_the_task_reach_the_same_verdict(organisation: Organisation) -> None:
    with paused(), time_machine.travel(AFTER_CUTOFF, tick=False):
        by_clock = _promised_parcel(organisation, "by-clock")
        by_task = _promised_parcel(organisation, "by-task")
        evaluate_promises.enqueue([by_task.pk])
        assert "promises judged with an outcome: 1" in _watch_once()  # by_clock only
    assert _verdict(by_clock) == _verdict(by_task)
    assert [state for state, *_ in _verdict(by_clock)] == ["broken", "open"]


def test_a_promise_judged_by_the_task_is_not_judged_again_by_the_clock(
    organisation: Organisation,
) -> None:
    shipment = _promised_parcel(organisation, "judged")
    with paused(), time_machine.travel(AFTER_CUTOFF, tick=False):
        evaluate_promises.enqueue([shipment.pk])
        _watch_once()
    assert [state for state, *_ in _verdict(shipment)] == ["broken", "open"]
    assert shipment.cases.count() == 1  # one message to the customer, not two
