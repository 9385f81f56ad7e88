"""Carrier webhooks: proven by the carrier's scheme, read whole or refused whole, idempotent."""

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from halte.carriers import generic
from halte.carriers.adapters import adapter_for
from halte.carriers.models import CarrierAccount
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.factories import make_organisation, make_shipment
from tests.pushes import drained

pytestmark = pytest.mark.django_db
URL = "/api/v1/carriers/generic/webhook"
SECRET = "generic-push-secret-1"


@pytest.fixture
def account(organisation: Organisation) -> CarrierAccount:
    return CarrierAccount.objects.create(
        organisation=organisation, carrier="generic", webhook_secret=SECRET
    )


@pytest.fixture
def shipment(organisation: Organisation) -> Shipment:
    return make_shipment(organisation=organisation, carrier="generic")


def _event(code: str, tracking_code: str, hours_ago: float, **extra: Any) -> dict[str, Any]:
    moment = timezone.now() - timedelta(hours=hours_ago)
    return {
        "tracking_code": tracking_code,
        "code": code,
        "occurred_at": moment.isoformat(),
        **extra,
    }


def _push(body: bytes | str, secret: str = SECRET, **headers: str) -> Any:
    raw = body.encode() if isinstance(body, str) else body
    signed = generic.WEBHOOK_AUTH.headers_for(raw, secret) if secret else {}
    return Client().post(URL, raw, content_type="application/json", headers={**signed, **headers})


def _journey(code: str) -> bytes:
    events = [
        _event("received_by_carrier", code, 20, event_id="e1"),
        _event("out_for_delivery", code, 3, event_id="e2"),
        _event(
            "delivered.neighbour",
            code,
            1,
            event_id="e3",
            delivery_place={"kind": "neighbour", "detail": "huisnummer 14"},
        ),
    ]
    return json.dumps({"events": events}).encode()


def test_signed_push_stores_events_and_moves_the_shipment(
    account: CarrierAccount, shipment: Shipment
) -> None:
    response = _push(_journey(shipment.tracking_code))
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 3
    assert not TrackingEvent.objects.exists()  # accepted, not stored yet: the drainer stores
    assert drained()["stored"] == 3
    shipment.refresh_from_db()
    assert shipment.status == Status.DELIVERED
    assert (shipment.delivery_place, shipment.delivery_place_detail) == (
        "neighbour",
        "huisnummer 14",
    )


def test_the_same_push_twice_is_stored_once(account: CarrierAccount, shipment: Shipment) -> None:
    body = _journey(shipment.tracking_code)
    _push(body)
    drained()
    again = _push(body).json()
    assert again["accepted"] == 3
    outcome = drained()
    assert (outcome["stored"], outcome["duplicates"]) == (0, 3)
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 3


def test_a_push_with_a_wrong_signature_is_refused_and_logged(
    account: CarrierAccount, shipment: Shipment, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="halte.carriers"):
        response = _push(_journey(shipment.tracking_code), secret="not-the-secret")
    assert response.status_code == 401
    assert "X-Halte-Signature" in response.json()["detail"]
    assert "carrier webhook refused: carrier=generic" in caplog.text
    assert not TrackingEvent.objects.exists()


def test_a_push_without_a_signature_is_refused(account: CarrierAccount, shipment: Shipment) -> None:
    assert _push(_journey(shipment.tracking_code), secret="").status_code == 401
    assert not TrackingEvent.objects.exists()


def test_a_body_changed_after_signing_is_refused(
    account: CarrierAccount, shipment: Shipment
) -> None:
    body = _journey(shipment.tracking_code)
    signed = generic.WEBHOOK_AUTH.headers_for(body, SECRET)
    tampered = body.replace(b"huisnummer 14", b"huisnummer 15")
    response = Client().post(URL, tampered, content_type="application/json", headers=signed)
    assert response.status_code == 401


def test_an_inactive_account_accepts_nothing(account: CarrierAccount, shipment: Shipment) -> None:
    account.active = False
    account.save(update_fields=["active"])
    assert _push(_journey(shipment.tracking_code)).status_code == 401


def test_an_unknown_carrier_is_named_in_a_404(account: CarrierAccount) -> None:
    response = Client().post(
        "/api/v1/carriers/fedex/webhook", b"{}", content_type="application/json"
    )
    assert response.status_code == 404
    assert "fedex" in response.json()["detail"] and "postnl" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"events": {"a": 1}}', "a list under 'events'"),
        (b"[1, 2]", "a list under 'events'"),
        (b"   ", "empty"),
        (b"\xff\xfe{}", "not valid JSON"),
    ],
)
def test_an_unreadable_push_answers_422_with_the_reason_and_stores_nothing(
    account: CarrierAccount, body: bytes, reason: str
) -> None:
    response = _push(body)
    assert response.status_code == 422
    assert reason in response.json()["detail"]
    assert not TrackingEvent.objects.exists()


def test_one_bad_event_is_reported_while_the_good_ones_are_stored(
    account: CarrierAccount, shipment: Shipment
) -> None:
    code = shipment.tracking_code
    events = [
        _event("at_depot", code, 5),
        {"tracking_code": code, "code": "delivered", "occurred_at": "2026-11-20T10:00:00"},
        _event("out_for_delivery", code, 2),
        {"tracking_code": code, "code": "in_transit", "occurred_at": "2999-01-01T10:00:00+01:00"},
    ]
    response = _push(json.dumps({"events": events}))
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 2
    assert drained()["stored"] == 2
    messages = {e["index"]: e["message"] for e in body["errors"]}
    assert "time zone offset" in messages[1]
    assert any("future" in m for m in messages.values())
    shipment.refresh_from_db()
    assert shipment.status == Status.OUT_FOR_DELIVERY


def test_a_push_of_only_bad_events_answers_422_and_stores_nothing(
    account: CarrierAccount, shipment: Shipment
) -> None:
    events = [{"tracking_code": shipment.tracking_code, "code": "", "occurred_at": "x"}]
    response = _push(json.dumps({"events": events}))
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "'code' is missing"
    assert not TrackingEvent.objects.exists()


def test_a_test_push_without_events_is_answered_calmly(account: CarrierAccount) -> None:
    response = _push(b'{"events": []}')
    assert response.status_code == 200
    assert response.json()["received"] == 0


def test_an_oversized_push_is_refused_with_413(account: CarrierAccount) -> None:
    body = json.dumps({"events": [], "padding": "x" * (3 * 1024 * 1024)}).encode()
    assert _push(body).status_code == 413


def test_a_push_lands_only_with_the_organisation_whose_secret_signed_it(
    account: CarrierAccount, shipment: Shipment
) -> None:
    # The code is ours; another organisation's account pushes scans for it.
    other = make_organisation()
    CarrierAccount.objects.create(organisation=other, carrier="generic", webhook_secret="other-1")
    response = _push(_journey(shipment.tracking_code), secret="other-1")
    assert response.status_code == 200
    assert drained()["pending"] == 3  # kept under the pusher, waiting for its own parcel
    shipment.refresh_from_db()
    assert shipment.status == Status.ANNOUNCED
    assert not shipment.events.exists()
    assert TrackingEvent.objects.filter(organisation=other, shipment__isnull=True).count() == 3
    assert not TrackingEvent.objects.filter(organisation=shipment.organisation).exists()


def test_events_for_a_parcel_not_yet_announced_wait_for_it(account: CarrierAccount) -> None:
    assert _push(_journey("3SLATER0000001")).status_code == 200
    assert drained()["pending"] == 3


def test_dpd_pushes_by_get_with_the_token_in_the_url_and_gets_its_receipt(
    organisation: Organisation,
) -> None:
    CarrierAccount.objects.create(organisation=organisation, carrier="dpd", webhook_secret="d-1")
    shipment: Shipment = make_shipment(
        organisation=organisation, carrier="dpd", tracking_code="05222111830077"
    )
    scan = timezone.localtime(timezone.now() - timedelta(hours=1))
    query = {
        "pushid": "778899",
        "pnr": shipment.tracking_code,
        "status": "delivery_carload",
        "statusdate": scan.strftime("%d%m%Y%H%M%S"),
        "depot": "0522",
    }
    response = Client().get("/api/v1/carriers/dpd/webhook", {**query, "token": "d-1"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    assert response.content == b"<push><pushid>778899</pushid><status>OK</status></push>"
    drained()
    shipment.refresh_from_db()
    assert shipment.status == Status.OUT_FOR_DELIVERY

    assert (
        Client().get("/api/v1/carriers/dpd/webhook", {**query, "token": "d-2"}).status_code == 401
    )
    again = Client().get("/api/v1/carriers/dpd/webhook", {**query, "token": "d-1"})
    assert again.status_code == 200
    drained()
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1


HOSTILE = [
    ("deeply nested JSON", b"[" * 200_000 + b"]" * 200_000, "application/json"),
    ("deeply nested XML", b"<a>" * 50_000 + b"</a>" * 50_000, "application/xml"),
    (
        "entity expansion",
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
        "application/xml",
    ),
    ("binary", bytes(range(256)) * 10, "application/octet-stream"),
]


@pytest.mark.parametrize("carrier", ["postnl", "dhl", "dpd", "gls", "bpost", "generic"])
@pytest.mark.parametrize(("what", "body", "content_type"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_pushes_get_a_reason_never_a_500(
    organisation: Organisation, carrier: str, what: str, body: bytes, content_type: str
) -> None:
    adapter = adapter_for(carrier)
    assert adapter is not None
    CarrierAccount.objects.create(organisation=organisation, carrier=carrier, webhook_secret="h-1")
    response = Client().post(
        f"/api/v1/carriers/{carrier}/webhook",
        body,
        content_type=content_type,
        headers=adapter.WEBHOOK_AUTH.headers_for(body, "h-1"),
    )
    assert response.status_code == 422, (what, response.content[:200])
    assert response.json()["detail"]
    assert not TrackingEvent.objects.exists()


def test_a_nul_character_is_refused_by_name(account: CarrierAccount, shipment: Shipment) -> None:
    code = shipment.tracking_code
    events = [_event("at_depot", code, 2), _event("in_transit", code, 1, description="a\x00b")]
    body = _push(json.dumps({"events": events})).json()
    assert body["accepted"] == 1
    assert drained()["stored"] == 1
    assert [e["index"] for e in body["errors"]] == [1]
    assert "NUL" in body["errors"][0]["message"]


def test_errors_name_the_events_position_in_the_push(
    account: CarrierAccount, shipment: Shipment
) -> None:
    events = [
        {"tracking_code": shipment.tracking_code, "occurred_at": "2026-11-20T10:00:00+01:00"},
        _event("at_depot", "AB!!", 1),
        _event("in_transit", shipment.tracking_code, 1),
    ]
    body = _push(json.dumps({"events": events})).json()
    assert sorted(e["index"] for e in body["errors"]) == [0, 1]
