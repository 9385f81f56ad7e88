"""Story 05 on the tracking page: the voucher with its code, amount and where to use it, and
the re-promised date explained; the code only for the recipient who proved it is them."""

import re
import time
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.promises.models import Promise, PromisePolicy, Voucher
from halte.shipments.models import Order, Shipment
from halte.tracking.links import tracking_url
from halte.vocabulary.promises import RiskRule
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db

PROMISED = date(2026, 11, 19)
BECAME = date(2026, 11, 20)


def _late_parcel(
    organisation: Organisation,
    reference: str = "FIFA-18",
    *,
    code: str = "BON-FIFA-0005",
    status: str = Voucher.Status.APPROVED,
) -> Shipment:
    """Story 05: promised Thursday, not handed over in time, re-promised Friday, €5 voucher."""
    order = Order.objects.create(
        organisation=organisation,
        reference=reference,
        placed_at=timezone.now() - timedelta(days=60),
        promised_date=PROMISED,
    )
    shipment = make_shipment(
        organisation=organisation, order=order, recipient_email="brent@example.be"
    )
    broken = Promise.objects.create(
        shipment=shipment,
        date=PROMISED,
        source=Promise.Source.CHECKOUT,
        state=Promise.State.BROKEN,
        made_at=timezone.now() - timedelta(days=3),
        broken_because=RiskRule.NOT_HANDED_OVER,
    )
    repromise = Promise.objects.create(
        shipment=shipment,
        previous=broken,
        date=BECAME,
        source=Promise.Source.REPROMISE,
        made_at=timezone.now() - timedelta(days=2),
    )
    Voucher.objects.create(
        order=order, promise=repromise, code=code, amount_cents=500, status=status
    )
    return shipment


def _prove(client: Client, shipment: Shipment) -> None:
    session = client.session
    session[f"halte.recipient-proven.{shipment.pk}"] = time.time()
    session.save()


def test_the_voucher_code_shows_only_after_proof(
    client: Client, organisation: Organisation
) -> None:
    shipment = _late_parcel(organisation)
    page = client.get(tracking_url(shipment)).content.decode()
    # Code and postcode show a parcel, not money.
    assert "BON-FIFA-0005" not in page
    assert "waardebon van € 5,00 naar je e-mailadres gestuurd" in page
    assert "Toon mijn waardebon hier" in page
    _prove(client, shipment)
    page = client.get(tracking_url(shipment)).content.decode()
    assert 'id="voucher-code">BON-FIFA-0005<' in page and "€ 5,00" in page


def test_the_voucher_button_proves_with_a_code_and_comes_back_to_the_voucher(
    client: Client, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shipment = _late_parcel(organisation)
    url = tracking_url(shipment) + "cases/?show=voucher"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "send_code"}).status_code == 200
    (code_mail,) = mail.outbox
    assert code_mail.to == ["brent@example.be"]
    code = re.search(r"\b(\d{6})\b", str(code_mail.body))
    assert code is not None
    back = client.post(url, {"action": "check_code", "code": code[1]})
    assert back.status_code == 302
    landed = client.get(back["Location"], follow=True)
    assert landed.redirect_chain[-1][0].endswith("#voucher")
    assert "BON-FIFA-0005" in landed.content.decode()


def test_a_voucher_is_never_shown_on_another_parcel(
    client: Client, organisation: Organisation
) -> None:
    mine = _late_parcel(organisation)
    other = make_shipment(organisation=organisation, recipient_email="someone@example.nl")
    also_late = _late_parcel(organisation, "OTHER-1", code="BON-OTHER-0009")
    # Proven for my parcel: another parcel's page shows neither its nor my voucher's code.
    _prove(client, mine)
    for parcel in (other, also_late):
        page = client.get(tracking_url(parcel)).content.decode()
        assert "BON-FIFA-0005" not in page and "BON-OTHER-0009" not in page
    assert "Je waardebon" not in client.get(tracking_url(other)).content.decode()
    assert "BON-OTHER-0009" not in client.get(tracking_url(mine)).content.decode()


def test_a_voucher_waiting_for_approval_is_not_shown(
    client: Client, organisation: Organisation
) -> None:
    shipment = _late_parcel(organisation, status=Voucher.Status.PENDING)
    _prove(client, shipment)
    page = client.get(tracking_url(shipment)).content.decode()
    assert "BON-FIFA-0005" not in page and "Je waardebon" not in page


def test_where_to_use_it_is_the_shops_own_text_with_a_plain_link(
    client: Client, organisation: Organisation
) -> None:
    shipment = _late_parcel(organisation)
    _prove(client, shipment)
    page = client.get(tracking_url(shipment)).content.decode()
    assert "Gebruik de code bij het afrekenen" in page  # no text set: a general sentence
    PromisePolicy.objects.create(
        organisation=organisation,
        voucher_terms="Te gebruiken op https://shop.example/bon <b>tot 1 maart</b>.",
    )
    page = client.get(tracking_url(shipment)).content.decode()
    assert '<a href="https://shop.example/bon"' in page
    assert "&lt;b&gt;tot 1 maart&lt;/b&gt;" in page  # the shop's text is escaped, not markup


def test_the_repromised_date_is_explained_with_its_reason(
    client: Client, organisation: Organisation
) -> None:
    shipment = _late_parcel(organisation)
    page = client.get(tracking_url(shipment)).content.decode()
    assert (
        "We beloofden donderdag 19 november; het werd vrijdag 20 november, want je bestelling "
        "is niet op tijd aan" in page
    )
    english = client.get(tracking_url(shipment), {"lang": "en"}).content.decode()
    assert "We promised Thursday 19 November; it became Friday 20 November because" in english
