"""POST /api/v1/carrier-events: idempotent, order-independent, precise about bad input."""

import random
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from halte.carriers.models import CarrierCode
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.conftest import ApiClient
from tests.factories import event_payload, make_shipment

URL = "/api/v1/carrier-events"
pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(organisation: Organisation) -> Shipment:
    s: Shipment = make_shipment(organisation=organisation)
    return s


def _journey(code: str) -> list[dict[str, Any]]:
    start = timezone.now() - timedelta(days=2)
    steps = ["announced", "received_by_carrier", "at_depot", "out_for_delivery"]
    events = [event_payload(code, s, start + timedelta(hours=i)) for i, s in enumerate(steps)]
    events.append(
        event_payload(
            code,
            "delivered",
            start + timedelta(hours=10),
            delivery_place={"kind": "safe_place", "detail": "in de tuin"},
        )
    )
    return events


def test_batch_is_stored_and_shipment_follows(api: ApiClient, shipment: Shipment) -> None:
    response = api.post(URL, {"events": _journey(shipment.tracking_code)})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "received": 5,
        "stored": 5,
        "duplicates": 0,
        "pending": 0,
        "unmapped": 0,
        "errors": [],
    }
    shipment.refresh_from_db()
    assert shipment.status == Status.DELIVERED
    assert shipment.delivery_place == "safe_place"
    assert shipment.delivery_place_detail == "in de tuin"


def test_same_batch_twice_is_stored_once(api: ApiClient, shipment: Shipment) -> None:
    batch = {"events": _journey(shipment.tracking_code)}
    api.post(URL, batch)
    second = api.post(URL, batch).json()
    assert second["stored"] == 0
    assert second["duplicates"] == 5
    assert TrackingEvent.objects.count() == 5


def test_duplicates_inside_one_batch_are_stored_once(api: ApiClient, shipment: Shipment) -> None:
    event = _journey(shipment.tracking_code)[0]
    result = api.post(URL, {"events": [event, dict(event)]}).json()
    assert (result["stored"], result["duplicates"]) == (1, 1)


def test_carrier_event_id_makes_a_resend_a_duplicate(api: ApiClient, shipment: Shipment) -> None:
    first = event_payload(shipment.tracking_code, "at_depot", timezone.now(), event_id="ev-1")
    resent = {**first, "description": "resent with other text"}
    api.post(URL, {"events": [first]})
    assert api.post(URL, {"events": [resent]}).json()["duplicates"] == 1


def test_shuffled_arrival_gives_the_same_state(api: ApiClient, organisation: Organisation) -> None:
    states = set()
    for seed in range(4):
        shipment: Shipment = make_shipment(organisation=organisation)
        events = _journey(shipment.tracking_code)
        random.Random(seed).shuffle(events)
        for event in events:  # one by one, in the shuffled order
            api.post(URL, {"events": [event]})
        shipment.refresh_from_db()
        states.add((shipment.status, shipment.delivery_place))
    assert states == {(Status.DELIVERED, "safe_place")}


def test_old_scan_arriving_late_never_moves_delivered_parcel_back(
    api: ApiClient, shipment: Shipment
) -> None:
    now = timezone.now()
    api.post(URL, {"events": [event_payload(shipment.tracking_code, "delivered.mailbox", now)]})
    late = event_payload(shipment.tracking_code, "out_for_delivery", now - timedelta(hours=3))
    api.post(URL, {"events": [late]})
    shipment.refresh_from_db()
    assert shipment.status == Status.DELIVERED
    assert shipment.delivery_place == "mailbox"


def test_invalid_items_are_reported_while_valid_ones_are_stored(
    api: ApiClient, shipment: Shipment
) -> None:
    good = event_payload(shipment.tracking_code, "at_depot", timezone.now())
    bad_date = event_payload(shipment.tracking_code, "at_depot", "yesterday-ish")
    bad_carrier = {**good, "carrier": "fedup", "code": "x"}
    missing = {"carrier": "postnl", "code": "at_depot"}
    response = api.post(URL, {"events": [good, bad_date, bad_carrier, missing, "nonsense"]})
    assert response.status_code == 200
    body = response.json()
    assert body["stored"] == 1
    fields = {(e["index"], e["field"]) for e in body["errors"]}
    assert (1, "occurred_at") in fields
    assert (2, "carrier") in fields
    assert {(3, "tracking_code"), (3, "occurred_at")} <= fields
    assert (4, "(item)") in fields
    assert any("unknown carrier 'fedup'" in e["message"] for e in body["errors"])


def test_batch_without_any_valid_item_is_422_and_stores_nothing(api: ApiClient) -> None:
    response = api.post(URL, {"events": [{"carrier": "postnl"}]})
    assert response.status_code == 422
    assert response.json()["stored"] == 0
    assert TrackingEvent.objects.count() == 0


def test_more_than_1000_events_is_413(api: ApiClient, shipment: Shipment) -> None:
    at = timezone.now()
    events = [
        event_payload(shipment.tracking_code, "in_transit", at, event_id=str(i))
        for i in range(1001)
    ]
    response = api.post(URL, {"events": events})
    assert response.status_code == 413
    assert "at most 1000 events" in response.json()["detail"]
    assert TrackingEvent.objects.count() == 0


def test_oversized_body_is_413(api: ApiClient, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(URL, raw='{"events": [' + ",".join(["{}"] * 600) + "]}")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_malformed_json_is_422_with_position(api: ApiClient) -> None:
    response = api.post(URL, raw='{"events": [}')
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]
    assert "line 1" in response.json()["detail"]


def test_body_that_is_not_utf8_is_422(api: ApiClient) -> None:
    response = api.post(URL, raw=b'{"events": ["\xff\xfe"]}')
    assert response.status_code == 422


def test_missing_events_field_is_422(api: ApiClient) -> None:
    response = api.post(URL, {"items": []})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["errors"] == [{"field": "events", "code": "required", "message": "Field required"}]


@pytest.mark.parametrize("header", [None, "Bearer nope", "Token abc", "Bearer "])
def test_wrong_token_is_401_and_stores_nothing(api: ApiClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.client.post(
        URL, '{"events": []}', content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_revoked_token_is_refused(api: ApiClient) -> None:
    from halte.organisations.actions import do_revoke_api_token
    from halte.organisations.models import ApiToken

    do_revoke_api_token(ApiToken.objects.get())
    assert api.post(URL, {"events": []}).status_code == 401


def test_events_before_the_shipment_are_kept_and_attached(
    api: ApiClient, organisation: Organisation
) -> None:
    code = "3SEARLY000001"
    result = api.post(URL, {"events": _journey(code)}).json()
    assert result["pending"] == 5
    assert TrackingEvent.objects.filter(shipment__isnull=True).count() == 5

    response = api.post(
        "/api/v1/shipments",
        {
            "carrier": "postnl",
            "tracking_code": code,
            "recipient": {"name": "Lotte"},
            "address": {"postcode": "6811AB", "house_number": 3, "street": "S", "city": "A"},
        },
    )
    assert response.status_code == 201
    assert response.json()["status"] == "delivered"
    assert TrackingEvent.objects.filter(shipment__isnull=True).count() == 0


def test_events_for_another_organisations_code_never_touch_its_shipment(
    api: ApiClient, organisation: Organisation
) -> None:
    theirs: Shipment = make_shipment()  # another organisation's parcel
    result = api.post(URL, {"events": _journey(theirs.tracking_code)}).json()
    assert result["pending"] == 5  # kept under the sender, waiting for a parcel of its own
    theirs.refresh_from_db()
    assert theirs.status == Status.ANNOUNCED
    assert not theirs.events.exists()
    pending = TrackingEvent.objects.filter(organisation=organisation, shipment__isnull=True)
    assert pending.count() == 5


def test_unmapped_code_is_stored_counted_and_never_moves_status(
    api: ApiClient, shipment: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    at = timezone.now()
    api.post(URL, {"events": [event_payload(shipment.tracking_code, "at_depot", at)]})
    raw = event_payload(
        shipment.tracking_code,
        "ONTV-OBV",
        at + timedelta(hours=1),
        description="ontvangst ontvangstbevestiging",
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = api.post(URL, {"events": [raw]}).json()
    assert result["unmapped"] == 1
    code = CarrierCode.objects.get(carrier="postnl", code="ontv-obv")
    assert code.status == Status.UNMAPPED
    assert code.seen_count == 1
    assert code.example_description == "ontvangst ontvangstbevestiging"
    shipment.refresh_from_db()
    assert shipment.status == Status.AT_DEPOT
