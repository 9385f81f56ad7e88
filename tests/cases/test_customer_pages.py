"""The contact form and the customer's case page: free text, signed links, close it yourself."""

from typing import Any

import pytest
from django.test import Client

from halte.cases.links import customer_case_path
from halte.cases.models import Case, CaseMessage
from halte.organisations.models import Organisation
from tests.form_errors import form_error_codes

pytestmark = pytest.mark.django_db


def _submit(client: Client, **data: str) -> Any:
    form = {"text": "Waar blijft mijn bestelling?", "email": "lotte@example.nl", **data}
    return client.post("/contact/", form, follow=True)


def test_contact_form_has_no_subject_dropdown(client: Client) -> None:
    html = client.get("/contact/").content.decode()
    assert "<select" not in html
    assert "textarea" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Dit veld is verplicht"),
        ({"email": "geen-email"}, "geldig e-mailadres"),
        ({"text": "x" * 10_001}, "niet meer dan 10000 tekens"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(
    client: Client, organisation: Organisation, data: dict[str, str], message: str
) -> None:
    response = _submit(client, **data)
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_pressing_send_twice_is_one_question(
    client: Client,
    organisation: Organisation,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client)
        _submit(client)
    case = Case.objects.get()
    assert case.messages.filter(direction=CaseMessage.Direction.INBOUND).count() == 1
    (ack,) = mailoutbox  # one acknowledgement, not two
    assert case.number in ack.subject


def test_a_new_question_while_a_case_is_open_extends_it(
    client: Client, organisation: Organisation
) -> None:
    _submit(client)
    _submit(client, text="En de doos was ook nog kapot.")
    assert Case.objects.count() == 1
    assert Case.objects.get().messages.filter(direction="in").count() == 2


def test_customer_closes_the_case_with_the_button(
    client: Client,
    organisation: Organisation,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _submit(client)
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(customer_case_path(case), {"action": "close"}, follow=True)
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER
    assert "gesloten" in response.content.decode()
    # The acknowledgement's callback never ran: only the confirmation, and the effort question.
    (confirmation, question) = mailoutbox
    assert confirmation.to == ["lotte@example.nl"]
    assert question.to == ["lotte@example.nl"] and "makkelijk" in question.subject


def test_internal_notes_never_reach_the_customer_page(
    client: Client, organisation: Organisation
) -> None:
    _submit(client)
    case = Case.objects.get()
    case.messages.create(
        direction="note",
        channel="desk",
        body_text="klant is lastig",
        body_display="klant is lastig",
    )
    html = client.get(customer_case_path(case)).content.decode()
    assert "klant is lastig" not in html


def test_forged_case_link_reveals_nothing(client: Client, organisation: Organisation) -> None:
    _submit(client)
    case = Case.objects.get()
    path = customer_case_path(case)
    response = client.get(path[:-6] + "AAAAA/")
    assert response.status_code == 404
    assert "Waar blijft" not in response.content.decode()


def test_html_typed_in_the_form_is_shown_as_text(
    client: Client, organisation: Organisation
) -> None:
    _submit(client, text="<script>alert(1)</script> hallo")
    case = Case.objects.get()
    html = client.get(customer_case_path(case)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_no_organisation_gives_a_clear_message(client: Client, db: None) -> None:
    response = _submit(client)
    assert (
        "nog niet ingericht" in response.content.decode()
        or "not set up" in response.content.decode()
    )
    assert form_error_codes(response) == {"not_set_up"}
    assert not Case.objects.exists()


def test_flooding_the_contact_form_is_stopped_with_429(
    client: Client, organisation: Organisation, settings: Any
) -> None:
    settings.HALTE_FORM_SUBMISSIONS_PER_HOUR = 3
    for n in range(3):
        _submit(client, text=f"vraag {n}")
    blocked = client.post("/contact/", {"text": "nog een", "email": "x@example.nl"})
    assert blocked.status_code == 429
    assert "probeer het over een uur" in blocked.content.decode().lower()
    assert blocked["Retry-After"] == "3600"


def test_a_form_error_keeps_its_code_in_english_too(client: Client, db: None) -> None:
    response = client.post(
        "/contact/?lang=en", {"text": "Where is my parcel?", "email": "a@example.nl"}
    )
    assert "not set up to receive questions" in response.content.decode()
    assert form_error_codes(response) == {"not_set_up"}
