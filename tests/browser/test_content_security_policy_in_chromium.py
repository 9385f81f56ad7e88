"""Every page works under Halte's Content-Security-Policy in a real chromium: no violations."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from halte.cases.links import customer_case_url
from halte.demo.parcels import load_demo
from halte.mail.actions import do_receive_email
from halte.organisations.models import Membership
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.factories import raw_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script and is not itself subject to the page's policy.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


class Violations:
    """CSP violations seen by the page: its console and securitypolicyviolation events."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(_RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def after(self, url: str) -> list[str]:
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("load")
        events: list[str] = self.page.evaluate("window.__cspViolations")
        found, self.console = [*self.console, *events], []
        return found


def test_public_pages_desk_and_admin_load_without_csp_violations(
    page: Any, live_server: Any
) -> None:
    load_demo()
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    case = do_receive_email(raw_email(text="Pakket 3SHALT0303030 is zoek")).case
    user = get_user_model().objects.create_user(
        "natasja", password="pw-natasja-123", is_staff=True, is_superuser=True
    )
    Membership.objects.create(user=user, organisation=case.organisation)
    violations = Violations(page)
    base = live_server.url
    track = tracking_url(shipment)
    for path in [
        "/track/",
        track,
        track + "address/",
        track + "not-received/",
        track + "damage/",
        "/contact/",
        customer_case_url(case).removeprefix("http://127.0.0.1:8000"),
        "/desk/login/",
        "/api/v1/docs",
        "/admin/login/",
    ]:
        assert violations.after(base + path) == [], path

    page.goto(f"{base}/desk/login/")
    page.get_by_label("Gebruikersnaam").fill("natasja")
    page.get_by_label("Wachtwoord").fill("pw-natasja-123")
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#queue").wait_for()
    for path in ["/desk/", f"/desk/case/{case.pk}/", "/admin/", "/admin/cases/case/"]:
        assert violations.after(base + path) == [], path

    # Swagger UI on the API docs page: opening an operation and the token dialog.
    assert violations.after(f"{base}/api/v1/docs") == []
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.locator(".authorize").first.click()
    page.wait_for_timeout(500)
    assert violations.after(f"{base}/api/v1/docs") == []

    # htmx still works under the policy: a reply is sent without a page load.
    page.goto(f"{base}/desk/case/{case.pk}/")
    page.wait_for_load_state("load")
    page.keyboard.press("r")
    page.keyboard.type("We zoeken het uit.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.locator("#thread li.out", has_text="We zoeken het uit.").wait_for()
    assert violations.after(f"{base}/desk/case/{case.pk}/") == []
