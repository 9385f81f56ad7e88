"""Requests to the shop's or carrier's system: a typed webhook out, an answer in through the
API, and never a false "done" when the webhook is missing or fails for good."""

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Case, CaseActivity, CaseMessage, Channel
from halte.journey.models import Touchpoint
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.remedies.actions import Sent, do_ask_carrier, do_request_remedy
from halte.remedies.models import CaseRequest
from tests.conftest import ApiClient, LoopbackHTTP
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db


def _case(organisation: Organisation, *, parcel: bool = True) -> Case:
    shipment = make_shipment(organisation=organisation, carrier="dpd") if parcel else None
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Niet ontvangen", from_address="r@example.nl"),
        customer_email="r@example.nl",
        shipment=shipment,
    )
    return case


def _agent(organisation: Organisation) -> User:
    return get_user_model().objects.create_user(f"agent-{organisation.slug}", password="pw-12345x")


def _with_webhook(organisation: Organisation, url: str) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(webhook_url=url, webhook_secret="s3")
    organisation.refresh_from_db()


def test_asking_the_carrier_posts_a_typed_webhook_and_the_case_waits_for_the_carrier(
    organisation: Organisation,
    loopback_http: LoopbackHTTP,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _with_webhook(organisation, loopback_http.url + "/hooks")
    case = _case(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        result = do_ask_carrier(
            case, kind="proof_of_delivery", note="Buren?", by=_agent(organisation)
        )
    assert result.outcome is Sent.REQUESTED and result.request is not None
    (posted,) = [r for r in loopback_http.requests if r[1] == "/hooks"]
    body = json.loads(posted[3])
    assert body["event"] == "carrier_request.created"
    assert body["data"]["request_id"] == result.request.pk
    assert body["data"]["kind"] == "proof_of_delivery"
    assert body["data"]["case"] == case.number
    assert body["data"]["tracking_code"] == case.shipment.tracking_code  # type: ignore[union-attr]
    assert body["data"]["answer_url"].endswith(f"/api/v1/requests/{result.request.pk}/answer")
    case.refresh_from_db()
    assert case.state == Case.State.WAITING_ON_THIRD_PARTY
    assert case.activities.filter(verb=CaseActivity.Verb.REQUESTED).exists()
    assert Touchpoint.objects.filter(case=case, kind=Touchpoint.Kind.AGENT_ACTION).exists()
    result.request.refresh_from_db()
    assert result.request.state == CaseRequest.State.REQUESTED
    assert result.request.dispatch is not None
    assert result.request.dispatch.state == Dispatch.State.SENT


def test_without_a_webhook_nothing_is_recorded_and_the_case_does_not_wait(
    organisation: Organisation,
) -> None:
    case = _case(organisation)
    result = do_ask_carrier(case, kind="investigation", note="", by=_agent(organisation))
    assert result.outcome is Sent.NO_WEBHOOK
    assert not CaseRequest.objects.exists()
    assert not Dispatch.objects.filter(channel=Dispatch.Channel.WEBHOOK).exists()
    case.refresh_from_db()
    assert case.state != Case.State.WAITING_ON_THIRD_PARTY


def test_a_case_without_a_parcel_cannot_ask_the_carrier(organisation: Organisation) -> None:
    _with_webhook(organisation, "https://shop.example/hooks")
    case = _case(organisation, parcel=False)
    result = do_ask_carrier(case, kind="proof_of_delivery", note="", by=_agent(organisation))
    assert result.outcome is Sent.NO_PARCEL
    assert not CaseRequest.objects.exists()


def test_only_remedies_the_shop_offers_are_requested(organisation: Organisation) -> None:
    _with_webhook(organisation, "https://shop.example/hooks")
    Organisation.objects.filter(pk=organisation.pk).update(damage_remedies="replacement")
    organisation.refresh_from_db()
    case = _case(organisation)
    agent = _agent(organisation)
    assert do_request_remedy(case, kind="refund", note="", by=agent).outcome is Sent.NOT_OFFERED
    assert do_request_remedy(case, kind="nonsense", note="", by=agent).outcome is Sent.WRONG_KIND
    result = do_request_remedy(case, kind="replacement", note="Kapot", by=agent)
    assert result.outcome is Sent.REQUESTED
    dispatch = Dispatch.objects.get(channel=Dispatch.Channel.WEBHOOK)
    assert dispatch.subject == "remedy.requested"
    assert json.loads(dispatch.body)["data"]["kind"] == "replacement"
    assert CaseRequest.objects.get().state == CaseRequest.State.REQUESTED


def test_a_webhook_that_fails_for_good_shows_not_delivered_and_puts_the_case_back(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    target = LoopbackHTTP(status=410)
    try:
        _with_webhook(organisation, target.url + "/hooks")
        case = _case(organisation)
        with django_capture_on_commit_callbacks(execute=True):
            result = do_ask_carrier(case, kind="investigation", note="", by=_agent(organisation))
    finally:
        target.close()
    assert result.request is not None
    result.request.refresh_from_db()
    assert result.request.state == CaseRequest.State.NOT_DELIVERED
    case.refresh_from_db()
    # Not "waiting for carrier" for a request the carrier never got: open, high, with a reason.
    assert case.state == Case.State.OPEN
    assert case.priority == Case.Priority.HIGH
    assert case.activities.filter(verb=CaseActivity.Verb.DELIVERY_FAILED).exists()


def _requested(organisation: Organisation, kind: str = "proof_of_delivery") -> CaseRequest:
    _with_webhook(organisation, "https://shop.example/hooks")
    case = _case(organisation)
    do = do_ask_carrier if kind in CaseRequest.CARRIER_KINDS else do_request_remedy
    result = do(case, kind=kind, note="", by=_agent(organisation))
    assert result.request is not None
    return result.request


def _path(request: CaseRequest) -> str:
    return f"/api/v1/requests/{request.pk}/answer"


def test_the_answer_lands_on_the_case_as_a_note_and_puts_it_back_before_the_agent(
    api: ApiClient, organisation: Organisation
) -> None:
    request = _requested(organisation)
    response = api.post(
        _path(request),
        {
            "outcome": "answered",
            "answer": "Afgeleverd bij de buren op nummer 14.",
            "document_url": "https://dpd.example/pod/1.pdf",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "answered"
    request.refresh_from_db()
    assert request.state == CaseRequest.State.ANSWERED
    assert request.document_url == "https://dpd.example/pod/1.pdf"
    case = request.case
    case.refresh_from_db()
    assert case.state == Case.State.OPEN
    note = case.messages.get(direction=CaseMessage.Direction.NOTE)
    assert "buren op nummer 14" in note.body_text and "pod/1.pdf" in note.body_text
    assert case.activities.filter(verb=CaseActivity.Verb.REQUEST_ANSWERED).exists()
    assert Touchpoint.objects.filter(case=case, kind=Touchpoint.Kind.THIRD_PARTY_ANSWER).exists()


def test_the_agent_reads_the_answer_in_the_thread(
    api: ApiClient, organisation: Organisation, client: Client, agent: Any
) -> None:
    request = _requested(organisation)
    api.post(_path(request), {"outcome": "answered", "answer": "Handtekening: J. de Buur"})
    client.force_login(agent)
    page = client.get(f"/desk/case/{request.case.pk}/").content.decode()
    assert "Handtekening: J. de Buur" in page
    assert "antwoord van de winkel of vervoerder" in page or "answer from the shop" in page
    assert "beantwoord" in page or "answered" in page


def test_a_remedy_is_confirmed_or_refused_by_its_answer(
    api: ApiClient, organisation: Organisation
) -> None:
    request = _requested(organisation, "replacement")
    response = api.post(_path(request), {"outcome": "refused", "answer": "Niet op voorraad."})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.state == CaseRequest.State.REFUSED


def test_a_second_answer_is_refused_and_the_first_stands(
    api: ApiClient, organisation: Organisation
) -> None:
    request = _requested(organisation)
    assert api.post(_path(request), {"outcome": "answered", "answer": "Eerste"}).status_code == 200
    again = api.post(_path(request), {"outcome": "refused", "answer": "Tweede"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_answered"
    request.refresh_from_db()
    assert request.answer == "Eerste" and request.state == CaseRequest.State.ANSWERED
    assert request.case.messages.filter(direction=CaseMessage.Direction.NOTE).count() == 1


def test_another_organisations_token_finds_no_request_and_changes_nothing(
    organisation: Organisation,
) -> None:
    request = _requested(organisation)
    _, other_key = do_issue_api_token(make_organisation(), name="buurman")
    response = ApiClient(other_key).post(
        _path(request), {"outcome": "answered", "answer": "Van de buurman"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "request_not_found"
    request.refresh_from_db()
    assert request.state == CaseRequest.State.REQUESTED and request.answer == ""


def test_an_unknown_request_is_not_found(api: ApiClient) -> None:
    response = api.post("/api/v1/requests/424242/answer", {"outcome": "answered", "answer": "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "request_not_found"


@pytest.mark.parametrize(
    "body",
    [
        {"outcome": "answered", "answer": "x" * 5001},
        {"outcome": "done", "answer": "Klaar"},
        {"outcome": "answered", "answer": ""},
        {"outcome": "answered", "answer": "Ja", "document_url": "javascript:alert(1)"},
        {"outcome": "answered", "answer": "Ja\x00"},
        {"outcome": "answered", "answer": "Ja", "colour": "red"},
    ],
    ids=["oversized", "unknown-outcome", "empty", "not-a-link", "nul", "unknown-field"],
)
def test_bad_answers_are_refused_field_by_field_and_change_nothing(
    api: ApiClient, organisation: Organisation, body: dict[str, str]
) -> None:
    request = _requested(organisation)
    response = api.post(_path(request), body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["errors"]
    request.refresh_from_db()
    assert request.state == CaseRequest.State.REQUESTED
    assert not request.case.messages.filter(direction=CaseMessage.Direction.NOTE).exists()
