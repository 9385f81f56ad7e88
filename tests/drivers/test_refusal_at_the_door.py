"""Story 02 on the driver's phone: damage marked, the recipient looks and refuses, a return."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from halte.cases.models import Case
from halte.drivers.models import Stop, Tap
from halte.outbox.models import Dispatch
from halte.returns.models import Return
from halte.shipments.models import TrackingEvent
from tests.drivers.conftest import Route, jpeg

pytestmark = pytest.mark.django_db


def _tap(phone: Client, stop: Stop, **fields: Any) -> Any:
    body = {"client_id": uuid.uuid4().hex, **fields}
    return phone.post(f"/driver/stops/{stop.pk}/", body, headers={"Accept": "application/json"})


@pytest.fixture
def shop_with_webhook(route: Route) -> Route:
    route.organisation.webhook_url = "https://shop.example/halte"
    route.organisation.webhook_secret = "s3cret"
    route.organisation.save()
    return route


def test_refused_at_the_door_makes_the_return_resolves_the_case_and_tells_the_shop(
    phone: Client, shop_with_webhook: Route, django_capture_on_commit_callbacks: Any
) -> None:
    route = shop_with_webhook
    at = timezone.now() - timedelta(minutes=2)
    photo = SimpleUploadedFile("box.jpg", jpeg(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        damaged = _tap(
            phone,
            route.stop,
            kind="damaged",
            photo=photo,
            note="hoek ingedeukt",
            tapped_at=at.isoformat(),
        )
        refused = _tap(phone, route.stop, kind="refused", note="scherm gebarsten")
    assert (damaged.status_code, refused.status_code) == (201, 201)
    ret = Return.objects.get(original=route.shipment)
    assert ret.refused_at_door and ret.reason == "damaged"
    assert "hoek ingedeukt" in ret.text and "scherm gebarsten" in ret.text
    assert ret.case_id is not None
    case = Case.objects.get(pk=ret.case_id)
    assert case.state == Case.State.RESOLVED
    assert case.resolved_at is not None and case.resolved_at - case.created_at < timedelta(
        minutes=1
    )
    # The driver's damage photo went with the case.
    assert case.messages.first().attachments.count() == 1  # type: ignore[union-attr]
    assert Dispatch.objects.filter(
        organisation=route.organisation, channel=Dispatch.Channel.WEBHOOK, subject="return.created"
    ).exists()
    # The original parcel goes back: a carrier event through the driver's adapter.
    event = TrackingEvent.objects.get(shipment=route.shipment)
    assert (event.raw_code, event.status) == ("returning_to_sender", "returning_to_sender")
    route.stop.refresh_from_db()
    assert route.stop.state == Stop.State.REFUSED


def test_a_replayed_refusal_is_one_return(phone: Client, route: Route) -> None:
    _tap(phone, route.stop, kind="damaged")
    body = {"kind": "refused", "client_id": "refusal-000001"}
    first = _tap(phone, route.stop, **body)
    again = _tap(phone, route.stop, **body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert Return.objects.count() == 1 and Tap.objects.filter(kind="refused").count() == 1
