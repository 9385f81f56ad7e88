"""Self-service mail in the shop's voice: greeting, what happened, what happens next, the case
number and a link on its own line, signed by the shop."""

import pytest
from django.utils import translation

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Channel
from halte.organisations.models import Organisation
from halte.selfservice import letters
from halte.shipments.models import Shipment
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcel() -> Shipment:
    shop: Organisation = make_organisation(name="Tuinlicht BV", display_name="Tuinlicht.nl")
    return make_shipment(organisation=shop, recipient_name="Remco")


def test_the_confirmation_of_a_report_reads_like_a_letter(parcel: Shipment) -> None:
    case, _ = do_open_case(
        parcel.organisation,
        CustomerMessage(channel=Channel.WEB, body="Niet ontvangen"),
        customer_email=parcel.recipient_email,
        customer_name="Remco",
        shipment=parcel,
    )
    with translation.override("nl"):
        body = letters.confirmation(parcel, case, "Een collega zoekt het uit.", "https://x/c/1/")
    paragraphs = body.split("\n\n")
    assert paragraphs[0] == "Hallo Remco,"
    assert case.number in paragraphs[1] and parcel.tracking_code in paragraphs[1]
    assert paragraphs[2] == "Een collega zoekt het uit."
    assert f"Je zaak {case.number}: https://x/c/1/" in paragraphs
    assert paragraphs[-1] == "Met vriendelijke groet,\nKlantenservice Tuinlicht.nl"


def test_the_change_notice_puts_the_undo_link_on_its_own_line(parcel: Shipment) -> None:
    with translation.override("en"):
        _subject, body = letters.change_notice(
            parcel, "Oude straat 1", "Lindelaan 12", "https://x/undo/abc/"
        )
    assert body.startswith("Hello Remco,\n\n")
    assert "\nUndo the change: https://x/undo/abc/\n" in body
    assert body.endswith("Kind regards,\nCustomer service Tuinlicht.nl")


def test_the_code_mail_greets_and_signs_without_a_name_too() -> None:
    parcel = make_shipment(recipient_name="")
    with translation.override("nl"):
        _subject, body = letters.recipient_code(parcel, "123456", 15)
    assert body.startswith("Hallo,\n\n")
    assert "123456" in body
    assert body.endswith(f"Klantenservice {parcel.organisation.name}")
