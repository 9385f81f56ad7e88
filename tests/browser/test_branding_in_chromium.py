"""The demo shop's tracking page in a real chromium: its name, logo and colour, under the CSP."""

from pathlib import Path
from typing import Any

import pytest

from halte.demo.parcels import load_demo
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
    # The shop's amber, with black text on it: the colour came through the nonce'd style.
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(232, 163, 23)"
    name_colour = page.locator(".bar .brand").evaluate("e => getComputedStyle(e).color")
    assert name_colour == "rgb(0, 0, 0)"
    assert page.locator(".bar img.logo").evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.evaluate("window.__cspViolations") == []
    page.screenshot(path=str(artifacts / "tracking-branded.png"), full_page=True)
