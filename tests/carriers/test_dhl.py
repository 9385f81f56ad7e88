"""DHL's three formats read into Halte events: unified API, Parcel DE XML and Parcel NL JSON."""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from halte.carriers import dhl
from halte.carriers.feed import Credentials, MalformedPayload, Parsed
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status
from tests.carriers.intake import SHOWN, shipment_after, shown, unmapped_codes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers" / "dhl"
MANIFEST: dict[str, dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text())
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CET = timedelta(hours=1)


def _read(name: str) -> Parsed:
    body = (FIXTURES / name).read_bytes()
    entry = MANIFEST[name]
    if entry["kind"] == "webhook":
        return dhl.parse_webhook(body, entry["content_type"])
    return dhl.parse_tracking(body, entry["tracking_code"])


def _nl_parcel(*events: Any) -> bytes:
    return json.dumps({"barcode": "JVGL06290512000100000999", "events": list(events)}).encode()


def _unified(*events: dict[str, Any], service: str = "parcel-nl") -> bytes:
    shipment = {"id": "JVGL06290512000100000998", "service": service, "events": list(events)}
    return json.dumps({"shipments": [shipment]}).encode()


def _de(*events: str, ruecksendung: str = "false") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><data name="piece-shipment-list" code="0">'
        '<data name="piece-shipment" error-status="0" piece-code="00340434292135100193">'
        f'<data name="piece-event-list" ruecksendung="{ruecksendung}">{"".join(events)}</data>'
        "</data></data>"
    ).encode()


def _de_event(stamp: str, ice: str, ric: str, ttpro: str, ruecksendung: str = "false") -> str:
    return (
        f'<data name="piece-event" event-timestamp="{stamp}" event-status="status text" '
        f'ice="{ice}" ric="{ric}" standard-event-code="{ttpro}" event-location="Venlo" '
        f'event-country="Netherlands" ruecksendung="{ruecksendung}"/>'
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_fixture_comes_to_the_state_its_manifest_expects(name: str) -> None:
    entry = MANIFEST[name]
    parsed = _read(name)
    assert parsed.problems == []
    shipment = shipment_after("dhl", parsed.events)
    assert shipment.tracking_code == entry["tracking_code"]
    assert shown(shipment) == {field: entry[field] for field in SHOWN}
    assert unmapped_codes(shipment) == sorted(entry["unmapped_codes"])


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_code_in_a_fixture_is_mapped_except_the_ones_meant_to_be_unknown(name: str) -> None:
    codes = {e.code for e in _read(name).events}
    assert codes - set(dhl.STATUS_MAP) == set(MANIFEST[name]["unmapped_codes"])


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_fixture_time_is_aware_and_within_the_fixture_week(name: str) -> None:
    for event in _read(name).events:
        assert event.occurred_at.tzinfo is not None
        assert datetime(2026, 11, 16, tzinfo=UTC) <= event.occurred_at
        assert event.occurred_at < datetime(2026, 11, 21, tzinfo=UTC)


def test_a_parcel_nl_push_keeps_dhls_utc_times_and_the_neighbours_address() -> None:
    events = _read("webhook-delivered-neighbour.json").events
    assert [e.code for e in events] == [
        "PRENOTIFICATION_RECEIVED",
        "PARCEL_SORTED_AT_HUB",
        "PARCEL_ARRIVED_AT_LOCAL_DEPOT",
        "OUT_FOR_DELIVERY",
        "DELIVERED_AT_NEIGHBOURS",
    ]
    delivered = events[-1]
    assert delivered.occurred_at == datetime(2026, 11, 17, 13, 26, 30, tzinfo=UTC)
    assert delivered.occurred_at.utcoffset() == timedelta(0)
    assert delivered.delivery_place == DeliveryPlace.NEIGHBOUR
    assert delivered.delivery_place_detail == "Dorpsstraat 14"
    assert delivered.location == "Depot Utrecht"
    assert all(e.delivery_place is None for e in events[:-1])


@pytest.mark.django_db
def test_a_parcel_nl_delivery_in_the_mailbox_needs_no_detail() -> None:
    events = _read("webhook-delivered-mailbox.json").events
    assert events[-1].code == "DELIVERED_IN_MAILBOX"
    assert events[-1].delivery_place is None

    shipment = shipment_after("dhl", events)

    assert (shipment.delivery_place, shipment.delivery_place_detail) == (DeliveryPlace.MAILBOX, "")


def test_a_parcel_nl_pickup_point_detail_is_the_points_name_and_address() -> None:
    delivered = _read("tracking-nl-pickup-point.json").events[-1]
    assert delivered.code == "DELIVERED_AT_PARCELSHOP"
    assert delivered.delivery_place == DeliveryPlace.PICKUP_POINT
    assert delivered.delivery_place_detail == "Primera Oudegracht, Oudegracht 120, Utrecht"


def test_a_parcel_nl_return_reads_as_refused_then_returning_then_back_with_the_sender() -> None:
    statuses = [dhl.STATUS_MAP[e.code].meaning for e in _read("webhook-returned.json").events]
    assert [m.status for m in statuses[-4:]] == [
        Status.DELIVERY_FAILED,
        Status.RETURNING_TO_SENDER,
        Status.RETURNING_TO_SENDER,
        Status.RETURNED,
    ]
    assert statuses[-4].reason == FailureReason.REFUSED


def test_parcel_de_codes_join_ice_ric_and_standard_event_code_in_amsterdam_time() -> None:
    events = _read("tracking-de-delivered-neighbour.xml").events
    assert [e.code for e in events] == [
        "PARCV/NRQRD/VA",
        "PCKDU/PUBCR/AE",
        "LDTMV/MVMTV/AA",
        "ULFMV/UNLDD/EE",
        "SRTED/NRQRD/PO",
        "DLVRD/NGHBR/ZU",
    ]
    delivered = events[-1]
    assert delivered.occurred_at == datetime(2026, 11, 18, 13, 52, tzinfo=AMSTERDAM)
    assert delivered.occurred_at.utcoffset() == CET
    assert delivered.tracking_code == "00340434292135100124"
    assert delivered.description == "The shipment has been delivered to a neighbour"
    assert delivered.location == "Venlo, Netherlands"
    assert dhl.STATUS_MAP["SRTED/NRQRD/PO"].meaning.status == Status.OUT_FOR_DELIVERY


@pytest.mark.django_db
def test_a_parcel_de_return_shipment_ends_returned_and_not_delivered() -> None:
    events = _read("tracking-de-returned.xml").events
    assert [e.code for e in events][-4:] == [
        "NTDEL/NHOME/ZN",
        "RETRN/NHOME/ZN",
        "RUECKSENDUNG/AA",
        "RUECKSENDUNG/ZU",
    ]
    assert dhl.STATUS_MAP["NTDEL/NHOME/ZN"].meaning.reason == FailureReason.NOT_HOME
    shipment = shipment_after("dhl", events)
    assert (shipment.status, shipment.delivered_at) == (Status.RETURNED, None)


def test_parcel_de_event_without_an_ice_uses_its_standard_event_code() -> None:
    event = '<data name="piece-event" event-timestamp="18.11.2026 10:00" standard-event-code="PO"/>'
    parsed = dhl.parse_tracking(_de(event), "00340434292135100193")
    assert [e.code for e in parsed.events] == ["PO"]
    assert dhl.STATUS_MAP["PO"].meaning.status == Status.OUT_FOR_DELIVERY


def test_unified_parcel_nl_events_keep_the_parcel_nl_status_and_dhls_offsets() -> None:
    events = _read("tracking-unified-delivered.json").events
    assert [e.code for e in events] == [
        "DELIVERED_AT_PARCELSHOP",
        "OUT_FOR_DELIVERY",
        "PARCEL_ARRIVED_AT_LOCAL_DEPOT",
        "PARCEL_SORTED_AT_HUB",
        "PRENOTIFICATION_RECEIVED",
    ]
    assert events[0].occurred_at == datetime(2026, 11, 19, 14, 47, 22, tzinfo=UTC)
    assert events[0].description == "The parcel has been delivered at the DHL ServicePoint."
    assert events[0].location == "Amersfoort"
    # The one timestamp without an offset is read as Dutch wall-clock time.
    assert events[3].occurred_at == datetime(2026, 11, 19, 2, 16, 58, tzinfo=AMSTERDAM)


def test_unified_events_of_other_services_use_the_coarse_status_code() -> None:
    events = _read("tracking-unified-in-transit.json").events
    assert [e.code for e in events] == ["transit", "transit", "pre-transit"]
    assert events[0].occurred_at == datetime(2026, 11, 19, 9, 12, tzinfo=UTC)
    assert events[0].tracking_code == "00340434292135100186"


def test_a_sentence_in_status_is_never_taken_for_a_code_even_for_parcel_nl() -> None:
    event = {
        "timestamp": "2026-11-19T10:00:00+01:00",
        "statusCode": "transit",
        "status": "Parcel sorted",
    }
    assert [e.code for e in dhl.parse_tracking(_unified(event), "").events] == ["transit"]


def test_a_unified_shipment_without_an_id_takes_the_polled_tracking_code() -> None:
    body = json.dumps(
        {
            "shipments": [
                {"events": [{"timestamp": "2026-11-19T10:00:00Z", "statusCode": "transit"}]}
            ]
        }
    ).encode()
    assert [e.tracking_code for e in dhl.parse_tracking(body, "JVGL123").events] == ["JVGL123"]


def test_a_pushed_unified_shipment_without_an_id_is_a_problem() -> None:
    unified = {
        "shipments": [{"events": [{"timestamp": "2026-11-19T10:00Z", "statusCode": "transit"}]}]
    }
    parsed = dhl.parse_webhook(json.dumps(unified).encode(), "application/json")
    assert parsed.events == []
    assert [(p.index, p.message) for p in parsed.problems] == [(0, "shipment 1 has no id")]


def test_a_pushed_parcel_de_piece_without_a_piece_code_is_a_problem() -> None:
    body = _de(_de_event("17.11.2026 09:31", "ULFMV", "UNLDD", "EE"))
    parsed = dhl.parse_webhook(body.replace(b' piece-code="00340434292135100193"', b""), "")
    assert parsed.events == []
    assert [p.message for p in parsed.problems] == ["piece-shipment has no piece-code"]


def test_a_pushed_parcel_nl_parcel_without_a_barcode_is_a_problem() -> None:
    nl = {"barcode": "", "events": [{"status": "DELIVERED", "timestamp": "2026-11-19T10:00:00Z"}]}
    parsed = dhl.parse_webhook(json.dumps(nl).encode(), "application/json")
    assert parsed.events == []
    assert [p.message for p in parsed.problems] == ["parcel 1 has no barcode"]


def test_the_format_is_read_from_the_content_not_the_content_type() -> None:
    body = (FIXTURES / "tracking-de-returned.xml").read_bytes()
    assert len(dhl.parse_webhook(body, "application/json").events) == 7


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the body is empty"),
        (b"   \n", "the body is empty"),
        (b"\xff\xfe\x00", "not UTF-8 text"),
        (b"status=delivered", "not valid JSON"),
        (b'{"parcels": []}', "expected DHL unified tracking JSON"),
        (b"[1, 2]", "expected DHL unified tracking JSON"),
        (b'{"shipments": {"id": "x"}}', "'shipments' must be a list"),
        (b'{"shipments": []}', "'shipments' is empty"),
        (
            b'{"title": "No result found", "status": 404, '
            b'"detail": "No shipment with given tracking number found."}',
            "DHL answered with an error: No result found (404) No shipment with given",
        ),
        (b"<data><unclosed></data>", "not well-formed XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE data [<!ENTITY x "y">]><data>&x;</data>',
            "XML with a DOCTYPE or ENTITY declaration is refused",
        ),
        (b"<trackingResponse/>", "expected DHL Parcel DE <data> XML, got <trackingResponse>"),
        (
            b'<data name="piece-shipment-list" code="100" error="No data found"/>',
            "DHL Parcel DE answered with error 100: No data found",
        ),
        (b'<data name="piece-shipment-list" code="0"/>', 'without a <data name="piece-shipment">'),
    ],
)
def test_a_payload_that_cannot_be_read_at_all_is_refused_with_the_reason(
    body: bytes, message: str
) -> None:
    with pytest.raises(MalformedPayload, match=re.escape(message)):
        dhl.parse_webhook(body, "application/json")
    with pytest.raises(MalformedPayload, match=re.escape(message)):
        dhl.parse_tracking(body, "JVGL06290512000100000117")


def test_an_empty_parcel_nl_list_is_refused() -> None:
    with pytest.raises(MalformedPayload, match="empty list of parcels"):
        dhl.parse_tracking(b"[]", "JVGL06290512000100000117")


def test_one_bad_parcel_nl_event_is_a_problem_and_the_others_are_kept() -> None:
    good = {"status": "OUT_FOR_DELIVERY", "timestamp": "2026-11-19T07:12:03Z"}
    parsed = dhl.parse_webhook(
        _nl_parcel(good, {"status": "DELIVERED"}, "junk", {"timestamp": "2026-11-19T09:00:00Z"}),
        "application/json",
    )
    assert [e.code for e in parsed.events] == ["OUT_FOR_DELIVERY"]
    assert [(p.index, p.message) for p in parsed.problems] == [
        (1, "event has no timestamp"),
        (2, "event must be an object"),
        (3, "event has no status"),
    ]


def test_one_unified_event_with_an_unreadable_time_is_a_problem_and_karrio_reads_the_rest() -> None:
    parsed = dhl.parse_tracking(
        _unified(
            {
                "timestamp": "2026-11-19T10:00:00+01:00",
                "statusCode": "delivered",
                "status": "DELIVERED",
            },
            {"timestamp": "gisteren", "statusCode": "transit", "status": "PARCEL_SORTED_AT_HUB"},
            {"timestamp": "2026-11-18T16:40:03+01:00", "statusCode": "pre-transit"},
        ),
        "",
    )
    assert [e.code for e in parsed.events] == ["DELIVERED", "pre-transit"]
    assert [(p.index, p.message) for p in parsed.problems] == [
        (1, "unreadable timestamp 'gisteren'")
    ]


def test_one_parcel_de_event_with_an_unreadable_time_is_a_problem_and_karrio_reads_the_rest() -> (
    None
):
    parsed = dhl.parse_tracking(
        _de(
            _de_event("17.11.2026 09:31", "ULFMV", "UNLDD", "EE"),
            _de_event("31.11.2026 08:02", "SRTED", "NRQRD", "PO"),
            '<data name="piece-event" event-timestamp="18.11.2026 12:00"/>',
            _de_event("18.11.2026 13:52", "DLVRD", "POBOX", "ZU"),
        ),
        "00340434292135100193",
    )
    assert [(e.code, e.occurred_at) for e in parsed.events] == [
        ("ULFMV/UNLDD/EE", datetime(2026, 11, 17, 9, 31, tzinfo=AMSTERDAM)),
        ("DLVRD/POBOX/ZU", datetime(2026, 11, 18, 13, 52, tzinfo=AMSTERDAM)),
    ]
    assert [(p.index, p.message) for p in parsed.problems] == [
        (1, "unreadable timestamp '31.11.2026 08:02'"),
        (2, "event has no ice or standard-event-code"),
    ]


def test_a_parcel_de_piece_dhl_could_not_track_is_a_problem() -> None:
    body = (
        b'<data name="piece-shipment-list" code="0"><data name="piece-shipment" '
        b'error-status="100" searched-piece-code="00340434292135100209" error="No data found"/>'
        b"</data>"
    )
    parsed = dhl.parse_tracking(body, "00340434292135100209")
    assert parsed.events == []
    assert [p.message for p in parsed.problems] == [
        "DHL Parcel DE could not track 00340434292135100209: No data found"
    ]


def test_a_push_with_the_agreed_key_in_its_header_is_accepted() -> None:
    body = (FIXTURES / "webhook-returned.json").read_bytes()
    headers = dhl.WEBHOOK_AUTH.headers_for(body, "s3cret-key")
    assert headers == {"X-Halte-Webhook-Secret": "s3cret-key"}
    assert dhl.WEBHOOK_AUTH.verify({"x-halte-webhook-secret": "s3cret-key"}, body, "s3cret-key")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Halte-Webhook-Secret": ""},
        {"X-Halte-Webhook-Secret": "wrong"},
        {"DHL-API-Key": "s3cret-key"},
    ],
)
def test_a_push_without_the_agreed_key_is_refused(headers: dict[str, str]) -> None:
    assert not dhl.WEBHOOK_AUTH.verify(headers, b"{}", "s3cret-key")


def test_no_secret_configured_refuses_every_push() -> None:
    assert not dhl.WEBHOOK_AUTH.verify({"X-Halte-Webhook-Secret": ""}, b"{}", "")


def test_tracking_request_asks_the_unified_api_with_the_dhl_api_key() -> None:
    request = dhl.tracking_request(
        "JVGL 0629+0512", Credentials(api_url="http://127.0.0.1:8123/", api_key="key-1")
    )
    assert request.method == "GET"
    assert request.url == "http://127.0.0.1:8123/track/shipments?trackingNumber=JVGL+0629%2B0512"
    assert request.headers == {"DHL-API-Key": "key-1", "Accept": "application/json"}
    assert request.body is None


@pytest.mark.parametrize(
    ("code", "status", "place", "reason"),
    [
        ("DELIVERED_IN_MAILBOX", Status.DELIVERED, DeliveryPlace.MAILBOX, None),
        ("DELIVERED_AT_NEIGHBOURS", Status.DELIVERED, DeliveryPlace.NEIGHBOUR, None),
        ("DELIVERED_AT_SAFEPLACE", Status.DELIVERED, DeliveryPlace.SAFE_PLACE, None),
        ("DELIVERED_AT_PARCELSHOP", Status.DELIVERED, DeliveryPlace.PICKUP_POINT, None),
        ("DELIVERED", Status.DELIVERED, DeliveryPlace.RECIPIENT, None),
        ("ADDRESS_UNKNOWN", Status.DELIVERY_FAILED, None, FailureReason.ADDRESS_INCORRECT),
        ("REFUSED_BY_RECEIVER", Status.DELIVERY_FAILED, None, FailureReason.REFUSED),
        ("DELIVERED_AT_SHIPPER", Status.RETURNED, None, None),
        ("DLVRD/POBOX/ZU", Status.DELIVERED, DeliveryPlace.MAILBOX, None),
        ("DLVRD/NGHBR/ZU", Status.DELIVERED, DeliveryPlace.NEIGHBOUR, None),
        ("DLVRD/SECPL/ZU", Status.DELIVERED, DeliveryPlace.SAFE_PLACE, None),
        ("DLVRD/SERPT/ZU", Status.DELIVERED, DeliveryPlace.PICKUP_POINT, None),
        ("DLVRD/ACCPT/ZU", Status.DELIVERED, DeliveryPlace.RECIPIENT, None),
        ("NTDEL/BDADD/ZN", Status.DELIVERY_FAILED, None, FailureReason.ADDRESS_INCORRECT),
        ("NTDEL/NHOME/ZN", Status.DELIVERY_FAILED, None, FailureReason.NOT_HOME),
        ("DLVRF/NTORD/ZN", Status.DELIVERY_FAILED, None, FailureReason.REFUSED),
        ("NTDEL/DMGED/ZN", Status.DELIVERY_FAILED, None, FailureReason.DAMAGED),
        ("LDTMV/MVMTV/AA", Status.IN_TRANSIT, None, None),
        ("LDTMV/MVMTV/PO", Status.OUT_FOR_DELIVERY, None, None),
        ("DLVRD/CODRP/GT", Status.IN_TRANSIT, None, None),
        ("delivered", Status.DELIVERED, None, None),
        ("failure", Status.EXCEPTION, None, None),
    ],
)
def test_codes_that_say_where_or_why_carry_it(
    code: str, status: Status, place: DeliveryPlace | None, reason: FailureReason | None
) -> None:
    meaning = dhl.STATUS_MAP[code].meaning
    assert (meaning.status, meaning.place, meaning.reason) == (status, place, reason)


def test_every_code_belongs_to_exactly_one_dhl_vocabulary() -> None:
    vocabularies = [
        re.compile(r"(pre-transit|transit|delivered|failure|unknown)"),
        re.compile(r"[A-Z][A-Z0-9_]*(/DATE)?"),
        re.compile(r"([A-Z]{5}/[A-Z]{5}/[A-Z]{2}|[A-Z]{2}|RUECKSENDUNG/[A-Z]{2})"),
    ]
    for code in dhl.STATUS_MAP:
        matches = [v for v in vocabularies if v.fullmatch(code)]
        assert matches, code
        if len(matches) > 1:
            # Only the two-letter standard event codes look like upper-case words too.
            assert re.fullmatch(r"[A-Z]{2}", code), code


def test_failure_reasons_only_on_failed_deliveries_and_places_only_on_deliveries() -> None:
    for code, entry in dhl.STATUS_MAP.items():
        meaning = entry.meaning
        assert meaning.reason is None or meaning.status == Status.DELIVERY_FAILED, code
        assert meaning.place is None or meaning.status == Status.DELIVERED, code
        assert entry.description.strip(), code
