"""Stories 01 and 03 replayed by a recipient in chromium, without an agent."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from halte.cases.models import Case
from halte.demo.parcels import load_demo
from halte.shipments.models import Shipment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _look_up(page: Any, base: str, code: str, postcode: str) -> None:
    page.goto(f"{base}/track/")
    page.get_by_label("Trackingcode").fill(code)
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("button", name="Toon mijn pakket").click()


def test_story_01_mixed_address_is_stopped_fixed_and_gets_a_new_window(
    page: Any, live_server: Any, artifacts: Path, address_registry: None
) -> None:
    load_demo()
    _look_up(page, live_server.url, "05222111830099", "3572 KT")
    page.get_by_role("link", name="Adres verbeteren").click()
    # First she proves it is her parcel: a code reaches the e-mail address the shop gave.
    page.get_by_role("button", name="Stuur me een code").click()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None and mail.outbox[-1].to == [
        Shipment.objects.get(tracking_code="05222111830099").recipient_email
    ]
    page.get_by_label("De code uit onze e-mail of sms").fill(code[1])
    page.get_by_role("button", name="Code controleren").click()
    # She types her new street with the old postcode, as in the story.
    page.get_by_label("Straat").fill("Lindelaan")
    page.get_by_label("Plaats").fill("De Bilt")
    page.get_by_role("button", name="Bewaar het juiste adres").click()
    problem = page.locator("#address-problem")
    assert "Biltstraat" in problem.inner_text()
    page.screenshot(path=str(artifacts / "selfservice-address-stopped-nl.png"), full_page=True)

    problem.get_by_role("button", name="Lindelaan 12, 3731 HK De Bilt").click()
    # One confirmation with the full address before anything changes.
    assert "Lindelaan 12, 3731 HK De Bilt" in page.locator("#confirm-question").inner_text()
    page.get_by_role("button", name="Ja, stuur het daarheen").click()
    notice = page.get_by_role("status").inner_text()
    # The demo shop has no system to pass it on to: the page says a person does, and by when.
    assert "Een collega geeft het uiterlijk" in notice and "verbeterde adres" in notice
    shipment = Shipment.objects.get(tracking_code="05222111830099")
    assert (shipment.postcode, shipment.street) == ("3731HK", "Lindelaan")
    case = Case.objects.get(shipment=shipment, tags__icontains="pass-to-carrier")
    assert case.is_open  # an agent passes it on
    page.screenshot(path=str(artifacts / "selfservice-address-fixed-nl.png"), full_page=True)


def test_story_03_delivered_in_the_garden_report_then_close_with_found_it(
    page: Any, live_server: Any, artifacts: Path
) -> None:
    load_demo()
    _look_up(page, live_server.url, "3SHALT0303030", "6811 AB")
    assert "16:58" in page.locator("#headline").inner_text()
    page.get_by_role("link", name="Ik heb het niet ontvangen").click()
    assert "in de tuin" in page.locator("#where").inner_text()  # where it was left, first
    page.get_by_label("Je e-mailadres").fill("sanne@example.nl")
    page.get_by_role("button", name="Meld: niet ontvangen").click()
    (case,) = [
        c
        for c in Case.objects.filter(shipment__tracking_code="3SHALT0303030")
        if "not-received" in c.tags
    ]
    notice = page.get_by_role("status").inner_text()
    assert "sanne@example.nl" in notice and case.number not in notice  # the number goes by mail
    page.screenshot(path=str(artifacts / "selfservice-not-received-nl.png"), full_page=True)

    # Found it in the garden: she shows her questions with a code from her mailbox, and closes.
    page.get_by_role("link", name="Toon mijn vragen").click()
    page.get_by_role("button", name="Stuur me een code").click()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None and mail.outbox[-1].to == ["sanne@example.nl"]
    page.get_by_label("De code uit onze e-mail of sms").fill(code[1])
    page.get_by_role("button", name="Code controleren").click()
    assert case.number in page.locator("#cases").inner_text()
    page.get_by_role("button", name="Gevonden / opgelost: sluit deze zaak").first.click()
    assert "is gesloten" in page.get_by_role("status").inner_text()
    case.refresh_from_db()
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER
