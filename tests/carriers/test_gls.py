"""The GLS adapter reads GLS Track and Trace documents, pushed or polled, into carrier events."""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from halte.carriers import gls
from halte.carriers.feed import Credentials, MalformedPayload, Parsed
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status
from tests.carriers.intake import SHOWN, shipment_after, shown, unmapped_codes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers" / "gls"
MANIFEST: dict[str, dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text())
CET = timedelta(hours=1)


def _parse(name: str) -> Parsed:
    entry = MANIFEST[name]
    body = (FIXTURES / name).read_bytes()
    if entry["kind"] == "webhook":
        return gls.parse_webhook(body, entry["content_type"])
    return gls.parse_tracking(body, entry["tracking_code"])


def _push(*events: dict[str, Any], unitno: str = "52841170999") -> bytes:
    return json.dumps({"parcels": [{"unitno": unitno, "events": list(events)}]}).encode()


def _event(code: str = "INBOUD.NORMAL", when: str = "2026-11-18T04:12:47+0100") -> dict[str, Any]:
    return {
        "code": code,
        "city": "Nieuwegein",
        "postalCode": "3439 NG",
        "country": "NL",
        "description": "The parcel has reached the parcel center.",
        "eventDateTime": when,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_fixture_ends_where_the_manifest_says(name: str) -> None:
    parsed = _parse(name)
    entry = MANIFEST[name]

    assert parsed.problems == []
    shipment = shipment_after("gls", parsed.events)
    assert shipment.tracking_code == entry["tracking_code"]
    assert shown(shipment) == {field: entry[field] for field in SHOWN}
    assert unmapped_codes(shipment) == sorted(entry["unmapped_codes"])


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_fixture_event_is_kept_with_an_aware_amsterdam_time(name: str) -> None:
    raw = json.loads((FIXTURES / name).read_text())["parcels"][0]["events"]
    parsed = _parse(name)

    assert [e.code for e in parsed.events] == [r["code"] for r in raw]
    for event in parsed.events:
        assert event.occurred_at.utcoffset() == CET
        assert datetime(2026, 11, 16, tzinfo=UTC) <= event.occurred_at
        assert event.occurred_at < datetime(2026, 11, 21, tzinfo=UTC)
        assert event.event_id is None


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_code_in_the_fixtures_is_mapped_unless_the_manifest_says_otherwise(
    name: str,
) -> None:
    codes = {e.code for e in _parse(name).events}

    assert codes - set(gls.STATUS_MAP) == set(MANIFEST[name]["unmapped_codes"])


def test_the_manifest_lists_every_fixture_file() -> None:
    files = {p.name for p in FIXTURES.iterdir() if p.name != "manifest.json"}

    assert files == set(MANIFEST)
    assert {n for n in files if n.startswith("webhook-")} >= {
        "webhook-delivered-mailbox.json",
        "webhook-delivered-neighbour.json",
        "webhook-failed-address.json",
        "webhook-returned.json",
        "webhook-unknown-code.json",
    }


def test_a_delivery_event_keeps_time_seconds_location_and_description() -> None:
    delivered = _parse("webhook-delivered-mailbox.json").events[0]

    assert delivered.code == "DELIVD.LETTERBOX"
    assert delivered.occurred_at == datetime(2026, 11, 18, 10, 42, 5, tzinfo=UTC)
    assert delivered.location == "Utrecht, 3572 KD, NL"
    assert delivered.description == "The parcel has been delivered in the letterbox."


def test_an_event_without_a_city_is_located_by_its_country_alone() -> None:
    preadvice = _parse("webhook-delivered-mailbox.json").events[-1]

    assert preadvice.code == "INTIAL.PREADVICE"
    assert preadvice.location == "NL"


def test_the_neighbours_address_becomes_the_delivery_detail_without_their_name() -> None:
    delivered = _parse("webhook-delivered-neighbour.json").events[0]

    assert delivered.delivery_place == DeliveryPlace.NEIGHBOUR
    assert delivered.delivery_place_detail == "Dorpsstraat 14"
    assert "Jansen" not in delivered.delivery_place_detail


def test_a_neighbour_known_only_by_house_number_is_described_by_it() -> None:
    event = _event("DELIVD.NEIGHBOUR") | {
        "deliveryInfo": {"neighbourDelivery": {"houseNumber": "14"}}
    }

    parsed = gls.parse_webhook(_push(event), "application/json")

    assert parsed.events[0].delivery_place_detail == "huisnummer 14"


def test_a_plain_delivery_with_neighbour_information_is_a_neighbour_delivery() -> None:
    info = {"neighbourDelivery": {"street": "Kerkstraat", "houseNumber": "3a"}}
    event = _event("DELIVD.NORMAL") | {"deliveryInfo": info}

    delivered = gls.parse_webhook(_push(event), "application/json").events[0]

    assert gls.STATUS_MAP["DELIVD.NORMAL"].meaning.place == DeliveryPlace.RECIPIENT
    assert delivered.delivery_place == DeliveryPlace.NEIGHBOUR
    assert delivered.delivery_place_detail == "Kerkstraat 3a"


def test_a_parcelshop_delivery_names_the_shop_and_its_address() -> None:
    shop = {
        "parcelshopId": "2528000123",
        "name": "Primera Van der Meer",
        "street": "Langestraat",
        "houseNumber": "21",
        "postalCode": "9712 GB",
        "city": "Groningen",
    }
    event = _event("DELIVD.PARCELSHOP") | {"deliveryInfo": {"parcelshopDelivery": shop}}

    delivered = gls.parse_webhook(_push(event), "application/json").events[0]

    assert delivered.delivery_place == DeliveryPlace.PICKUP_POINT
    assert (
        delivered.delivery_place_detail == "Primera Van der Meer, Langestraat 21, 9712 GB Groningen"
    )


def test_a_deposit_delivery_says_where_the_parcel_was_left() -> None:
    event = _event("DELIVD.DEPOSIT") | {
        "deliveryInfo": {"depositDelivery": {"location": "achter het huis"}}
    }

    delivered = gls.parse_webhook(_push(event), "application/json").events[0]

    assert delivered.delivery_place == DeliveryPlace.SAFE_PLACE
    assert delivered.delivery_place_detail == "achter het huis"


def test_delivery_information_on_an_event_that_is_no_delivery_sets_no_place() -> None:
    event = _event("NOTDEL.ABSENT") | {
        "deliveryInfo": {"parcelshopDelivery": {"name": "Primera Van der Meer"}}
    }

    failed = gls.parse_webhook(_push(event), "application/json").events[0]

    assert failed.delivery_place is None
    assert failed.delivery_place_detail == ""


@pytest.mark.django_db
def test_the_tracking_answer_names_no_parcelshop_so_the_code_alone_says_pickup_point() -> None:
    events = _parse("tracking-delivered-parcelshop.json").events

    assert events[0].code == "DELIVD.PARCELSHOP"
    assert events[0].delivery_place is None
    assert shipment_after("gls", events).delivery_place == DeliveryPlace.PICKUP_POINT


def test_a_time_without_an_offset_is_amsterdam_wall_clock_time() -> None:
    parsed = gls.parse_webhook(_push(_event(when="2026-11-18T04:12:47")), "application/json")

    assert parsed.events[0].occurred_at == datetime(2026, 11, 18, 3, 12, 47, tzinfo=UTC)


def test_a_time_with_another_offset_keeps_that_offset() -> None:
    parsed = gls.parse_webhook(_push(_event(when="2026-11-18T04:12:47+0000")), "application/json")

    assert parsed.events[0].occurred_at == datetime(2026, 11, 18, 4, 12, 47, tzinfo=UTC)


def test_a_time_with_fractions_of_a_second_is_read() -> None:
    parsed = gls.parse_webhook(
        _push(_event(when="2026-11-18T04:12:47.250+01:00")), "application/json"
    )

    assert parsed.events[0].occurred_at == datetime(2026, 11, 18, 3, 12, 47, 250000, tzinfo=UTC)


def test_one_unreadable_event_is_a_problem_while_the_others_are_kept() -> None:
    bad = _event("OUTBOD.NORMAL") | {"eventDateTime": "gisteren"}
    body = _push(_event("OUTDEL.NORMAL"), bad, _event("INBOUD.NORMAL"))

    parsed = gls.parse_webhook(body, "application/json")

    assert [e.code for e in parsed.events] == ["OUTDEL.NORMAL", "INBOUD.NORMAL"]
    assert len(parsed.problems) == 1
    assert parsed.problems[0].index == 1
    assert parsed.problems[0].message == (
        "parcels[0].events[1]: 'eventDateTime': unreadable timestamp 'gisteren'"
    )


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("INBOUD.NORMAL", "parcels[0].events[0]: must be an object"),
        ({"eventDateTime": "2026-11-18T04:12:47+0100"}, "parcels[0].events[0]: 'code' is missing"),
        ({"code": "INBOUD.NORMAL"}, "parcels[0].events[0]: 'eventDateTime' is missing"),
        (_event() | {"city": 3439}, "parcels[0].events[0]: 'city' must be a string"),
        (
            _event("DELIVD.NORMAL") | {"deliveryInfo": "buren"},
            "parcels[0].events[0]: 'deliveryInfo' must be an object",
        ),
        (
            _event("DELIVD.NORMAL") | {"deliveryInfo": {"neighbourDelivery": "Dorpsstraat 14"}},
            "parcels[0].events[0]: 'deliveryInfo.neighbourDelivery' must be an object",
        ),
    ],
)
def test_an_unreadable_event_is_reported_with_where_and_why(event: Any, message: str) -> None:
    parsed = gls.parse_webhook(_push(event, _event("OUTDEL.NORMAL")), "application/json")

    assert [p.message for p in parsed.problems] == [message]
    assert [e.code for e in parsed.events] == ["OUTDEL.NORMAL"]


def test_a_parcel_gls_does_not_know_is_a_problem_beside_the_parcels_it_knows() -> None:
    known = json.loads((FIXTURES / "tracking-in-transit.json").read_text())["parcels"][0]
    unknown = {
        "requested": "42249018928",
        "errorCode": "E_404_01",
        "errorMessage": "Resource Not Found",
    }
    body = json.dumps({"parcels": [unknown, known]}).encode()

    parsed = gls.parse_tracking(body, "52841170468")

    assert [p.message for p in parsed.problems] == [
        "parcels[0]: GLS reports E_404_01 (Resource Not Found) for '42249018928'"
    ]
    assert len(parsed.events) == 3


def test_a_push_of_one_parcel_without_the_parcels_list_is_read() -> None:
    body = json.dumps({"unitno": "52841170999", "events": [_event()]}).encode()

    parsed = gls.parse_webhook(body, "application/json")

    assert [(e.tracking_code, e.code) for e in parsed.events] == [("52841170999", "INBOUD.NORMAL")]


def test_a_push_parcel_without_any_number_is_a_problem() -> None:
    body = json.dumps({"parcels": [{"status": "INTRANSIT", "events": [_event()]}]}).encode()

    parsed = gls.parse_webhook(body, "application/json")

    assert parsed.events == []
    assert [p.message for p in parsed.problems] == [
        "parcels[0]: has neither 'requested' nor 'unitno'"
    ]


def test_a_tracking_answer_without_parcel_numbers_belongs_to_the_code_asked_for() -> None:
    body = json.dumps({"parcels": [{"status": "INTRANSIT", "events": [_event()]}]}).encode()

    parsed = gls.parse_tracking(body, "52841170468")

    assert [e.tracking_code for e in parsed.events] == ["52841170468"]


def test_the_tracking_answer_is_filed_under_the_requested_code_not_the_gls_unit_number() -> None:
    document = json.loads((FIXTURES / "tracking-in-transit.json").read_text())
    document["parcels"][0]["requested"] = "ZX61QJIX"

    parsed = gls.parse_tracking(json.dumps(document).encode(), "ZX61QJIX")

    assert {e.tracking_code for e in parsed.events} == {"ZX61QJIX"}


def test_a_tracking_answer_without_events_has_nothing_to_report() -> None:
    body = json.dumps({"parcels": [{"requested": "52841170468", "status": "INTRANSIT"}]}).encode()

    assert gls.parse_tracking(body, "52841170468") == Parsed()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the body is empty"),
        (b"  \n", "the body is empty"),
        (b"parcels=1", "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><parcels/>',
            "expected a GLS Track and Trace JSON document, got XML or HTML",
        ),
        (
            b"<html><body>Authorization failed</body></html>",
            "expected a GLS Track and Trace JSON document, got XML or HTML",
        ),
        (b"[]", "expected a JSON object with a list under 'parcels' (GLS Track and Trace answer)"),
        (
            b'{"parcels": {"unitno": "1"}}',
            "expected a JSON object with a list under 'parcels' (GLS Track and Trace answer)",
        ),
        (
            b'{"fault": {"faultstring": "The Token has expired: policy(Verify-JWT)"}}',
            "GLS API gateway refused the request: The Token has expired: policy(Verify-JWT)",
        ),
        (
            b'{"type": "about:blank", "title": "Bad Request", "status": 400,'
            b' "detail": "Provided references of size \'11\' is more than allowed limit of 10"}',
            "GLS answered 400 Bad Request: Provided references of size '11' is more than "
            "allowed limit of 10",
        ),
    ],
)
def test_a_payload_that_cannot_be_read_at_all_is_refused_with_the_reason(
    body: bytes, message: str
) -> None:
    with pytest.raises(MalformedPayload) as webhook:
        gls.parse_webhook(body, "application/json")
    with pytest.raises(MalformedPayload) as tracking:
        gls.parse_tracking(body, "52841170468")

    assert str(webhook.value).startswith(message)
    assert str(tracking.value).startswith(message)


def test_a_tracking_answer_must_hold_a_parcels_list_even_for_one_parcel() -> None:
    body = json.dumps({"unitno": "52841170468", "events": [_event()]}).encode()

    with pytest.raises(MalformedPayload, match="list under 'parcels'"):
        gls.parse_tracking(body, "52841170468")


def test_the_webhook_accepts_the_right_secret_only() -> None:
    body = (FIXTURES / "webhook-delivered-mailbox.json").read_bytes()
    headers = gls.WEBHOOK_AUTH.headers_for(body, "s3cret-gls")

    assert headers == {"X-Halte-Webhook-Secret": "s3cret-gls"}
    assert gls.WEBHOOK_AUTH.verify(headers, body, "s3cret-gls")
    assert gls.WEBHOOK_AUTH.verify({"x-halte-webhook-secret": "s3cret-gls"}, body, "s3cret-gls")
    assert not gls.WEBHOOK_AUTH.verify({"X-Halte-Webhook-Secret": "wrong"}, body, "s3cret-gls")
    assert not gls.WEBHOOK_AUTH.verify({}, body, "s3cret-gls")
    assert not gls.WEBHOOK_AUTH.verify({"X-Halte-Webhook-Secret": ""}, body, "")


def test_the_tracking_request_asks_gls_track_and_trace_for_the_parcel_with_its_events() -> None:
    account = Credentials(api_url="http://127.0.0.1:8765/", api_key="eyJ.token")

    request = gls.tracking_request("52841170468", account)

    assert request.method == "GET"
    assert request.url == (
        "http://127.0.0.1:8765/track-and-trace-v1/tracking/simple/trackids/52841170468"
        "?showEvents=true"
    )
    assert request.headers["Authorization"] == "Bearer eyJ.token"
    assert request.headers["Accept"] == "application/json"
    assert request.body is None


def test_the_tracking_request_does_not_repeat_the_api_prefix_or_trust_the_code() -> None:
    account = Credentials(api_url="https://api.gls-group.net/track-and-trace-v1", api_key="t")

    request = gls.tracking_request(" 5284/11?x ", account)

    assert request.url == (
        "https://api.gls-group.net/track-and-trace-v1/tracking/simple/trackids/5284%2F11%3Fx"
        "?showEvents=true"
    )


def test_every_code_is_a_gls_event_type_and_reason() -> None:
    for code in gls.STATUS_MAP:
        assert re.fullmatch(r"[A-Z]{6}\.[A-Z0-9_]+", code), code


def test_every_code_carries_the_carriers_description() -> None:
    for code, entry in gls.STATUS_MAP.items():
        assert entry.description.strip(), code
        assert entry.meaning.status != Status.UNMAPPED, code


def test_every_delivery_says_where() -> None:
    placeless = {
        code
        for code, entry in gls.STATUS_MAP.items()
        if entry.meaning.status == Status.DELIVERED and entry.meaning.place is None
    }

    assert placeless == set()
    assert all(
        c.startswith("DELIVD.")
        for c, e in gls.STATUS_MAP.items()
        if e.meaning.status == Status.DELIVERED
    )


@pytest.mark.parametrize(
    ("code", "status", "place", "reason"),
    [
        ("INTIAL.PREADVICE", Status.ANNOUNCED, None, None),
        ("INTIAL.NORMAL", Status.RECEIVED_BY_CARRIER, None, None),
        ("INBOUD.NORMAL", Status.AT_DEPOT, None, None),
        ("OUTDEL.NORMAL", Status.OUT_FOR_DELIVERY, None, None),
        ("DELIVD.NORMAL", Status.DELIVERED, DeliveryPlace.RECIPIENT, None),
        ("DELIVD.PARCELSHOP", Status.DELIVERED, DeliveryPlace.PICKUP_POINT, None),
        ("DELIVD.NEIGHBOUR", Status.DELIVERED, DeliveryPlace.NEIGHBOUR, None),
        ("DELIVD.LETTERBOX", Status.DELIVERED, DeliveryPlace.MAILBOX, None),
        ("DELIVD.DEPOSIT", Status.DELIVERED, DeliveryPlace.SAFE_PLACE, None),
        ("NOTDEL.ABSENT", Status.DELIVERY_FAILED, None, FailureReason.NOT_HOME),
        ("NOTDEL.ADDRESS", Status.DELIVERY_FAILED, None, FailureReason.ADDRESS_INCORRECT),
        ("NOTDEL.REFUSED", Status.DELIVERY_FAILED, None, FailureReason.REFUSED),
        ("NOTDEL.DAMAGED", Status.DELIVERY_FAILED, None, FailureReason.DAMAGED),
        ("RETURN.NORMAL", Status.RETURNING_TO_SENDER, None, None),
        ("RETURN.DELIVERED", Status.RETURNED, None, None),
        ("CHANGD.MONEWADDR", Status.IN_TRANSIT, None, None),
        ("CANCEL.NORMAL", Status.EXCEPTION, None, None),
    ],
)
def test_the_key_codes_mean_what_gls_says(
    code: str, status: Status, place: DeliveryPlace | None, reason: FailureReason | None
) -> None:
    meaning = gls.STATUS_MAP[code].meaning

    assert (meaning.status, meaning.place, meaning.reason) == (status, place, reason)


def test_the_codes_gls_publishes_are_kept_apart_from_halte_s_reading() -> None:
    assert {
        "INTIAL.PREADVICE",
        "INTIAL.NORMAL",
        "DELIVD.PARCELSHOP",
        "CANCEL.NORMAL",
        "CHANGD.PARCELBOX",
    } <= gls.DOCUMENTED_CODES
    assert "DELIVD.NEIGHBOUR" not in gls.DOCUMENTED_CODES
    assert set(gls.STATUS_MAP) > gls.DOCUMENTED_CODES
