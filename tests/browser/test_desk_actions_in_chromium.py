"""Story 01 from the desk side in a real chromium: Natasja opens Remco's case, corrects the
address from the case screen, and replies."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Channel
from halte.organisations.models import Membership, Organisation
from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment
from tests.conftest import LoopbackHTTP
from tests.selfservice.test_selfservice import _parcel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_natasja_corrects_remcos_address_from_the_desk_and_replies(
    page: Any,
    live_server: Any,
    artifacts: Path,
    address_registry: None,
    loopback_http: LoopbackHTTP,
    organisation: Organisation,
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        webhook_url=loopback_http.url + "/hooks", webhook_secret="s3cret"
    )
    organisation.refresh_from_db()
    # Old postcode with the new street: the driver could not deliver it.
    shipment = _parcel(
        organisation,
        "received_by_carrier",
        "at_depot",
        "out_for_delivery",
        "delivery_failed",
        recipient_name="Remco de Waard",
    )
    case, _ = do_open_case(
        organisation,
        CustomerMessage(
            channel=Channel.EMAIL,
            subject="Verkeerd adres",
            body="Sorry, ik gaf de postcode van mijn oude adres op. Het is 3731 HK De Bilt.",
            from_address="remco@example.nl",
        ),
        customer_email="remco@example.nl",
        customer_name="Remco de Waard",
        shipment=shipment,
    )
    user = get_user_model().objects.create_user(
        "natasja", password="pw-natasja-123", first_name="Natasja"
    )
    Membership.objects.create(user=user, organisation=organisation)

    page.set_viewport_size({"width": 1280, "height": 900})  # an agent's screen
    page.goto(f"{live_server.url}/desk/")
    page.get_by_label("Gebruikersnaam").fill("natasja")
    page.get_by_label("Wachtwoord").fill("pw-natasja-123")
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#queue").wait_for()
    page.goto(f"{live_server.url}/desk/case/{case.pk}/")
    page.wait_for_load_state("load")

    form = page.locator("#act-address")
    # First the mix-up again: the register catches the old postcode with the new street.
    form.get_by_label("Plaats").fill("Utrecht")
    form.get_by_role("button", name="Adres verbeteren").click()
    page.locator("#act-address .error").first.wait_for()
    assert (
        "horen volgens het adresregister niet bij elkaar"
        in page.locator("#act-address").inner_text()
    )
    assert not AddressChange.objects.exists()

    form = page.locator("#act-address")
    form.get_by_label("Postcode").fill("3731 HK")
    form.get_by_label("Plaats").fill("De Bilt")
    form.get_by_role("button", name="Adres verbeteren").click()
    page.locator("#case-notices", has_text="Adres gewijzigd").wait_for()
    notice = page.locator("#case-notices").inner_text()
    assert "Lindelaan 12, 3731 HK De Bilt" in notice
    assert "klaargezet voor het systeem van de winkel" in notice

    page.locator("#reply-body").fill(
        "Geen probleem. Ik heb de correctie doorgegeven; het pakket komt morgen bij u."
    )
    page.get_by_role("button", name="Antwoord versturen").click()
    page.locator("#thread li.out", has_text="correctie doorgegeven").wait_for()
    assert "adres verbeterd door een medewerker" in page.locator("aside").inner_text()
    page.screenshot(path=str(artifacts / "desk-case-actions.png"), full_page=True)

    shipment = Shipment.objects.get(pk=shipment.pk)
    assert (shipment.postcode, shipment.city) == ("3731HK", "De Bilt")
    assert AddressChange.objects.get().changed_by == user
    events = [json.loads(body)["event"] for _, path, _, body in loopback_http.requests]
    assert "shipment.address_corrected" in events
