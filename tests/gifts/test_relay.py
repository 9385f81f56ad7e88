"""The thank-you relay: recipient → sender → recipient, neither address ever shown, and the
"ask me" sender's one click that shows their name.

Hostile: a third party writing to a relay address, a forged relay address, an automatic
reply, the same mail twice, a photo that is no photo, too many thank-yous."""

import re
from email.utils import parseaddr
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from halte.gifts.links import reveal_link
from halte.gifts.models import Gift, GiftNote
from halte.gifts.relay import relay_address
from halte.mail.actions import Relayed, Undeliverable, do_take_email
from halte.mail.receiver import smtp_reply
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.factories import raw_email
from tests.gifts.conftest import (
    RECIPIENT_EMAIL,
    SENDER_EMAIL,
    SENDER_NAME,
    gift_parcel,
    png_bytes,
)

pytestmark = pytest.mark.django_db


def _thank_path(parcel: Shipment) -> str:
    return f"/gift/s/{tracking_url(parcel).split('/')[-2]}/thank/"


def _thank(client: Client, parcel: Shipment, text: str = "Dank je wel!", **files: Any) -> Any:
    return client.post(_thank_path(parcel), {"text": text, **files})


def _every_header(message: Any) -> str:
    return "\n".join(f"{k}: {v}" for k, v in message.message().items())


def _relay_of(message: Any) -> str:
    (reply_to,) = message.reply_to
    return str(reply_to)


def test_a_thank_you_reaches_the_sender_from_a_relay_without_the_recipients_address(
    client: Client, ask_gift: tuple[Gift, Shipment], django_capture_on_commit_callbacks: Any
) -> None:
    _, parcel = ask_gift
    with django_capture_on_commit_callbacks(execute=True):
        answer = _thank(client, parcel, "Wat lief! De kinderen lezen elke avond.")
    assert answer.status_code == 200 and 'id="thanked"' in answer.content.decode()
    (letter,) = mail.outbox
    assert letter.to == [SENDER_EMAIL]
    assert "De kinderen lezen elke avond." in letter.body
    reply_to = _relay_of(letter)
    assert re.fullmatch(r"gift-\d+-r\d+-[0-9a-f]{20}@halte\.test", reply_to)
    everything = _every_header(letter) + letter.body
    for secret in (RECIPIENT_EMAIL, "fleur", "Rhemrev", parcel.tracking_code, parcel.postcode):
        assert secret.lower() not in everything.lower(), secret
    assert not [h for h in letter.message() if h.lower().startswith(("x-", "received"))]
    assert parseaddr(letter.from_email)[1] != SENDER_EMAIL
    # "Ask me": one link to show the name, which the letter names so the sender knows.
    assert "/gift/reveal/" in letter.body and SENDER_NAME in letter.body
    note = GiftNote.objects.get()
    assert note.direction == GiftNote.Direction.TO_SENDER and note.via == GiftNote.Via.PAGE


def test_an_anonymous_sender_is_not_offered_to_show_a_name(
    client: Client,
    anonymous_gift: tuple[Gift, Shipment],
    django_capture_on_commit_callbacks: Any,
) -> None:
    _, parcel = anonymous_gift
    with django_capture_on_commit_callbacks(execute=True):
        _thank(client, parcel)
    (letter,) = mail.outbox
    assert "/gift/reveal/" not in letter.body


def test_thanking_costs_the_same_work_whoever_the_sender_is(
    client: Client, organisation: Organisation
) -> None:
    """Timing: anonymous, ask-me and named gifts run the same queries, so the answer's speed
    says nothing about the sender's choice."""
    counts = []
    # The first request of a client sets up its session and limits: not part of the measure.
    _thank(client, gift_parcel(organisation, Gift.SenderChoice.SHOW)[1])
    for choice in Gift.SenderChoice:
        _, parcel = gift_parcel(organisation, choice)
        with CaptureQueriesContext(connection) as queries:
            assert _thank(client, parcel).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_a_photo_is_checked_to_be_an_image_and_served_behind_its_signed_link(
    client: Client, anonymous_gift: tuple[Gift, Shipment], django_capture_on_commit_callbacks: Any
) -> None:
    _, parcel = anonymous_gift
    fake = SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", content_type="image/png")
    refused = _thank(client, parcel, photo=fake)
    assert refused.status_code == 422
    assert "geen foto die we kunnen lezen" in refused.content.decode()
    assert not GiftNote.objects.exists()

    real = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        assert _thank(client, parcel, photo=real).status_code == 200
    (letter,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/gift/photo/\S+/)", str(letter.body))
    assert link
    photo = Client().get(link.group(1))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo.content == png_bytes()
    assert Client().get(link.group(1)[:-3] + "x/").status_code == 404


def test_an_empty_thank_you_is_refused_in_dutch(
    client: Client, anonymous_gift: tuple[Gift, Shipment]
) -> None:
    _, parcel = anonymous_gift
    answer = _thank(client, parcel, "   ")
    assert answer.status_code == 422 and not GiftNote.objects.exists()
    assert (
        "Dit veld is verplicht" in answer.content.decode() or "Schrijf" in answer.content.decode()
    )


def test_after_three_thank_yous_the_form_says_so_instead_of_relaying_more(
    client: Client, anonymous_gift: tuple[Gift, Shipment]
) -> None:
    _, parcel = anonymous_gift
    for _ in range(3):
        assert _thank(client, parcel).status_code == 200
    answer = _thank(client, parcel)
    assert answer.status_code == 409 and 'id="form-error"' in answer.content.decode()
    assert GiftNote.objects.count() == 3


def test_the_senders_reply_reaches_the_recipient_through_another_relay(
    client: Client, ask_gift: tuple[Gift, Shipment], django_capture_on_commit_callbacks: Any
) -> None:
    gift, parcel = ask_gift
    with django_capture_on_commit_callbacks(execute=True):
        _thank(client, parcel)
    relay = _relay_of(mail.outbox[0])
    mail.outbox.clear()
    raw = raw_email(
        sender=f"Ans de Vries <{SENDER_EMAIL}>",
        to=relay,
        subject="Re: Een bedankje",
        text="Graag gedaan, lieverds!\n\n> Dank je wel!",
    )
    with django_capture_on_commit_callbacks(execute=True):
        taken = do_take_email(raw, envelope_recipients=[relay])
    assert isinstance(taken, Relayed)
    (letter,) = mail.outbox
    assert letter.to == [RECIPIENT_EMAIL]
    assert "Graag gedaan, lieverds!" in letter.body
    everything = _every_header(letter) + letter.body
    # Not asked yet: neither the address nor the name (nor the From's display name) leaks.
    for secret in (SENDER_EMAIL, SENDER_NAME, "Vries", "devries"):
        assert secret.lower() not in everything.lower(), secret
    back = _relay_of(letter)
    assert back.startswith(f"gift-{gift.pk}-s{parcel.pk}-")

    # The recipient answers by mail in turn: it goes to the sender, again by relay.
    mail.outbox.clear()
    again = raw_email(sender=f"Fleur <{RECIPIENT_EMAIL}>", to=back, text="Tot snel!")
    with django_capture_on_commit_callbacks(execute=True):
        do_take_email(again, envelope_recipients=[back])
    (onward,) = mail.outbox
    assert onward.to == [SENDER_EMAIL] and "Tot snel!" in onward.body
    assert RECIPIENT_EMAIL not in _every_header(onward) + onward.body


# The receiver closes stale connections around each message, as it does in production: a test
# transaction would not survive that, so these run committed.
@pytest.mark.django_db(transaction=True)
def test_a_relay_address_used_by_a_third_party_is_refused_with_550(
    ask_gift: tuple[Gift, Shipment],
) -> None:
    gift, parcel = ask_gift
    relay = relay_address(gift.pk, to_sender=False, shipment_id=parcel.pk)
    raw = raw_email(sender="snuffelaar@example.com", to=relay, text="Wie ben jij?")
    with pytest.raises(Undeliverable):
        do_take_email(raw, envelope_recipients=[relay])
    reply = smtp_reply(raw, [relay])
    assert reply.startswith("550 ")
    for secret in (SENDER_EMAIL, RECIPIENT_EMAIL, SENDER_NAME):
        assert secret not in reply
    assert not GiftNote.objects.exists() and not Dispatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_forged_relay_address_is_refused(ask_gift: tuple[Gift, Shipment]) -> None:
    gift, parcel = ask_gift
    genuine = relay_address(gift.pk, to_sender=False, shipment_id=parcel.pk)
    forged = re.sub(r"-[0-9a-f]{20}@", "-" + "0" * 20 + "@", genuine)
    other_parcel = genuine.replace(f"-r{parcel.pk}-", f"-r{parcel.pk + 1}-")
    for address in (forged, other_parcel):
        raw = raw_email(sender=SENDER_EMAIL, to=address, text="Hallo")
        assert smtp_reply(raw, [address]).startswith("550 ")
    assert not GiftNote.objects.exists()


def test_an_automatic_reply_and_the_same_mail_twice_are_relayed_at_most_once(
    ask_gift: tuple[Gift, Shipment], django_capture_on_commit_callbacks: Any
) -> None:
    gift, parcel = ask_gift
    relay = relay_address(gift.pk, to_sender=False, shipment_id=parcel.pk)
    away = raw_email(
        sender=SENDER_EMAIL,
        to=relay,
        text="Ik ben afwezig",
        headers={"Auto-Submitted": "auto-replied"},
    )
    with pytest.raises(Undeliverable):
        do_take_email(away, envelope_recipients=[relay])
    once = raw_email(
        sender=SENDER_EMAIL, to=relay, text="Graag gedaan", message_id="<x1@example.nl>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        do_take_email(once, envelope_recipients=[relay])
        do_take_email(once, envelope_recipients=[relay])
    assert GiftNote.objects.count() == 1 and len(mail.outbox) == 1


def test_the_ask_me_sender_shows_the_name_with_a_confirmed_click_and_the_recipient_is_told(
    client: Client, ask_gift: tuple[Gift, Shipment], django_capture_on_commit_callbacks: Any
) -> None:
    gift, parcel = ask_gift
    with django_capture_on_commit_callbacks(execute=True):
        _thank(client, parcel)
    link = re.search(r"https?://[^/\s]+(/gift/reveal/\S+/)", str(mail.outbox[0].body))
    assert link
    mail.outbox.clear()
    sender = Client()
    # A mail scanner opening the link changes nothing.
    assert sender.get(link.group(1)).status_code == 200
    gift.refresh_from_db()
    assert gift.revealed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert sender.post(link.group(1)).status_code == 200
    gift.refresh_from_db()
    assert gift.revealed_at is not None
    (told,) = mail.outbox
    assert told.to == [RECIPIENT_EMAIL] and SENDER_NAME in told.body
    assert SENDER_EMAIL not in _every_header(told) + told.body
    page = client.get(tracking_url(parcel)).content.decode()
    assert f"Een cadeau van {SENDER_NAME}" in page
    # Clicking again tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert sender.post(link.group(1)).status_code == 200
    assert len(mail.outbox) == 1


def test_a_reveal_link_does_nothing_once_the_shop_made_the_sender_anonymous(
    client: Client, ask_gift: tuple[Gift, Shipment]
) -> None:
    gift, parcel = ask_gift
    path = re.sub(r"^https?://[^/]+", "", reveal_link(gift.pk, parcel.pk))
    Gift.objects.filter(pk=gift.pk).update(sender_choice=Gift.SenderChoice.ANONYMOUS)
    assert client.post(path).status_code == 404
    gift.refresh_from_db()
    assert gift.revealed_at is None
