"""POST /api/v1/understand: token, shape, bad input, size."""

from typing import Any

import pytest
from django.test import Client

from halte.understanding.intents import Intent
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db
URL = "/api/v1/understand"
STORY_03 = "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen"


def test_a_message_is_read_in_the_documented_shape(api: ApiClient) -> None:
    response = api.post(URL, {"text": STORY_03})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "intent",
        "confidence",
        "scores",
        "sentiment",
        "urgent",
        "needs_person",
        "language",
        "details",
    }
    assert body["intent"] == "delivered_not_received"
    assert list(body["scores"]) == list(Intent.values)
    assert body["confidence"] == max(body["scores"].values())
    assert sum(body["scores"].values()) == pytest.approx(1, abs=0.01)
    assert body["sentiment"] in (-2, -1, 0)
    assert body["language"] == "nl"


def test_the_language_given_is_kept_with_its_region_dropped(api: ApiClient) -> None:
    body = api.post(URL, {"text": "Waar blijft mijn pakje?", "language": "nl-BE"}).json()
    assert body["language"] == "nl"


def test_an_english_message_is_recognised_as_english(api: ApiClient) -> None:
    body = api.post(URL, {"text": "Please cancel my order, I ordered it twice"}).json()
    assert (body["intent"], body["language"]) == ("cancel_order", "en")


def test_without_a_token_nothing_is_read() -> None:
    response = Client().post(URL, {"text": STORY_03}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "token_missing"


def test_an_unknown_token_is_refused() -> None:
    response = Client().post(
        URL,
        {"text": STORY_03},
        content_type="application/json",
        headers={"Authorization": "Bearer not-a-token"},
    )
    assert (response.status_code, response.json()["code"]) == (401, "token_invalid")


def test_an_unread_language_is_named_in_the_error(api: ApiClient) -> None:
    response = api.post(URL, {"text": "Où est mon colis ?", "language": "fr"})
    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_language"
    assert "'fr'" in response.json()["detail"]


def test_a_text_over_the_limit_is_refused_with_its_length(api: ApiClient, settings: Any) -> None:
    settings.HALTE_UNDERSTANDING_MAX_TEXT_CHARS = 50
    response = api.post(URL, {"text": "a" * 51})
    assert response.status_code == 422
    assert response.json()["code"] == "text_too_long"
    assert "51" in response.json()["detail"]


def test_a_body_over_the_route_limit_is_refused_unread(api: ApiClient, settings: Any) -> None:
    settings.HALTE_MAX_UNDERSTAND_REQUEST_BYTES = 1000
    response = api.post(URL, {"text": "waar is mijn pakket " * 100})
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_pasted_log_of_100_kb_is_read_within_the_limits(api: ApiClient) -> None:
    log = "Hoi, mijn pakket is niet aangekomen. Hier de log:\n" + "ERROR 0x0042 timeout\n" * 5000
    response = api.post(URL, {"text": log})
    assert response.status_code == 200
    assert response.json()["intent"] in Intent.values


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_input"),
        ({"text": 12}, "invalid_input"),
        ({"text": "waar is het", "colour": "red"}, "invalid_input"),
        ({"text": "waar is het", "language": 3}, "invalid_input"),
    ],
)
def test_a_body_outside_the_schema_names_the_field(
    api: ApiClient, body: dict[str, Any], code: str
) -> None:
    response = api.post(URL, body)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["errors"]


def test_a_body_that_is_not_json_is_refused(api: ApiClient) -> None:
    response = api.post(URL, raw='{"text": ')
    assert (response.status_code, response.json()["code"]) == (422, "invalid_json")


@pytest.mark.parametrize("text", ["", "???", "🙂🙂🙂", "<p></p>", "3SABCD1234567"])
def test_bad_input_gets_a_sane_reading(api: ApiClient, text: str) -> None:
    response = api.post(URL, {"text": text})
    assert response.status_code == 200
    assert response.json()["intent"] in ("other", "where_is_my_parcel")


def test_the_details_the_customer_gave_come_with_the_reading(api: ApiClient) -> None:
    body = api.post(
        URL,
        {"text": "Mijn pakket 3SABCD1234567 is niet gekomen. Postcode 3511 AB 12, tel 0612345678"},
    ).json()
    details = body["details"]
    assert [code["code"] for code in details["tracking_codes"]] == ["3SABCD1234567"]
    assert details["addresses"][0]["postcode"] == "3511AB"
    assert details["phones"] == ["+31612345678"]
    assert details["dates"] == []
