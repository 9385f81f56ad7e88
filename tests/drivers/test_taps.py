"""Taps at the door: stored once at their own time, refused with a reason, as carrier events."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from halte.drivers.models import Stop, Tap
from halte.shipments.models import TrackingEvent
from halte.vocabulary.status import Status
from tests.drivers.conftest import Route, jpeg, plan, signed_in
from tests.factories import event_payload

pytestmark = pytest.mark.django_db


def _tap(phone: Client, stop: Stop, **fields: Any) -> Any:
    body = {"client_id": uuid.uuid4().hex, "kind": "delivered", "place": "recipient", **fields}
    return phone.post(f"/driver/stops/{stop.pk}/", body, headers={"Accept": "application/json"})


def test_a_delivery_tap_becomes_a_carrier_event_of_the_shipments_carrier(
    phone: Client, route: Route
) -> None:
    at = timezone.now() - timedelta(minutes=20)
    response = _tap(
        phone, route.stop, place="neighbour", place_detail="nr. 14", tapped_at=at.isoformat()
    )
    assert response.status_code == 201, response.json()
    event = TrackingEvent.objects.get(shipment=route.shipment)
    assert (event.carrier, event.raw_code, event.status) == (
        "dhl",
        "delivered.neighbour",
        "delivered",
    )
    assert event.delivery_place_detail == "nr. 14"
    assert event.occurred_at == at  # the time of the tap, not of its arrival
    route.shipment.refresh_from_db()
    assert (route.shipment.status, route.shipment.delivery_place) == ("delivered", "neighbour")
    route.stop.refresh_from_db()
    assert route.stop.state == Stop.State.DELIVERED and route.stop.completed_at == at


def test_a_replayed_tap_is_stored_once_with_its_original_time(phone: Client, route: Route) -> None:
    at = timezone.now() - timedelta(hours=3)
    body = {"client_id": "replay-0001", "tapped_at": at.isoformat(), "place": "mailbox"}
    first = _tap(phone, route.stop, **body)
    again = _tap(phone, route.stop, **{**body, "tapped_at": timezone.now().isoformat()})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == "already_stored"
    assert Tap.objects.get().occurred_at == at
    assert TrackingEvent.objects.filter(shipment=route.shipment).count() == 1


def test_a_stop_completed_twice_is_refused_and_changes_nothing(phone: Client, route: Route) -> None:
    assert _tap(phone, route.stop).status_code == 201
    second = _tap(phone, route.stop, kind="failed", reason="not_home")
    assert second.status_code == 409
    assert second.json()["code"] == "stop_settled"
    assert "al afgerond" in second.json()["message"]
    assert Tap.objects.count() == 1
    route.shipment.refresh_from_db()
    assert route.shipment.status == Status.DELIVERED


def test_a_stop_for_a_parcel_the_carrier_already_delivered_is_refused(
    phone: Client, route: Route, api: Any
) -> None:
    scan = event_payload(
        route.shipment.tracking_code, "delivered.mailbox", timezone.now() - timedelta(hours=1)
    )
    api.post("/api/v1/carrier-events", {"events": [{**scan, "carrier": "dhl"}]})
    response = _tap(phone, route.stop)
    assert response.status_code == 409
    assert response.json()["code"] == "shipment_delivered"
    assert not Tap.objects.exists()


@pytest.mark.parametrize(
    ("moment", "code"),
    [(timedelta(hours=1), "tap_in_future"), (-timedelta(hours=49), "tap_too_old")],
)
def test_a_tap_from_a_wrong_clock_or_a_stale_phone_is_refused(
    phone: Client, route: Route, moment: timedelta, code: str
) -> None:
    response = _tap(phone, route.stop, tapped_at=(timezone.now() + moment).isoformat())
    assert response.status_code == 409
    assert response.json()["code"] == code
    assert not Tap.objects.exists() and not TrackingEvent.objects.exists()


def test_another_drivers_stop_is_not_found_and_untouched(phone: Client, route: Route) -> None:
    other = plan(route.organisation, reference="D-099", order=2)
    response = _tap(phone, other.stop)
    assert response.status_code == 404
    assert not Tap.objects.exists()
    # Without script the page says the same, in Dutch.
    plain = phone.post(f"/driver/stops/{other.stop.pk}/", {"client_id": "x" * 10})
    assert plain.status_code == 404 and "niet op je route" in plain.content.decode()


def test_a_failed_delivery_names_its_reason(phone: Client, route: Route) -> None:
    assert _tap(phone, route.stop, kind="failed", reason="not_home").status_code == 201
    route.shipment.refresh_from_db()
    assert (route.shipment.status, route.shipment.failure_reason) == ("delivery_failed", "not_home")


@pytest.mark.parametrize(
    ("fields", "field_error"),
    [
        ({"place": "neighbour"}, "huisnummer"),
        ({"place": ""}, "waar je het pakket"),
        ({"kind": "failed", "reason": ""}, "waarom"),
        ({"tapped_at": "gisteren"}, "tijd"),
        ({"client_id": "<script>"}, "geldige"),
        ({"kind": "teleported"}, "geldige keuze"),
    ],
)
def test_a_tap_that_cannot_be_read_says_what_is_missing(
    phone: Client, route: Route, fields: dict[str, str], field_error: str
) -> None:
    response = _tap(phone, route.stop, **fields)
    assert response.status_code == 422
    assert field_error in response.json()["message"].lower()
    assert not Tap.objects.exists()


def test_a_photo_is_kept_reencoded_under_a_name_of_ours(phone: Client, route: Route) -> None:
    photo = SimpleUploadedFile("../../etc/passwd.png", jpeg(), content_type="image/png")
    response = _tap(phone, route.stop, photo=photo)
    assert response.status_code == 201
    stored = Tap.objects.get().photo
    assert stored.name is not None
    assert stored.name.startswith("drivers/") and stored.name.endswith(".jpg")
    assert "passwd" not in stored.name
    assert stored.read()[:3] == b"\xff\xd8\xff"  # a JPEG, whatever was claimed


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.7 not a photo at all", "photo_not_an_image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "photo_not_an_image"),  # a JPEG's start, nothing more
        (b"\xff\xd8" + b"\x00" * (8 * 1024 * 1024 + 1), "photo_too_large"),
    ],
    ids=["pdf", "truncated-jpeg", "over-8-mb"],
)
def test_a_photo_that_is_no_image_or_too_large_is_refused(
    phone: Client, route: Route, content: bytes, code: str, settings: Any
) -> None:
    photo = SimpleUploadedFile("box.jpg", content, content_type="image/jpeg")
    response = _tap(phone, route.stop, photo=photo)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not Tap.objects.exists() and not TrackingEvent.objects.exists()


def test_a_decompression_bomb_is_refused_without_being_unpacked(
    phone: Client, route: Route
) -> None:
    bomb = SimpleUploadedFile("bomb.jpg", jpeg((9000, 9000)), content_type="image/jpeg")
    response = _tap(phone, route.stop, photo=bomb)
    assert response.status_code == 422
    assert response.json()["code"] == "photo_too_large"


def test_damage_then_accept_delivers_with_the_damage_noted(phone: Client, route: Route) -> None:
    photo = SimpleUploadedFile("box.jpg", jpeg(), content_type="image/jpeg")
    damaged = _tap(phone, route.stop, kind="damaged", photo=photo, note="doos ingedeukt")
    assert damaged.status_code == 201 and damaged.json()["state"] == "inspecting"
    # The parcel is not delivered while the recipient looks.
    route.shipment.refresh_from_db()
    assert route.shipment.status != Status.DELIVERED
    blocked = _tap(phone, route.stop)
    assert blocked.status_code == 409 and blocked.json()["code"] == "inspecting"
    accepted = _tap(phone, route.stop, kind="accepted")
    assert accepted.status_code == 201
    event = TrackingEvent.objects.get(shipment=route.shipment)
    assert event.raw_code == "delivered.recipient"
    assert "damaged" in event.raw_description and "accepted" in event.raw_description
    route.stop.refresh_from_db()
    assert route.stop.damaged and route.stop.state == Stop.State.DELIVERED


def test_accept_without_a_damaged_box_is_refused(phone: Client, route: Route) -> None:
    response = _tap(phone, route.stop, kind="accepted")
    assert response.status_code == 409
    assert response.json()["code"] == "not_inspecting"


def test_a_tap_without_script_answers_with_the_page(phone: Client, route: Route) -> None:
    response = phone.post(
        f"/driver/stops/{route.stop.pk}/",
        {"client_id": uuid.uuid4().hex, "kind": "delivered", "place": "mailbox"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Opgeslagen" in response.content.decode()
    assert Tap.objects.get().place == "mailbox"


def test_a_signed_out_phone_gets_401_as_json_and_nothing_is_stored(route: Route) -> None:
    response = _tap(Client(), route.stop)
    assert response.status_code == 401 and response.json()["code"] == "signed_out"
    assert not Tap.objects.exists()


def test_a_deactivated_driver_is_signed_out(route: Route) -> None:
    phone = signed_in(route.driver)
    route.driver.is_active = False
    route.driver.save(update_fields=["is_active"])
    assert phone.get("/driver/stops/").status_code == 302
