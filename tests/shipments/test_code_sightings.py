"""Carrier codes are counted after the batch commits, once per stored event, never for a
duplicate or a batch that was rolled back."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from halte.carriers.models import CarrierCode
from halte.organisations.models import Organisation
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from tests.factories import event_payload, make_shipment

pytestmark = pytest.mark.django_db


def _events(shipment: Shipment, code: str, count: int) -> list[CarrierEventInput]:
    start = timezone.now() - timedelta(hours=count)
    return [
        CarrierEventInput.model_validate(
            event_payload(shipment.tracking_code, code, start + timedelta(minutes=10 * i))
        )
        for i in range(count)
    ]


def test_codes_are_counted_only_once_the_batch_commits(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        recorded = do_record_carrier_events(organisation, _events(shipment, "XQ-7", 3))
        assert recorded.stored == 3
        # Nothing counted inside the events' transaction: the code rows are not locked there.
        assert not CarrierCode.objects.filter(code="xq-7").exists()
    # The batch's after-commit work (the count, the tracking pages made stale), run once.
    for callback in callbacks:
        callback()
    assert CarrierCode.objects.get(carrier="postnl", code="xq-7").seen_count == 3


def test_a_resent_batch_counts_nothing_more(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    events = _events(shipment, "XQ-7", 4)
    with django_capture_on_commit_callbacks(execute=True):
        do_record_carrier_events(organisation, events)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        recorded = do_record_carrier_events(organisation, events)
    assert (recorded.stored, recorded.duplicates) == (0, 4)
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        do_record_carrier_events(organisation, [*events, *_events(shipment, "xq-7 ", 1)[-1:]])
    # Four first, nothing for the resend, one for the new scan (the same code, spelled apart).
    assert CarrierCode.objects.get(carrier="postnl", code="xq-7").seen_count == 4 + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_batch_counts_nothing(organisation: Organisation) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    with pytest.raises(RuntimeError), transaction.atomic():
        do_record_carrier_events(organisation, _events(shipment, "XQ-8", 2))
        raise RuntimeError("the caller's change fails after the events were recorded")
    assert not CarrierCode.objects.filter(code="xq-8").exists()
    do_record_carrier_events(organisation, _events(shipment, "XQ-8", 2))
    assert CarrierCode.objects.get(carrier="postnl", code="xq-8").seen_count == 2
