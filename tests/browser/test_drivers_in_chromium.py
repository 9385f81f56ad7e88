"""Story 02 on a driver's phone in chromium: damage at the door, a refusal, taps made offline."""

import io
import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from halte.cases.models import Case
from halte.drivers.actions import do_issue_sign_in_code
from halte.drivers.models import Driver, Stop, Tap
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.returns.models import Return
from halte.shipments.models import Shipment, TrackingEvent
from halte.tracking.links import tracking_url
from tests.conftest import LoopbackHTTP
from tests.factories import make_shipment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (160, 110, 70)).save(out, "JPEG")
    return out.getvalue()


def _route(organisation: Organisation, shop_url: str) -> tuple[Driver, list[Shipment]]:
    organisation.webhook_url = shop_url
    organisation.webhook_secret = "s3cret"
    organisation.save()
    driver = Driver.objects.create(
        organisation=organisation, reference="D-017", name="Sem", depot="Utrecht-Noord"
    )
    parcels = []
    for order in (1, 2):
        parcel = make_shipment(
            organisation=organisation,
            carrier="dhl",
            recipient_name=f"Hans {order}",
            recipient_email=f"hans{order}@example.nl",
            house_number=order * 2,
            status="out_for_delivery",
            status_at=timezone.now() - timedelta(hours=2),
        )
        Stop.objects.create(
            organisation=organisation,
            driver=driver,
            shipment=parcel,
            route_date=timezone.localdate(),
            route_order=order,
        )
        parcels.append(parcel)
    return driver, parcels


# Runs before the page's own script, outside its policy: collects what the policy blocks.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def _csp_violations(page: Any) -> list[str]:
    found: list[str] = page.evaluate("window.__cspViolations")
    return found


def _sign_in(page: Any, base: str, driver: Driver) -> None:
    page.add_init_script(_RECORD_VIOLATIONS)
    page.goto(f"{base}/driver/")
    page.get_by_label("Code van je depot").fill(do_issue_sign_in_code(driver).code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/driver/stops/")


def test_story_02_damage_at_the_door_the_recipient_refuses_and_the_return_is_there(
    page: Any,
    live_server: Any,
    artifacts: Path,
    organisation: Organisation,
    loopback_http: LoopbackHTTP,
) -> None:
    driver, (parcel, _) = _route(organisation, f"{loopback_http.url}/halte")
    _sign_in(page, live_server.url, driver)
    stop = page.locator(".stop").first
    assert "Schoenmakerstraat 2" in stop.inner_text()
    # Big tap targets on a 390 px phone: every button a thumb high.
    assert all(button.bounding_box()["height"] >= 44 for button in page.locator("summary").all())
    page.screenshot(path=str(artifacts / "driver-stops.png"), full_page=True)

    stop.get_by_text("Doos beschadigd", exact=True).click()
    stop.get_by_label("Foto van de doos").set_input_files(
        {"name": "doos.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    stop.get_by_label("Wat zie je? (mag leeg)").fill("hoek flink ingedeukt")
    with page.expect_navigation():  # stored, then the page shows the stop as it is now
        stop.get_by_role("button", name="Opslaan: doos beschadigd").click()
    stop = page.locator(".stop").first
    assert "Laat de ontvanger kijken terwijl je wacht" in stop.inner_text()
    page.screenshot(path=str(artifacts / "driver-damage.png"), full_page=True)
    # The queue, the photo made small on a canvas and the upload all run under the policy.
    assert _csp_violations(page) == []

    refused_at = timezone.now()
    stop.get_by_label("Wat is er beschadigd? (mag leeg)").fill("scherm gebarsten")
    with page.expect_navigation():
        stop.get_by_role("button", name="Ontvanger weigert: ik neem het mee terug").click()
    assert "geweigerd aan de deur" in page.locator(".stop").first.inner_text()

    # A return exists on the spot, with its own tracking page.
    ret = Return.objects.get(original=parcel)
    assert ret.refused_at_door and "scherm gebarsten" in ret.text
    page.goto(live_server.url + tracking_url(ret.shipment))
    assert ret.shipment.tracking_code in page.content()
    # The case was opened and resolved within the minute, for the reason the driver gave.
    assert ret.case_id is not None
    case = Case.objects.get(pk=ret.case_id)
    assert case.state == Case.State.RESOLVED and case.resolved_at is not None
    assert case.resolved_at - case.created_at < timedelta(minutes=1)
    assert case.resolved_at - refused_at < timedelta(minutes=1)
    # The shop's webhook for the return is in the outbox.
    webhook = Dispatch.objects.get(
        organisation=organisation, channel=Dispatch.Channel.WEBHOOK, subject="return.created"
    )
    assert ret.shipment.tracking_code in webhook.body
    received = [json.loads(body) for _, path, _, body in loopback_http.requests]
    assert any(
        hook.get("event") == "return.created" and ret.shipment.tracking_code in json.dumps(hook)
        for hook in received
    ), received
    # The original parcel goes back, as a carrier event of its own carrier.
    event = TrackingEvent.objects.get(shipment=parcel)
    assert (event.carrier, event.status) == ("dhl", "returning_to_sender")
    # And the recipient was asked how easy it was.
    assert any("makkelijk" in m.subject and m.to == [parcel.recipient_email] for m in mail.outbox)


def test_a_tap_made_offline_is_stored_once_with_its_original_time(
    page: Any,
    live_server: Any,
    artifacts: Path,
    organisation: Organisation,
    loopback_http: LoopbackHTTP,
) -> None:
    driver, (_, parcel) = _route(organisation, f"{loopback_http.url}/halte")
    _sign_in(page, live_server.url, driver)
    stop = page.locator(".stop").nth(1)

    page.context.set_offline(True)
    stop.get_by_text("Bezorgd", exact=True).click()
    stop.get_by_label("Bij de buren").check()
    stop.get_by_label("Huisnummer, veilige plek of afhaalpunt").fill("nr. 6")
    tapped = timezone.now()
    stop.get_by_role("button", name="Opslaan: bezorgd").click()
    assert "Wacht op verzending" in stop.locator(".tap-answer").inner_text()
    assert "Offline" in page.locator("#connection").inner_text()
    queued = json.loads(page.evaluate("localStorage.getItem('halte-driver-taps')"))
    assert len(queued) == 1
    assert not Tap.objects.exists()
    time.sleep(2)  # the connection comes back a while after the tap

    with page.expect_navigation():
        page.context.set_offline(False)
    tap = Tap.objects.get()
    assert tap.place == "neighbour" and tap.place_detail == "nr. 6"
    assert abs(tap.occurred_at - tapped) < timedelta(seconds=1)
    assert tap.received_at - tap.occurred_at > timedelta(seconds=1)
    assert page.evaluate("localStorage.getItem('halte-driver-taps')") == "[]"
    assert _csp_violations(page) == []

    # The phone sends the same tap again (an answer lost on the way): still one tap, one event.
    again = page.evaluate(
        """async (item) => {
            const body = new FormData();
            Object.entries(item.fields).forEach(([k, v]) => body.append(k, v));
            body.append("tapped_at", item.tapped_at);
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const response = await fetch(item.url, {method: "POST", body,
                headers: {"Accept": "application/json", "X-CSRFToken": token}});
            return [response.status, (await response.json()).code];
        }""",
        queued[0],
    )
    assert again == [200, "already_stored"]
    assert Tap.objects.count() == 1
    event = TrackingEvent.objects.get(shipment=parcel)
    assert event.occurred_at == tap.occurred_at and event.delivery_place_detail == "nr. 6"
    page.screenshot(path=str(artifacts / "driver-offline-replayed.png"), full_page=True)
