"""The shop sets an order's gift fields by API: validated, idempotent, its own orders only."""

import json
from typing import Any

import pytest
from django.test import Client

from halte.gifts.models import Gift
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation, Scope
from tests.conftest import ApiClient
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db

BODY = {
    "message": "Fijne kinderboekenweek!",
    "sender_name": "Tante Ans",
    "sender_choice": "ask",
    "sender_email": "ans@example.nl",
}


def _put(api: ApiClient, reference: str, body: Any) -> Any:
    return api.client.put(
        f"/api/v1/orders/{reference}/gift",
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        headers=api._headers(),
    )


def test_a_shop_sets_and_then_replaces_an_orders_gift(
    api: ApiClient, organisation: Organisation
) -> None:
    parcel = make_shipment(organisation=organisation, order__reference="BOL-1001")
    first = _put(api, "BOL-1001", BODY)
    assert first.status_code == 200, first.content
    assert first.json()["sender_choice"] == "ask" and first.json()["name_shown"] is False
    again = _put(api, "BOL-1001", {**BODY, "sender_choice": "anonymous", "sender_name": ""})
    assert again.status_code == 200
    gift = Gift.objects.get()
    assert gift.order_id == parcel.order_id and gift.sender_choice == "anonymous"


def test_show_or_ask_without_a_name_is_refused_with_a_code(
    api: ApiClient, organisation: Organisation
) -> None:
    make_shipment(organisation=organisation, order__reference="BOL-2")
    answer = _put(api, "BOL-2", {**BODY, "sender_name": ""})
    assert answer.status_code == 422
    assert answer.json()["code"] == "sender_name_required"
    assert not Gift.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {**BODY, "sender_email": "geen-adres"},
        {**BODY, "sender_choice": "maybe"},
        {**BODY, "message": "x" * 1001},
        {**BODY, "message": "nul\x00byte"},
        {**BODY, "sender_is": "extra"},
        "{not json",
    ],
)
def test_bad_gift_fields_get_a_422_and_store_nothing(
    api: ApiClient, organisation: Organisation, body: Any
) -> None:
    make_shipment(organisation=organisation, order__reference="BOL-3")
    answer = _put(api, "BOL-3", body)
    assert answer.status_code in (400, 422), answer.content
    assert "code" in answer.json()
    assert not Gift.objects.exists()


def test_another_shops_order_is_as_unknown_as_an_order_that_does_not_exist(
    organisation: Organisation,
) -> None:
    make_shipment(organisation=organisation, order__reference="BOL-4")
    neighbour = make_organisation()
    _, key = do_issue_api_token(neighbour, name="buurman")
    other = ApiClient(key)
    theirs = _put(other, "BOL-4", BODY)
    nowhere = _put(other, "BOL-404", BODY)
    assert theirs.status_code == nowhere.status_code == 404
    assert theirs.json()["code"] == nowhere.json()["code"] == "order_not_found"
    assert not Gift.objects.exists()


def test_without_a_token_nothing_is_set(organisation: Organisation) -> None:
    make_shipment(organisation=organisation, order__reference="BOL-5")
    answer = Client().put("/api/v1/orders/BOL-5/gift", BODY, content_type="application/json")
    assert answer.status_code == 401
    assert not Gift.objects.exists()


def test_a_token_without_the_gifts_scope_sets_nothing(organisation: Organisation) -> None:
    make_shipment(organisation=organisation, order__reference="BOL-6")
    others = [scope for scope in Scope.values if scope != Scope.GIFTS]
    _, key = do_issue_api_token(organisation, name="zonder cadeaus", scopes=others)
    answer = _put(ApiClient(key), "BOL-6", BODY)
    assert answer.status_code == 403 and answer.json()["code"] == "scope_missing"
    assert not Gift.objects.exists()
