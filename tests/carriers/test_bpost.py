"""bpost's Track & Trace XML read into Halte events: codes, Brussels times, places, refusals."""

import base64
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from halte.carriers import bpost
from halte.carriers.feed import CarrierEvent, Credentials, MalformedPayload, Parsed
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status
from tests.carriers.intake import SHOWN, shipment_after, shown, unmapped_codes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers" / "bpost"
MANIFEST: dict[str, dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text())
BRUSSELS = ZoneInfo("Europe/Brussels")
CET = timedelta(hours=1)


def _read(name: str) -> Parsed:
    body = (FIXTURES / name).read_bytes()
    entry = MANIFEST[name]
    if entry["kind"] == "webhook":
        return bpost.parse_webhook(body, entry["content_type"])
    return bpost.parse_tracking(body, entry["tracking_code"])


def _by_code(parsed: Parsed) -> dict[str, CarrierEvent]:
    return {event.code: event for event in parsed.events}


def _item(*states: str, extra: str = "") -> bytes:
    return (
        '<itemTracking xmlns="http://schema.post.be/tracking/v1/">'
        "<itemCode>323212345600000000099996</itemCode>"
        f"{''.join(states)}<trackingId>t1</trackingId>{extra}</itemTracking>"
    ).encode()


def _state(code: str, time: str, description: str = "", location: str = "") -> str:
    return (
        f"<stateInfo><time>{time}</time><location>{location}</location>"
        f"<stateCode>{code}</stateCode><stateDescription>{description}</stateDescription>"
        "</stateInfo>"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_fixture_ends_where_the_manifest_says(name: str) -> None:
    parsed = _read(name)
    entry = MANIFEST[name]

    assert parsed.problems == []
    shipment = shipment_after("bpost", parsed.events)
    assert shipment.tracking_code == entry["tracking_code"]
    assert shown(shipment) == {field: entry[field] for field in SHOWN}
    assert unmapped_codes(shipment) == entry["unmapped_codes"]


def test_every_fixture_file_is_in_the_manifest() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.xml")) == sorted(MANIFEST)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_fixture_times_are_brussels_wall_clock_in_november(name: str) -> None:
    for event in _read(name).events:
        assert event.occurred_at.utcoffset() == CET
        assert datetime(2026, 11, 16, tzinfo=BRUSSELS) <= event.occurred_at
        assert event.occurred_at < datetime(2026, 11, 21, tzinfo=BRUSSELS)


def test_a_mailbox_push_reads_each_scan_in_order_with_its_location() -> None:
    events = _read("webhook-delivered-mailbox.xml").events

    assert [e.code for e in events] == ["T00", "L00", "U02"]
    assert [e.location for e in events] == ["ANTWERPEN X", "HASSELT", "HASSELT"]
    assert events[0].description == "Sorted - sorted_out"
    assert events[1].occurred_at == datetime(2026, 11, 18, 7, 38, 20, 514000, tzinfo=BRUSSELS)
    assert events[2].delivery_place is None
    assert all(e.event_id is None for e in events)


@pytest.mark.django_db
def test_a_neighbour_delivery_never_passes_the_sorting_office_off_as_the_neighbour() -> None:
    parsed = _read("webhook-delivered-neighbour.xml")

    shipment = shipment_after("bpost", parsed.events)

    assert shipment.delivery_place == DeliveryPlace.NEIGHBOUR
    # The scan's location is where bpost scanned it, not the neighbour's address.
    assert shipment.delivery_place_detail == ""
    assert shipment.delivered_at == _by_code(parsed)["U03"].occurred_at
    assert _by_code(parsed)["U03"].occurred_at.isoformat() == "2026-11-19T13:27:04+01:00"


def test_a_pickup_point_delivery_names_the_point_and_its_address() -> None:
    events = _by_code(_read("tracking-delivered-pickup-point.xml"))
    detail = "PRESS SHOP LEUVEN STATION, MARTELARENPLEIN 12, 3000 LEUVEN"

    assert events["N74"].delivery_place == DeliveryPlace.PICKUP_POINT
    assert events["N74"].delivery_place_detail == detail
    assert events["U05"].delivery_place_detail == detail
    assert events["B04"].delivery_place is None


def test_a_parcel_locker_without_street_is_named_by_point_and_town() -> None:
    locker = _by_code(_read("tracking-delivered-locker.xml"))["R13"]

    assert locker.delivery_place == DeliveryPlace.PICKUP_POINT
    assert locker.delivery_place_detail == "bpack 24/7 HASSELT STATION, 3500 HASSELT"


def test_timestamps_without_an_offset_are_brussels_wall_clock() -> None:
    events = _read("webhook-unknown-code.xml").events

    assert events[-1].occurred_at == datetime(2026, 11, 20, 10, 44, 2, tzinfo=BRUSSELS)
    assert events[-1].occurred_at.utcoffset() == CET


def test_an_explicit_offset_is_kept_rather_than_read_as_brussels_time() -> None:
    parsed = bpost.parse_tracking(_item(_state("T00", "2026-11-18T21:14:52Z")), "x")

    assert parsed.events[0].occurred_at == datetime(2026, 11, 18, 22, 14, 52, tzinfo=BRUSSELS)


def test_summer_time_scans_get_the_summer_offset() -> None:
    parsed = bpost.parse_tracking(_item(_state("T00", "2026-07-14T10:00:00")), "x")

    assert parsed.events[0].occurred_at.utcoffset() == timedelta(hours=2)


def test_every_code_in_the_mapped_fixtures_is_in_status_map() -> None:
    for name, entry in MANIFEST.items():
        codes = {e.code for e in _read(name).events}
        assert codes - set(entry["unmapped_codes"]) <= set(bpost.STATUS_MAP), name


def test_status_map_codes_are_bpost_state_codes_with_descriptions() -> None:
    for code, entry in bpost.STATUS_MAP.items():
        assert len(code) == 3 and code[0].isupper() and code[1:].isdigit(), code
        assert entry.description.strip()


def test_deliveries_say_where_and_failures_say_why() -> None:
    meaning = {code: entry.meaning for code, entry in bpost.STATUS_MAP.items()}

    assert meaning["U01"].place == DeliveryPlace.RECIPIENT
    assert meaning["U02"].place == DeliveryPlace.MAILBOX
    assert meaning["U03"].place == DeliveryPlace.NEIGHBOUR
    assert meaning["U04"].place == DeliveryPlace.SAFE_PLACE
    assert meaning["N74"].place == meaning["R13"].place == DeliveryPlace.PICKUP_POINT
    assert meaning["B03"].reason == meaning["B23"].reason == FailureReason.REFUSED
    assert meaning["B04"].reason == meaning["N01"].reason == FailureReason.NOT_HOME
    assert meaning["B05"].reason == meaning["B08"].reason == FailureReason.DAMAGED
    for code in ("B06", "B07", "B09", "B10"):
        assert meaning[code].reason == FailureReason.ADDRESS_INCORRECT
    assert meaning["L00"].status == Status.OUT_FOR_DELIVERY
    assert meaning["U08"].status == Status.RETURNED
    for entry in meaning.values():
        assert entry.place is None or entry.status == Status.DELIVERED
        assert entry.reason is None or entry.status == Status.DELIVERY_FAILED


def test_a_place_named_in_the_description_refines_a_regular_delivery() -> None:
    body = _item(
        _state("U01", "2026-11-19T13:27:04+01:00", "DistributedNormally - neighbour", "Nr. 16"),
    )

    event = bpost.parse_tracking(body, "x").events[0]

    assert event.delivery_place == DeliveryPlace.NEIGHBOUR
    assert event.delivery_place_detail == ""


@pytest.mark.django_db
def test_a_safe_place_delivery_does_not_take_the_scan_location_for_the_spot() -> None:
    body = _item(_state("U04", "2026-11-19T13:27:04+01:00", "", "achter het tuinhuis"))

    shipment = shipment_after("bpost", bpost.parse_tracking(body, "x").events)

    assert shipment.delivery_place == DeliveryPlace.SAFE_PLACE
    assert shipment.delivery_place_detail == ""


def test_a_push_may_hold_several_items() -> None:
    body = (
        b'<itemTrackings xmlns="http://schema.post.be/tracking/v1/">'
        + _item(_state("T00", "2026-11-18T21:00:00+01:00"))
        + _item(_state("L00", "2026-11-19T07:40:00+01:00")).replace(b"9996<", b"9997<")
        + b"</itemTrackings>"
    )

    parsed = bpost.parse_webhook(body, "application/xml")

    assert [(e.tracking_code[-4:], e.code) for e in parsed.events] == [
        ("9996", "T00"),
        ("9997", "L00"),
    ]


def test_one_unreadable_scan_is_a_problem_and_the_others_are_kept() -> None:
    body = _item(
        _state("T00", "2026-11-18T21:00:00+01:00"),
        _state("L00", "gisteren"),
        "<stateInfo><time>2026-11-19T09:00:00+01:00</time><stateCode> </stateCode></stateInfo>",
        _state("U02", "2026-11-19T11:06:41+01:00"),
    )

    parsed = bpost.parse_webhook(body, "application/xml")

    assert [e.code for e in parsed.events] == ["T00", "U02"]
    assert [p.index for p in parsed.problems] == [1, 2]
    assert "unreadable timestamp 'gisteren'" in parsed.problems[0].message
    assert "no stateCode" in parsed.problems[1].message


def test_a_document_whose_every_scan_is_unreadable_gives_only_problems() -> None:
    parsed = bpost.parse_tracking(_item(_state("T00", "")), "x")

    assert parsed.events == []
    assert [p.message for p in parsed.problems] == [
        "323212345600000000099996: stateInfo has no time"
    ]


def test_fields_halte_does_not_use_cannot_spoil_the_scans() -> None:
    body = _item(
        _state("U02", "2026-11-19T11:06:41+01:00"),
        extra="<itemDetail><weightInGrams>zwaar</weightInGrams></itemDetail>",
    )

    assert [e.code for e in bpost.parse_webhook(body, "application/xml").events] == ["U02"]


def test_the_tracking_answer_falls_back_to_the_asked_code() -> None:
    body = _item(_state("T00", "2026-11-18T21:00:00+01:00")).replace(
        b"<itemCode>323212345600000000099996</itemCode>", b""
    )

    parsed = bpost.parse_tracking(body, " 323212345600000000012345 ")

    assert parsed.events[0].tracking_code == "323212345600000000012345"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the body is empty"),
        (b"   ", "the body is empty"),
        (b'{"events": []}', "not well-formed XML"),
        (b"<itemTracking><stateInfo>", "not well-formed XML"),
        (b"<shipments><shipment/></shipments>", "got <shipments>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "boom">]><itemTracking>&a;'
            b"</itemTracking>",
            "DOCTYPE or ENTITY declaration is refused",
        ),
        (
            b"<itemTracking><stateInfo><time>2026-11-18T21:00:00</time>"
            b"<stateCode>T00</stateCode></stateInfo></itemTracking>",
            "itemTracking #1 has no itemCode",
        ),
    ],
)
def test_an_unreadable_push_is_refused_with_the_reason(body: bytes, message: str) -> None:
    with pytest.raises(MalformedPayload, match=message):
        bpost.parse_webhook(body, "application/xml")


def test_a_bpost_error_answer_is_refused_with_bpost_message() -> None:
    body = (
        b'<businessException xmlns="http://schema.post.be/api/shm/v1/">'
        b"<code>404</code><message>Item not found</message></businessException>"
    )

    with pytest.raises(MalformedPayload, match="businessException 404: Item not found"):
        bpost.parse_tracking(body, "323212345600000000099996")


def test_a_tracking_answer_must_be_an_item_document() -> None:
    body = b"<itemTrackings>" + _item(_state("T00", "2026-11-18T21:00:00")) + b"</itemTrackings>"

    with pytest.raises(MalformedPayload, match="expected an <itemTracking> document"):
        bpost.parse_tracking(body, "x")


def test_the_push_secret_is_accepted_only_when_it_matches() -> None:
    body = (FIXTURES / "webhook-returned.xml").read_bytes()
    headers = bpost.WEBHOOK_AUTH.headers_for(body, "s3cret-bpost")

    assert headers == {"X-Halte-Webhook-Secret": "s3cret-bpost"}
    assert bpost.WEBHOOK_AUTH.verify(
        {"x-halte-webhook-secret": "s3cret-bpost"}, body, "s3cret-bpost"
    )
    assert not bpost.WEBHOOK_AUTH.verify(headers, body, "another-secret")
    assert not bpost.WEBHOOK_AUTH.verify({}, body, "s3cret-bpost")
    assert not bpost.WEBHOOK_AUTH.verify(headers, body, "")


def test_the_tracking_request_asks_trackedmail_with_basic_auth() -> None:
    account = Credentials(api_url="http://127.0.0.1:8765/", api_key="pass/ph", api_user="123456")

    request = bpost.tracking_request(" 323212345600000000011118 ", account)

    assert request.method == "GET"
    assert request.url == (
        "http://127.0.0.1:8765/services/trackedmail/item/323212345600000000011118/trackingInfo"
    )
    token = base64.b64encode(b"123456:pass/ph").decode()
    assert request.headers == {"Authorization": f"Basic {token}"}
    assert request.body is None


def test_the_tracking_request_escapes_the_code_in_the_path() -> None:
    request = bpost.tracking_request("CD/12?3", Credentials(api_url="https://api.example"))

    assert request.url == "https://api.example/services/trackedmail/item/CD%2F12%3F3/trackingInfo"
