"""Mail in the shop's own voice: From the shop, the customer's subject kept, a person's name
under a person's reply, the case number in the text and the customer's language."""

from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from halte.cases.actions import CustomerMessage, do_add_customer_message, do_open_case, do_reply
from halte.cases.links import customer_case_url
from halte.cases.models import Case, Channel
from halte.cases.suggestions import suggested_reply
from halte.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

INSTALLATION = "Klantenservice <support@halte.test>"


@pytest.fixture
def shop(organisation: Organisation) -> Organisation:
    organisation.display_name = "Tuinlicht.nl"
    organisation.support_sender_name = "Klantenservice Tuinlicht.nl"
    organisation.support_email = "hallo@tuinlicht.example"
    organisation.signature = "Team Tuinlicht.nl"
    organisation.save()
    return organisation


def _remco_writes(
    organisation: Organisation, capture: Any, *, language: str = "nl", subject: str = ""
) -> Case:
    with capture(execute=True):
        case, _first = do_open_case(
            organisation,
            CustomerMessage(
                channel=Channel.EMAIL,
                subject=subject or "Verkeerd adres voor pakket 05222111830001",
                body="Excuses, ik heb de postcode van mijn oude adres gebruikt.",
                from_address="remco@example.nl",
            ),
            customer_email="remco@example.nl",
            customer_name="Remco de Waard",
            language=language,
            case_url_for=customer_case_url,
        )
    return case


def _reply(case: Case, agent: Any, capture: Any, body: str) -> Any:
    mail.outbox.clear()
    with capture(execute=True):
        do_reply(case, by=agent, body=body)
    (sent,) = mail.outbox
    return sent


@override_settings(DEFAULT_FROM_EMAIL=INSTALLATION)
def test_the_acknowledgement_comes_from_the_shop_greets_by_name_and_names_the_case(
    shop: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    case = _remco_writes(shop, django_capture_on_commit_callbacks)
    (ack,) = mail.outbox
    assert ack.from_email == '"Klantenservice Tuinlicht.nl" <hallo@tuinlicht.example>'
    assert ack.body.startswith("Hallo Remco de Waard,\n\n")
    assert case.number in ack.body
    assert ack.body.endswith("Met vriendelijke groet,\nTeam Tuinlicht.nl")
    # The link on its own line after a few words, never inside a sentence.
    (link_line,) = [line for line in ack.body.splitlines() if "/case/" in line]
    assert link_line.startswith(f"Je zaak {case.number}: http")


@override_settings(DEFAULT_FROM_EMAIL=INSTALLATION)
def test_a_shop_that_set_nothing_still_sends_mail_under_its_own_name(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    _remco_writes(organisation, django_capture_on_commit_callbacks)
    (ack,) = mail.outbox
    assert ack.from_email == f"{organisation.name} <support@halte.test>"
    assert ack.body.endswith(f"Met vriendelijke groet,\nKlantenservice {organisation.name}")


def test_an_agents_reply_keeps_the_customers_subject_with_the_case_number(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = _remco_writes(shop, django_capture_on_commit_callbacks)
    reply = _reply(case, agent, django_capture_on_commit_callbacks, "Ik heb het doorgegeven.")
    assert reply.subject == f"Re: Verkeerd adres voor pakket 05222111830001 [{case.number}]"


def test_the_subject_of_a_reply_to_our_reply_does_not_pile_up_prefixes_or_numbers(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = _remco_writes(shop, django_capture_on_commit_callbacks)
    do_add_customer_message(
        case,
        CustomerMessage(
            channel=Channel.EMAIL,
            subject=f"RE: Re: Verkeerd adres voor pakket 05222111830001 [{case.number}]",
            body="Sorry, ook de straat was fout: Lindelaan 12.",
            from_address="remco@example.nl",
        ),
    )
    reply = _reply(case, agent, django_capture_on_commit_callbacks, "Geen probleem.")
    assert reply.subject == f"Re: Verkeerd adres voor pakket 05222111830001 [{case.number}]"


def test_a_web_form_case_gets_a_one_line_subject_from_the_start_of_its_text(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case, _ = do_open_case(
            shop,
            CustomerMessage(channel=Channel.WEB, body="Mijn lamp\nis kapot " + "x" * 300),
            customer_email="remco@example.nl",
        )
    reply = _reply(case, agent, django_capture_on_commit_callbacks, "Vervelend!")
    assert reply.subject.startswith("Re: Mijn lamp is kapot xxx")
    assert reply.subject.endswith(f"… [{case.number}]")
    assert "\n" not in reply.subject


def test_an_agents_reply_is_signed_with_their_first_name_under_the_shops_name(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = _remco_writes(shop, django_capture_on_commit_callbacks)
    reply = _reply(
        case, agent, django_capture_on_commit_callbacks, "Ik heb het juiste adres doorgegeven."
    )
    assert reply.from_email == '"Klantenservice Tuinlicht.nl" <hallo@tuinlicht.example>'
    assert reply.body.startswith(
        "Ik heb het juiste adres doorgegeven.\n\n"
        "Met vriendelijke groet,\nNatasja\nTeam Tuinlicht.nl"
    )
    assert f"Zaak {case.number}." in reply.body
    assert reply.to == ["remco@example.nl"]


def test_an_agent_who_chose_a_signature_name_signs_with_it(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Membership.objects.filter(user=agent, organisation=shop).update(signature_name="Tasja")
    case = _remco_writes(shop, django_capture_on_commit_callbacks)
    reply = _reply(case, agent, django_capture_on_commit_callbacks, "Komt goed.")
    assert "\nTasja\nTeam Tuinlicht.nl" in reply.body
    assert "Natasja" not in reply.body


def test_a_reply_to_an_english_case_is_framed_in_english(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = _remco_writes(shop, django_capture_on_commit_callbacks, language="en")
    (ack,) = mail.outbox
    assert ack.body.startswith("Hello Remco de Waard,")
    reply = _reply(case, agent, django_capture_on_commit_callbacks, "I passed it on.")
    assert "Kind regards,\nNatasja\nTeam Tuinlicht.nl" in reply.body
    assert f"Case {case.number}. Simply reply to this e-mail to answer." in reply.body
    assert "Follow or close your case: http" in reply.body
    assert "Met vriendelijke groet" not in reply.body


def test_the_suggested_reply_sent_as_it_is_is_signed_once_by_the_agent(
    shop: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = _remco_writes(shop, django_capture_on_commit_callbacks)
    draft = suggested_reply(case)
    assert draft.startswith("Hallo Remco de Waard,")
    reply = _reply(case, agent, django_capture_on_commit_callbacks, draft)
    assert reply.body.count("Met vriendelijke groet") == 1
    assert "Klantenservice\n" not in reply.body.split("Met vriendelijke groet")[0]
    assert "Natasja\nTeam Tuinlicht.nl" in reply.body
