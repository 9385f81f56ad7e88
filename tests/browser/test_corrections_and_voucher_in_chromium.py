"""Story 01's suggestion and confirmation, and story 05's voucher, in a real chromium."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from halte.demo.parcels import load_demo
from halte.promises.actions import do_evaluate_promise
from halte.promises.models import PromisePolicy, Voucher
from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _look_up(page: Any, base: str, code: str, postcode: str) -> None:
    page.goto(f"{base}/track/")
    page.get_by_label("Trackingcode").fill(code)
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("button", name="Toon mijn pakket").click()


def _enter_code_from_mail(page: Any, to: str) -> None:
    page.get_by_role("button", name="Stuur me een code").click()
    assert mail.outbox[-1].to == [to]
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    page.get_by_label("De code uit onze e-mail of sms").fill(code[1])
    page.get_by_role("button", name="Code controleren").click()


def test_the_best_suggestion_comes_first_and_one_confirmation_saves_it(
    page: Any, live_server: Any, artifacts: Path, address_registry: None
) -> None:
    load_demo()
    _look_up(page, live_server.url, "05222111830099", "3572 KT")
    page.get_by_role("link", name="Adres verbeteren").click()
    _enter_code_from_mail(page, "remco@example.nl")
    # The form holds story 01's mix (new street, old postcode): saving it as it is is stopped.
    page.get_by_role("button", name="Bewaar het juiste adres").click()
    suggestions = page.locator("#address-problem form.suggestion button")
    assert suggestions.first.inner_text() == "Lindelaan 12, 3731 HK De Bilt"

    suggestions.first.click()
    question = page.locator("#confirm-question").inner_text()
    assert question == "Naar Lindelaan 12, 3731 HK De Bilt sturen?"
    # The demo shop has no system to pass it on to: the page says a person does.
    assert "een collega dit adres door aan DPD" in page.locator("#proposed-address").inner_text()
    assert not AddressChange.objects.exists()  # a tap alone changes nothing
    page.screenshot(path=str(artifacts / "address-confirm.png"), full_page=True)

    # Back keeps what was chosen; then yes, once.
    page.get_by_role("button", name="Terug").click()
    assert page.get_by_label("Postcode").input_value() == "3731 HK"
    page.get_by_role("button", name="Bewaar het juiste adres").click()
    page.get_by_role("button", name="Ja, stuur het daarheen").click()
    assert "verbeterde adres" in page.get_by_role("status").inner_text()
    timeline = page.locator("ol.timeline").inner_text()
    assert "Adres gewijzigd naar Lindelaan 12, 3731 HK De Bilt." in timeline
    assert AddressChange.objects.count() == 1
    shipment = Shipment.objects.get(tracking_code="05222111830099")
    assert (shipment.postcode, shipment.street) == ("3731HK", "Lindelaan")
    page.screenshot(path=str(artifacts / "address-changed-timeline.png"), full_page=True)


def test_story_05_voucher_shows_on_the_tracking_page_after_the_code(
    page: Any, live_server: Any, artifacts: Path
) -> None:
    load_demo()
    shipment = Shipment.objects.get(tracking_code="3SHALT0505050")
    PromisePolicy.objects.update_or_create(
        organisation=shipment.organisation,
        defaults={
            "voucher_terms": "Te gebruiken bij je volgende bestelling op "
            "https://tuinlicht.example/bon, drie maanden geldig."
        },
    )
    do_evaluate_promise(shipment.pk)  # not handed over in time: a new date and a voucher
    voucher = Voucher.objects.get(order=shipment.order)
    assert voucher.status == Voucher.Status.APPROVED

    _look_up(page, live_server.url, "3SHALT0505050", "3500")
    card = page.locator("#voucher")
    assert "naar je e-mailadres gestuurd" in card.inner_text()
    assert voucher.code not in page.content()  # code and postcode show a parcel, not money
    assert "We beloofden" in page.locator("#promise").inner_text()

    card.get_by_role("link", name="Toon mijn waardebon hier").click()
    _enter_code_from_mail(page, "brent@example.be")
    assert page.url.endswith("#voucher")
    assert page.locator("#voucher-code").inner_text() == voucher.code
    assert "€ 5,00" in card.inner_text()
    assert card.get_by_role("link", name="https://tuinlicht.example/bon").count() == 1
    page.screenshot(path=str(artifacts / "tracking-voucher.png"), full_page=True)
