"""Hostile documents: DTDs in any encoding, deep JSON, oversized pushes, honest counts."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from halte.carriers.adapters import adapter_for
from halte.carriers.feed import MalformedPayload, read_payload, read_xml
from halte.carriers.models import CarrierAccount
from halte.organisations.models import Organisation
from halte.shipments.inputs import MAX_EVENTS_PER_BATCH
from halte.shipments.models import Shipment, TrackingEvent
from tests.conftest import ApiClient
from tests.factories import make_shipment
from tests.pushes import drained

pytestmark = pytest.mark.django_db

BOMB = (
    '<?xml version="1.0" encoding="UTF-16"?>\n'
    '<!DOCTYPE data [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    '<data name="piece-shipment-list" code="0">&b;</data>'
)


def _push(organisation: Organisation, carrier: str, body: bytes, content_type: str) -> Any:
    adapter = adapter_for(carrier)
    assert adapter is not None
    CarrierAccount.objects.get_or_create(
        organisation=organisation, carrier=carrier, defaults={"webhook_secret": "s-1"}
    )
    return Client().post(
        f"/api/v1/carriers/{carrier}/webhook",
        body,
        content_type=content_type,
        headers=adapter.WEBHOOK_AUTH.headers_for(body, "s-1"),
    )


@pytest.mark.parametrize("carrier", ["dhl", "bpost"])
def test_utf16_xml_with_a_doctype_is_refused_and_nothing_stored(
    organisation: Organisation, carrier: str
) -> None:
    body = BOMB.encode("utf-16")  # with its byte order mark
    assert b"<!DOCTYPE" not in body
    response = _push(organisation, carrier, body, "application/xml")
    assert response.status_code == 422, response.content
    assert not TrackingEvent.objects.exists()


@pytest.mark.parametrize("carrier", ["bpost", "dpd"])
def test_utf16_xml_with_a_doctype_is_refused_by_the_tracking_reader(carrier: str) -> None:
    adapter = adapter_for(carrier)
    assert adapter is not None
    with pytest.raises(MalformedPayload, match="DOCTYPE"):
        read_payload(adapter.parse_tracking, BOMB.encode("utf-16"), "CODE1", "answer")


def test_read_xml_refuses_a_doctype_in_any_encoding() -> None:
    for encoding in ("utf-16", "utf-8"):
        text = BOMB.replace("UTF-16", encoding.upper())
        with pytest.raises(MalformedPayload, match="DOCTYPE"):
            read_xml(text.encode(encoding), "test XML")
    with pytest.raises(MalformedPayload):  # declared UTF-16 without its byte order mark
        read_xml(BOMB.encode("utf-16-be"), "test XML")


def _deep(depth: int) -> str:
    return '{"events": [' + "[" * depth + "]" * depth + "]}"


def test_deeply_nested_json_on_the_batch_api_is_422_with_a_reason(api: ApiClient) -> None:
    response = api.post("/api/v1/carrier-events", raw=_deep(100_000))
    assert response.status_code == 422, response.content
    assert "nested too deeply" in response.json()["detail"]
    assert "recursion" not in response.json()["detail"]


@pytest.mark.parametrize("carrier", ["postnl", "dhl", "gls", "bpost", "generic"])
def test_deeply_nested_json_on_the_webhook_is_422_with_a_reason(
    organisation: Organisation, carrier: str
) -> None:
    response = _push(organisation, carrier, _deep(100_000).encode(), "application/json")
    assert response.status_code == 422, response.content
    assert "recursion" not in response.json()["detail"]
    assert not TrackingEvent.objects.exists()


def _events(shipment: Shipment, count: int) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "tracking_code": shipment.tracking_code,
            "code": "in_transit",
            # Five minutes apart: scans of one meaning closer than two minutes are one scan.
            "occurred_at": (now - timedelta(minutes=5 * (i + 1))).isoformat(),
            "event_id": f"e{i}",
        }
        for i in range(count)
    ]


def test_a_push_over_the_batch_limit_is_413_and_stores_nothing(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation, carrier="generic")
    body = json.dumps({"events": _events(shipment, MAX_EVENTS_PER_BATCH + 1)}).encode()
    response = _push(organisation, "generic", body, "application/json")
    assert response.status_code == 413, response.content
    assert response.json()["code"] == "push_too_large"
    assert str(MAX_EVENTS_PER_BATCH + 1) in response.json()["detail"]
    assert not TrackingEvent.objects.exists()


def test_a_push_at_the_batch_limit_is_stored(organisation: Organisation) -> None:
    shipment = make_shipment(organisation=organisation, carrier="generic")
    body = json.dumps({"events": _events(shipment, MAX_EVENTS_PER_BATCH)}).encode()
    response = _push(organisation, "generic", body, "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == MAX_EVENTS_PER_BATCH
    assert drained()["stored"] == MAX_EVENTS_PER_BATCH


def test_counts_of_a_push_sent_twice_add_up(organisation: Organisation) -> None:
    shipment = make_shipment(organisation=organisation, carrier="generic")
    events: list[Any] = _events(shipment, 3)
    events.append({"tracking_code": shipment.tracking_code, "code": "x"})  # no occurred_at
    events.append({**_events(shipment, 5)[4], "tracking_code": "NOTANNOUNCED1"})
    body = json.dumps({"events": events}).encode()
    first = _push(organisation, "generic", body, "application/json").json()
    first_stored = drained()
    again = _push(organisation, "generic", body, "application/json").json()
    again_stored = drained()
    assert first["received"] == again["received"] == 5
    assert first["accepted"] == again["accepted"] == 4
    assert (first_stored["stored"], first_stored["duplicates"], first_stored["pending"]) == (
        4,
        0,
        1,
    )
    assert (again_stored["stored"], again_stored["duplicates"], again_stored["pending"]) == (
        0,
        4,
        0,
    )
    assert [e["index"] for e in first["errors"]] == [e["index"] for e in again["errors"]] == [3]
