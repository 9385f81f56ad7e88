"""DPD's pushes and ParcelLifeCycleService answers read into Halte's carrier events."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from halte.carriers import dpd
from halte.carriers.feed import CarrierEvent, Credentials, ItemProblem, MalformedPayload
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status
from tests.carriers.intake import SHOWN, record, shipment_after, shipment_for, shown, unmapped_codes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "carriers" / "dpd"
MANIFEST: dict[str, dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text())
FORM = "application/x-www-form-urlencoded"
CET = timedelta(hours=1)

WEBHOOK_FILES = sorted(name for name, entry in MANIFEST.items() if entry["kind"] == "webhook")
TRACKING_FILES = sorted(name for name, entry in MANIFEST.items() if entry["kind"] == "tracking")


def _push(**params: str) -> bytes:
    values = {
        "pushid": "48213400",
        "pnr": "05304711001699",
        "depot": "0530",
        "status": "delivery_carload",
        "statusdate": "18112026074502",
    }
    values.update(params)
    return "&".join(f"{key}={value}" for key, value in values.items()).encode()


def _only_event(body: bytes) -> CarrierEvent:
    parsed = dpd.parse_webhook(body, FORM)
    assert parsed.problems == []
    assert len(parsed.events) == 1
    return parsed.events[0]


def _case_files(case: str) -> list[str]:
    def number(name: str) -> int:
        match = re.search(r"-(\d+)\.txt$", name)
        assert match is not None
        return int(match.group(1))

    return sorted((n for n in WEBHOOK_FILES if n.startswith(f"webhook-{case}-")), key=number)


def _parsed_fixture(name: str) -> list[CarrierEvent]:
    entry = MANIFEST[name]
    body = (FIXTURES / name).read_bytes()
    if entry["kind"] == "webhook":
        parsed = dpd.parse_webhook(body, entry["content_type"])
    else:
        parsed = dpd.parse_tracking(body, entry["tracking_code"])
    assert parsed.problems == []
    return parsed.events


# --- Fixtures and manifest ------------------------------------------------------------------


def test_the_manifest_lists_every_fixture_file_and_nothing_else() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.name != "manifest.json"}
    assert on_disk == set(MANIFEST)
    cases = {re.sub(r"-\d+\.txt$", "", n) for n in WEBHOOK_FILES}
    assert cases == {
        "webhook-delivered-mailbox",
        "webhook-delivered-neighbour",
        "webhook-failed-address",
        "webhook-returned",
        "webhook-unknown-code",
    }
    assert len(TRACKING_FILES) >= 2


@pytest.mark.parametrize("name", WEBHOOK_FILES)
def test_each_push_is_one_scan_with_its_pushid_as_event_id_and_cet_time(name: str) -> None:
    body = (FIXTURES / name).read_bytes()
    event = _only_event(body)
    params = dict(pair.split("=", 1) for pair in body.decode().split("&"))
    assert event.tracking_code == MANIFEST[name]["tracking_code"]
    assert event.code == params["status"]
    assert event.event_id == params["pushid"]
    assert event.occurred_at.utcoffset() == CET
    assert event.occurred_at.strftime("%d%m%Y%H%M%S") == params["statusdate"]
    assert datetime(2026, 11, 16, tzinfo=event.occurred_at.tzinfo) <= event.occurred_at
    assert event.occurred_at < datetime(2026, 11, 21, tzinfo=event.occurred_at.tzinfo)


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["delivered-mailbox", "delivered-neighbour", "failed-address",
                                  "returned", "unknown-code"])  # fmt: skip
def test_posting_a_case_in_order_gives_the_state_the_manifest_promises_after_each_push(
    case: str,
) -> None:
    files = _case_files(case)
    assert len(files) >= 5
    events: list[CarrierEvent] = []
    shipment = shipment_for("dpd", MANIFEST[files[0]]["tracking_code"])
    for name in files:
        pushed = _parsed_fixture(name)
        events.extend(pushed)
        expected = MANIFEST[name]
        record(shipment, pushed)
        assert shown(shipment) == {field: expected[field] for field in SHOWN}, name
        unmapped = [e.code for e in pushed if e.code not in dpd.STATUS_MAP]
        assert unmapped == expected["unmapped_codes"], name
    assert {e.tracking_code for e in events} == {shipment.tracking_code}
    assert len({e.event_id for e in events}) == len(events)


def test_the_journeys_end_where_their_names_say_as_far_as_a_push_can_tell() -> None:
    last = {case: MANIFEST[_case_files(case)[-1]] for case in ("failed-address", "returned")}
    assert last["failed-address"]["status"] == Status.DELIVERY_FAILED
    # DPD's push names an obstacle, not its cause: the address case cannot claim more.
    assert last["failed-address"]["failure_reason"] == ""
    assert last["returned"]["status"] == Status.RETURNING_TO_SENDER
    for case in ("delivered-mailbox", "delivered-neighbour"):
        final = _parsed_fixture(_case_files(case)[-1])[0]
        assert final.code == "delivery_customer"
        assert MANIFEST[_case_files(case)[-1]]["status"] == Status.DELIVERED


def test_every_code_in_the_fixtures_is_mapped_except_the_one_meant_to_be_unknown() -> None:
    unmapped_expected = {c for entry in MANIFEST.values() for c in entry["unmapped_codes"]}
    assert unmapped_expected == {"delivery_redirected"}
    for name in MANIFEST:
        for event in _parsed_fixture(name):
            assert (event.code in dpd.STATUS_MAP) != (event.code in unmapped_expected), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", TRACKING_FILES)
def test_each_tracking_answer_ends_in_the_state_the_manifest_promises(name: str) -> None:
    events = _parsed_fixture(name)
    expected = MANIFEST[name]
    assert events
    assert {e.tracking_code for e in events} == {expected["tracking_code"]}
    assert all(e.event_id is None for e in events)
    assert all(e.occurred_at.utcoffset() == CET for e in events)
    shipment = shipment_after("dpd", events)
    assert shown(shipment) == {field: expected[field] for field in SHOWN}
    assert unmapped_codes(shipment) == expected["unmapped_codes"]


# --- Tracking answers ------------------------------------------------------------------------


def test_a_neighbour_delivery_names_the_neighbours_address_at_the_afternoon_time() -> None:
    events = _parsed_fixture("tracking-delivered-neighbour.xml")
    assert [e.code for e in events] == ["PickedUp", "BetweenDepots", "Depot", "Courier",
                                        "Delivered"]  # fmt: skip
    delivered = events[-1]
    # DPD writes "2:23:47 PM"; a 12-hour clock read as 24-hour would say 02:23.
    assert delivered.occurred_at == datetime.fromisoformat("2026-11-18T14:23:47+01:00")
    assert delivered.delivery_place == DeliveryPlace.NEIGHBOUR
    assert delivered.delivery_place_detail == "Dorpsstraat 14"
    assert delivered.location == "Utrecht (NL)"
    assert events[0].occurred_at == datetime.fromisoformat("2026-11-17T15:40:12+01:00")
    assert events[2].occurred_at == datetime.fromisoformat("2026-11-18T04:48:11+01:00")
    assert all(e.delivery_place is None for e in events[:-1])


def test_a_parcelshop_delivery_names_the_shop_and_its_address() -> None:
    events = _parsed_fixture("tracking-parcelshop.xml")
    failure, shop = events[-2], events[-1]
    assert failure.code == "DeliveryFailure"
    assert failure.delivery_place is None
    assert shop.code == "ParcelShop"
    assert shop.delivery_place == DeliveryPlace.PICKUP_POINT
    assert shop.delivery_place_detail == "Primera Biltstraat, Biltstraat 120, 3572 BJ Utrecht"
    assert shop.description.startswith("Delivered by driver to Pickup parcelshop, Primera")
    assert shop.occurred_at == datetime.fromisoformat("2026-11-19T16:41:00+01:00")


def test_milestones_dpd_shows_ahead_of_time_are_not_events() -> None:
    events = _parsed_fixture("tracking-in-transit.xml")
    assert [e.code for e in events] == ["ACCEPTED", "AT_SENDING_DEPOT", "ON_THE_ROAD"]
    assert events[-1].occurred_at == datetime.fromisoformat("2026-11-20T01:15:00+01:00")


def _answer(*infos: str) -> bytes:
    return (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<getTrackingDataResponse xmlns="http://dpd.com/common/service/types/'
        'ParcelLifeCycleService/2.0"><trackingresult>' + "".join(infos) + "</trackingresult>"
        "</getTrackingDataResponse></soap:Body></soap:Envelope>"
    ).encode()


def _info(status: str, date: str, *lines: str, location: str = "Utrecht (NL)") -> str:
    description = "".join(f"<content><content>{line}</content></content>" for line in lines)
    parts = [f"<status>{status}</status>"] if status else []
    parts.append(f"<description>{description}</description>")
    parts.append("<statusHasBeenReached>true</statusHasBeenReached>")
    if location:
        parts.append(f"<location><content>{location}</content></location>")
    if date:
        parts.append(f"<date><content>{date}</content></date>")
    return "<statusInfo>" + "".join(parts) + "</statusInfo>"


def test_one_unreadable_step_is_a_problem_and_the_good_steps_are_kept() -> None:
    parsed = dpd.parse_tracking(
        _answer(
            _info("Depot", "11/19/2026 5:06:30 AM", "At parcel delivery centre."),
            _info("Courier", "yesterday morning", "On its way."),
            _info("", "11/19/2026 9:00:00 AM", "No status."),
            _info("Delivered", "11/19/2026 12:30:00 PM", "Delivered.", location=""),
        ),
        "05304711001699",
    )
    assert [e.code for e in parsed.events] == ["Depot", "Delivered"]
    assert parsed.events[1].occurred_at == datetime.fromisoformat("2026-11-19T12:30:00+01:00")
    assert parsed.events[1].location == ""
    assert parsed.problems == [
        ItemProblem(1, "unreadable timestamp 'yesterday morning'"),
        ItemProblem(2, "statusInfo has no status"),
    ]


def test_a_step_without_a_date_is_a_problem_not_a_guess() -> None:
    parsed = dpd.parse_tracking(
        _answer(_info("Courier", ""), _info("Depot", "19-11-2026 05:06:30")), "X1"
    )
    assert parsed.problems == [ItemProblem(0, "statusInfo 'Courier' has no date")]
    # Dutch answers are day-first on a 24-hour clock.
    assert parsed.events[0].occurred_at == datetime.fromisoformat("2026-11-19T05:06:30+01:00")


def test_delivery_wording_decides_the_place_only_for_delivered_steps() -> None:
    parsed = dpd.parse_tracking(
        _answer(
            _info("Courier", "11/18/2026 8:00:00 AM", "Your neighbour may receive it."),
            _info("Delivered", "11/18/2026 9:00:00 AM", "Delivered in the letterbox."),
            _info(
                "DELIVERED", "11/18/2026 10:00:00 AM", "Delivered.", "Safe place: achter het huis"
            ),
            _info("Delivered", "11/18/2026 11:00:00 AM", "Delivered to the consignee."),
        ),
        "X2",
    )
    places = [(e.delivery_place, e.delivery_place_detail) for e in parsed.events]
    assert places == [
        (None, ""),
        (DeliveryPlace.MAILBOX, ""),
        (DeliveryPlace.SAFE_PLACE, "achter het huis"),
        (None, ""),
    ]


def test_an_answer_without_steps_is_read_as_no_events_yet() -> None:
    assert dpd.parse_tracking(_answer(), "X3").events == []
    assert dpd.parse_tracking(_answer(), "X3").problems == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the body is empty"),
        (b'{"status": "Delivered"}', "not well-formed XML"),
        (b"<html><body>Service unavailable</body></html>", "with a getTrackingDataResponse"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
            "DOCTYPE or ENTITY declaration is refused",
        ),
        (
            b'<!ENTITY e SYSTEM "file:///etc/passwd"><x/>',
            "DOCTYPE or ENTITY declaration is refused",
        ),
        (b"<getTrackingDataResponse><trackingresult>", "not well-formed XML"),
    ],
)
def test_an_unreadable_tracking_answer_is_malformed_with_the_reason(
    body: bytes, message: str
) -> None:
    with pytest.raises(MalformedPayload, match=re.escape(message)):
        dpd.parse_tracking(body, "05304711001699")


def test_a_soap_fault_is_malformed_and_says_what_dpd_said() -> None:
    fault = (
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Fault occured</faultstring>"
        b'<detail><ns:authenticationFault xmlns:ns="http://dpd.com/common/service/types/'
        b'Authentication/2.0"><errorCode>DELICOM_ERR_AUTHENTICATION</errorCode>'
        b"<errorMessage>Authentication failure, check delisId and password.</errorMessage>"
        b"</ns:authenticationFault></detail></soap:Fault></soap:Body></soap:Envelope>"
    )
    with pytest.raises(MalformedPayload) as raised:
        dpd.parse_tracking(fault, "05304711001699")
    assert str(raised.value) == (
        "DPD answered with a SOAP fault: DELICOM_ERR_AUTHENTICATION: "
        "Authentication failure, check delisId and password."
    )


# --- Pushes ----------------------------------------------------------------------------------


def test_a_push_reads_its_depot_and_dpds_wording_for_the_code() -> None:
    event = _only_event(_push(pnr="0530 4711 0016 99"))
    assert event.tracking_code == "05304711001699"
    assert event.location == "DPD depot 0530"
    assert event.description == "Parcel is on the delivery tour"
    assert event.occurred_at == datetime.fromisoformat("2026-11-18T07:45:02+01:00")


def test_a_summer_push_gets_the_summer_offset() -> None:
    event = _only_event(_push(statusdate="15072026093000"))
    assert event.occurred_at.utcoffset() == timedelta(hours=2)


def test_a_push_with_an_unknown_status_is_kept_with_no_description() -> None:
    event = _only_event(_push(status="delivery_redirected"))
    assert event.code == "delivery_redirected"
    assert event.description == ""


def test_a_push_proxied_with_a_charset_and_a_token_parameter_still_reads() -> None:
    body = _push(token="s3cret", receiver="M%C3%BCller")
    parsed = dpd.parse_webhook(body, "application/x-www-form-urlencoded; charset=UTF-8")
    assert [e.code for e in parsed.events] == ["delivery_carload"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"statusdate": "2026-11-18 07:45"}, "'statusdate' must be ddMMyyyyHHmmss"),
        ({"statusdate": "31112026074502"}, "'statusdate' is not a real date and time"),
        ({"pnr": ""}, "'pnr' is missing"),
        ({"status": ""}, "'status' is missing"),
    ],
)
def test_a_push_with_an_unreadable_scan_is_a_problem_not_an_event(
    params: dict[str, str], message: str
) -> None:
    parsed = dpd.parse_webhook(_push(**params), FORM)
    assert parsed.events == []
    assert len(parsed.problems) == 1
    assert parsed.problems[0].index == 0
    assert parsed.problems[0].message.startswith(message)


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", FORM, "the push body is empty"),
        (b"   ", FORM, "the push body is empty"),
        (b'{"pnr": "05304711001699"}', "application/json", "got 'application/json'"),
        (b'{"pnr": "05304711001699"}', FORM, "got XML or JSON"),
        (b"<push><pnr>05304711001699</pnr></push>", FORM, "got XML or JSON"),
        (b"<!DOCTYPE x><x/>", "text/xml", "got 'text/xml'"),
        (b"\xff\xfe\x00p", FORM, "the push body is not UTF-8 text"),
        (b"just some words", FORM, "not a form-encoded body"),
        (b"shop=1&order=2", FORM, "not a DPD push: expected the parameters pushid, pnr"),
        (
            b"pushid=1&pnr=05304711001699&status=start_order&status=delivery_carload",
            FORM,
            "parameter 'status' given more than once",
        ),
    ],
)
def test_an_unreadable_push_is_malformed_with_the_reason(
    body: bytes, content_type: str, message: str
) -> None:
    with pytest.raises(MalformedPayload, match=re.escape(message)):
        dpd.parse_webhook(body, content_type)


def test_the_acknowledgement_echoes_the_pushid_dpd_waits_for() -> None:
    assert dpd.acknowledgement(_push(pushid="335165")) == (
        b"<push><pushid>335165</pushid><status>OK</status></push>"
    )
    assert dpd.acknowledgement(b"pushid=%3Cx%3E") == (
        b"<push><pushid>&lt;x&gt;</pushid><status>OK</status></push>"
    )
    assert dpd.acknowledgement(b"\xff") == b"<push><pushid></pushid><status>OK</status></push>"


# --- Codes, authentication, requests -------------------------------------------------------


def test_the_status_map_covers_both_dpd_vocabularies_with_places_and_reasons() -> None:
    push_codes = {
        "start_order", "pickup_driver", "pickup_depot", "delivery_depot", "delivery_carload",
        "delivery_nab", "delivery_notification", "delivery_customer", "delivery_shop",
        "error_pickup", "error_return", "pickup_by_consignee", "no_pickup_by_consignee",
    }  # fmt: skip
    lifecycle_codes = {
        "ACCEPTED", "AT_SENDING_DEPOT", "ON_THE_ROAD", "AT_DELIVERY_DEPOT", "DELIVERED",
        "PickedUp", "BetweenDepots", "Customs", "Depot", "Warehouse", "Consolidation",
        "Courier", "DeliveryFailure", "ReturningFromDelivery", "ParcelShop", "Delivered",
    }  # fmt: skip
    assert set(dpd.STATUS_MAP) == push_codes | lifecycle_codes
    assert all(entry.description for entry in dpd.STATUS_MAP.values())
    meaning = {code: entry.meaning for code, entry in dpd.STATUS_MAP.items()}
    assert meaning["delivery_nab"].reason == FailureReason.NOT_HOME
    assert meaning["delivery_notification"].reason is None  # an obstacle, cause unknown
    assert meaning["delivery_shop"].place == DeliveryPlace.PICKUP_POINT
    assert meaning["ParcelShop"].place == DeliveryPlace.PICKUP_POINT
    assert meaning["pickup_by_consignee"].place == DeliveryPlace.COLLECTED
    assert meaning["error_return"].status == Status.RETURNING_TO_SENDER
    assert meaning["Courier"].status == meaning["delivery_carload"].status
    assert meaning["Courier"].status == Status.OUT_FOR_DELIVERY
    delivered_without_place = {
        code for code, m in meaning.items() if m.status == Status.DELIVERED and m.place is None
    }
    assert delivered_without_place == {
        "delivery_customer", "DELIVERED", "Delivered",
    }  # fmt: skip


def test_the_push_token_header_accepts_the_right_secret_only() -> None:
    body = _push()
    headers = dpd.WEBHOOK_AUTH.headers_for(body, "token-of-the-shop")
    assert headers == {"X-Halte-Webhook-Secret": "token-of-the-shop"}
    assert dpd.WEBHOOK_AUTH.verify(headers, body, "token-of-the-shop")
    assert dpd.WEBHOOK_AUTH.verify(
        {"x-halte-webhook-secret": "token-of-the-shop"}, body, "token-of-the-shop"
    )
    assert not dpd.WEBHOOK_AUTH.verify(headers, body, "another-shop")
    assert not dpd.WEBHOOK_AUTH.verify({}, body, "token-of-the-shop")
    assert not dpd.WEBHOOK_AUTH.verify({"X-Halte-Webhook-Secret": ""}, body, "")


def test_the_tracking_request_is_a_soap_call_with_the_token_in_its_header() -> None:
    account = Credentials(
        api_url="http://127.0.0.1:8089/dpd/", api_key="tok<en>&1", api_user="KD123456"
    )
    request = dpd.tracking_request("05304711001606", account)
    assert request.method == "POST"
    assert request.url == "http://127.0.0.1:8089/dpd/soap/services/ParcelLifeCycleService/V2_0"
    assert request.headers == {
        "Content-Type": "text/xml;charset=UTF-8",
        "SOAPAction": (
            "http://dpd.com/common/service/types/ParcelLifeCycleService/2.0/getTrackingData"
        ),
    }
    assert request.body is not None
    body = request.body.decode()
    assert "<delisId>KD123456</delisId>" in body
    assert "<authToken>tok&lt;en&gt;&amp;1</authToken>" in body
    assert "<messageLanguage>en_EN</messageLanguage>" in body
    assert "<parcelLabelNumber>05304711001606</parcelLabelNumber>" in body
    assert "[AUTH_TOKEN]" not in body
