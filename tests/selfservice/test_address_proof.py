"""Changing where a parcel goes needs proof of being the recipient, the recipient on file is
told of every change with a one-tap undo, and letters say only what really happened."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from halte.cases.models import Case
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.outbox.sms import ConsoleSmsBackend
from halte.selfservice.actions import CodeCheck, do_check_recipient_code
from halte.selfservice.models import MAX_WRONG_TRIES, AddressChange
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment, TrackingEvent
from halte.tracking.links import tracking_url
from tests.conftest import LoopbackHTTP
from tests.form_errors import form_error_codes
from tests.selfservice.test_selfservice import _address, _parcel, _prove

pytestmark = pytest.mark.django_db(transaction=True)
NEW_ADDRESS = {
    "postcode": "3731 HK",
    "house_number": "12",
    "street": "Lindelaan",
    "city": "De Bilt",
}


def _url(shipment: Shipment, page: str = "address/") -> str:
    shipment.refresh_from_db()
    return tracking_url(shipment) + page


def _code_from_mail() -> str:
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match is not None
    return match[1]


def test_code_and_postcode_alone_cannot_change_the_address(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "received_by_carrier", "out_for_delivery")
    response = client.post(_url(shipment), {**NEW_ADDRESS, "email": "thief@example.com"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="send_code"' in page and 'name="street"' not in page
    shipment.refresh_from_db()
    assert shipment.postcode == "3572KT"
    assert not Case.objects.exists() and not AddressChange.objects.exists()
    assert not Dispatch.objects.exists() and mail.outbox == []
    # Asking for a code does write to the outbox and mail: this test would have seen it.
    client.post(_url(shipment), {"action": "send_code"})
    assert Dispatch.objects.get().recipient == "remco@example.nl"
    (code_mail,) = mail.outbox
    assert code_mail.to == ["remco@example.nl"]


def test_the_code_goes_only_to_the_recipient_on_file_and_is_never_shown(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "at_depot", recipient_phone="+31612345678")
    ConsoleSmsBackend.sent.clear()
    response = client.post(_url(shipment), {"action": "send_code"})
    assert response.status_code == 200
    (code_mail,) = mail.outbox
    assert code_mail.to == ["remco@example.nl"]
    code = _code_from_mail()
    assert [(to, code in text) for to, text in ConsoleSmsBackend.sent] == [("+31612345678", True)]
    page = response.content.decode()
    assert code not in page and "remco@example.nl" not in page and "612345678" not in page


def test_wrong_expired_and_foreign_codes_do_not_prove_anything(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "at_depot")
    other = _parcel(organisation, "at_depot", tracking_code="3SOTHER000001")
    client.post(_url(other), {"action": "send_code"})
    foreign = _code_from_mail()
    client.post(_url(shipment), {"action": "send_code"})
    code = _code_from_mail()
    wrong = client.post(_url(shipment), {"action": "check_code", "code": foreign})
    assert wrong.status_code == 422 and "niet juist" in wrong.content.decode()
    assert form_error_codes(wrong) == {"wrong_code"}
    assert 'name="street"' not in client.get(_url(shipment)).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        late = client.post(_url(shipment), {"action": "check_code", "code": code})
        assert late.status_code == 422 and form_error_codes(late) == {"code_expired"}
        assert do_check_recipient_code(shipment, code) is CodeCheck.EXPIRED

    client.post(_url(shipment), {"action": "send_code"})
    code = _code_from_mail()
    for _ in range(MAX_WRONG_TRIES):
        do_check_recipient_code(shipment, "000000" if code != "000000" else "111111")
    # Five wrong tries end the code, even for the right one afterwards.
    assert do_check_recipient_code(shipment, code) is CodeCheck.EXPIRED


def test_at_most_three_codes_an_hour_reach_the_recipient(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "at_depot")
    statuses = [client.post(_url(shipment), {"action": "send_code"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(mail.outbox) == 3


def test_the_recipients_email_is_filled_in_only_after_proof(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "delivered.mailbox")
    for page in ("not-received/", "damage/"):
        assert "remco@example.nl" not in client.get(_url(shipment, page)).content.decode()
    # Proven while the parcel was still on its way, then it was delivered.
    waiting = _parcel(organisation, "at_depot", tracking_code="3SPROVEN00001")
    _prove(client, waiting)
    do_record_carrier_events(
        organisation,
        [
            CarrierEventInput(
                carrier="dpd",
                tracking_code=waiting.tracking_code,
                code="delivered.mailbox",
                occurred_at=timezone.now(),
            )
        ],
    )
    assert "remco@example.nl" in client.get(_url(waiting, "not-received/")).content.decode()


def test_every_change_is_told_to_the_recipient_on_file_who_can_undo_it_with_one_tap(
    client: Client, organisation: Organisation, address_registry: None, loopback_http: LoopbackHTTP
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        webhook_url=loopback_http.url + "/hooks", webhook_secret="s3cret"
    )
    shipment = _parcel(organisation, "at_depot", recipient_phone="+31612345678")
    ConsoleSmsBackend.sent.clear()
    # Someone proved it (the code reached them) but wants the confirmation elsewhere.
    response = _address(client, shipment, postcode="3731HK", email="someone@example.com")
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.postcode == "3731HK"

    notice = next(m for m in mail.outbox if m.to == ["remco@example.nl"])
    assert "3572 KT" in notice.body and "3731 HK" in notice.body
    match = re.search(r"http://\S+/track/undo/\S+/", str(notice.body))
    assert match is not None
    undo = match[0].split("127.0.0.1:8000", 1)[-1]
    assert any(undo in text for _, text in ConsoleSmsBackend.sent)  # by text message too

    # Opening the link changes nothing (mail scanners open links); the button does.
    stranger = Client()
    asked = stranger.get(undo)
    assert asked.status_code == 200 and 'id="undo"' in asked.content.decode()
    shipment.refresh_from_db()
    assert shipment.postcode == "3731HK"
    done = stranger.post(undo)
    assert done.status_code == 200
    shipment.refresh_from_db()
    assert (shipment.postcode, shipment.street) == ("3572KT", "Lindelaan")
    (disputed,) = [c for c in Case.objects.all() if "address-change-disputed" in c.tags]
    assert disputed.priority == Case.Priority.URGENT and disputed.is_open
    assert disputed.customer_email == "remco@example.nl"
    assert disputed.number in done.content.decode()
    reverted = [json.loads(body) for _, _, _, body in loopback_http.requests]
    assert reverted[-1]["data"]["path"] == "reverted"
    assert reverted[-1]["data"]["address"]["postcode"] == "3572KT"

    again = stranger.post(undo)
    assert "al ongedaan" in again.content.decode()
    assert sum("address-change-disputed" in c.tags for c in Case.objects.all()) == 1


def test_a_forged_or_altered_undo_link_does_nothing(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    _address(client, shipment, postcode="3731HK")
    change = AddressChange.objects.get()
    for token in ("eyJhIjoxfQ:1abc:forged", f"{change.pk}"):
        assert client.post(f"/track/undo/{token}/").status_code == 404
    shipment.refresh_from_db()
    assert shipment.postcode == "3731HK"


def test_without_a_webhook_the_letter_says_a_colleague_passes_it_on_and_the_case_stays_open(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "received_by_carrier", "out_for_delivery")
    assert _address(client, shipment, postcode="3731HK").status_code == 302
    case = Case.objects.get(shipment=shipment)
    assert case.is_open and "pass-to-carrier" in case.tags
    (confirmation,) = mail.outbox
    assert "Een collega geeft" in confirmation.body
    assert "sturen" not in confirmation.body  # nothing claims it was sent anywhere
    assert not Dispatch.objects.filter(channel=Dispatch.Channel.WEBHOOK).exists()
    # No window is invented for a driver nobody told.
    assert not TrackingEvent.objects.filter(raw_code="window_changed").exists()


def test_a_request_that_fails_for_good_puts_the_case_back_before_a_person(
    client: Client, organisation: Organisation, address_registry: None, settings: Any
) -> None:
    target = LoopbackHTTP(status=410)
    try:
        Organisation.objects.filter(pk=organisation.pk).update(
            webhook_url=target.url + "/hooks", webhook_secret="s3cret"
        )
        shipment = _parcel(organisation, "at_depot")
        assert _address(client, shipment, postcode="3731HK").status_code == 302
    finally:
        target.close()
    change = AddressChange.objects.get(shipment=shipment)
    assert change.request is not None and change.request.state == Dispatch.State.FAILED
    # No case followed the change; the shop's system said no for good: now a person needs to
    # look, so a case opens, high in the queue, and the customer hears a colleague does it.
    case = Case.objects.get(shipment=shipment)
    assert case.is_open and case.priority == Case.Priority.HIGH
    assert "pass-to-carrier" in case.tags and case.channel == "tracking"
    assert case.subject.startswith("Adres gewijzigd naar Lindelaan 12, 3731 HK De Bilt")
    (taken_up,) = [m for m in mail.outbox if case.number in m.subject]
    (confirmation,) = [m for m in mail.outbox if m is not taken_up]
    assert "sturen je verbeterde adres nu door" in confirmation.body
    assert "Een collega geeft het" in taken_up.body


def test_not_received_asks_the_shops_system_or_says_a_colleague_asks(
    client: Client, organisation: Organisation, loopback_http: LoopbackHTTP
) -> None:
    shipment = _parcel(organisation, "delivered.mailbox")
    form = {"email": "remco@example.nl"}
    client.post(_url(shipment, "not-received/"), form)
    (letter,) = mail.outbox
    assert "Een collega vraagt" in letter.body and "vragen" not in letter.body.split("\n")[0]

    Organisation.objects.filter(pk=organisation.pk).update(
        webhook_url=loopback_http.url + "/hooks", webhook_secret="s3cret"
    )
    other = _parcel(organisation, "delivered.mailbox", tracking_code="3SOTHER000002")
    mail.outbox.clear()
    client.post(_url(other, "not-received/"), form)
    (letter,) = mail.outbox
    assert "We vragen" in letter.body
    (_, _, _, body) = loopback_http.requests[-1]
    assert json.loads(body)["event"] == "shipment.proof_of_delivery_requested"
