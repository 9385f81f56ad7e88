"""Story 03 in a real chromium: the contact form's words become a read, linked case whose
acknowledgement asks nothing already given; the desk shows and corrects the reason."""

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from halte.cases.models import Case, IntentCorrection
from halte.demo.parcels import load_demo
from halte.organisations.models import Membership
from halte.understanding.intents import Intent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY_03 = "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen. 3SHALT0303030"


def test_story_03_becomes_a_read_case_with_one_self_service_link_and_a_desk_reason(
    page: Any, live_server: Any, artifacts: Path, mailoutbox: Any
) -> None:
    load_demo()
    page.goto(f"{live_server.url}/contact/")
    page.get_by_label("Waarmee kunnen we helpen?").fill(STORY_03)
    page.get_by_label("Je e-mailadres").fill("sanne@example.nl")
    page.get_by_role("button", name="Versturen").click()
    page.locator("#your-message").wait_for()

    case = Case.objects.get()
    assert case.intent == Intent.DELIVERED_NOT_RECEIVED and not case.needs_person
    assert case.shipment is not None and case.shipment.tracking_code == "3SHALT0303030"

    (ack,) = mailoutbox
    assert "pakket 3SHALT0303030" in ack.body  # what she gave is repeated, not asked
    assert "antwoord graag met" not in ack.body
    [link] = re.findall(r"https?://\S+/s/[^/\s]+/not-received/", ack.body)
    page.goto(live_server.url + urlsplit(link).path)
    assert "Bezorgd om 16:58" in page.locator("main").inner_text()

    agent = get_user_model().objects.create_user("natasja", password="pw-natasja-123")
    Membership.objects.create(user=agent, organisation=case.organisation)
    page.goto(f"{live_server.url}/desk/")
    page.get_by_label("Gebruikersnaam").fill("natasja")
    page.get_by_label("Wachtwoord").fill("pw-natasja-123")
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#queue").wait_for()
    page.select_option("select[name=intent]", Intent.DELIVERED_NOT_RECEIVED.value)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=case.number).click()
    page.wait_for_url(f"**/desk/case/{case.pk}/")
    assert "Bezorgd maar niet ontvangen" in page.locator("#case-intent").inner_text() or (
        case.get_intent_display() in page.locator("#case-intent").inner_text()
    )
    draft = page.locator("#reply-body").input_value()
    assert draft.startswith("Hallo Sanne") and "3SHALT0303030" in draft
    page.screenshot(path=str(artifacts / "desk-intent.png"), full_page=True)

    page.select_option("#intent-form select", Intent.WHERE_IS_MY_PARCEL.value)
    page.locator("#intent-form button").click()
    page.locator("#case-intent", has_text=str(Intent.WHERE_IS_MY_PARCEL.label)).wait_for()
    case.refresh_from_db()
    assert case.intent == Intent.WHERE_IS_MY_PARCEL
    assert IntentCorrection.objects.get().read_as == Intent.DELIVERED_NOT_RECEIVED
