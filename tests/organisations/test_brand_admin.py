"""A manager sets the brand in the admin: a hostile value gets a message, never a 500 or a
half-saved shop; a good logo is stored and shown."""

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from halte.organisations.models import Organisation
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'


def _form(shop: Organisation, **changes: Any) -> dict[str, Any]:
    return {
        "name": shop.name,
        "slug": shop.slug,
        "kind": shop.kind,
        "country": shop.country,
        "business_hours_start": "08:00",
        "business_hours_end": "18:00",
        "damage_remedies": shop.damage_remedies,
        "display_name": "Tuinlicht.nl",
        "brand_colour": "#e8a317",
        **changes,
    }


def test_hostile_brand_values_are_refused_in_the_admin_and_nothing_is_saved(
    admin_client: Any,
) -> None:
    shop = make_organisation(name="Tuinlicht BV")
    response = admin_client.post(
        f"/admin/organisations/organisation/{shop.pk}/change/",
        _form(
            shop,
            brand_colour="#e8a31;",
            logo_url="javascript:alert(1)",
            logo_file=SimpleUploadedFile("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
            support_sender_name="Tuinlicht\r\nBcc: x@example.nl",
        ),
    )
    assert response.status_code == 200
    found = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    errors = [e.removeprefix("<li>").removesuffix("</li>") for e in found]
    # Each field says what is wrong with it, in the manager's language.
    assert errors == [
        "Deze SVG bevat scripts, event-handlers of links naar buiten; hij wordt geweigerd.",
        "Voer een geldige URL in.",
        "Vul een kleur in als # met 6 (of 3) hexadecimale cijfers, zoals #0a7d3b.",
        "Vul een naam in zonder regeleinden, aanhalingstekens, &lt;, &gt; of @.",
    ]
    shop.refresh_from_db()
    assert (shop.display_name, shop.brand_colour, shop.logo_url) == ("", "", "")
    assert not shop.logo_file


def test_a_clean_brand_is_saved_from_the_admin(admin_client: Any) -> None:
    shop = make_organisation(name="Tuinlicht BV")
    response = admin_client.post(
        f"/admin/organisations/organisation/{shop.pk}/change/",
        _form(shop, logo_file=SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")),
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.display_name, shop.brand_colour) == ("Tuinlicht.nl", "#e8a317")
    assert shop.logo_file.read() == SVG


def test_a_stored_logo_whose_file_went_missing_asks_for_a_new_upload(admin_client: Any) -> None:
    shop = make_organisation(name="Tuinlicht BV")
    shop.logo_file.save("logo.svg", SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"))
    shop.logo_file.storage.delete(str(shop.logo_file.name))
    response = admin_client.post(
        f"/admin/organisations/organisation/{shop.pk}/change/", _form(shop)
    )
    assert response.status_code == 200
    assert "Het logobestand is niet meer te lezen; upload het opnieuw." in response.content.decode()
