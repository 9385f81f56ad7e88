"""The batch path skips the near-scan query for a record that cannot meet a stored scan; these
cases sit on the edges of that rule, so a wrong shortcut would store a scan twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment, TrackingEvent
from halte.shipments.scans import SAME_MOMENT
from tests.factories import event_payload, make_shipment

pytestmark = pytest.mark.django_db


def _send(
    organisation: Organisation, shipment: Shipment, code: str, at: object, **extra: object
) -> None:
    payload = event_payload(shipment.tracking_code, code, at, **extra)
    do_record_carrier_events(organisation, [CarrierEventInput.model_validate(payload)])


@pytest.mark.parametrize(
    ("later_by", "events"),
    [(SAME_MOMENT, 1), (SAME_MOMENT + timedelta(seconds=1), 2)],
)
def test_a_scan_by_another_road_just_after_the_state_is_still_recognised(
    organisation: Organisation, later_by: timedelta, events: int
) -> None:
    shipment = make_shipment(organisation=organisation)
    at = timezone.now() - timedelta(hours=1)
    _send(organisation, shipment, "at_depot", at, event_id="push-1")
    # The other road's record is as late as the state's moment allows and still the same scan.
    _send(organisation, shipment, "at_depot", at + later_by, event_id="poll-1", location="Utrecht")
    stored = TrackingEvent.objects.filter(shipment=shipment)
    assert stored.count() == events
    if events == 1:
        assert stored.get().location == "Utrecht"  # the later record's detail was kept


def test_a_delivered_parcel_still_recognises_a_scan_by_another_road(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation)
    at = timezone.now() - timedelta(hours=3)
    _send(organisation, shipment, "at_depot", at)
    _send(organisation, shipment, "delivered", at + timedelta(hours=2), event_id="push-9")
    # The depot scan again, by a poll, after delivery: the terminal state hides no moment.
    _send(organisation, shipment, "at_depot", at + timedelta(seconds=30), event_id="poll-9")
    assert TrackingEvent.objects.filter(shipment=shipment, status="at_depot").count() == 1
    shipment.refresh_from_db()
    assert shipment.status == "delivered"


def test_a_parcel_with_only_unmapped_events_takes_its_first_mapped_one(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation)
    at = timezone.now() - timedelta(hours=1)
    _send(organisation, shipment, "XQ-UNKNOWN", at)
    _send(organisation, shipment, "at_depot", at + timedelta(seconds=10))
    _send(organisation, shipment, "at_depot", at + timedelta(seconds=40), event_id="poll-2")
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2
    shipment.refresh_from_db()
    assert shipment.status == "at_depot"


def test_a_resent_unmapped_or_pending_event_beside_new_ones_is_stored_once(
    organisation: Organisation,
) -> None:
    """The scan rule does not see these resends, so the insert itself meets them (on
    PostgreSQL the plain insert clashes and the batch is stored again, skipping them)."""
    shipment = make_shipment(organisation=organisation)
    at = timezone.now() - timedelta(hours=1)
    unmapped = event_payload(shipment.tracking_code, "XQ-UNKNOWN", at, event_id="u-1")
    pending = event_payload("3SNOTANNOUNCED1", "at_depot", at, event_id="p-1")
    first = [CarrierEventInput.model_validate(p) for p in (unmapped, pending)]
    assert do_record_carrier_events(organisation, first).stored == 2
    fresh = event_payload(shipment.tracking_code, "at_depot", at + timedelta(minutes=5))
    again = [*first, CarrierEventInput.model_validate(fresh)]
    recorded = do_record_carrier_events(organisation, again)
    assert (recorded.stored, recorded.duplicates) == (1, 2)
    assert TrackingEvent.objects.filter(organisation=organisation).count() == 3
    shipment.refresh_from_db()
    assert shipment.status == "at_depot"
