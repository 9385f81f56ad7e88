"""Self-service on the tracking page, by the state of the parcel, with bad input tried."""

import hashlib
import hmac
import json
import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from halte.cases.actions import do_receive_contact_form
from halte.cases.models import Case
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.outbox.sms import ConsoleSmsBackend
from halte.outbox.transports import SIGNATURE_HEADER
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment, TrackingEvent
from halte.tracking.links import tracking_url
from halte.vocabulary.status import Status
from tests.conftest import LoopbackHTTP
from tests.factories import make_shipment
from tests.form_errors import form_error_codes

pytestmark = pytest.mark.django_db(transaction=True)
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 200


def _parcel(organisation: Organisation, *codes: str, **fields: Any) -> Shipment:
    """Story 01's parcel: old postcode 3572 KT with the new street, at the given point."""
    address = {"postcode": "3572KT", "house_number": 12, "street": "Lindelaan", "city": "De Bilt"}
    shipment = make_shipment(
        organisation=organisation,
        carrier="dpd",
        recipient_email="remco@example.nl",
        **{**address, **fields},
    )
    now = timezone.now()
    do_record_carrier_events(
        organisation,
        [
            CarrierEventInput(
                carrier="dpd",
                tracking_code=shipment.tracking_code,
                code=code,
                occurred_at=now - timedelta(minutes=10 * (len(codes) - i)),
            )
            for i, code in enumerate(codes)
        ],
    )
    shipment.refresh_from_db()
    return shipment


def _prove(client: Client, shipment: Shipment) -> None:
    """Be the recipient: ask for a code, read it from the mail or text message, enter it."""
    url = tracking_url(shipment) + "address/"
    before, texts_before = len(mail.outbox), len(ConsoleSmsBackend.sent)
    assert client.post(url, {"action": "send_code"}).status_code == 200
    sent = [str(m.body) for m in mail.outbox[before:]]
    sent += [text for _, text in ConsoleSmsBackend.sent[texts_before:]]
    match = re.search(r"\b(\d{6})\b", str(sent[-1]))
    assert match is not None
    assert client.post(url, {"action": "check_code", "code": match[1]}).status_code == 302
    del mail.outbox[before:]


CONFIRMATION = re.compile(r'name="confirmation" value="([^"]+)"')


def _address(client: Client, shipment: Shipment, **data: Any) -> Any:
    """Type an address; when the page asks "Send it to …?", say yes (unless confirm=False)."""
    confirm = bool(data.pop("confirm", True))
    shipment.refresh_from_db()
    if 'value="send_code"' in client.get(tracking_url(shipment) + "address/").content.decode():
        _prove(client, shipment)
    form = {
        "postcode": "3572 KT",
        "house_number": "12",
        "street": "Lindelaan",
        "city": "De Bilt",
        "email": "remco@example.nl",
        **data,
    }
    url = tracking_url(shipment) + "address/"
    response = client.post(url, form)
    asked = CONFIRMATION.search(response.content.decode())
    if not confirm or response.status_code != 200 or asked is None:
        return response
    return client.post(url, {"action": "confirm", "confirmation": unescape(asked[1])})


def test_story_01_mix_is_stopped_then_fixed_and_the_driver_reroutes(
    client: Client, organisation: Organisation, address_registry: None, loopback_http: LoopbackHTTP
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        webhook_url=loopback_http.url + "/hooks", webhook_secret="s3cret"
    )
    shipment = _parcel(organisation, "received_by_carrier", "out_for_delivery")

    stopped = _address(client, shipment)
    assert stopped.status_code == 422
    html = stopped.content.decode()
    assert "3572 KT" in html and "Biltstraat" in html
    assert "Lindelaan 12, 3731 HK De Bilt" in html  # the suggestion
    shipment.refresh_from_db()
    assert shipment.postcode == "3572KT"

    fixed = _address(client, shipment, postcode="3731 HK")
    assert fixed.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.postcode, shipment.city) == ("3731HK", "De Bilt")
    assert shipment.status == Status.WINDOW_CHANGED
    assert shipment.window_start is not None and shipment.window_start > timezone.now()
    page = client.get(fixed["Location"]).content.decode()
    assert "De bezorgtijd is gewijzigd" in page
    # The timeline says where it goes now, not a question quoting the old address.
    assert "Adres gewijzigd naar Lindelaan 12, 3731 HK De Bilt." in page
    assert "Biltstraat" not in page and "3572 KT" not in page

    # Passed on by itself: nobody needs to look, so a touchpoint and a confirmation, no case.
    assert not Case.objects.filter(shipment=shipment).exists()
    (touchpoint,) = Touchpoint.objects.filter(shipment=shipment, kind=Touchpoint.Kind.SELF_SERVICE)
    assert touchpoint.summary == "address changed to Lindelaan 12, 3731 HK De Bilt"
    assert touchpoint.sentiment == Touchpoint.Sentiment.GOOD and touchpoint.case is None
    (confirmation,) = mail.outbox
    assert confirmation.to == ["remco@example.nl"]
    assert "De Bilt" in confirmation.body and "/track/s/" in confirmation.body

    (_, path, headers, body) = loopback_http.requests[0]
    assert path == "/hooks"
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == expected
    payload = json.loads(body)
    assert payload["event"] == "shipment.address_corrected"
    assert payload["data"]["address"]["postcode"] == "3731HK"
    assert payload["data"]["path"] == "rerouted"


def test_before_the_driver_has_it_the_carrier_is_told_and_no_window_invented(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "received_by_carrier", "at_depot")
    response = _address(client, shipment, postcode="3731HK")
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.postcode == "3731HK"
    assert shipment.status == Status.AT_DEPOT and shipment.window_start is None
    assert not TrackingEvent.objects.filter(raw_code="window_changed").exists()


def test_after_delivery_the_address_can_no_longer_change(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "delivered.mailbox")
    response = _address(client, shipment, postcode="3731HK")
    assert response.status_code == 409
    assert "al bezorgd" in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.postcode == "3572KT"


def test_malformed_postcode_is_explained(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    response = _address(client, shipment, postcode="ABCD 12")
    assert response.status_code == 422
    assert "geen geldige postcode" in response.content.decode()
    assert form_error_codes(response) == {"invalid_postcode"}


def test_unlisted_new_build_needs_confirmation_and_goes_to_an_agent(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    new = {"postcode": "9999ZZ", "street": "Nieuwbouwweg", "city": "Almere", "house_number": "1"}
    first = _address(client, shipment, **new)
    assert first.status_code == 422
    assert "adresregister" in first.content.decode()
    confirmed = _address(client, shipment, confirm_unlisted="on", **new)
    assert confirmed.status_code == 302
    case = Case.objects.get(shipment=shipment)
    assert case.is_open and "unlisted-address" in case.tags


def test_the_same_correction_twice_changes_nothing_the_second_time(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    _address(client, shipment, postcode="3731HK")
    shipment.refresh_from_db()
    again = _address(client, shipment, postcode="3731HK")
    assert again.status_code == 302
    assert Case.objects.filter(shipment=shipment).count() == 1


def test_not_received_opens_one_case_and_can_be_closed_from_the_page(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "delivered")
    url = tracking_url(shipment)
    page = client.get(url + "not-received/").content.decode()
    assert "Bezorgd om" in page  # where it was left comes first
    for _ in range(2):
        response = client.post(url + "not-received/", {"email": "remco@example.nl"})
        assert response.status_code == 302
    case = Case.objects.get(shipment=shipment)
    assert "not-received" in case.tags and case.is_open
    # Code and postcode show the parcel, not the recipient's cases, and close nothing.
    assert case.number not in client.get(url).content.decode()
    assert client.post(url + f"cases/{case.pk}/close/").status_code == 404
    case.refresh_from_db()
    assert case.is_open

    # With the code sent to the recipient on file, she sees her case and closes it.
    cases_url = url + "cases/"
    assert client.post(cases_url, {"action": "send_code"}).status_code == 200
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match is not None
    assert client.post(cases_url, {"action": "check_code", "code": match[1]}).status_code == 302
    assert case.number in client.get(url).content.decode()
    client.post(url + f"cases/{case.pk}/close/")
    case.refresh_from_db()
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER


def test_not_received_before_delivery_is_refused(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "out_for_delivery")
    response = client.post(tracking_url(shipment) + "not-received/", {"email": "a@example.nl"})
    assert response.status_code == 409
    assert not Case.objects.exists()


def test_closing_someone_elses_case_is_refused(client: Client, organisation: Organisation) -> None:
    mine = _parcel(organisation, "delivered")
    other = _parcel(organisation, "delivered")
    client.post(tracking_url(other) + "not-received/", {"email": "x@example.nl"})
    case = Case.objects.get(shipment=other)
    response = client.post(tracking_url(mine) + f"cases/{case.pk}/close/")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.is_open


def _upload(name: str, content: bytes, content_type: str = "image/jpeg") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_damage_with_photos_becomes_a_case_with_the_chosen_remedy(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "delivered")
    response = client.post(
        tracking_url(shipment) + "damage/",
        {
            "email": "hans@example.nl",
            "description": "Doos ingedeukt, glas gebroken",
            "remedy": "replacement",
            "photos": [_upload("doos.jpg", JPEG)],
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(shipment=shipment)
    assert {"damage", "wants-replacement"} <= set(case.tags)
    (attachment,) = case.messages.get(direction="in").attachments.all()
    assert attachment.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("files", "message", "code"),
    [
        ([("virus.jpg", b"MZ\x90\x00 not an image")], "is geen foto", "not_a_photo"),
        ([("big.jpg", JPEG + b"0" * (8 * 1024 * 1024))], "groter dan 8 MB", "photo_too_large"),
        ([(f"{n}.jpg", JPEG) for n in range(6)], "Hoogstens 5", "too_many_photos"),
    ],
)
def test_damage_upload_problems_are_explained_and_nothing_is_stored(
    client: Client,
    organisation: Organisation,
    files: list[tuple[str, bytes]],
    message: str,
    code: str,
) -> None:
    shipment = _parcel(organisation, "delivered")
    response = client.post(
        tracking_url(shipment) + "damage/",
        {
            "email": "hans@example.nl",
            "description": "kapot",
            "remedy": "return",
            "photos": [_upload(name, content) for name, content in files],
        },
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert form_error_codes(response) == {code}
    assert not Case.objects.exists()


def test_damage_remedy_outside_the_shops_policy_is_refused(
    client: Client, organisation: Organisation
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(damage_remedies="replacement")
    shipment = _parcel(organisation, "delivered")
    response = client.post(
        tracking_url(shipment) + "damage/",
        {
            "email": "h@example.nl",
            "description": "kapot",
            "remedy": "refund",
            "photos": [_upload("a.jpg", JPEG)],
        },
    )
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_someone_elses_question_about_my_parcel_is_not_on_my_page(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "delivered")
    stranger = do_receive_contact_form(
        text=f"Waar is pakket {shipment.tracking_code}?", email="stranger@example.com"
    ).case
    assert stranger.shipment == shipment  # an agent still sees what it is about
    url = tracking_url(shipment)
    assert stranger.number not in client.get(url).content.decode()
    assert client.post(url + f"cases/{stranger.pk}/close/").status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_open


def test_a_report_joins_the_recipients_open_question_about_the_parcel(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "delivered")
    asked = do_receive_contact_form(
        text=f"Vraag over {shipment.tracking_code}", email="remco@example.nl"
    ).case
    client.post(tracking_url(shipment) + "not-received/", {"email": "remco@example.nl"})
    assert Case.objects.filter(shipment=shipment).count() == 1
    asked.refresh_from_db()
    assert "not-received" in asked.tags


def test_belgian_address_without_a_registry_needs_confirmation_and_an_agent(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(
        organisation,
        "at_depot",
        postcode="3500",
        street="Elfde-Liniestraat",
        city="Hasselt",
        country="BE",
        house_number=7,
    )
    new = {"postcode": "9999", "street": "Nepstraat", "city": "Nergensdorp", "house_number": "1"}
    assert _address(client, shipment, **new).status_code == 422
    shipment.refresh_from_db()
    assert shipment.street == "Elfde-Liniestraat"
    assert _address(client, shipment, confirm_unlisted="on", **new).status_code == 302
    case = Case.objects.get(shipment=shipment)
    assert case.is_open and "unlisted-address" in case.tags


def test_without_a_known_email_the_correction_asks_for_one(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    # Proven by a text message to the phone on file; the confirmation needs an address.
    Shipment.objects.filter(pk=shipment.pk).update(
        recipient_email="", recipient_phone="+31612345678"
    )
    shipment.refresh_from_db()
    response = _address(client, shipment, postcode="3731HK", email="")
    assert response.status_code == 422
    assert "e-mailadres nodig" in response.content.decode()
    assert form_error_codes(response) == {"email_required"}
    shipment.refresh_from_db()
    assert shipment.postcode == "3572KT"


def test_without_an_email_or_phone_on_file_nobody_can_change_the_address_online(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    Shipment.objects.filter(pk=shipment.pk).update(recipient_email="", recipient_phone="")
    shipment.refresh_from_db()
    url = tracking_url(shipment) + "address/"
    page = client.get(url).content.decode()
    assert 'id="no-contact"' in page and 'name="street"' not in page
    assert client.post(url, {"action": "send_code"}).status_code == 409
    posted = client.post(
        url, {"postcode": "3731HK", "house_number": "12", "street": "Lindelaan", "city": "De Bilt"}
    )
    assert posted.status_code == 422
    shipment.refresh_from_db()
    assert shipment.postcode == "3572KT" and mail.outbox == []
    # With an address on file the same request mails a code: this test would have seen one.
    Shipment.objects.filter(pk=shipment.pk).update(recipient_email="remco@example.nl")
    assert client.post(url, {"action": "send_code"}).status_code == 200
    (code_mail,) = mail.outbox
    assert code_mail.to == ["remco@example.nl"]


def test_after_three_corrections_a_person_takes_over(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    for postcode, number in (("3731HK", "10"), ("3731HK", "12"), ("3731HK", "14")):
        assert _address(client, shipment, postcode=postcode, house_number=number).status_code == 302
        shipment.refresh_from_db()
    fourth = _address(client, shipment, postcode="3731HK", house_number="10")
    assert fourth.status_code == 422
    assert "contactformulier" in fourth.content.decode()
    assert form_error_codes(fourth) == {"too_many_corrections"}


def test_damage_photos_open_for_the_desk_and_the_customer_but_no_one_else(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    from django.contrib.auth import get_user_model

    from halte.cases.links import customer_case_path
    from halte.organisations.models import Membership
    from tests.factories import make_organisation

    shipment = _parcel(organisation, "delivered")
    client.post(
        tracking_url(shipment) + "damage/",
        {
            "email": "remco@example.nl",
            "description": "kapot",
            "remedy": "return",
            "photos": [_upload("doos.jpg", JPEG)],
        },
    )
    case = Case.objects.get(shipment=shipment)
    attachment = case.messages.get(direction="in").attachments.get()
    customer = client.get(customer_case_path(case) + f"attachments/{attachment.pk}/")
    assert customer.status_code == 200 and customer["Content-Type"] == "image/jpeg"
    assert b"".join(customer.streaming_content) == JPEG  # type: ignore[attr-defined]
    client.force_login(agent)
    assert client.get(f"/desk/attachments/{attachment.pk}/").status_code == 200
    outsider = get_user_model().objects.create_user("other-shop", password="x-long-password")
    Membership.objects.create(user=outsider, organisation=make_organisation())
    client.force_login(outsider)
    assert client.get(f"/desk/attachments/{attachment.pk}/").status_code == 404
