"""Story 04 from the desk: an agent relays a thank-you without ever seeing the sender; only a
supervisor sees who sent it, and only with a reason written in the audit trail."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from halte.audit.models import AccessRecord
from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Case, Channel
from halte.gifts.models import Gift, GiftNote
from halte.organisations.models import Membership, Organisation
from halte.shipments.models import Shipment
from tests.factories import make_shipment
from tests.gifts.conftest import RECIPIENT_EMAIL, SENDER_EMAIL, SENDER_NAME

pytestmark = pytest.mark.django_db


def _case_about(parcel: Shipment) -> Case:
    case, _ = do_open_case(
        parcel.organisation,
        CustomerMessage(
            channel=Channel.EMAIL,
            body="Wie heeft ons dit cadeau gestuurd? We willen graag bedanken.",
            from_address=RECIPIENT_EMAIL,
        ),
        customer_email=RECIPIENT_EMAIL,
        customer_name="Fleur",
        shipment=parcel,
    )
    mail.outbox.clear()
    return case


def _member(organisation: Organisation, name: str, role: str) -> User:
    user = get_user_model().objects.create_user(name, password=f"pw-{name}-12345")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def test_an_agent_relays_a_thank_you_and_never_sees_the_sender(
    client: Client,
    ask_gift: tuple[Gift, Shipment],
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _, parcel = ask_gift
    case = _case_about(parcel)
    client.force_login(agent)
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "iemand die liever anoniem blijft" in page
    assert SENDER_NAME not in page and SENDER_EMAIL not in page
    assert "/gift/sender/" not in page  # an agent is not offered to look

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/desk/case/{case.pk}/gift/thanks/", {"text": "Fleur en de kinderen zeggen dank je!"}
        )
    assert answer.status_code == 302
    (letter,) = mail.outbox
    assert letter.to == [SENDER_EMAIL] and "zeggen dank je" in letter.body
    assert RECIPIENT_EMAIL not in letter.body + str(letter.message())
    assert GiftNote.objects.get().via == GiftNote.Via.DESK
    after = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert SENDER_NAME not in after and SENDER_EMAIL not in after

    refused = client.post(f"/desk/case/{case.pk}/gift/sender/", {"reason": "nieuwsgierig"})
    assert refused.status_code == 403
    assert not AccessRecord.objects.filter(action="reveal").exists()


def test_a_supervisor_sees_the_sender_only_with_a_reason_on_the_audit_trail(
    client: Client, organisation: Organisation, ask_gift: tuple[Gift, Shipment]
) -> None:
    gift, parcel = ask_gift
    case = _case_about(parcel)
    client.force_login(_member(organisation, "sanne", "supervisor"))
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert SENDER_EMAIL not in page and "/gift/sender/" in page

    without = client.post(f"/desk/case/{case.pk}/gift/sender/", {"reason": " "})
    assert without.status_code == 422 and SENDER_EMAIL not in without.content.decode()
    assert not AccessRecord.objects.filter(action="reveal").exists()

    shown = client.post(
        f"/desk/case/{case.pk}/gift/sender/", {"reason": "Afzender vraagt om bevestiging"}
    )
    assert shown.status_code == 200
    assert SENDER_EMAIL in shown.content.decode() and SENDER_NAME in shown.content.decode()
    record = AccessRecord.objects.get(action="reveal")
    assert record.subject == f"gift:{gift.pk}" and record.reason == "Afzender vraagt om bevestiging"
    assert SENDER_EMAIL not in f"{record.subject} {record.detail} {record.reason}"
    # Shown in that answer only: the case page itself still does not name the sender.
    assert SENDER_EMAIL not in client.get(f"/desk/case/{case.pk}/").content.decode()


def test_a_case_without_a_gift_relays_nothing_and_says_why(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _case_about(make_shipment(organisation=organisation))
    client.force_login(agent)
    answer = client.post(f"/desk/case/{case.pk}/gift/thanks/", {"text": "Dank"})
    assert answer.status_code == 422
    assert not GiftNote.objects.exists() and not mail.outbox
