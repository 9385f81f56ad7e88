"""Promise mail in the shop's voice: greeting, new date, the parcel's link, the case number,
signed by the shop."""

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.urls import resolve

from halte.cases.actions import do_send_proactive
from halte.organisations.models import Organisation
from halte.promises import letters
from halte.shipments.models import Shipment
from halte.tracking.links import shipment_for_token
from halte.vocabulary.promises import RiskRule
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcel() -> Shipment:
    shop: Organisation = make_organisation(
        name="Bol BV", display_name="bol", signature="Team bol · klantenservice"
    )
    return make_shipment(organisation=shop, recipient_name="Brent", recipient_email="b@example.be")


def test_the_new_promise_mail_greets_explains_links_the_parcel_and_signs_as_the_shop(
    parcel: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    subject, body = letters.repromise(
        parcel,
        language="nl",
        old=date(2026, 11, 19),
        new=date(2026, 11, 20),
        rule=RiskRule.NOT_HANDED_OVER,
        voucher="BOL-5EUR-XYZ",
        amount="€ 5,00",
    )
    assert body.startswith("Hallo Brent,\n")
    assert "vrijdag 20 november" in body and "BOL-5EUR-XYZ" in body
    (link,) = [line for line in body.splitlines() if "/track/s/" in line]
    label, url = link.split(": ", 1)
    assert label == "Bekijk je pakket"
    path = url.removeprefix(settings.HALTE_BASE_URL)
    # Compared by what it opens: a signed link carries the second it was made in.
    assert shipment_for_token(resolve(path).kwargs["token"]) == parcel
    assert body.endswith("Met vriendelijke groet,\nTeam bol · klantenservice")

    with django_capture_on_commit_callbacks(execute=True):
        case = do_send_proactive(parcel, subject=subject, body=body)
    (sent,) = mail.outbox
    assert sent.from_email.startswith("bol <")
    # Written before its case existed: the case number comes underneath.
    assert f"Zaak {case.number}." in sent.body
    assert sent.body.index("Team bol") < sent.body.index(case.number)


def test_the_escalation_mail_is_in_english_for_an_english_reader(parcel: Shipment) -> None:
    _subject, body = letters.escalated(
        parcel, language="en", promised=date(2026, 11, 20), due="Monday 09:00"
    )
    assert body.startswith("Hello Brent,\n")
    assert "See your parcel: http" in body
    assert body.endswith("Kind regards,\nTeam bol · klantenservice")
