"""POST /api/v1/shipments and GET /api/v1/shipments/{tracking_code}."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.shipments.models import Order, Shipment
from tests.conftest import ApiClient
from tests.factories import event_payload, make_shipment

pytestmark = pytest.mark.django_db


def _shipment(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "carrier": "DPD",
        "tracking_code": "0522 2111 8300 01",
        "kind": "parcel",
        "recipient": {"name": "Remco de Waard", "email": "remco@example.nl"},
        "address": {
            "postcode": "3731 hk",
            "house_number": 12,
            "street": "Lindelaan",
            "city": "De Bilt",
        },
        "order": {
            "reference": "TL-1",
            "placed_at": "2026-11-20T08:55:00+01:00",
            "promise": {"date": "2026-11-22", "window_start": "13:00", "window_end": "15:00"},
        },
    }
    data.update(overrides)
    return data


def test_shipment_is_created_with_its_order(api: ApiClient) -> None:
    response = api.post("/api/v1/shipments", _shipment())
    assert response.status_code == 201, response.content
    shipment = Shipment.objects.get()
    assert (shipment.carrier, shipment.tracking_code) == ("dpd", "05222111830001")
    assert shipment.postcode == "3731HK"
    assert shipment.order is not None
    assert shipment.order.promised_window_start is not None
    assert response.json()["promise"]["date"] == "2026-11-22"


def test_posting_again_updates_instead_of_duplicating(api: ApiClient) -> None:
    api.post("/api/v1/shipments", _shipment())
    corrected = _shipment(
        address={"postcode": "3731HK", "house_number": 14, "street": "Lindelaan", "city": "De Bilt"}
    )
    response = api.post("/api/v1/shipments", corrected)
    assert response.status_code == 200
    assert Shipment.objects.get().house_number == 14
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"carrier": "fedup"}, "carrier", "unknown carrier"),
        ({"tracking_code": "ab"}, "tracking_code", "at least 4"),
        ({"kind": "pallet"}, "kind", "parcel"),
        (
            {"address": {"postcode": "1234", "house_number": 1, "street": "S", "city": "C"}},
            "address",
            "not a Dutch postcode",
        ),
        (
            {"address": {"postcode": "1234AB", "house_number": 0, "street": "S", "city": "C"}},
            "house_number",
            "greater than or equal to 1",
        ),
        ({"recipient": {"name": "X", "email": "not-an-email"}}, "email", "email"),
        (
            {"order": {"reference": "R", "placed_at": "2026-11-20T08:55:00"}},
            "placed_at",
            "timezone",
        ),
    ],
)
def test_bad_shipment_is_422_with_the_field_and_stores_nothing(
    api: ApiClient, change: dict[str, Any], field: str, message: str
) -> None:
    response = api.post("/api/v1/shipments", _shipment(**change))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    errors = body["errors"]
    assert any(field in e["field"].split(".") and message in e["message"] for e in errors), errors
    assert field in body["detail"]
    assert Shipment.objects.count() == 0
    assert Order.objects.count() == 0


def test_get_shows_status_sentence_and_timeline(api: ApiClient, organisation: Organisation) -> None:
    shipment: Shipment = make_shipment(organisation=organisation)
    now = timezone.now()
    api.post(
        "/api/v1/carrier-events",
        {
            "events": [
                event_payload(shipment.tracking_code, "at_depot", now - timedelta(hours=2)),
                event_payload(shipment.tracking_code, "delivered.mailbox", now),
            ]
        },
    )
    body = api.get(f"/api/v1/shipments/{shipment.tracking_code}").json()
    assert body["status"] == "delivered"
    assert body["headline"].startswith("Bezorgd om")
    assert [e["status"] for e in body["timeline"]] == ["delivered", "at_depot"]
    english = api.get(f"/api/v1/shipments/{shipment.tracking_code}", lang="en").json()
    assert english["headline"].startswith("Delivered at")


def test_get_another_organisations_shipment_is_404(api: ApiClient) -> None:
    other: Shipment = make_shipment()
    response = api.get(f"/api/v1/shipments/{other.tracking_code}")
    assert response.status_code == 404
    assert other.tracking_code in response.json()["detail"]


def test_a_token_sending_too_much_gets_429_with_retry_after(api: ApiClient, settings: Any) -> None:
    settings.HALTE_API_RATE = "2/m"
    assert api.get("/api/v1/shipments/3SNONE0001").status_code == 404
    assert api.get("/api/v1/shipments/3SNONE0001").status_code == 404
    throttled = api.get("/api/v1/shipments/3SNONE0001")
    assert throttled.status_code == 429
    assert "Too many requests" in throttled.json()["detail"]
    assert int(throttled["Retry-After"]) >= 1
