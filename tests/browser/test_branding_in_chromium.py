"""The demo shop's tracking page in a real chromium: its name, logo and colour, under the CSP."""

from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from halte.cases.models import Case
from halte.demo.cases import DEMO_AGENT, load_demo_cases
from halte.demo.parcels import DEMO_SLUG, load_demo
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def test_the_tracking_page_shows_the_shops_name_logo_and_colour(
    page: Any, live_server: Any, artifacts: Path
) -> None:
    load_demo()
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    page.add_init_script(_RECORD_VIOLATIONS)
    response = page.goto(live_server.url + tracking_url(shipment))
    assert response is not None and response.ok
    page.wait_for_load_state("load")

    assert page.locator(".bar .shop-name").inner_text() == "Tuinlicht.nl"
    assert page.title().endswith("· Tuinlicht.nl")
    bar = page.locator(".bar")
    # The shop's amber, with black text on it: the colour came through the hashed style.
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(232, 163, 23)"
    name_colour = page.locator(".bar .brand").evaluate("e => getComputedStyle(e).color")
    assert name_colour == "rgb(0, 0, 0)"
    assert page.locator(".bar img.logo").evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.evaluate("window.__cspViolations") == []
    page.screenshot(path=str(artifacts / "tracking-branded.png"), full_page=True)


def test_natasja_answers_remco_from_the_desk_and_her_name_signs_the_mail(
    page: Any, live_server: Any, artifacts: Path
) -> None:
    load_demo()
    shop = Organisation.objects.get(slug=DEMO_SLUG)
    load_demo_cases(shop)
    case = Case.objects.get(subject__startswith="Verkeerd adres")
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})  # an agent's screen
    page.goto(f"{base}/desk/login/")
    page.get_by_label("Gebruikersnaam").fill(DEMO_AGENT[0])
    page.get_by_label("Wachtwoord").fill(DEMO_AGENT[1])
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#queue").wait_for()
    assert page.locator("#working-for").inner_text() == "Tuinlicht.nl"

    mail.outbox.clear()
    page.goto(f"{base}/desk/case/{case.pk}/")
    assert page.locator("#case-shop").inner_text() == "Zaak van Tuinlicht.nl"
    page.keyboard.press("r")
    page.keyboard.type("Dank je voor je mail. Ik heb het juiste adres doorgegeven.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.locator("#thread li.out", has_text="juiste adres doorgegeven").wait_for()
    page.screenshot(path=str(artifacts / "desk-branded.png"), full_page=True)

    (reply,) = [m for m in mail.outbox if m.to == ["remco@example.nl"]]
    assert reply.from_email.startswith('"Klantenservice Tuinlicht.nl" <')
    assert reply.subject == f"Re: Verkeerd adres voor pakket 05222111830001 [{case.number}]"
    assert "Met vriendelijke groet,\nNatasja\nTeam Tuinlicht.nl" in reply.body
    (artifacts / "mail-reply-branded.txt").write_text(
        f"From: {reply.from_email}\nTo: {', '.join(reply.to)}\nSubject: {reply.subject}\n\n"
        f"{reply.body}\n",
        encoding="utf-8",
    )
