"""A valid reply address proves which case, not who wrote: only the customer's own mail acts."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from halte.cases.actions import do_reply, do_resolve_case
from halte.cases.links import customer_case_path
from halte.cases.models import Attachment, Case, CaseActivity, CaseMessage
from halte.cases.queries import customer_thread
from halte.mail.actions import do_receive_email
from halte.organisations.models import Organisation
from tests.factories import raw_email

pytestmark = pytest.mark.django_db(transaction=True)
STRANGER = "mallory@example.com"


def _reply_to(message: Any) -> str:
    return str(message.extra_headers.get("Reply-To") or message.reply_to[0])


def _waiting_case(agent: Any) -> tuple[Case, str]:
    """Lotte's case, answered by an agent; returns it and its signed reply address."""
    case = do_receive_email(raw_email()).case
    do_reply(case, by=agent, body="Kijkt u even bij de buren?")
    case.refresh_from_db()
    (_ack, answer) = mail.outbox
    mail.outbox.clear()
    return case, _reply_to(answer)


def test_a_strangers_found_it_to_a_valid_reply_address_changes_nothing(
    organisation: Organisation, agent: Any
) -> None:
    case, reply_to = _waiting_case(agent)
    assert case.state == Case.State.WAITING_ON_CUSTOMER
    received = do_receive_email(raw_email(sender=STRANGER, to=reply_to, text="Gevonden, dank!"))
    assert received.case == case
    case.refresh_from_db()
    assert case.state == Case.State.WAITING_ON_CUSTOMER
    assert case.resolved_at is None
    assert received.message.sender == CaseMessage.Sender.OTHER
    assert received.message.from_address == STRANGER
    activity = case.activities.get(verb=CaseActivity.Verb.UNPROVEN_MESSAGE)
    assert STRANGER in activity.detail
    assert mail.outbox == []  # no closing confirmation, no answer to the stranger
    # The same words from Lotte close it and are confirmed: this test would have seen that.
    do_receive_email(raw_email(to=reply_to, text="Gevonden, dank!"))
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    (confirmation, effort_question) = mail.outbox
    assert confirmation.to == ["lotte@example.nl"]
    assert effort_question.to == ["lotte@example.nl"]  # only the customer is asked


def test_a_stranger_cannot_reopen_a_resolved_case(organisation: Organisation, agent: Any) -> None:
    case, reply_to = _waiting_case(agent)
    do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason="opgelost", user=agent)
    do_receive_email(raw_email(sender=STRANGER, to=reply_to, text="Toch niet, open hem maar."))
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert not case.activities.filter(verb=CaseActivity.Verb.REOPENED).exists()


def test_a_strangers_reply_is_hidden_from_the_customer_page(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case, reply_to = _waiting_case(agent)
    photo = b"\xff\xd8\xff\xe0not-lottes-photo"
    received = do_receive_email(
        raw_email(
            sender=STRANGER,
            to=reply_to,
            text="Hier een foto van een ander pakket.",
            attachments=[("ander.jpg", "image/jpeg", photo)],
        )
    )
    assert received.message not in customer_thread(case)
    html = client.get(customer_case_path(case)).content.decode()
    assert "ander pakket" not in html
    assert STRANGER not in html
    attachment = Attachment.objects.get(message=received.message)
    url = f"{customer_case_path(case)}attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404


def test_the_agent_sees_who_wrote_it(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case, reply_to = _waiting_case(agent)
    do_receive_email(raw_email(sender=STRANGER, to=reply_to, text="Ik ben de buurman."))
    client.force_login(agent)
    html = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "Ik ben de buurman." in html
    assert f"niet van de klant: {STRANGER}" in html


def test_the_customers_own_reply_still_closes(organisation: Organisation, agent: Any) -> None:
    case, reply_to = _waiting_case(agent)
    do_receive_email(raw_email(sender="Lotte <LOTTE@example.nl>", to=reply_to, text="Gevonden!"))
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER
