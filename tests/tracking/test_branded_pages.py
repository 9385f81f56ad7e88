"""Pages wear the shop's brand — name, logo, colour — inside the CSP, and look right without."""

import base64
import hashlib
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import resolve

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.links import customer_case_path
from halte.cases.models import Case, Channel
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.tracking.links import shipment_for_token, tracking_url
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4" fill="#e8a317"/></svg>'


@pytest.fixture
def shop() -> Organisation:
    return make_organisation(
        name="Tuinlicht BV",
        display_name="Tuinlicht.nl",
        brand_colour="#e8a317",
        privacy_url="https://tuinlicht.example/privacy",
        contact_url="https://tuinlicht.example/contact",
    )


def _page(client: Client, shipment: Shipment) -> tuple[str, str]:
    response = client.get(tracking_url(shipment))
    assert response.status_code == 200
    return response.content.decode(), response["Content-Security-Policy"]


def _directive(policy: str, name: str) -> str:
    (directive,) = [d.strip() for d in policy.split(";") if d.strip().startswith(name + " ")]
    return directive


def test_the_tracking_page_names_the_shop_and_sets_its_colours_in_a_hashed_style(
    client: Client, shop: Organisation
) -> None:
    html, policy = _page(client, make_shipment(organisation=shop))
    assert '<span class="shop-name">Tuinlicht.nl</span>' in html
    assert "· Tuinlicht.nl</title>" in html
    (css,) = re.findall(r"<style>(:root\{--brand:#e8a317;--brand-text:#000000\})</style>", html)
    # The policy allows exactly this style by its hash: the same on every render, so a page
    # served from the cache carries a policy that still fits it.
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in _directive(policy, "style-src")
    assert "nonce" not in policy
    # Nothing else inline: no style attributes, no other style or script blocks.
    assert "style=" not in html
    assert html.count("<style") == 1 and "<script" not in html
    assert 'class="branded"' in html
    assert 'href="https://tuinlicht.example/privacy"' in html


def test_a_shop_without_logo_or_colour_keeps_halte_s_look_and_shows_its_name(
    client: Client,
) -> None:
    plain = make_organisation(name="Fietsenwinkel")
    html, policy = _page(client, make_shipment(organisation=plain))
    assert '<span class="shop-name">Fietsenwinkel</span>' in html
    assert "<style" not in html and 'class="branded"' not in html
    assert "<img" not in html and 'rel="icon"' not in html
    assert "nonce" not in policy
    assert "shop-footer" not in html


def test_a_hostile_colour_stored_past_validation_never_reaches_the_page(client: Client) -> None:
    shop = make_organisation()
    # Seven characters, so it fits the column on PostgreSQL too.
    Organisation.objects.filter(pk=shop.pk).update(brand_colour="red;}*{")
    html, _policy = _page(client, make_shipment(organisation=shop))
    assert "<style" not in html and "red;}" not in html


def test_an_outside_logo_is_shown_and_only_its_host_is_added_to_img_src(
    client: Client,
) -> None:
    shop = make_organisation(logo_url="https://cdn.tuinlicht.example/logo.png")
    html, policy = _page(client, make_shipment(organisation=shop))
    assert '<img class="logo" src="https://cdn.tuinlicht.example/logo.png" alt="">' in html
    assert '<link rel="icon" href="https://cdn.tuinlicht.example/logo.png">' in html
    assert _directive(policy, "img-src") == "img-src 'self' https://cdn.tuinlicht.example"
    # Another shop's page does not inherit the widened policy.
    _html, other = _page(client, make_shipment(organisation=make_organisation()))
    assert _directive(other, "img-src") == "img-src 'self'"


def test_an_uploaded_logo_is_served_as_an_image_that_can_never_run(client: Client) -> None:
    shop = make_organisation(slug="tuinlicht")
    shop.logo_file.save("logo.svg", ContentFile(SVG))
    html, policy = _page(client, make_shipment(organisation=shop))
    assert '<img class="logo" src="/brand/tuinlicht/logo" alt="">' in html
    assert _directive(policy, "img-src") == "img-src 'self'"
    response = client.get("/brand/tuinlicht/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.getvalue() == SVG
    assert client.get("/brand/no-such-shop/logo").status_code == 404


def _case(shipment: Shipment, email: str) -> Case:
    case, _ = do_open_case(
        shipment.organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Waar blijft het?", from_address=email),
        customer_email=email,
        shipment=shipment,
    )
    return case


def test_the_recipients_case_page_wears_the_brand_and_links_back_to_the_parcel(
    client: Client, shop: Organisation
) -> None:
    shipment = make_shipment(organisation=shop)
    response = client.get(customer_case_path(_case(shipment, shipment.recipient_email)))
    html = response.content.decode()
    assert '<span class="shop-name">Tuinlicht.nl</span>' in html
    # The link opens this parcel (compared by what it opens: it carries the second it was signed).
    (href,) = re.findall(r'id="parcel-link" href="([^"]+)"', html)
    assert resolve(href).url_name == "shipment"
    assert shipment_for_token(resolve(href).kwargs["token"]) == shipment


def test_a_case_of_someone_else_about_the_parcel_gets_no_link_to_the_recipients_page(
    client: Client, shop: Organisation
) -> None:
    shipment = make_shipment(organisation=shop)
    html = client.get(customer_case_path(_case(shipment, "buurman@example.nl"))).content.decode()
    assert "parcel-link" not in html
    assert "/track/s/" not in html


def test_the_contact_form_wears_the_default_shops_brand(client: Client, shop: Organisation) -> None:
    html = client.get("/contact/").content.decode()
    assert '<span class="shop-name">Tuinlicht.nl</span>' in html


def test_the_desk_says_which_shop_the_agent_works_for(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    organisation.display_name = "Tuinlicht.nl"
    organisation.save()
    make_organisation(name="Een andere winkel")
    client.force_login(agent)
    html = client.get("/desk/").content.decode()
    assert re.search(r'id="working-for"[^>]*>Tuinlicht\.nl</span>', html)
    assert "Een andere winkel" not in html
    case = _case(make_shipment(organisation=organisation), "remco@example.nl")
    html = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "Zaak van Tuinlicht.nl" in html
    # Before sending, the agent sees how the customer will see the reply signed.
    signature = re.search(r'<span class="signature">(.*?)</span>', html, re.S)
    assert signature is not None
    assert signature[1] == "Met vriendelijke groet,\nNatasja\nKlantenservice Tuinlicht.nl"


def test_pages_about_no_parcel_stay_neutral_when_several_shops_share_the_installation(
    client: Client, shop: Organisation
) -> None:
    make_organisation(name="Fietsenwinkel")
    html = client.get("/track/").content.decode()
    assert '<span class="shop-name">Halte</span>' in html
    assert "Tuinlicht.nl" not in html and "Fietsenwinkel" not in html
    with override_settings(HALTE_DEFAULT_ORGANISATION=shop.slug):
        html = client.get("/track/").content.decode()
    assert '<span class="shop-name">Tuinlicht.nl</span>' in html
