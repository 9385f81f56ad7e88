"""The recipient's page: the gift's words, the sender's name only where allowed, a thank button.

Hostile: an anonymous sender and an "ask me" sender who has not answered yet give the recipient
the very same HTML, and neither the name nor the address is anywhere in it."""

import re

import pytest
from django.test import Client

from halte.gifts.models import Gift
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.factories import make_shipment
from tests.gifts.conftest import MESSAGE, SENDER_EMAIL, SENDER_NAME, gift_parcel

pytestmark = pytest.mark.django_db

ANONYMOUS_LINE = "Een cadeau van iemand die liever anoniem blijft"


def _gift_section(html: str) -> str:
    match = re.search(r'<section class="card gift" id="gift">.*?</section>', html, re.S)
    assert match, "no gift panel on the page"
    # The thank button links with this parcel's own signed token.
    return re.sub(r"/gift/s/[^/]+/thank/", "/gift/s/TOKEN/thank/", match.group(0))


def test_an_anonymous_gift_shows_its_message_and_no_sender(
    client: Client, anonymous_gift: tuple[Gift, Shipment]
) -> None:
    _, parcel = anonymous_gift
    html = client.get(tracking_url(parcel)).content.decode()
    section = _gift_section(html)
    assert MESSAGE in section and ANONYMOUS_LINE in section
    assert "Bedank de afzender" in section
    for secret in (SENDER_NAME, SENDER_EMAIL, "Ans", "devries"):
        assert secret not in html


def test_an_unanswered_ask_me_sender_looks_exactly_like_an_anonymous_one(
    client: Client, organisation: Organisation
) -> None:
    _, anonymous = gift_parcel(organisation, Gift.SenderChoice.ANONYMOUS)
    _, ask = gift_parcel(organisation, Gift.SenderChoice.ASK)
    first = _gift_section(client.get(tracking_url(anonymous)).content.decode())
    second = _gift_section(client.get(tracking_url(ask)).content.decode())
    assert first == second
    thank_a = client.get(f"/gift/s/{tracking_url(anonymous).split('/')[-2]}/thank/")
    thank_b = client.get(f"/gift/s/{tracking_url(ask).split('/')[-2]}/thank/")
    strip = re.compile(
        r'name="csrfmiddlewaretoken" value="[^"]+"|href="/track/s/[^"]+"|/gift/s/[^/]+/thank/'
    )
    assert strip.sub("", thank_a.content.decode()) == strip.sub("", thank_b.content.decode())


def test_a_sender_who_chose_to_be_named_is_named(
    client: Client, shown_gift: tuple[Gift, Shipment]
) -> None:
    _, parcel = shown_gift
    section = _gift_section(client.get(tracking_url(parcel)).content.decode())
    assert f"Een cadeau van {SENDER_NAME}" in section
    assert SENDER_EMAIL not in section


def test_the_sender_name_is_escaped_like_any_text(
    client: Client, organisation: Organisation
) -> None:
    gift, parcel = gift_parcel(organisation, Gift.SenderChoice.SHOW)
    gift.sender_name = "<script>alert(1)</script>"
    gift.message = "<img src=x onerror=alert(1)>"
    gift.save()
    html = client.get(tracking_url(parcel)).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def test_a_parcel_without_a_gift_has_no_gift_panel_and_no_thank_page(
    client: Client, organisation: Organisation
) -> None:
    parcel = make_shipment(organisation=organisation)
    html = client.get(tracking_url(parcel)).content.decode()
    assert 'id="gift"' not in html
    token = tracking_url(parcel).split("/")[-2]
    no_gift = client.get(f"/gift/s/{token}/thank/")
    forged = client.get(f"/gift/s/{token[:-2]}xx/thank/")
    # One answer for "no gift here" and "no such link": it tells a prober nothing.
    assert no_gift.status_code == forged.status_code == 404
    tokens = re.compile(r'/gift/s/[^/]+/thank/|name="csrfmiddlewaretoken" value="[^"]+"')
    assert tokens.sub("", no_gift.content.decode()) == tokens.sub("", forged.content.decode())
