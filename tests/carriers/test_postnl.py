"""PostNL's Shippingstatus answers and status pushes, read into Halte's carrier events."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from halte.carriers import postnl
from halte.carriers.feed import CarrierEvent, Credentials, MalformedPayload, Parsed
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status
from tests.carriers.intake import SHOWN, shipment_after, shown, unmapped_codes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "carriers" / "postnl"
MANIFEST: dict[str, dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text())
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Every event code in PostNL's "T&T status codes" reference, grouped by its status option.
POSTNL_EVENT_CODES = """
A01 A10 A71 F01 J93 M03 X80 X81
B01 X40
B04 Z80
D02 D03 D04 D05 D06 D07 D09 D40 D41 H31 X42 X43 Y80 Y81
A08 A09 A11 A12 A13 A27 A28 A29 A30 A31 A32 A34 A35 A42 A43 A99 J01 J06 J07 J09 J10 J14 J16
J17 J22 J24 J26 J27 J28 J33 J36 J61 J90 Q12 Q13 R01 R06 X01 X02 X07 X08 X11 X14 X17 X20 X21
X22 X50 X51 X68 Y23 Y24 Y33 Y35 Y60 Y61 Y62
D08 H10 K01 K02 K03 K30 K92 V01 V06 Y07
H32 H35 J05 J08 J29 J39 J41 J42 J45 J47 J48 J55 J94 J95 K14 K15 K70 Q15 S05 T02 X04 X06 X19
X55 Y05
H01 H02 H03 H04 H05 H07 H08 H09 H12 H20 H22 H24 H34 H36 H38 H51 H52 J92 K16 K41 K43 Y01 Y02
Y03 Y04 Y08 Y09 Y10 Y11 Y12 Y13 Y14 Y15 Y16 Y17 Y18 Y19 Y20 Y21 Y22 Y30 Y31 Y32 Y36 Y38 Y39
Y40 Y41 Y42 Y43 Y44 Y50 Y71
J59 X30 X60 X61 X62 X63 X64 X65 X66 Y25 Y29
I01 I03 I05 I06 I07 I09 I10 I11 I12 I22 I23 J23 J63 J91 K91 X24 Y26 Z01 Z02 Z03 Z04 Z05 Z06
Z08 Z09
I08 J02 J12 J52 X05
A20 A21 A22 Q02 X03
M01
G03 G01 G02 G05 H23 K90
F03 F04 F05 F06 F07 F08 F10
A76 X10 X67
V02 V03 V04 V11 V12 V13 V21 V22 V23 V31 V50
I02 C01 H16 H25 Y37
A72 A74 A75 X15
A41 A46 A73 A94 B06 C02 H15 H17 H18 H30 J56 J80 K25 K71 P20 P21 P22 P23 P24 Q14 Q16 Q17 Q18
Q19 X16 X52 Y45 Y46 Y47 Y48 Y64 Y65 Y66
"""
POSTNL_STATUS_CODES = "1 2 3 4 5 6 7 8 9 11 12 13 14 15 16 17 18 19 20 21 22 23 27 28 31"


def read_fixture(name: str) -> Parsed:
    entry = MANIFEST[name]
    body = (FIXTURES / name).read_bytes()
    if entry["kind"] == "webhook":
        return postnl.parse_webhook(body, entry["content_type"])
    return postnl.parse_tracking(body, entry["tracking_code"])


def fixture_document(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return document


def as_body(document: Any) -> bytes:
    return json.dumps(document).encode()


def by_code(parsed: Parsed) -> dict[str, CarrierEvent]:
    return {event.code: event for event in parsed.events}


def test_every_fixture_file_is_in_the_manifest_and_every_manifest_entry_exists() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.name != "manifest.json"}
    assert on_disk == set(MANIFEST)
    kinds = {name: entry["kind"] for name, entry in MANIFEST.items()}
    assert all(kinds[name] == "webhook" for name in on_disk if name.startswith("webhook-"))
    assert all(kinds[name] == "tracking" for name in on_disk if name.startswith("tracking-"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_fixture_ends_in_the_state_its_manifest_promises(name: str) -> None:
    entry = MANIFEST[name]
    parsed = read_fixture(name)

    assert parsed.problems == []
    assert parsed.events
    assert {e.tracking_code for e in parsed.events} == {entry["tracking_code"]}
    shipment = shipment_after("postnl", parsed.events)
    assert shown(shipment) == {field: entry[field] for field in SHOWN}
    assert unmapped_codes(shipment) == sorted(entry["unmapped_codes"])


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_fixture_time_is_an_amsterdam_winter_time_in_the_week_of_16_november(
    name: str,
) -> None:
    for event in read_fixture(name).events:
        assert event.occurred_at.utcoffset() == timedelta(hours=1)
        assert datetime(2026, 11, 16, tzinfo=AMSTERDAM) <= event.occurred_at
        assert event.occurred_at < datetime(2026, 11, 21, tzinfo=AMSTERDAM)


def test_events_keep_postnl_codes_descriptions_and_wall_clock_times() -> None:
    parsed = read_fixture("webhook-delivered-mailbox.json")

    assert [e.code for e in parsed.events] == ["I05", "J05", "J01", "B01", "A01"]
    delivered = parsed.events[0]
    assert delivered.description == "Zending is bezorgd in de brievenbus"
    assert delivered.occurred_at == datetime(2026, 11, 17, 11, 23, 48, tzinfo=AMSTERDAM)
    assert delivered.occurred_at.isoformat() == "2026-11-17T11:23:48+01:00"
    # PostNL events carry no id of their own: Halte digests their content instead.
    assert all(e.event_id is None for e in parsed.events)


def test_a_summer_timestamp_gets_the_summer_offset() -> None:
    document = fixture_document("webhook-delivered-mailbox.json")
    document["CompleteStatus"]["Shipment"]["Event"][0]["TimeStamp"] = "03-07-2026 11:23:48"

    event = postnl.parse_webhook(as_body(document), "application/json").events[0]

    assert event.occurred_at.isoformat() == "2026-07-03T11:23:48+02:00"


def test_neighbour_delivery_names_the_neighbours_address_on_the_delivery_only() -> None:
    events = by_code(read_fixture("webhook-delivered-neighbour.json"))

    assert events["I10"].delivery_place == DeliveryPlace.NEIGHBOUR
    assert events["I10"].delivery_place_detail == "Dorpsstraat 14"
    assert events["J05"].delivery_place is None
    assert events["J05"].delivery_place_detail == ""


def test_a_neighbour_known_only_by_house_number_is_named_by_it() -> None:
    document = fixture_document("webhook-delivered-neighbour.json")
    neighbour = document["CompleteStatus"]["Shipment"]["Address"][2]
    neighbour["Street"] = {}
    neighbour["HouseNumberSuffix"] = "A"

    events = by_code(postnl.parse_webhook(as_body(document), "application/json"))

    assert events["I10"].delivery_place_detail == "huisnummer 14A"


@pytest.mark.django_db
def test_a_delivery_to_the_neighbours_without_their_address_still_says_neighbours() -> None:
    document = fixture_document("webhook-delivered-neighbour.json")
    del document["CompleteStatus"]["Shipment"]["Address"][2]

    parsed = postnl.parse_webhook(as_body(document), "application/json")
    shipment = shipment_after("postnl", parsed.events)

    assert by_code(parsed)["I10"].delivery_place is None
    assert (shipment.delivery_place, shipment.delivery_place_detail) == ("neighbour", "")


@pytest.mark.parametrize("addresses", ["Dorpsstraat 14", [1, {"AddressType": ["07"]}]])
def test_garbled_addresses_cost_the_detail_but_not_the_events(addresses: Any) -> None:
    document = fixture_document("webhook-delivered-neighbour.json")
    document["CompleteStatus"]["Shipment"]["Address"] = addresses

    parsed = postnl.parse_webhook(as_body(document), "application/json")

    assert [e.code for e in parsed.events] == ["I10", "J05", "J01", "B01", "A01"]
    assert parsed.problems == []
    assert by_code(parsed)["I10"].delivery_place_detail == ""


def test_pickup_point_detail_is_the_points_name_and_address() -> None:
    events = by_code(read_fixture("tracking-delivered-pickup-point.json"))

    assert events["I08"].delivery_place == DeliveryPlace.PICKUP_POINT
    assert events["I08"].delivery_place_detail == "Primera Zeist Centrum, Slotlaan 150, Zeist"
    # "On the way to the PostNL point" is no delivery: the point's address stays off it.
    assert events["J55"].delivery_place is None


@pytest.mark.django_db
def test_postnls_expected_window_goes_on_the_latest_event_only() -> None:
    parsed = read_fixture("tracking-out-for-delivery.json")
    events = by_code(parsed)

    assert events["J05"].window_start == datetime(2026, 11, 20, 13, 5, tzinfo=AMSTERDAM)
    assert events["J05"].window_end == datetime(2026, 11, 20, 15, 5, tzinfo=AMSTERDAM)
    assert [e.code for e in parsed.events if e.window_start] == ["J05"]
    shipment = shipment_after("postnl", parsed.events)
    assert (shipment.window_start, shipment.window_end) == (
        events["J05"].window_start,
        events["J05"].window_end,
    )


@pytest.mark.parametrize(
    ("eta_from", "eta_to"),
    [
        ("2026-11-20T15:05:00", "2026-11-20T13:05:00"),
        ("2026-11-20T13:05:00", "2026-11-22T13:05:00"),
        ("morgen", "2026-11-20T15:05:00"),
        ({}, {}),
    ],
)
def test_an_unusable_expected_window_is_left_out_and_the_event_kept(
    eta_from: Any, eta_to: Any
) -> None:
    document = fixture_document("tracking-out-for-delivery.json")
    document["CompleteStatus"]["Shipment"]["Expectation"] = {"ETAFrom": eta_from, "ETATo": eta_to}

    parsed = postnl.parse_tracking(as_body(document), "3SHLTE6204373")

    assert [e.code for e in parsed.events] == ["J05", "J01", "B01", "A01"]
    assert all(e.window_start is None and e.window_end is None for e in parsed.events)


def test_a_current_status_answer_yields_its_status_as_the_one_event() -> None:
    parsed = read_fixture("tracking-current-status.json")

    assert [(e.code, e.description) for e in parsed.events] == [("11", "Zending afgeleverd")]
    assert parsed.events[0].occurred_at == datetime(2026, 11, 18, 10, 31, 7, tzinfo=AMSTERDAM)


@pytest.mark.django_db
def test_statuses_stand_in_for_missing_events_without_repeats_or_not_applicable() -> None:
    document = fixture_document("webhook-returned.json")
    shipment = document["CompleteStatus"]["Shipment"]
    shipment["Event"] = {}
    shipment["OldStatus"].append(
        {
            "TimeStamp": "17-11-2026 02:52:10.326",
            "StatusCode": "99",
            "StatusDescription": "Niet van toepassing",
            "PhaseCode": "99",
            "PhaseDescription": "Niet van toepassing",
        }
    )

    parsed = postnl.parse_webhook(as_body(document), "application/json")

    assert [e.code for e in parsed.events] == ["11", "8", "7", "8", "7", "5", "2", "1"]
    assert shipment_after("postnl", parsed.events).status == Status.DELIVERED


def test_a_single_event_without_its_list_is_read_like_a_list_of_one() -> None:
    document = fixture_document("webhook-delivered-mailbox.json")
    shipment = document["CompleteStatus"]["Shipment"]
    shipment["Event"] = shipment["Event"][0]

    parsed = postnl.parse_webhook(as_body(document), "application/json")

    assert [e.code for e in parsed.events] == ["I05"]


def test_a_tracking_answer_without_barcode_belongs_to_the_code_that_was_asked_for() -> None:
    document = fixture_document("tracking-out-for-delivery.json")
    del document["CompleteStatus"]["Shipment"]["Barcode"]

    parsed = postnl.parse_tracking(as_body(document), " 3shlte6204373 ")

    assert {e.tracking_code for e in parsed.events} == {"3SHLTE6204373"}


def test_no_shipment_found_is_an_empty_answer_not_a_malformed_one() -> None:
    body = b'{"CurrentStatus":{},"Warnings":[{"Message":"No shipment found","Code":"2"}]}'

    parsed = postnl.parse_tracking(body, "3SHLTE0000000")

    assert parsed.events == []
    assert parsed.problems == []


def test_one_unreadable_event_among_good_ones_is_a_problem_and_the_good_ones_are_kept() -> None:
    document = fixture_document("webhook-returned.json")
    events = document["CompleteStatus"]["Shipment"]["Event"]
    events[1]["TimeStamp"] = "31-13-2026 25:00:00"
    events[3]["Code"] = {}
    events[5] = "J05"
    events[6]["TimeStamp"] = {}

    parsed = postnl.parse_webhook(as_body(document), "application/json")

    assert [e.code for e in parsed.events] == ["J63", "H05", "Y02", "B01", "A01"]
    assert [(p.index, p.message) for p in parsed.problems] == [
        (1, "event 1: X21 has an unreadable timestamp '31-13-2026 25:00:00'"),
        (3, "event 3: has no 'Code'"),
        (5, "event 5: must be an object"),
        (6, "event 6: J01 has no 'TimeStamp'"),
    ]


def test_problems_are_numbered_on_across_the_shipments_of_one_answer() -> None:
    first = fixture_document("webhook-delivered-mailbox.json")["CompleteStatus"]["Shipment"]
    second = fixture_document("webhook-delivered-neighbour.json")["CompleteStatus"]["Shipment"]
    second["Event"][0]["TimeStamp"] = "gisteren"

    parsed = postnl.parse_webhook(
        as_body({"CompleteStatus": {"Shipment": [first, second]}}), "application/json"
    )

    assert len(parsed.events) == 9
    assert {e.tracking_code for e in parsed.events} == {"3SHLTE6204311", "3SHLTE6204328"}
    assert [p.index for p in parsed.problems] == [5]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the body is empty"),
        (b"  \n", "the body is empty"),
        (b"PostNL", "not valid JSON"),
        (b'{"CompleteStatus": ', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x "y">]><CompleteStatus/>',
            "got XML or HTML",
        ),
        (b"[]", "expected a JSON object with 'CompleteStatus' or 'CurrentStatus'"),
        (b'{"Shipment": {}}', "expected 'CompleteStatus' or 'CurrentStatus' at the top level"),
        (b'{"CompleteStatus": []}', "'CompleteStatus' must be an object with 'Shipment'"),
        (b'{"CurrentStatus": {"Barcode": "3S"}}', "'CurrentStatus' must be an object with"),
        (b'{"CompleteStatus": {"Shipment": "3SHLTE1"}}', "must be an object or a list"),
        (b'{"CompleteStatus": {"Shipment": [1]}}', "must be an object or a list"),
        (b'{"CompleteStatus": {"Shipment": {"Event": []}}}', "a Shipment has no 'Barcode'"),
        (
            b'{"CompleteStatus": {"Shipment": {"Barcode": "3SX1", "Event": "J05"}}}',
            "'Event' must be an object or a list of objects",
        ),
    ],
)
def test_a_payload_that_cannot_be_read_at_all_is_refused_with_the_reason(
    body: bytes, message: str
) -> None:
    with pytest.raises(MalformedPayload, match=re.escape(message)):
        postnl.parse_webhook(body, "application/json")


def test_the_tracking_parser_refuses_unreadable_answers_too() -> None:
    with pytest.raises(MalformedPayload, match="got XML or HTML"):
        postnl.parse_tracking(b"<html><body>502 Bad Gateway</body></html>", "3SHLTE6204373")


def test_webhook_auth_accepts_the_shared_secret_it_signs_with() -> None:
    body = (FIXTURES / "webhook-returned.json").read_bytes()
    headers = postnl.WEBHOOK_AUTH.headers_for(body, "s3cret-postnl")

    assert headers == {"X-Halte-Webhook-Secret": "s3cret-postnl"}
    assert postnl.WEBHOOK_AUTH.verify(headers, body, "s3cret-postnl")
    assert postnl.WEBHOOK_AUTH.verify(
        {"x-halte-webhook-secret": "s3cret-postnl"}, body, "s3cret-postnl"
    )


@pytest.mark.parametrize(
    ("headers", "secret"),
    [
        ({"X-Halte-Webhook-Secret": "wrong"}, "s3cret-postnl"),
        ({"X-Halte-Webhook-Secret": "s3cret-postnl "}, "s3cret-postnl"),
        ({}, "s3cret-postnl"),
        ({"apikey": "s3cret-postnl"}, "s3cret-postnl"),
        ({"X-Halte-Webhook-Secret": ""}, ""),
    ],
)
def test_webhook_auth_refuses_a_wrong_or_missing_secret(
    headers: dict[str, str], secret: str
) -> None:
    assert not postnl.WEBHOOK_AUTH.verify(headers, b"{}", secret)


def test_tracking_request_asks_the_shippingstatus_api_for_the_full_history() -> None:
    request = postnl.tracking_request(
        "3shlte6204373", Credentials(api_url="http://127.0.0.1:8765/", api_key="key-123")
    )

    assert request.method == "GET"
    assert request.url == (
        "http://127.0.0.1:8765/shipment/v2/status/barcode/3SHLTE6204373?detail=true"
    )
    assert request.headers == {"apikey": "key-123", "Accept": "application/json"}
    assert request.body is None


def test_tracking_request_keeps_a_strange_code_inside_the_path() -> None:
    request = postnl.tracking_request(
        "3S/../X?Y", Credentials(api_url="https://api.postnl.nl", api_key="k")
    )

    assert request.url == (
        "https://api.postnl.nl/shipment/v2/status/barcode/3S%2F..%2FX%3FY?detail=true"
    )


def test_status_map_holds_every_code_of_postnls_event_and_status_tables() -> None:
    expected = set(POSTNL_EVENT_CODES.split()) | set(POSTNL_STATUS_CODES.split())

    assert set(postnl.STATUS_MAP) == expected
    assert len(postnl.STATUS_MAP) == 312


def test_event_codes_and_status_codes_cannot_be_mistaken_for_each_other() -> None:
    for code in postnl.STATUS_MAP:
        assert re.fullmatch(r"[A-Z]\d{2}|\d{1,2}", code), code


def test_every_status_map_entry_carries_postnls_own_description() -> None:
    for code, entry in postnl.STATUS_MAP.items():
        assert entry.description.strip(), code
        assert "&nbsp;" not in entry.description and "  " not in entry.description, code


@pytest.mark.parametrize(
    ("code", "status", "place", "reason"),
    [
        ("I05", Status.DELIVERED, DeliveryPlace.MAILBOX, None),
        ("I11", Status.DELIVERED, DeliveryPlace.MAILBOX, None),
        ("I10", Status.DELIVERED, DeliveryPlace.NEIGHBOUR, None),
        ("Z05", Status.DELIVERED, DeliveryPlace.NEIGHBOUR, None),
        ("I12", Status.DELIVERED, DeliveryPlace.SAFE_PLACE, None),
        ("Z09", Status.DELIVERED, DeliveryPlace.SAFE_PLACE, None),
        ("I08", Status.DELIVERED, DeliveryPlace.PICKUP_POINT, None),
        ("J23", Status.DELIVERED, DeliveryPlace.PICKUP_POINT, None),
        ("I23", Status.DELIVERED, DeliveryPlace.RECIPIENT, None),
        ("I02", Status.DELIVERED, DeliveryPlace.COLLECTED, None),
        ("J05", Status.OUT_FOR_DELIVERY, None, None),
        ("J01", Status.AT_DEPOT, None, None),
        ("B01", Status.RECEIVED_BY_CARRIER, None, None),
        ("A01", Status.ANNOUNCED, None, None),
        ("Y02", Status.DELIVERY_FAILED, None, FailureReason.NOT_HOME),
        ("H05", Status.DELIVERY_FAILED, None, FailureReason.NOT_HOME),
        ("Y01", Status.DELIVERY_FAILED, None, FailureReason.ADDRESS_INCORRECT),
        ("H02", Status.DELIVERY_FAILED, None, FailureReason.ADDRESS_INCORRECT),
        ("H01", Status.DELIVERY_FAILED, None, FailureReason.REFUSED),
        ("Y03", Status.DELIVERY_FAILED, None, FailureReason.REFUSED),
        ("Y04", Status.DELIVERY_FAILED, None, FailureReason.DAMAGED),
        ("J08", Status.DELIVERY_FAILED, None, None),
        ("H20", Status.RETURNING_TO_SENDER, None, None),
        ("J63", Status.RETURNED, None, None),
        ("Y71", Status.EXCEPTION, None, None),
        ("X61", Status.IN_TRANSIT, None, None),
        ("11", Status.DELIVERED, None, None),
        ("12", Status.DELIVERED, DeliveryPlace.PICKUP_POINT, None),
        ("8", Status.DELIVERY_FAILED, None, None),
    ],
)
def test_codes_mean_what_postnl_says_with_place_and_reason(
    code: str,
    status: Status,
    place: DeliveryPlace | None,
    reason: FailureReason | None,
) -> None:
    meaning = postnl.STATUS_MAP[code].meaning

    assert (meaning.status, meaning.place, meaning.reason) == (status, place, reason)


def test_only_deliveries_name_a_place_and_only_failures_a_reason() -> None:
    for code, entry in postnl.STATUS_MAP.items():
        meaning = entry.meaning
        if meaning.place is not None:
            assert meaning.status == Status.DELIVERED, code
        if meaning.reason is not None:
            assert meaning.status == Status.DELIVERY_FAILED, code
