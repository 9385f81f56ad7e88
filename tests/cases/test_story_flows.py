"""Stories 03 and 01 replayed end to end: web form, e-mail in and out, desk, journey."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from halte.cases.models import Case, CaseMessage
from halte.demo.parcels import load_demo
from halte.journey.models import Touchpoint
from halte.mail.actions import Undeliverable, do_receive_email
from halte.organisations.models import Organisation
from tests.factories import raw_email

pytestmark = pytest.mark.django_db(transaction=True)


def _reply_to(message: Any) -> str:
    return str(message.extra_headers.get("Reply-To") or message.reply_to[0])


def test_story_03_form_ack_reply_found_it_closes_without_an_agent(client: Client) -> None:
    load_demo()
    response = client.post(
        "/contact/",
        {
            "text": "Volgens de site is mijn pakket 3SHALT0303030 bezorgd maar ik heb niets.",
            "email": "lotte@example.nl",
            "name": "Lotte",
        },
        follow=True,
    )
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.shipment is not None and case.shipment.tracking_code == "3SHALT0303030"
    page = response.content.decode()
    assert "lotte@example.nl" in page and "/case/" not in page  # the link goes by e-mail

    (ack,) = mail.outbox
    assert "/case/" in ack.body
    reply_to = _reply_to(ack)
    assert re.fullmatch(rf"case\+{case.pk}-[0-9a-f]{{16}}@halte\.test", reply_to)
    assert "no-reply" not in ack.from_email and "noreply" not in ack.from_email
    assert case.number in ack.subject
    assert "reply" in ack.body.lower() or "antwoord" in ack.body.lower()
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"

    answer = raw_email(
        to=reply_to,
        subject=f"Re: {ack.subject}",
        text="Found it in the garden under a tarp!\n\nOn Mon, Customer service wrote:\n> ...",
        headers={"In-Reply-To": ack.extra_headers["Message-ID"]},
    )
    received = do_receive_email(answer)
    case.refresh_from_db()
    assert received.case == case
    assert case.state == Case.State.RESOLVED
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER
    assert case.first_contact_resolution is None  # nobody needed to answer
    assert not case.messages.filter(author__isnull=False).exists()
    # The acknowledgement, the closing confirmation, and the one effort question.
    assert len(mail.outbox) == 3
    assert "hoe makkelijk" in mail.outbox[2].subject.lower()
    kinds = list(case.touchpoints.values_list("kind", flat=True))
    assert kinds == [
        Touchpoint.Kind.FORM,
        Touchpoint.Kind.AUTO_REPLY,
        Touchpoint.Kind.EMAIL_IN,
        Touchpoint.Kind.CASE_CLOSED_BY_CUSTOMER,
    ]
    assert case.touchpoints.last().sentiment == Touchpoint.Sentiment.GOOD  # type: ignore[union-attr]


def test_story_01_agent_answers_from_the_desk_and_the_reply_lands_in_the_case(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    first = raw_email(
        sender="Remco de Waard <remco@example.nl>",
        subject="Verkeerd adres",
        text="Ik heb de postcode van mijn oude adres gebruikt. Juist: Lindelaan 12, 3731 HK.",
    )
    case = do_receive_email(first).case
    assert case.organisation == organisation
    mail.outbox.clear()

    client.force_login(agent)
    response = client.post(
        f"/desk/case/{case.pk}/reply/",
        {"body": "Dank u voor uw mail. Ik heb het juiste adres doorgegeven."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    (answer,) = mail.outbox
    assert answer.to == ["remco@example.nl"]
    assert case.number in answer.body and "/case/" in answer.body  # how to go on
    case.refresh_from_db()
    assert case.first_response_at is not None
    assert case.owner == agent
    assert case.state == Case.State.WAITING_ON_CUSTOMER

    # The customer answers from a mail client that keeps only the threading headers.
    follow_up = raw_email(
        sender="remco@example.nl",
        to="support@halte.test",
        subject="Re: uw vraag",
        text="Sorry, ook de straat was oud: het is Lindelaan 12, 3731 HK De Bilt.",
        headers={"In-Reply-To": answer.extra_headers["Message-ID"]},
    )
    assert do_receive_email(follow_up).case == case
    case.refresh_from_db()
    assert case.state == Case.State.OPEN
    assert case.messages.filter(direction=CaseMessage.Direction.INBOUND).count() == 2

    client.post(
        f"/desk/case/{case.pk}/state/", {"state": "resolved", "reason": "adres gecorrigeerd"}
    )
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert case.first_contact_resolution is True


def test_the_same_mail_delivered_twice_is_one_message(organisation: Organisation) -> None:
    raw = raw_email(message_id="<once@example.nl>")
    first = do_receive_email(raw)
    second = do_receive_email(raw)
    assert second.duplicate and second.message == first.message
    assert CaseMessage.objects.filter(direction=CaseMessage.Direction.INBOUND).count() == 1
    assert len(mail.outbox) == 1


def test_auto_reply_to_our_acknowledgement_never_loops(organisation: Organisation) -> None:
    case = do_receive_email(raw_email()).case
    (ack,) = mail.outbox
    out_of_office = raw_email(
        to=_reply_to(ack),
        subject="Automatisch antwoord: afwezig",
        text="Ik ben afwezig tot maandag. Gevonden? Opgelost?",
        headers={"Auto-Submitted": "auto-replied"},
    )
    for _ in range(3):
        do_receive_email(out_of_office.replace(b"Message-ID: <", b"Message-ID: <x", 1))
    case.refresh_from_db()
    assert case.is_open  # an autoresponder cannot close a case
    assert len(mail.outbox) == 1  # and gets no answer, however often it writes
    assert case.messages.filter(kind=CaseMessage.Kind.AUTOMATED).count() >= 1


def test_bounce_does_not_open_a_case_that_answers(organisation: Organisation) -> None:
    bounce = raw_email(sender="MAILER-DAEMON@mx.example.nl", subject="Undelivered Mail")
    received = do_receive_email(bounce)
    assert received.created_case
    assert mail.outbox == []
    # The same mail from a person is acknowledged, so this test would have seen an answer.
    do_receive_email(raw_email(subject="Undelivered Mail"))
    (ack,) = mail.outbox
    assert ack.to == ["lotte@example.nl"]


def test_forged_reply_token_does_not_reach_the_case(organisation: Organisation) -> None:
    case = do_receive_email(raw_email()).case
    forged = f"case+{case.pk}-0000000000000000@halte.test"
    received = do_receive_email(raw_email(sender="mallory@example.com", to=forged, text="hoi"))
    assert received.case != case
    assert not case.messages.filter(from_address="mallory@example.com").exists()


def test_html_mail_with_script_is_stored_inert(organisation: Organisation) -> None:
    html = "<p>Waar is mijn pakket?</p><script>document.title='pwned'</script>"
    received = do_receive_email(raw_email(text=None, html=html))
    assert "script" not in received.message.body_display
    assert "pwned" not in received.message.body_display
    assert received.message.body_html.strip() == html  # the original is kept as evidence


def test_a_new_message_reopens_a_closed_case(organisation: Organisation) -> None:
    case = do_receive_email(raw_email()).case
    (ack,) = mail.outbox
    do_receive_email(raw_email(to=_reply_to(ack), text="Laat maar, gevonden."))
    case.refresh_from_db()
    assert not case.is_open
    do_receive_email(raw_email(to=_reply_to(ack), text="Toch een vraag: de doos is kapot."))
    case.refresh_from_db()
    assert case.state == Case.State.OPEN


def test_oversized_mail_is_refused_whole(organisation: Organisation, settings: Any) -> None:
    settings.HALTE_MAX_EMAIL_BYTES = 1000
    with pytest.raises(Undeliverable, match="te groot"):
        do_receive_email(raw_email(text="x" * 5000))
    assert not Case.objects.exists()


def test_attachments_are_stored_with_the_message(organisation: Organisation) -> None:
    photo = b"\xff\xd8\xff\xe0fake-jpeg"
    received = do_receive_email(raw_email(attachments=[("doos.jpg", "image/jpeg", photo)]))
    (attachment,) = received.message.attachments.all()
    assert (attachment.filename, attachment.size) == ("doos.jpg", len(photo))
    assert attachment.file.read() == photo
