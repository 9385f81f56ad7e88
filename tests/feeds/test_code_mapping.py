"""Unmapped carrier codes are listed for an admin, and mapping one updates stored events."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from halte.carriers.adapters import adapter_for
from halte.carriers.models import CarrierCode
from halte.feeds.actions import do_map_carrier_code
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.conftest import ApiClient
from tests.factories import event_payload, make_shipment
from tests.form_errors import form_error_codes

pytestmark = pytest.mark.django_db(transaction=True)


def test_mapping_a_code_renormalises_stored_events_and_shipments(
    api: ApiClient, organisation: Organisation
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    now = timezone.now()
    api.post(
        "/api/v1/carrier-events",
        {
            "events": [
                event_payload(shipment.tracking_code, "at_depot", now - timedelta(hours=1)),
                event_payload(shipment.tracking_code, "BZ-01", now, description="bezorgd bb"),
            ]
        },
    )
    shipment.refresh_from_db()
    assert shipment.status == Status.AT_DEPOT

    code = CarrierCode.objects.get(code="bz-01")
    # The test settings run tasks immediately, after the mapping commits.
    do_map_carrier_code(code, status=Status.DELIVERED, place="mailbox")

    shipment.refresh_from_db()
    assert shipment.status == Status.DELIVERED
    assert shipment.delivery_place == "mailbox"
    assert TrackingEvent.objects.get(raw_code="BZ-01").status == Status.DELIVERED


def test_later_events_with_a_mapped_code_are_normalised_on_arrival(
    api: ApiClient, organisation: Organisation
) -> None:
    CarrierCode.objects.create(
        carrier="postnl",
        code="NT-THUIS",
        status=Status.DELIVERY_FAILED,
        failure_reason="not_home",
        example_description="niet thuis",
    )
    shipment: Shipment = make_shipment(organisation=organisation)
    result = api.post(
        "/api/v1/carrier-events",
        {"events": [event_payload(shipment.tracking_code, "NT-THUIS", timezone.now())]},
    ).json()
    assert result["unmapped"] == 0
    shipment.refresh_from_db()
    assert (shipment.status, shipment.failure_reason) == (Status.DELIVERY_FAILED, "not_home")


def test_admin_lists_unmapped_codes_with_counts(
    api: ApiClient, organisation: Organisation, admin_client: Client
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    now = timezone.now()
    events = [
        event_payload(shipment.tracking_code, "XQ-9", now - timedelta(minutes=i), description="?")
        for i in range(3)
    ]
    api.post("/api/v1/carrier-events", {"events": events})
    response = admin_client.get("/admin/carriers/carriercode/?mapped=no")
    html = response.content.decode()
    assert response.status_code == 200
    assert "xq-9" in html
    assert CarrierCode.objects.get(code="xq-9").seen_count == 3


def test_admin_saves_a_mapping_through_the_action(
    api: ApiClient, organisation: Organisation, admin_client: Client
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    api.post(
        "/api/v1/carrier-events",
        {"events": [event_payload(shipment.tracking_code, "RT-1", timezone.now())]},
    )
    code = CarrierCode.objects.get(code="rt-1")
    response = admin_client.post(
        f"/admin/carriers/carriercode/{code.pk}/change/",
        {"status": "returned", "delivery_place": "", "failure_reason": ""},
    )
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == Status.RETURNED


def _built_in_code(carrier: str) -> str:
    """A code the carrier's adapter maps to 'at depot' by itself."""
    adapter = adapter_for(carrier)
    assert adapter is not None
    return next(c for c, e in adapter.STATUS_MAP.items() if e.meaning.status == Status.AT_DEPOT)


def test_a_built_in_code_is_understood_and_never_listed_as_unmapped(
    api: ApiClient, organisation: Organisation, admin_client: Client
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation, carrier="dpd")
    known = _built_in_code("dpd")
    now = timezone.now()
    events = [
        {
            **event_payload(shipment.tracking_code, known, now - timedelta(hours=1)),
            "carrier": "dpd",
        },
        {
            **event_payload(shipment.tracking_code, "ZZ-NEW", now, description="iets"),
            "carrier": "dpd",
        },
    ]
    assert api.post("/api/v1/carrier-events", {"events": events}).json()["unmapped"] == 1
    shipment.refresh_from_db()
    assert shipment.status == Status.AT_DEPOT

    unmapped = admin_client.get("/admin/carriers/carriercode/?mapped=no").content.decode()
    assert "zz-new" in unmapped and "3STEST" in unmapped  # with the first tracking code seen
    assert f">{known}<" not in unmapped
    built_in = admin_client.get("/admin/carriers/carriercode/?mapped=built_in").content.decode()
    assert f">{known}<" in built_in


def test_an_admin_mapping_overrides_a_built_in_one(
    api: ApiClient, organisation: Organisation
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation, carrier="dpd")
    known = _built_in_code("dpd")
    payload = event_payload(shipment.tracking_code, known, timezone.now(), carrier="dpd")
    api.post("/api/v1/carrier-events", {"events": [payload]})
    do_map_carrier_code(CarrierCode.objects.get(carrier="dpd", code=known), status="in_transit")
    shipment.refresh_from_db()
    assert shipment.status == Status.IN_TRANSIT

    # Taken back: the built-in meaning holds again.
    do_map_carrier_code(CarrierCode.objects.get(carrier="dpd", code=known), status="unmapped")
    shipment.refresh_from_db()
    assert shipment.status == Status.AT_DEPOT


def test_the_admin_refuses_a_place_without_the_status_delivered(
    api: ApiClient, organisation: Organisation, admin_client: Client
) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    api.post(
        "/api/v1/carrier-events",
        {"events": [event_payload(shipment.tracking_code, "QQ-1", timezone.now())]},
    )
    code = CarrierCode.objects.get(code="qq-1")
    response = admin_client.post(
        f"/admin/carriers/carriercode/{code.pk}/change/",
        {"status": "in_transit", "delivery_place": "neighbour", "failure_reason": ""},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "hoort alleen bij de status bezorgd" in response.content.decode()
    assert form_error_codes(response, "adminform").issuperset({"place_without_delivery"})
    code.refresh_from_db()
    assert code.status == Status.UNMAPPED


@pytest.mark.django_db
def test_a_failure_reason_without_the_status_delivery_failed_is_refused_with_its_code() -> None:
    code = CarrierCode(carrier="dpd", code="ZZ-9", status="in_transit", failure_reason="not_home")
    with pytest.raises(ValidationError) as refused:
        code.full_clean()
    codes = [e.code for e in refused.value.error_dict["failure_reason"]]
    assert codes == ["reason_without_failure"]
