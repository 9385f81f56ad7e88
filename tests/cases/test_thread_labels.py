"""Each message in a case's thread says who wrote it: the customer, a machine on their side,
an agent, an internal note, or our own automatic acknowledgement."""

import re
from typing import Any

import pytest
from django.test import Client

from halte.cases.actions import (
    CustomerMessage,
    do_add_customer_message,
    do_add_note,
    do_open_case,
    do_reply,
)
from halte.cases.models import Case, CaseMessage, Channel
from halte.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _who(html: str, message: CaseMessage) -> str:
    """The text of the message's "who" line, tags and whitespace removed."""
    item = html.split(f'id="message-{message.pk}"', 1)[1]
    line = item.split('<div class="who">', 1)[1].split("</div>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", line).split())


def test_the_desk_labels_every_message_by_who_wrote_it(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case, first = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Waar is mijn pakket?", from_address="l@x.nl"),
        customer_email="lotte@example.nl",
    )
    acknowledgement = case.messages.get(kind=CaseMessage.Kind.ACKNOWLEDGEMENT)
    reply = do_reply(case, by=agent, body="Het is onderweg.")
    note = do_add_note(case, by=agent, body="Klant belde ook al")
    automated = do_add_customer_message(
        case,
        CustomerMessage(
            channel=Channel.EMAIL, body="Ik ben afwezig", from_address="l@x.nl", automated=True
        ),
    )
    client.force_login(agent)
    html = client.get(f"/desk/case/{case.pk}/").content.decode()

    assert _who(html, first).startswith("lotte@example.nl ·")
    assert "automatisch bericht" not in _who(html, first)
    assert _who(html, automated).startswith("lotte@example.nl ·")
    assert "automatisch bericht" in _who(html, automated)
    assert _who(html, note).startswith("Interne notitie · natasja")
    assert _who(html, reply).startswith("Natasja ·")
    assert _who(html, acknowledgement).startswith("Klantenservice (automatisch) ·")
    assert Case.objects.get(pk=case.pk).is_open  # an automated message closes nothing
