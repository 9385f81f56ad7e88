"""The shop's voice in one place: From line, greeting and sign-off, with their fallbacks."""

from email.policy import SMTP
from email.utils import parseaddr

import pytest
from django.test import override_settings
from django.utils import translation

from halte.organisations.models import Membership
from halte.organisations.voice import brand_of, greeting, sender, sign_off, signature_name
from halte.outbox.actions import queue_text_message
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

INSTALLATION = "Klantenservice <support@halte.test>"


@override_settings(DEFAULT_FROM_EMAIL=INSTALLATION)
def test_mail_comes_from_the_support_sender_name_and_address() -> None:
    shop = make_organisation(
        name="Tuinlicht BV",
        display_name="Tuinlicht.nl",
        support_sender_name="Klantenservice Tuinlicht.nl",
        support_email="hallo@tuinlicht.example",
    )
    assert sender(shop) == '"Klantenservice Tuinlicht.nl" <hallo@tuinlicht.example>'


@override_settings(DEFAULT_FROM_EMAIL=INSTALLATION)
def test_without_a_sender_name_mail_comes_from_the_display_name_at_the_installation_address() -> (
    None
):
    shop = make_organisation(name="Tuinlicht BV", display_name="Tuinlicht.nl")
    assert sender(shop) == '"Tuinlicht.nl" <support@halte.test>'
    bare = make_organisation(name="Fietsenwinkel")
    assert sender(bare) == "Fietsenwinkel <support@halte.test>"
    assert sender(None) == INSTALLATION


@override_settings(DEFAULT_FROM_EMAIL=INSTALLATION)
def test_a_name_with_accents_and_commas_stays_one_valid_header() -> None:
    shop = make_organisation(name="Café, Thé & Co")
    value = sender(shop)
    assert parseaddr(value) == ("Café, Thé & Co", "support@halte.test")
    assert "\n" not in SMTP.header_store_parse("From", value)[1]


def test_the_greeting_uses_the_name_and_stays_polite_without_one() -> None:
    with translation.override("nl"):
        assert greeting("Remco") == "Hallo Remco,"
        assert greeting("  ") == "Hallo,"
    with translation.override("en"):
        assert greeting("Remco") == "Hello Remco,"
        assert greeting("") == "Hello,"


def test_the_sign_off_puts_the_agent_above_the_shops_signature() -> None:
    shop = make_organisation(name="Tuinlicht BV", signature="Team Tuinlicht.nl")
    with translation.override("nl"):
        assert sign_off(shop, person="Natasja") == (
            "Met vriendelijke groet,\nNatasja\nTeam Tuinlicht.nl"
        )


def test_without_a_signature_the_sign_off_names_the_shop() -> None:
    shop = make_organisation(name="Tuinlicht BV", display_name="Tuinlicht.nl")
    with translation.override("en"):
        assert sign_off(shop) == "Kind regards,\nCustomer service Tuinlicht.nl"
    with translation.override("nl"):
        assert sign_off(None) == "Met vriendelijke groet,\nKlantenservice"


def test_an_agent_signs_with_their_chosen_name_else_their_first_name() -> None:
    assert signature_name(Membership(signature_name="Tasja"), "Natasja") == "Tasja"
    assert signature_name(Membership(), "Natasja") == "Natasja"
    assert signature_name(None, "") == ""


def test_a_shop_without_logo_or_colour_gets_a_plain_brand_with_its_name() -> None:
    brand = brand_of(make_organisation(name="Fietsenwinkel"))
    assert (brand.name, brand.colour, brand.text_colour, brand.logo) == (
        "Fietsenwinkel",
        "",
        "",
        "",
    )
    assert brand_of(None).name == "Halte"


def test_a_brand_colour_comes_with_a_readable_text_colour() -> None:
    brand = brand_of(make_organisation(brand_colour="#E8A317"))
    assert (brand.colour, brand.text_colour) == ("#e8a317", "#000000")
    dark = brand_of(make_organisation(brand_colour="#123"))
    assert (dark.colour, dark.text_colour) == ("#112233", "#ffffff")


def test_a_stored_colour_that_is_not_hex_never_reaches_a_page() -> None:
    # Written past validation (a raw update, an old import): the page falls back, never injects.
    brand = brand_of(make_organisation(brand_colour="red;}*{"))
    assert brand.colour == "" and brand.text_colour == ""


def test_an_outside_logo_counts_only_when_it_is_https() -> None:
    brand = brand_of(make_organisation(logo_url="https://cdn.tuinlicht.example/logo.png"))
    assert brand.logo_origin == "https://cdn.tuinlicht.example"
    assert brand_of(make_organisation(logo_url="javascript:alert(1)")).logo == ""


def test_a_text_message_opens_with_the_shops_name_once() -> None:
    shop = make_organisation(name="Tuinlicht BV", display_name="Tuinlicht.nl")
    dispatch = queue_text_message(shop, to="+31600000000", text="Je pakket komt morgen.")
    assert dispatch.body == "Tuinlicht.nl: Je pakket komt morgen."
    again = queue_text_message(shop, to="+31600000000", text=dispatch.body)
    assert again.body == "Tuinlicht.nl: Je pakket komt morgen."
