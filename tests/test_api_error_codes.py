"""Every API error code is one a real request can get, listed in the schema and in the docs."""

import json
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from halte.carriers import generic
from halte.carriers.models import CarrierAccount
from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Channel
from halte.drivers.error_codes import DriverErrorCode
from halte.drivers.models import Driver, Stop
from halte.error_codes import FieldErrorCode, RequestErrorCode
from halte.feeds.error_codes import FeedErrorCode
from halte.gifts.error_codes import GiftErrorCode
from halte.organisations.actions import do_issue_api_token
from halte.organisations.error_codes import AccessErrorCode
from halte.organisations.models import Organisation, Scope
from halte.privacy.error_codes import PrivacyErrorCode
from halte.promises.error_codes import PromiseErrorCode
from halte.remedies.error_codes import RemedyErrorCode
from halte.remedies.models import CaseRequest
from halte.returns.actions import do_refuse_at_door, do_settle_return
from halte.returns.error_codes import ReturnErrorCode
from halte.returns.models import Return
from halte.shipments.error_codes import ShipmentErrorCode
from halte.understanding.error_codes import UnderstandingErrorCode
from tests.conftest import ApiClient
from tests.factories import event_payload, make_shipment

pytestmark = pytest.mark.django_db
API_ENUMS: list[type[StrEnum]] = [
    RequestErrorCode,
    FieldErrorCode,
    AccessErrorCode,
    ShipmentErrorCode,
    FeedErrorCode,
    PromiseErrorCode,
    RemedyErrorCode,
    UnderstandingErrorCode,
    ReturnErrorCode,
    DriverErrorCode,
    PrivacyErrorCode,
    GiftErrorCode,
]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "api-errors.md"
EVENTS = "/api/v1/carrier-events"
SECRET = "generic-push-secret-1"


def _shipment_body(tracking_code: str) -> dict[str, Any]:
    return {
        "carrier": "postnl",
        "tracking_code": tracking_code,
        "recipient": {"name": "Sanne"},
        "address": {"postcode": "3511AB", "house_number": 1, "street": "Oudegracht", "city": "U"},
    }


def _items(response: Any) -> tuple[int, set[str]]:
    return response.status_code, {error["code"] for error in response.json()["errors"]}


def _push(path: str, body: bytes, secret: str = "") -> Any:
    signed = generic.WEBHOOK_AUTH.headers_for(body, secret) if secret else {}
    return Client().post(path, body, content_type="application/json", headers=signed)


def _one_event(api: ApiClient, organisation: Organisation, **change: Any) -> Any:
    shipment = make_shipment(organisation=organisation)
    good = event_payload(shipment.tracking_code, "at_depot", timezone.now().isoformat())
    return api.post(EVENTS, {"events": [good, {**good, **change}]})


# Each code with a request that gets it: (status, code found in the answer).
Scenario = Callable[[ApiClient, Organisation, Any], tuple[int, set[str]]]


def _too_large(api: ApiClient, organisation: Organisation, settings: Any) -> tuple[int, set[str]]:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(EVENTS, raw='{"events": [' + ",".join(["{}"] * 600) + "]}")
    return response.status_code, {response.json()["code"]}


def _answer(response: Any) -> tuple[int, set[str]]:
    return response.status_code, {response.json()["code"]}


def _throttled(api: ApiClient, organisation: Organisation, settings: Any) -> tuple[int, set[str]]:
    settings.HALTE_API_RATE = "1/m"
    api.get("/api/v1/shipments/3SNONE0001")
    return _answer(api.get("/api/v1/shipments/3SNONE0001"))


def _scope_missing(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    # A live token of the organisation, issued for shipments only, asks for its vouchers.
    _, key = do_issue_api_token(organisation, name="shipments only", scopes=[Scope.SHIPMENTS])
    return _answer(Client().get("/api/v1/vouchers", headers={"Authorization": f"Bearer {key}"}))


def _taken(api: ApiClient, organisation: Organisation, settings: Any) -> tuple[int, set[str]]:
    other = make_shipment(carrier="postnl")
    return _answer(api.post("/api/v1/shipments", _shipment_body(other.tracking_code)))


def _too_many_events(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    return _answer(api.post(EVENTS, {"events": [{}] * 1001}))


def _unreadable(api: ApiClient, organisation: Organisation, settings: Any) -> tuple[int, set[str]]:
    CarrierAccount.objects.create(
        organisation=organisation, carrier="generic", webhook_secret=SECRET
    )
    return _answer(_push("/api/v1/carriers/generic/webhook", b"{not json", SECRET))


def _push_too_large(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    CarrierAccount.objects.create(
        organisation=organisation, carrier="generic", webhook_secret=SECRET
    )
    events = [{"tracking_code": "X", "code": "x"}] * 1001
    body = json.dumps({"events": events}).encode()
    return _answer(_push("/api/v1/carriers/generic/webhook", body, SECRET))


def _answered_twice(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Waar is het?", from_address="a@example.nl"),
        customer_email="a@example.nl",
    )
    request = CaseRequest.objects.create(organisation=organisation, case=case, kind="refund")
    answer = {"outcome": "confirmed", "answer": "Refunded."}
    api.post(f"/api/v1/requests/{request.pk}/answer", answer)
    return _answer(api.post(f"/api/v1/requests/{request.pk}/answer", answer))


def _text_too_long(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    settings.HALTE_UNDERSTANDING_MAX_TEXT_CHARS = 10
    return _answer(api.post("/api/v1/understand", {"text": "waar is mijn pakket"}))


def _return_id(organisation: Organisation) -> int:
    return do_refuse_at_door(make_shipment(organisation=organisation)).pk


LABEL = {"carrier": "postnl", "tracking_code": "3SRET0001", "qr": "RET-1"}


def _label_taken(api: ApiClient, organisation: Organisation, settings: Any) -> tuple[int, set[str]]:
    ret = Return.objects.get(pk=_return_id(organisation))
    Return.objects.filter(pk=ret.pk).update(refused_at_door=False, label="requested")
    other = make_shipment(carrier="postnl")
    body = {**LABEL, "tracking_code": other.tracking_code}
    return _answer(api.post(f"/api/v1/returns/{ret.pk}/label", body))


def _settled_twice(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    ret = Return.objects.get(pk=_return_id(organisation))
    do_settle_return(ret, refund="refunded")
    return _answer(api.post(f"/api/v1/returns/{ret.pk}/refund", {"state": "refused"}))


def _stop_row(api: ApiClient, organisation: Organisation, **change: Any) -> tuple[int, set[str]]:
    Driver.objects.get_or_create(organisation=organisation, reference="D-1", name="Sem")
    shipment = make_shipment(organisation=organisation)
    row = {
        "driver": "D-1",
        "carrier": shipment.carrier,
        "tracking_code": shipment.tracking_code,
        "route_order": 1,
        "date": timezone.localdate().isoformat(),
    }
    return _items(api.post("/api/v1/stops", {"stops": [row, {**row, **change}]}))


def _settled_stop(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    driver = Driver.objects.create(organisation=organisation, reference="D-1", name="Sem")
    shipment = make_shipment(organisation=organisation)
    day = timezone.localdate()
    Stop.objects.create(
        organisation=organisation,
        driver=driver,
        shipment=shipment,
        route_date=day,
        route_order=1,
        state=Stop.State.DELIVERED,
    )
    row = {
        "driver": "D-1",
        "carrier": shipment.carrier,
        "tracking_code": shipment.tracking_code,
        "route_order": 2,
        "date": day.isoformat(),
    }
    return _items(api.post("/api/v1/stops", {"stops": [row]}))


def _put_gift(api: ApiClient, reference: str, body: dict[str, Any]) -> Any:
    return api.client.put(
        f"/api/v1/orders/{reference}/gift",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.key}"},
    )


GIFT = {"sender_choice": "ask", "sender_email": "ans@example.nl"}


def _nameless_gift(
    api: ApiClient, organisation: Organisation, settings: Any
) -> tuple[int, set[str]]:
    make_shipment(organisation=organisation, order__reference="BOL-1")
    return _answer(_put_gift(api, "BOL-1", GIFT))


SCENARIOS: dict[StrEnum, Scenario] = {
    PrivacyErrorCode.PERSON_NOT_GIVEN: lambda api, o, s: _answer(
        api.post("/api/v1/privacy/erasures", {"email": ""})
    ),
    PrivacyErrorCode.PERSON_NOT_FOUND: lambda api, o, s: _answer(
        api.post("/api/v1/privacy/exports", {"email": "nobody@example.nl"})
    ),
    GiftErrorCode.ORDER_NOT_FOUND: lambda api, o, s: _answer(
        _put_gift(api, "BOL-404", {**GIFT, "sender_name": "Ans"})
    ),
    GiftErrorCode.SENDER_NAME_REQUIRED: _nameless_gift,
    DriverErrorCode.BATCH_TOO_LARGE: lambda api, o, s: _answer(
        api.post("/api/v1/drivers", {"drivers": [{}] * 1001})
    ),
    DriverErrorCode.DRIVER_NOT_FOUND: lambda api, o, s: _answer(
        api.post("/api/v1/drivers/D-404/sign-in-code")
    ),
    DriverErrorCode.STOP_SHIPMENT_NOT_FOUND: lambda api, o, s: _stop_row(
        api, o, tracking_code="3SNONE0001"
    ),
    DriverErrorCode.DUPLICATE_STOP: lambda api, o, s: _stop_row(api, o, route_order=2),
    DriverErrorCode.STOP_SETTLED: _settled_stop,
    ReturnErrorCode.RETURN_NOT_FOUND: lambda api, o, s: _answer(api.get("/api/v1/returns/999999")),
    ReturnErrorCode.LABEL_CODE_TAKEN: _label_taken,
    ReturnErrorCode.LABEL_EMPTY: lambda api, o, s: _answer(
        api.post(
            f"/api/v1/returns/{_return_id(o)}/label", {"carrier": "postnl", "tracking_code": "3SX1"}
        )
    ),
    ReturnErrorCode.LABEL_NOT_EXPECTED: lambda api, o, s: _answer(
        api.post(f"/api/v1/returns/{_return_id(o)}/label", LABEL)
    ),
    ReturnErrorCode.ALREADY_SETTLED: _settled_twice,
    RequestErrorCode.REQUEST_TOO_LARGE: _too_large,
    RequestErrorCode.INVALID_JSON: lambda api, o, s: _answer(api.post(EVENTS, raw='{"events": [}')),
    RequestErrorCode.INVALID_UTF8: lambda api, o, s: _answer(
        api.post(EVENTS, raw=b'{"events": ["\xff\xfe"]}')
    ),
    RequestErrorCode.INVALID_INPUT: lambda api, o, s: _answer(api.post(EVENTS, {"items": []})),
    FieldErrorCode.REQUIRED: lambda api, o, s: _items(
        api.post(EVENTS, {"events": [{"carrier": "postnl"}]})
    ),
    FieldErrorCode.UNKNOWN_FIELD: lambda api, o, s: _items(_one_event(api, o, colour="red")),
    FieldErrorCode.INVALID_VALUE: lambda api, o, s: _items(_one_event(api, o, carrier="fedup")),
    FieldErrorCode.NOT_AN_OBJECT: lambda api, o, s: _items(
        api.post(EVENTS, {"events": ["nonsense"]})
    ),
    AccessErrorCode.TOKEN_MISSING: lambda api, o, s: _answer(Client().get("/api/v1/vouchers")),
    AccessErrorCode.TOKEN_INVALID: lambda api, o, s: _answer(
        Client().get("/api/v1/vouchers", headers={"Authorization": "Bearer nope"})
    ),
    AccessErrorCode.THROTTLED: _throttled,
    AccessErrorCode.SCOPE_MISSING: _scope_missing,
    ShipmentErrorCode.TRACKING_CODE_TAKEN: _taken,
    ShipmentErrorCode.SHIPMENT_NOT_FOUND: lambda api, o, s: _answer(
        api.get("/api/v1/shipments/3SNONE0001")
    ),
    ShipmentErrorCode.BATCH_TOO_LARGE: _too_many_events,
    FeedErrorCode.UNKNOWN_CARRIER: lambda api, o, s: _answer(
        _push("/api/v1/carriers/fedex/webhook", b"{}")
    ),
    FeedErrorCode.PUSH_NOT_VERIFIED: lambda api, o, s: _answer(
        _push("/api/v1/carriers/generic/webhook", b"{}", "not-the-secret")
    ),
    FeedErrorCode.UNREADABLE_PAYLOAD: _unreadable,
    FeedErrorCode.PUSH_TOO_LARGE: _push_too_large,
    PromiseErrorCode.INVALID_SINCE: lambda api, o, s: _answer(
        api.get("/api/v1/vouchers", since="2026-02-30")
    ),
    RemedyErrorCode.REQUEST_NOT_FOUND: lambda api, o, s: _answer(
        api.post("/api/v1/requests/999999/answer", {"outcome": "answered", "answer": "Ja."})
    ),
    RemedyErrorCode.ALREADY_ANSWERED: _answered_twice,
    UnderstandingErrorCode.TEXT_TOO_LONG: _text_too_long,
    UnderstandingErrorCode.UNSUPPORTED_LANGUAGE: lambda api, o, s: _answer(
        api.post("/api/v1/understand", {"text": "Où est mon colis ?", "language": "fr"})
    ),
}
EXPECTED_STATUS: dict[StrEnum, int] = {
    DriverErrorCode.BATCH_TOO_LARGE: 413,
    DriverErrorCode.DRIVER_NOT_FOUND: 404,
    DriverErrorCode.STOP_SHIPMENT_NOT_FOUND: 200,
    DriverErrorCode.DUPLICATE_STOP: 200,
    DriverErrorCode.STOP_SETTLED: 422,
    RequestErrorCode.REQUEST_TOO_LARGE: 413,
    RequestErrorCode.INVALID_JSON: 422,
    RequestErrorCode.INVALID_UTF8: 422,
    RequestErrorCode.INVALID_INPUT: 422,
    FieldErrorCode.REQUIRED: 422,
    FieldErrorCode.UNKNOWN_FIELD: 200,
    FieldErrorCode.INVALID_VALUE: 200,
    FieldErrorCode.NOT_AN_OBJECT: 422,
    AccessErrorCode.TOKEN_MISSING: 401,
    AccessErrorCode.TOKEN_INVALID: 401,
    AccessErrorCode.THROTTLED: 429,
    AccessErrorCode.SCOPE_MISSING: 403,
    ShipmentErrorCode.TRACKING_CODE_TAKEN: 409,
    ShipmentErrorCode.SHIPMENT_NOT_FOUND: 404,
    ShipmentErrorCode.BATCH_TOO_LARGE: 413,
    FeedErrorCode.UNKNOWN_CARRIER: 404,
    FeedErrorCode.PUSH_NOT_VERIFIED: 401,
    FeedErrorCode.UNREADABLE_PAYLOAD: 422,
    FeedErrorCode.PUSH_TOO_LARGE: 413,
    PromiseErrorCode.INVALID_SINCE: 422,
    RemedyErrorCode.REQUEST_NOT_FOUND: 404,
    RemedyErrorCode.ALREADY_ANSWERED: 409,
    UnderstandingErrorCode.TEXT_TOO_LONG: 422,
    UnderstandingErrorCode.UNSUPPORTED_LANGUAGE: 422,
    ReturnErrorCode.RETURN_NOT_FOUND: 404,
    ReturnErrorCode.LABEL_CODE_TAKEN: 409,
    ReturnErrorCode.LABEL_EMPTY: 422,
    ReturnErrorCode.LABEL_NOT_EXPECTED: 409,
    ReturnErrorCode.ALREADY_SETTLED: 409,
    PrivacyErrorCode.PERSON_NOT_GIVEN: 422,
    PrivacyErrorCode.PERSON_NOT_FOUND: 404,
    GiftErrorCode.ORDER_NOT_FOUND: 404,
    GiftErrorCode.SENDER_NAME_REQUIRED: 422,
}
ALL_CODES = [code for enum in API_ENUMS for code in enum]


def test_every_api_error_code_has_a_request_that_gets_it() -> None:
    assert set(SCENARIOS) == set(ALL_CODES) == set(EXPECTED_STATUS)


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_a_request_gets_the_error_code(
    code: StrEnum, api: ApiClient, organisation: Organisation, settings: Any
) -> None:
    status, codes = SCENARIOS[code](api, organisation, settings)
    assert status == EXPECTED_STATUS[code]
    assert code.value in codes


def test_an_error_answer_has_a_human_detail_beside_the_code(api: ApiClient) -> None:
    body = api.get("/api/v1/shipments/3SNONE0001").json()
    assert body == {
        "detail": "No shipment with tracking code '3SNONE0001'.",
        "code": "shipment_not_found",
    }


def test_invalid_input_names_each_field_with_its_own_code(api: ApiClient) -> None:
    body = api.post(
        "/api/v1/shipments", {**_shipment_body("3SHALT0101010"), "colour": "red", "carrier": 1}
    ).json()
    assert body["code"] == "invalid_input"
    assert {(e["field"], e["code"]) for e in body["errors"]} == {
        ("colour", "unknown_field"),
        ("carrier", "invalid_value"),
    }
    assert "colour" in body["detail"] and "carrier" in body["detail"]


def test_batch_items_carry_index_field_code_and_message(
    api: ApiClient, organisation: Organisation
) -> None:
    body = _one_event(api, organisation, carrier="fedup").json()
    assert body["errors"] == [
        {
            "index": 1,
            "field": "carrier",
            "code": "invalid_value",
            "message": body["errors"][0]["message"],
        }
    ]
    assert "unknown carrier 'fedup'" in body["errors"][0]["message"]


@pytest.mark.parametrize("enum", API_ENUMS, ids=lambda e: e.__name__)
def test_the_schema_lists_each_code_enum(client: Client, enum: type[StrEnum]) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas[enum.__name__]["enum"] == [code.value for code in enum]


def test_every_error_answer_in_the_schema_has_a_typed_code(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    schemas = schema["components"]["schemas"]
    answers = [
        answer["content"]["application/json"]["schema"]
        for path in schema["paths"].values()
        for operation in path.values()
        for status, answer in operation["responses"].items()
        if int(status) >= 400
    ]
    for answer in answers:
        for option in answer.get("anyOf", [answer]):
            properties = schemas[option["$ref"].rsplit("/", 1)[-1]]["properties"]
            code = properties.get("code") or properties["errors"]["items"]
            assert "$ref" in json.dumps(code), option


def test_the_docs_list_every_api_code() -> None:
    documented = set(re.findall(r"`([a-z0-9_]+)`", DOCS.read_text()))
    missing = {code.value for code in ALL_CODES} - documented
    assert not missing, f"add to docs/api-errors.md: {sorted(missing)}"
