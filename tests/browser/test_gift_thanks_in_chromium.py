"""Story 04 in a real phone-sized chromium: two books without a sender, a thank-you in one step,
the aunt shows her name with one click, the recipient sees it — no call, no agent."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from halte.cases.models import Case
from halte.gifts.models import Gift
from halte.organisations.models import Organisation
from halte.vocabulary.status import Status
from tests.factories import make_shipment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUNT = "ans.devries@example.nl"
RECIPIENT = "fleur@example.nl"


def test_story_04_the_recipient_thanks_an_ask_me_sender_who_then_shows_her_name(
    page: Any, live_server: Any, artifacts: Path, organisation: Organisation
) -> None:
    organisation.display_name = "Boekenwinkel"
    organisation.save()
    parcel = make_shipment(
        organisation=organisation,
        tracking_code="3SGIFT0404040",
        recipient_name="Fleur Rhemrev",
        recipient_email=RECIPIENT,
        postcode="6811AB",
        status=Status.DELIVERED,
    )
    assert parcel.order is not None
    Gift.objects.create(
        organisation=organisation,
        order=parcel.order,
        message="Voor de kinderboekenweek: veel voorleesplezier!",
        sender_name="Tante Ans",
        sender_choice=Gift.SenderChoice.ASK,
        sender_email=AUNT,
    )

    # The recipient looks the parcel up with the code on the packing slip and her postcode.
    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Trackingcode").fill("3SGIFT0404040")
    page.get_by_label("Postcode").fill("6811 ab")
    page.get_by_role("button", name="Toon mijn pakket").click()
    gift = page.locator("#gift")
    assert "Een cadeau van iemand die liever anoniem blijft" in gift.inner_text()
    assert "voorleesplezier" in gift.inner_text()
    assert "Tante Ans" not in page.content() and AUNT not in page.content()

    # One step: write the thank-you and send it.
    page.get_by_role("link", name="Bedank de afzender").click()
    page.get_by_label("Je bedankje").fill("Wat lief! De kinderen lezen elke avond samen.")
    page.get_by_role("button", name="Stuur mijn bedankje").click()
    assert "onderweg" in page.locator("#thanked").inner_text()
    page.screenshot(path=str(artifacts / "gift-thanks-sent.png"), full_page=True)

    # The aunt receives it from the shop's relay, without the recipient's address.
    (letter,) = [m for m in mail.outbox if m.to == [AUNT]]
    assert "De kinderen lezen elke avond samen." in letter.body
    assert RECIPIENT not in letter.body and RECIPIENT not in str(letter.message())
    reveal = re.search(r"https?://[^/\s]+(/gift/reveal/\S+/)", str(letter.body))
    assert reveal

    # She opens the link (a new browser), confirms, and her name is shown.
    sender = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    aunt = sender.new_page()
    aunt.goto(live_server.url + reveal.group(1))
    aunt.get_by_role("button", name="Ja, toon mijn naam").click()
    assert "Tante Ans" in aunt.locator("#revealed").inner_text()
    aunt.screenshot(path=str(artifacts / "gift-thanks-reveal.png"), full_page=True)
    sender.close()

    # The recipient is told by mail, and her parcel's page names the aunt.
    (told,) = [m for m in mail.outbox if m.to == [RECIPIENT]]
    assert "Tante Ans" in told.body and AUNT not in told.body
    page.get_by_role("link", name="Terug naar je pakket").click()
    assert "Een cadeau van Tante Ans" in page.locator("#gift").inner_text()
    page.screenshot(path=str(artifacts / "gift-thanks.png"), full_page=True)
    # No phone call, no agent: nobody opened a case.
    assert not Case.objects.exists()
