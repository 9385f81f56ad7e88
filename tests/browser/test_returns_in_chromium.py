"""A customer-started return end to end in chromium: tracking page → return form → the
return's own tracking page → the shop answers with a label by API → the page shows it."""

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from halte.organisations.actions import do_issue_api_token
from halte.returns.models import Return
from tests.conftest import ApiClient, LoopbackHTTP
from tests.factories import make_organisation, make_shipment
from tests.returns.conftest import png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop_system() -> Iterator[LoopbackHTTP]:
    """The shop's webhook receiver, on loopback: keeps what Halte posts."""
    server = LoopbackHTTP(status=204)
    yield server
    server.close()


def _received(server: LoopbackHTTP, event: str) -> list[dict[str, Any]]:
    bodies = [json.loads(body) for method, _, _, body in server.requests if method == "POST"]
    return [body for body in bodies if body["event"] == event]


def test_customer_started_return_end_to_end(
    page: Any, live_server: Any, artifacts: Path, shop_system: LoopbackHTTP, tmp_path: Path
) -> None:
    shop = make_organisation(webhook_url=shop_system.url + "/halte", webhook_secret="s3cret")
    delivered_at = timezone.now() - timedelta(days=2)
    parcel = make_shipment(
        organisation=shop,
        tracking_code="3SRETURN0001",
        recipient_email="noor@example.nl",
        postcode="6811AB",
        status="delivered",
        status_at=delivered_at,
        delivered_at=delivered_at,
    )
    photo = tmp_path / "deuk.png"
    photo.write_bytes(png(64, 64))

    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Trackingcode").fill(parcel.tracking_code)
    page.get_by_label("Postcode").fill("6811 AB")
    page.get_by_role("button", name="Toon mijn pakket").click()
    page.locator("#start-return").click()

    # First she proves it is her parcel, with the code sent to the address the shop gave.
    page.get_by_role("button", name="Stuur me een code").click()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None and mail.outbox[-1].to == ["noor@example.nl"]
    page.get_by_label("De code uit onze e-mail of sms").fill(code[1])
    page.get_by_role("button", name="Code controleren").click()

    # Damaged needs a photo: without one the form says so and nothing is written.
    page.get_by_label("Beschadigd (foto nodig)").check()
    page.get_by_role("button", name="Retour starten").click()
    assert "minstens één foto" in page.locator("#return-form").inner_text()
    assert Return.objects.count() == 0

    page.get_by_label("Beschadigd (foto nodig)").check()
    page.get_by_label("Vertel ons meer (niet verplicht)").fill("Hoek van de doos ingedeukt")
    page.get_by_label("Foto's (tot 5, elk hoogstens 5 MB)").set_input_files(str(photo))
    page.get_by_role("button", name="Retour starten").click()

    # The return's own tracking page: what it returns, and honestly: label requested.
    ret = Return.objects.get()
    assert "Retour van 3SRETURN0001" in page.locator("#return").inner_text()
    assert "gevraagd" in page.locator("#return-label").inner_text()
    assert page.locator("#label-link").count() == 0
    requested = _received(shop_system, "return_label.requested")
    assert [w["data"]["return_id"] for w in requested] == [ret.pk]

    # The shop's system answers with the label; the page shows it.
    _, key = do_issue_api_token(shop, name="shop")
    answer = ApiClient(key).post(
        f"/api/v1/returns/{ret.pk}/label",
        {
            "carrier": "postnl",
            "tracking_code": "3SRETOURLABEL1",
            "label_url": "https://shop.example/labels/1.pdf",
            "qr": "RET-3SRETOURLABEL1",
        },
    )
    assert answer.status_code == 200, answer.content
    page.reload()
    assert "klaar" in page.locator("#return-label").inner_text()
    assert page.locator("#label-link").get_attribute("href") == "https://shop.example/labels/1.pdf"
    assert page.locator("#label-qr svg").count() == 1
    assert "nog niet besloten" in page.locator("#refund-state").inner_text()
    page.screenshot(path=str(artifacts / "return-tracking.png"), full_page=True)
