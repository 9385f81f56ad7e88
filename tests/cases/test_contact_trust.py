"""The contact form proves nothing about its sender: it never hands out or changes a case."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from halte.cases.actions import CustomerMessage, do_open_case, do_reply, do_resolve_case
from halte.cases.links import case_for_token, customer_case_path
from halte.cases.models import Case, CaseActivity, CaseMessage, Channel
from halte.organisations.models import Organisation

pytestmark = pytest.mark.django_db

VICTIM = "lotte@example.nl"
ATTACKER_TEXT = "Laat maar, gevonden! Stuur alles voortaan naar mallory@example.com."


def _victims_case(organisation: Organisation, agent: Any, *, language: str = "nl") -> Case:
    """Lotte's open case, with her question and an agent's answer in the thread."""
    case, _ = do_open_case(
        organisation,
        CustomerMessage(
            channel=Channel.EMAIL,
            body="Mijn pakket naar Dorpsstraat 7 is zoek.",
            from_address=VICTIM,
        ),
        customer_email=VICTIM,
        customer_name="Lotte",
        language=language,
    )
    do_reply(case, by=agent, body="We vragen het bewijs van bezorging op bij PostNL.")
    case.refresh_from_db()
    mail.outbox.clear()
    return case


def _post(client: Client, captured: Any, **data: str) -> Any:
    # "asked": sent as it is, past any question the form asks first (test_reading.py).
    form = {"text": ATTACKER_TEXT, "email": VICTIM, "asked": "1", **data}
    with captured(execute=True):
        return client.post("/contact/", form)


def _case_linked_in(body: object) -> Case | None:
    """The case a signed link in an e-mail opens (links carry their own timestamp)."""
    found = re.search(r"https?://\S+/case/([^/\s]+)/", str(body))
    return case_for_token(found.group(1)) if found else None


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_anonymous_post_with_someones_address_gets_nothing_of_their_case(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    response = _post(client, django_capture_on_commit_callbacks)

    assert response.status_code == 200  # a page, not a redirect to the case
    assert not response.has_header("Location")
    html = response.content.decode()
    assert case.number not in html
    assert "/case/" not in html
    assert "Dorpsstraat 7" not in html  # her question
    assert "bewijs van bezorging" not in html  # the agent's answer
    assert "Sluit mijn zaak" not in html and "close-case" not in html
    assert "Laat maar, gevonden!" in html  # only the sender's own words
    assert VICTIM in html  # and where the confirmation went

    # The link went to the case's own address, and only there.
    (notice,) = mail.outbox
    assert notice.to == [VICTIM]
    assert _case_linked_in(notice.body) == case
    assert case.number in notice.subject
    assert "formulier op onze website" in notice.body  # written in the case's language
    assert "mallory" not in notice.body  # it tells, it does not forward the words


def test_the_notice_is_written_in_the_cases_language(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent, language="en")
    _post(client, django_capture_on_commit_callbacks)
    (notice,) = mail.outbox
    assert "a form on our website" in notice.body
    assert _case_linked_in(notice.body) == case


def test_the_answer_is_the_same_for_a_new_case_a_joined_case_and_a_double_submit(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _victims_case(organisation, agent)
    stranger = "nieuw@example.nl"
    new_case = _post(client, django_capture_on_commit_callbacks, email=stranger)
    double = _post(client, django_capture_on_commit_callbacks, email=stranger)
    joined = _post(client, django_capture_on_commit_callbacks)
    assert Case.objects.filter(customer_email=stranger).count() == 1
    for response in (new_case, double, joined):
        assert response.status_code == 200
        assert "Laat maar, gevonden!" in response.content.decode()
    assert _without_tokens(new_case.content.decode()) == _without_tokens(double.content.decode())
    assert _without_tokens(new_case.content.decode()) == _without_tokens(
        joined.content.decode()
    ).replace(VICTIM, stranger)


def test_a_double_submit_sends_nothing_new(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    _post(client, django_capture_on_commit_callbacks)
    _post(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert case.messages.filter(sender=CaseMessage.Sender.UNPROVEN).count() == 1


def test_a_new_question_is_acknowledged_with_its_link_by_e_mail(
    client: Client, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    response = _post(client, django_capture_on_commit_callbacks, text="Waar is mijn pakket?")
    case = Case.objects.get()
    assert response.status_code == 200
    assert case.number not in response.content.decode()
    (ack,) = mail.outbox
    assert ack.to == [VICTIM]
    assert case.number in ack.subject
    assert _case_linked_in(ack.body) == case


def test_gevonden_through_the_contact_form_leaves_the_case_open(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    assert case.state == Case.State.WAITING_ON_CUSTOMER
    _post(client, django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.is_open
    assert case.resolved_at is None
    # Moved to open so an agent reads it; nothing else.
    assert case.state == Case.State.OPEN
    message = case.messages.get(sender=CaseMessage.Sender.UNPROVEN)
    assert message.body_text == ATTACKER_TEXT
    assert case.activities.filter(verb=CaseActivity.Verb.UNPROVEN_MESSAGE).exists()
    assert not case.activities.filter(verb=CaseActivity.Verb.RESOLVED).exists()


def test_the_form_never_reopens_a_resolved_case(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason="opgelost", user=agent)
    _post(client, django_capture_on_commit_callbacks, text="Het is weer mis.")
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert not case.messages.filter(body_text="Het is weer mis.").exists()
    assert Case.objects.filter(customer_email=VICTIM).count() == 2  # a new case instead


def test_the_customer_sees_the_added_message_labelled_behind_her_link(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    _post(client, django_capture_on_commit_callbacks)
    html = client.get(customer_case_path(case)).content.decode()
    assert "Laat maar, gevonden!" in html
    assert "de afzender is niet bewezen" in html


def test_the_agent_sees_the_message_marked_as_unproven(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    _post(client, django_capture_on_commit_callbacks)
    client.force_login(agent)
    html = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "Laat maar, gevonden!" in html
    assert "de afzender is niet bewezen" in html


def test_the_signed_link_still_closes_the_case(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _victims_case(organisation, agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(customer_case_path(case), {"action": "reply", "text": "Gevonden!"})
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER
