"""Pushes accepted into the inbox, stored by the drainer; a failing push never blocks others."""

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from halte.carriers import generic
from halte.carriers.adapters import adapter_for
from halte.carriers.models import CarrierAccount
from halte.feeds import actions
from halte.feeds.actions import drain_pushes_once, push_retry_delay
from halte.feeds.models import ReceivedPush
from halte.feeds.queries import account_for_push
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.conftest import ApiClient
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db
SECRET = "inbox-secret-1"


@pytest.fixture
def account(organisation: Organisation) -> CarrierAccount:
    return CarrierAccount.objects.create(
        organisation=organisation, carrier="generic", webhook_secret=SECRET
    )


def _events(code: str, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or timezone.now()
    return [
        {
            "tracking_code": code,
            "code": "received_by_carrier",
            "occurred_at": (now - timedelta(hours=20)).isoformat(),
            "event_id": f"{code}-1",
        },
        {
            "tracking_code": code,
            "code": "out_for_delivery",
            "occurred_at": (now - timedelta(hours=3)).isoformat(),
            "event_id": f"{code}-2",
        },
        {
            "tracking_code": code,
            "code": "delivered.neighbour",
            "occurred_at": (now - timedelta(hours=1)).isoformat(),
            "event_id": f"{code}-3",
            "delivery_place": {"kind": "neighbour", "detail": "huisnummer 14"},
        },
    ]


def _push(events: list[dict[str, Any]], secret: str = SECRET, **extra: Any) -> Any:
    body = json.dumps({"events": events}).encode()
    return Client().post(
        "/api/v1/carriers/generic/webhook",
        body,
        content_type=extra.pop("content_type", "application/json"),
        headers=generic.WEBHOOK_AUTH.headers_for(body, secret),
    )


def _timeline(shipment: Shipment) -> list[tuple[Any, ...]]:
    return list(
        TrackingEvent.objects.filter(shipment=shipment)
        .order_by("occurred_at")
        .values_list("raw_code", "status", "delivery_place", "delivery_place_detail", "occurred_at")
    )


def test_a_push_is_accepted_at_once_and_stored_by_the_drainer_as_the_batch_api_would(
    account: CarrierAccount, organisation: Organisation
) -> None:
    pushed = make_shipment(organisation=organisation, carrier="generic")
    moment = timezone.now()
    response = _push(_events(pushed.tracking_code, moment))
    assert response.status_code == 200, response.content
    assert response.json() == {"received": 3, "accepted": 3, "errors": []}
    # Accepted, not stored: one row in the inbox, nothing in the shipment yet.
    assert ReceivedPush.objects.count() == 1
    assert not TrackingEvent.objects.exists()
    pushed.refresh_from_db()
    assert pushed.status == Status.ANNOUNCED

    outcome = drain_pushes_once()
    assert (outcome.pushes, outcome.events, outcome.stored, outcome.failed) == (1, 3, 3, 0)
    assert not ReceivedPush.objects.exists()
    pushed.refresh_from_db()
    assert pushed.status == Status.DELIVERED
    assert (pushed.delivery_place, pushed.delivery_place_detail) == ("neighbour", "huisnummer 14")

    # The same events through the batch API, for another parcel of the same shop.
    batched = make_shipment(organisation=organisation, carrier="generic")
    api = ApiClient(do_issue_api_token(organisation, name="batch")[1])
    events = _events(batched.tracking_code, moment)
    answer = api.post(
        "/api/v1/carrier-events", {"events": [{"carrier": "generic", **e} for e in events]}
    )
    assert answer.status_code == 200, answer.content
    batched.refresh_from_db()
    assert (batched.status, batched.delivery_place, batched.delivery_place_detail) == (
        pushed.status,
        pushed.delivery_place,
        pushed.delivery_place_detail,
    )
    assert _timeline(batched) == _timeline(pushed)


def test_the_same_push_twice_in_one_drain_is_stored_once(
    account: CarrierAccount, organisation: Organisation
) -> None:
    shipment = make_shipment(organisation=organisation, carrier="generic")
    events = _events(shipment.tracking_code)
    assert _push(events).status_code == _push(events).status_code == 200
    assert ReceivedPush.objects.count() == 2
    outcome = drain_pushes_once()
    assert (outcome.pushes, outcome.stored) == (2, 3)
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 3
    assert not ReceivedPush.objects.exists()


def test_pushes_of_several_organisations_are_drained_each_into_its_own(
    account: CarrierAccount, organisation: Organisation
) -> None:
    other = make_organisation()
    CarrierAccount.objects.create(organisation=other, carrier="generic", webhook_secret="o-2")
    ours = make_shipment(organisation=organisation, carrier="generic")
    theirs = make_shipment(organisation=other, carrier="generic")
    _push(_events(ours.tracking_code))
    _push(_events(theirs.tracking_code), secret="o-2")
    assert drain_pushes_once().stored == 6
    assert TrackingEvent.objects.filter(organisation=organisation, shipment=ours).count() == 3
    assert TrackingEvent.objects.filter(organisation=other, shipment=theirs).count() == 3


def test_a_failing_push_is_kept_with_its_error_and_the_others_are_stored(
    account: CarrierAccount, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = make_shipment(organisation=organisation, carrier="generic")
    bad = make_shipment(organisation=organisation, carrier="generic")
    record = do_record_carrier_events

    def breaks_on_the_bad_parcel(org: Organisation, events: Any) -> Any:
        if any(e.tracking_code == bad.tracking_code for e in events):
            raise RuntimeError("constraint broken")
        return record(org, events)

    monkeypatch.setattr(actions, "do_record_carrier_events", breaks_on_the_bad_parcel)
    _push(_events(good.tracking_code))
    _push(_events(bad.tracking_code))
    now = timezone.now()
    outcome = drain_pushes_once(now=now)
    assert (outcome.pushes, outcome.stored, outcome.failed) == (2, 3, 1)
    assert TrackingEvent.objects.filter(shipment=good).count() == 3
    assert not TrackingEvent.objects.filter(shipment=bad).exists()
    (waiting,) = ReceivedPush.objects.all()
    assert waiting.attempts == 1
    assert waiting.last_error == "RuntimeError: constraint broken"
    assert waiting.next_attempt_at == now + push_retry_delay(1)

    # Not again before its time; then again, and with the fault gone it is stored.
    assert drain_pushes_once(now=now + timedelta(seconds=1)).pushes == 0
    assert drain_pushes_once(now=now + timedelta(seconds=6)).failed == 1
    waiting.refresh_from_db()
    assert waiting.attempts == 2
    assert push_retry_delay(2) > push_retry_delay(1)
    monkeypatch.setattr(actions, "do_record_carrier_events", record)
    assert drain_pushes_once(now=now + timedelta(minutes=5)).stored == 3
    assert not ReceivedPush.objects.exists()
    bad.refresh_from_db()
    assert bad.status == Status.DELIVERED


def test_an_unreadable_stored_push_fails_alone(
    account: CarrierAccount, organisation: Organisation
) -> None:
    shipment = make_shipment(organisation=organisation, carrier="generic")
    broken = ReceivedPush.objects.create(
        organisation=organisation, carrier="generic", events=[{"tracking_code": "X"}]
    )
    _push(_events(shipment.tracking_code))
    outcome = drain_pushes_once()
    assert (outcome.stored, outcome.failed) == (3, 1)
    broken.refresh_from_db()
    assert broken.attempts == 1 and "ValidationError" in broken.last_error


def test_the_admin_lists_waiting_and_failing_pushes(
    account: CarrierAccount, organisation: Organisation
) -> None:
    ReceivedPush.objects.create(
        organisation=organisation,
        carrier="generic",
        events=[],
        attempts=3,
        last_error="RuntimeError: constraint broken",
    )
    ReceivedPush.objects.create(organisation=organisation, carrier="postnl", events=[{}, {}])
    admin = get_user_model().objects.create_superuser("beheer", password="pw-beheer-123")
    client = Client()
    client.force_login(admin)
    url = "/admin/feeds/receivedpush/"
    failing = client.get(url, {"state": "failing"})
    assert failing.status_code == 200
    assert "RuntimeError: constraint broken" in failing.content.decode()
    waiting = client.get(url, {"state": "waiting"}).content.decode()
    assert "RuntimeError" not in waiting
    assert "postnl push" in waiting or "PostNL" in waiting


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 422),
        (b"<events/>", "application/xml", 422),
        (b"\x00\x01\x02", "application/octet-stream", 422),
        (b"", "application/json", 422),
    ],
)
def test_hostile_pushes_are_answered_precisely_and_nothing_is_kept(
    account: CarrierAccount, body: bytes, content_type: str, status: int
) -> None:
    response = Client().post(
        "/api/v1/carriers/generic/webhook",
        body,
        content_type=content_type,
        headers=generic.WEBHOOK_AUTH.headers_for(body, SECRET),
    )
    assert response.status_code == status
    assert response.json()["detail"]
    assert not ReceivedPush.objects.exists()


def test_a_huge_body_is_refused_with_413_and_nothing_is_kept(account: CarrierAccount) -> None:
    body = b'{"events": [' + b'{"a": 1},' * 300_000 + b"{}]}"
    response = Client().post(
        "/api/v1/carriers/generic/webhook",
        body,
        content_type="application/json",
        headers=generic.WEBHOOK_AUTH.headers_for(body, SECRET),
    )
    assert response.status_code == 413
    assert not ReceivedPush.objects.exists()


def test_wrong_and_unknown_pushes_keep_nothing(account: CarrierAccount) -> None:
    events = _events("3SHALT0000001")
    assert _push(events, secret="wrong").status_code == 401
    body = json.dumps({"events": events}).encode()
    assert (
        Client().post("/api/v1/carriers/fedex/webhook", body, "application/json").status_code == 404
    )
    assert not ReceivedPush.objects.exists()


def _secret_headers(carrier: str, secret: str) -> dict[str, str]:
    adapter = adapter_for(carrier)
    assert adapter is not None
    return adapter.WEBHOOK_AUTH.headers_for(b"{}", secret)


def test_the_account_is_found_by_its_secret_and_by_no_other(organisation: Organisation) -> None:
    other = make_organisation()
    ours = CarrierAccount.objects.create(
        organisation=organisation, carrier="postnl", webhook_secret="p-ours"
    )
    CarrierAccount.objects.create(organisation=other, carrier="dhl", webhook_secret="d-theirs")
    postnl = adapter_for("postnl")
    assert postnl is not None
    found = account_for_push(postnl, _secret_headers("postnl", "p-ours"), b"{}")
    assert found is not None
    assert (found.pk, found.organisation_id) == (ours.pk, organisation.pk)
    # A wrong secret, and another organisation's secret for another carrier: nobody's push.
    assert account_for_push(postnl, _secret_headers("postnl", "p-wrong"), b"{}") is None
    assert account_for_push(postnl, _secret_headers("postnl", "d-theirs"), b"{}") is None
    assert account_for_push(postnl, {}, b"{}") is None


def test_a_rotated_secret_works_at_once_and_the_old_one_no_longer(
    organisation: Organisation,
) -> None:
    account = CarrierAccount.objects.create(
        organisation=organisation, carrier="generic", webhook_secret="g-old"
    )
    adapter = adapter_for("generic")
    assert adapter is not None
    body = b'{"events": []}'
    assert account_for_push(adapter, generic.WEBHOOK_AUTH.headers_for(body, "g-old"), body)
    account.webhook_secret = "g-new"
    account.save(update_fields=["webhook_secret"])
    assert account_for_push(adapter, generic.WEBHOOK_AUTH.headers_for(body, "g-old"), body) is None
    found = account_for_push(adapter, generic.WEBHOOK_AUTH.headers_for(body, "g-new"), body)
    assert found is not None and found.pk == account.pk
    account.active = False
    account.save(update_fields=["active"])
    assert account_for_push(adapter, generic.WEBHOOK_AUTH.headers_for(body, "g-new"), body) is None
