"""Polling a carrier's tracking API: on schedule, backing off on errors, never when delivered."""

import base64
import json
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from halte.carriers.models import CarrierAccount, ShipmentPoll
from halte.feeds.actions import do_poll_shipment, do_schedule_due_polls, retry_delay
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.conftest import LoopbackHTTP
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers"


def _answer(tracking_code: str, *codes: str) -> bytes:
    now = timezone.now()
    events = [
        {
            "tracking_code": tracking_code,
            "code": code,
            "occurred_at": (now - timedelta(hours=len(codes) - i)).isoformat(),
        }
        for i, code in enumerate(codes)
    ]
    return json.dumps({"events": events}).encode()


@pytest.fixture
def polled(organisation: Organisation, loopback_http: LoopbackHTTP) -> CarrierAccount:
    return CarrierAccount.objects.create(
        organisation=organisation,
        carrier="generic",
        api_url=loopback_http.url + "/track",
        api_key="key-1",
        polling=True,
        poll_every_minutes=20,
    )


@pytest.fixture
def shipment(organisation: Organisation) -> Shipment:
    return make_shipment(organisation=organisation, carrier="generic")


def test_a_due_shipment_is_polled_and_its_events_recorded(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.body = _answer(shipment.tracking_code, "received_by_carrier", "at_depot")
    before = timezone.now()
    # Test settings run tasks at once, after the scheduling commits.
    assert do_schedule_due_polls() == [shipment.pk]

    method, path, headers, _ = loopback_http.requests[0]
    assert (method, path) == ("GET", f"/track/{shipment.tracking_code}")
    assert headers["Authorization"] == "Bearer key-1"
    shipment.refresh_from_db()
    assert shipment.status == Status.AT_DEPOT
    poll = ShipmentPoll.objects.get(shipment=shipment)
    assert poll.failures == 0 and poll.last_success_at is not None
    assert poll.next_poll_at >= before + timedelta(minutes=20)


def test_a_shipment_is_not_polled_again_before_it_is_due(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.body = _answer(shipment.tracking_code, "at_depot")
    do_schedule_due_polls()
    assert do_schedule_due_polls() == []
    assert len(loopback_http.requests) == 1


def test_polling_the_same_answer_twice_stores_its_events_once(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.body = _answer(shipment.tracking_code, "received_by_carrier", "at_depot")
    do_poll_shipment(shipment.pk)
    do_poll_shipment(shipment.pk)
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2


def test_a_failing_api_is_retried_with_growing_waits_and_the_error_kept(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.status, loopback_http.body = 503, b"busy"
    now = timezone.now()
    assert do_poll_shipment(shipment.pk, now).startswith("failed")
    poll = ShipmentPoll.objects.get(shipment=shipment)
    assert poll.failures == 1
    assert "HTTP 503" in poll.last_error
    assert poll.next_poll_at == now + timedelta(minutes=2)

    do_poll_shipment(shipment.pk, now + timedelta(minutes=2))
    poll.refresh_from_db()
    assert poll.failures == 2
    assert poll.next_poll_at == now + timedelta(minutes=2 + 4)

    loopback_http.status, loopback_http.body = 200, _answer(shipment.tracking_code, "at_depot")
    do_poll_shipment(shipment.pk, now + timedelta(minutes=6))
    poll.refresh_from_db()
    assert (poll.failures, poll.last_error) == (0, "")


def test_retry_waits_double_and_stop_growing_at_six_hours() -> None:
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]
    assert retry_delay(30) == timedelta(hours=6)
    # Far past where an uncapped doubling would overflow timedelta.
    assert retry_delay(10_000) == timedelta(hours=6)


def test_an_unreachable_api_is_a_failure_not_a_crash(
    organisation: Organisation, shipment: Shipment
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    CarrierAccount.objects.create(
        organisation=organisation,
        carrier="generic",
        api_url=f"http://127.0.0.1:{closed_port}",
        polling=True,
    )
    outcome = do_poll_shipment(shipment.pk)
    assert "could not be reached" in outcome
    assert ShipmentPoll.objects.get(shipment=shipment).failures == 1


def test_an_unreadable_answer_is_a_failure_and_stores_nothing(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.body = b"<html>maintenance</html>"
    assert "could not be read" in do_poll_shipment(shipment.pk)
    assert not TrackingEvent.objects.exists()


def test_events_about_another_parcel_in_an_answer_are_ignored(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    other: Shipment = make_shipment(organisation=shipment.organisation, carrier="generic")
    loopback_http.body = _answer(other.tracking_code, "delivered.mailbox")
    do_poll_shipment(shipment.pk)
    other.refresh_from_db()
    assert other.status == Status.ANNOUNCED
    assert not TrackingEvent.objects.exists()


def test_a_delivered_shipment_is_never_polled(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.body = _answer(shipment.tracking_code, "out_for_delivery", "delivered.mailbox")
    do_schedule_due_polls()
    shipment.refresh_from_db()
    assert shipment.status == Status.DELIVERED

    ShipmentPoll.objects.update(next_poll_at=timezone.now() - timedelta(minutes=1))
    assert do_schedule_due_polls() == []
    assert do_poll_shipment(shipment.pk) == "not polled: delivered or gone"
    assert len(loopback_http.requests) == 1


def test_only_organisations_that_poll_this_carrier_are_polled(
    polled: CarrierAccount, shipment: Shipment
) -> None:
    elsewhere: Shipment = make_shipment(organisation=make_organisation(), carrier="generic")
    other_carrier: Shipment = make_shipment(organisation=shipment.organisation, carrier="dpd")
    queued: list[Any] = do_schedule_due_polls(timezone.now() - timedelta(seconds=1))
    assert elsewhere.pk not in queued and other_carrier.pk not in queued
    assert not ShipmentPoll.objects.filter(shipment__in=[elsewhere, other_carrier]).exists()


def test_failing_polls_surface_in_the_admin(
    polled: CarrierAccount, shipment: Shipment, loopback_http: LoopbackHTTP
) -> None:
    loopback_http.status, loopback_http.body = 502, b""
    do_poll_shipment(shipment.pk)
    get_user_model().objects.create_superuser("root", "root@example.nl", "pw-root-12345")
    client = Client()
    client.login(username="root", password="pw-root-12345")
    html = client.get("/admin/carriers/shipmentpoll/?failing=yes").content.decode()
    assert shipment.tracking_code in html
    assert "HTTP 502" in html


GLS_FIXTURES = FIXTURES / "gls"


def _gls_account(organisation: Organisation, loopback_http: LoopbackHTTP) -> CarrierAccount:
    loopback_http.routes["/oauth2/v2/token"] = (
        200,
        b'{"access_token": "tok-1", "token_type": "Bearer", "expires_in": 14400}',
    )
    return CarrierAccount.objects.create(
        organisation=organisation,
        carrier="gls",
        api_url=loopback_http.url,
        api_user="client-id",
        api_key="client-secret",
        polling=True,
    )


def test_a_carrier_with_a_login_gets_a_token_once_and_polls_with_it(
    organisation: Organisation, loopback_http: LoopbackHTTP
) -> None:
    _gls_account(organisation, loopback_http)
    manifest = json.loads((GLS_FIXTURES / "manifest.json").read_text())
    name, spec = next(
        (n, s)
        for n, s in manifest.items()
        if s["kind"] == "tracking" and s["status"] != "delivered"
    )
    loopback_http.body = (GLS_FIXTURES / name).read_bytes()
    shipment: Shipment = make_shipment(
        organisation=organisation, carrier="gls", tracking_code=spec["tracking_code"]
    )
    assert do_poll_shipment(shipment.pk).startswith("polled")
    assert do_poll_shipment(shipment.pk).startswith("polled")

    paths = [path for _, path, _, _ in loopback_http.requests]
    assert paths.count("/oauth2/v2/token") == 1
    login = loopback_http.requests[0]
    assert (
        login[2]["Authorization"]
        == "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    )
    assert login[3] == b"grant_type=client_credentials"
    assert all(h["Authorization"] == "Bearer tok-1" for _, p, h, _ in loopback_http.requests[1:])
    shipment.refresh_from_db()
    assert shipment.status == spec["status"]


def test_a_refused_token_is_dropped_and_the_next_poll_logs_in_again(
    organisation: Organisation, loopback_http: LoopbackHTTP
) -> None:
    _gls_account(organisation, loopback_http)
    shipment: Shipment = make_shipment(organisation=organisation, carrier="gls")
    loopback_http.status, loopback_http.body = 401, b'{"fault": {"faultstring": "expired"}}'
    assert "HTTP 401" in do_poll_shipment(shipment.pk)
    do_poll_shipment(shipment.pk)
    paths = [path for _, path, _, _ in loopback_http.requests]
    assert paths.count("/oauth2/v2/token") == 2


def test_a_failed_login_is_a_poll_failure_with_the_reason(
    organisation: Organisation, loopback_http: LoopbackHTTP
) -> None:
    _gls_account(organisation, loopback_http)
    loopback_http.routes["/oauth2/v2/token"] = (200, b'{"error": "invalid_client"}')
    shipment: Shipment = make_shipment(organisation=organisation, carrier="gls")
    assert "login failed" in do_poll_shipment(shipment.pk)
    assert "access_token" in ShipmentPoll.objects.get(shipment=shipment).last_error


def test_polling_cannot_be_switched_on_without_an_api_url(organisation: Organisation) -> None:
    account = CarrierAccount(organisation=organisation, carrier="gls", polling=True)
    with pytest.raises(ValidationError) as refused:
        account.full_clean()
    assert "api_url" in refused.value.message_dict
    assert [e.code for e in refused.value.error_dict["api_url"]] == ["polling_without_url"]


def test_two_accounts_of_a_carrier_cannot_share_a_webhook_secret(
    organisation: Organisation,
) -> None:
    CarrierAccount.objects.create(organisation=organisation, carrier="dhl", webhook_secret="s-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CarrierAccount.objects.create(
            organisation=make_organisation(), carrier="dhl", webhook_secret="s-1"
        )
