"""Helpdesk in a real chromium: a customer asks and closes; an agent answers from the desk."""

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from halte.cases.models import Case
from halte.demo.parcels import load_demo
from halte.mail.actions import do_receive_email
from halte.organisations.models import Membership
from halte.shipments.models import Shipment
from tests.factories import raw_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_asks_through_the_form_and_closes_the_case_herself(
    page: Any, live_server: Any, artifacts: Path, mailoutbox: Any
) -> None:
    load_demo()
    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Trackingcode").fill("3SHALT0303030")
    page.get_by_label("Postcode").fill("6811AB")
    page.get_by_role("button", name="Toon mijn pakket").click()
    page.get_by_role("link", name="Stel een vraag over dit pakket").click()
    page.get_by_label("Waarmee kunnen we helpen?").fill("Het staat op bezorgd maar ik zie niets.")
    page.get_by_label("Je e-mailadres").fill("lotte@example.nl")
    page.get_by_role("button", name="Versturen").click()

    # The page thanks her and shows her own words; the case itself comes by e-mail.
    received = page.locator("main").inner_text()
    assert "Het staat op bezorgd maar ik zie niets." in page.locator("#your-message").inner_text()
    assert "lotte@example.nl" in received
    case = Case.objects.get()
    assert case.number not in received
    assert case.shipment is not None and case.shipment.tracking_code == "3SHALT0303030"
    page.screenshot(path=str(artifacts / "contact-received-nl.png"), full_page=True)

    (ack,) = mailoutbox
    assert ack.to == ["lotte@example.nl"]
    link = re.search(r"https?://\S+/case/\S+/", ack.body)
    assert link is not None
    page.goto(live_server.url + urlsplit(link.group(0)).path)
    assert case.number in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "case-customer-nl.png"), full_page=True)

    page.get_by_role("button", name="Sluit mijn zaak").click()
    assert page.locator("#case-state").inner_text() == "opgelost"
    case.refresh_from_db()
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER


def test_agent_answers_from_the_desk_and_scripts_in_mail_stay_inert(
    page: Any, live_server: Any, artifacts: Path
) -> None:
    load_demo()
    shipment = Shipment.objects.get(tracking_code="05222111830001")
    user = get_user_model().objects.create_user("natasja", password="pw-natasja-123")
    Membership.objects.create(user=user, organisation=shipment.organisation)
    hostile = (
        "<p>Mijn pakket 05222111830001: verkeerde postcode.</p>"
        "<script>window.__pwned = true</script><img src=x onerror='window.__pwned = true'>"
    )
    case = do_receive_email(raw_email(sender="remco@example.nl", text=None, html=hostile)).case

    page.goto(f"{live_server.url}/desk/")
    page.get_by_label("Gebruikersnaam").fill("natasja")
    page.get_by_label("Wachtwoord").fill("pw-natasja-123")
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#queue").wait_for()
    page.screenshot(path=str(artifacts / "desk-queue-nl.png"), full_page=True)
    page.wait_for_load_state("load")  # desk.js (deferred) handles the keys
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/case/{case.pk}/")
    assert "verkeerde postcode" in page.locator("#thread").inner_text()
    assert page.evaluate("window.__pwned === undefined")
    assert "Bezorgd om 13:51" in page.locator("#parcel-headline").inner_text()

    page.keyboard.press("r")
    page.keyboard.type("Dank u voor uw mail. Ik heb het juiste adres doorgegeven.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.locator("#thread li.out", has_text="juiste adres doorgegeven").wait_for()
    assert page.locator("#case-state").inner_text() == "wacht op klant"
    page.screenshot(path=str(artifacts / "desk-case-nl.png"), full_page=True)
    case.refresh_from_db()
    assert case.first_response_at is not None
