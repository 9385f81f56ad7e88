"""What a shop may set as its brand: hostile values are refused with a precise message."""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from halte.organisations.brand import (
    MAX_LOGO_BYTES,
    brand_hex,
    contrast_ratio,
    svg_is_harmless,
    text_colour_on,
    validate_logo_file,
)
from halte.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
CLEAN_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4" fill="#e8a317"/></svg>'

REQUIRED = {
    "name": "Tuinlicht",
    "slug": "tuinlicht",
    "kind": "retailer",
    "country": "NL",
    "business_hours_start": "08:00",
    "business_hours_end": "18:00",
    "damage_remedies": "replacement,return",
}


def _form(logo: Any = None, **data: str) -> Any:
    """The admin's own form for an organisation, as a manager fills it in."""
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True)
    form_class = admin.site._registry[Organisation].get_form(request)
    files = MultiValueDict({"logo_file": [logo]}) if logo is not None else None
    return form_class({**REQUIRED, **data}, files)


def test_a_shop_without_any_brand_passes() -> None:
    assert _form().is_valid()


@pytest.mark.parametrize("colour", ["#12345", "#gggggg", "red", "#0a7d3;", "url(x)"])
def test_a_colour_that_is_not_hex_is_refused_with_a_message_in_dutch(colour: str) -> None:
    with translation.override("nl"):
        form = _form(brand_colour=colour)
        assert not form.is_valid()
        assert form.errors["brand_colour"] == [
            "Vul een kleur in als # met 6 (of 3) hexadecimale cijfers, zoals #0a7d3b."
        ]


@pytest.mark.parametrize("colour", ["red;}body{", "#0a7d3b;}*{x:y", "#fff</style>"])
def test_a_colour_that_tries_to_escape_the_style_sheet_is_refused(colour: str) -> None:
    form = _form(brand_colour=colour)
    assert not form.is_valid()
    assert "brand_colour" in form.errors
    assert brand_hex(colour) == ""


def test_short_and_upper_case_hex_colours_are_accepted_and_normalised() -> None:
    assert _form(brand_colour="#FA0").is_valid()
    assert brand_hex("#FA0") == "#ffaa00"
    assert brand_hex("red;}body{") == ""


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "http://tuinlicht.example/logo.png",
    ],
)
@pytest.mark.parametrize("field", ["logo_url", "contact_url", "privacy_url"])
def test_links_that_are_not_https_are_refused(field: str, url: str) -> None:
    form = _form(**{field: url})
    assert not form.is_valid()
    assert field in form.errors


def test_https_links_are_accepted() -> None:
    assert _form(
        logo_url="https://cdn.tuinlicht.example/logo.png",
        contact_url="https://tuinlicht.example/contact",
        privacy_url="https://tuinlicht.example/privacy",
    ).is_valid()


@pytest.mark.parametrize(
    "name", ["Tuinlicht\r\nBcc: victim@example.nl", 'Tuin"licht', "<evil>", "a@b.example"]
)
def test_a_sender_name_that_could_break_the_from_header_is_refused(name: str) -> None:
    form = _form(support_sender_name=name)
    assert not form.is_valid()
    assert "support_sender_name" in form.errors


def test_an_oversized_logo_is_refused_with_its_limit() -> None:
    big = SimpleUploadedFile("logo.png", PNG + b"\x00" * MAX_LOGO_BYTES, "image/png")
    with translation.override("en"):
        form = _form(big)
        assert not form.is_valid()
        assert form.errors["logo_file"] == ["The logo is larger than 256 KB; save it smaller."]


def test_a_logo_that_is_no_image_is_refused_whatever_its_name() -> None:
    html = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script></html>", "image/png")
    form = _form(html)
    assert not form.is_valid()
    assert "logo_file" in form.errors


def test_a_png_logo_and_a_clean_svg_are_accepted() -> None:
    assert _form(SimpleUploadedFile("l.png", PNG, "image/png")).is_valid()
    svg = SimpleUploadedFile("l.svg", CLEAN_SVG, "image/svg+xml")
    assert _form(svg).is_valid()


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a>'
        b"</svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://tracker.example/p.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/'
        b'1999/xhtml"><iframe src="https://x.example"/></body></foreignObject></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/a)"/>'
        b"</svg>",
        b"<svg><unclosed></svg>",
    ],
)
def test_an_svg_with_scripts_handlers_outside_links_or_entities_is_refused(svg: bytes) -> None:
    assert not svg_is_harmless(svg)
    with pytest.raises(ValidationError) as refused:
        validate_logo_file(SimpleUploadedFile("l.svg", svg, "image/svg+xml"))
    assert refused.value.code in {"logo_svg_unsafe", "logo_type"}


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#ffffff", "#000000"),
        ("#000000", "#ffffff"),
        ("#e8a317", "#000000"),
        ("#0b3d91", "#ffffff"),
    ],
)
def test_the_text_colour_on_a_brand_colour_is_the_more_readable_one(
    background: str, text: str
) -> None:
    assert text_colour_on(background) == text
    # Black or white always reach at least 4.5:1 (WCAG AA) on a colour when the better is chosen.
    assert contrast_ratio(background, text_colour_on(background)) >= 4.5
