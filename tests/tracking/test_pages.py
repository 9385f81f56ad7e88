"""The tracking page: code + postcode as proof, plain sentences, nothing revealed on a miss."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from halte.demo.parcels import load_demo
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.tracking.queries import counted_queries

pytestmark = pytest.mark.django_db
LOOKUP = reverse("tracking:lookup")
STORY_03 = {"tracking_code": "3shalt0303030", "postcode": "6811 ab"}


@pytest.fixture
def demo() -> None:
    load_demo()


def _follow(client: Client, data: dict[str, str]) -> Any:
    return client.post(LOOKUP, data, follow=True)


def test_lookup_page_is_dutch_by_default(client: Client) -> None:
    response = client.get(LOOKUP)
    assert response.status_code == 200
    assert "Volg je pakket" in response.content.decode()


def test_story_03_reads_delivered_at_1658_in_the_garden(client: Client, demo: None) -> None:
    response = _follow(client, STORY_03)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bezorgd om 16:58 op een veilige plek: in de tuin." in html
    # The carrier's raw line from the story never reaches the customer.
    assert "ontvangstbevestiging" not in html
    assert "ONTV-OBV" not in html
    assert "nog niet in gewone woorden" in html


def test_english_switch_keeps_the_parcel(client: Client, demo: None) -> None:
    page = _follow(client, STORY_03)
    url = page.redirect_chain[-1][0]
    # The switch is a plain link (no form, no CSRF token): it shows the page in English and
    # remembers the choice in the language cookie, so the plain link is English from then on.
    switch = re.search(r'<a href="(\?language=en)" hreflang="en"', page.content.decode())
    assert switch is not None
    response = client.get(url + switch.group(1))
    assert "Delivered at 16:58 at a safe place: in de tuin." in response.content.decode()
    assert response.cookies["django_language"].value == "en"
    again = client.get(url)
    assert "Delivered at 16:58 at a safe place: in de tuin." in again.content.decode()
    assert again.cookies == {} or "django_language" not in again.cookies


def test_story_01_shows_the_corrected_address_and_its_window(client: Client, demo: None) -> None:
    html = _follow(client, {"tracking_code": "05222111830001", "postcode": "3731HK"})
    text = html.content.decode()
    assert "Lindelaan 12" in text
    assert "je pakket wordt bezorgd tussen 13:28 en 14:28" in text.lower()
    assert "adres niet klopt" in text


def test_old_postcode_of_story_01_finds_nothing(client: Client, demo: None) -> None:
    response = client.post(LOOKUP, {"tracking_code": "05222111830001", "postcode": "3572 KT"})
    assert response.status_code == 404


def test_wrong_postcode_and_wrong_code_get_the_same_answer(client: Client, demo: None) -> None:
    wrong_postcode = client.post(LOOKUP, {**STORY_03, "postcode": "1000 AA"})
    wrong_code = client.post(LOOKUP, {**STORY_03, "tracking_code": "3SHALT0000000"})
    assert wrong_postcode.status_code == wrong_code.status_code == 404
    assert "Lotte" not in wrong_postcode.content.decode()
    assert _alert(wrong_postcode) == _alert(wrong_code)
    assert "We vinden geen pakket" in _alert(wrong_postcode)


def _alert(response: Any) -> str:
    found = re.search(r'role="alert">([^<]*)<', response.content.decode())
    assert found, "no alert on the page"
    return found.group(1)


def test_enumeration_is_stopped_with_429(client: Client, demo: None, settings: Any) -> None:
    settings.HALTE_TRACKING_LOOKUP_CLIENT_LIMIT = 3
    for n in range(3):
        assert client.post(LOOKUP, {**STORY_03, "tracking_code": f"3SGUESS{n}"}).status_code == 404
    blocked = client.post(LOOKUP, STORY_03)
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 0


def test_empty_and_oversized_input_is_refused_with_field_errors(client: Client) -> None:
    response = client.post(LOOKUP, {"tracking_code": "x" * 500, "postcode": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit veld is verplicht" in html
    assert "niet meer dan 80 tekens" in html


def test_tampered_link_reveals_nothing(client: Client, demo: None) -> None:
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    url = tracking_url(shipment)
    tampered = url.replace(url.split("/")[-2][:6], "eyJzIj", 1)[:-3] + "xx/"
    response = client.get(tampered)
    assert response.status_code == 404
    assert "Lotte" not in response.content.decode()


def test_link_stops_working_when_the_postcode_changes(client: Client, demo: None) -> None:
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    url = tracking_url(shipment)
    Shipment.objects.filter(pk=shipment.pk).update(postcode="1000AA")
    assert client.get(url).status_code == 404


def test_html_in_carrier_text_is_rendered_inert(client: Client, demo: None) -> None:
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    Shipment.objects.filter(pk=shipment.pk).update(delivery_place_detail="<script>x()</script>")
    html = client.get(tracking_url(shipment)).content.decode()
    assert "<script>x()" not in html
    assert "&lt;script&gt;" in html


def test_shipment_page_uses_a_fixed_number_of_queries(client: Client, demo: None) -> None:
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    url = tracking_url(shipment)
    # The shipment with what it has beside it, its events, its current promise, its address
    # changes, its order's vouchers, its return under way and its order's gift — each of those
    # only when the first query said it is there: no more, however many events.
    with counted_queries() as counted:
        assert client.get(url).status_code == 200
    assert len(counted.page) <= 7, counted.page


def test_an_english_browser_still_gets_dutch_until_it_chooses(client: Client) -> None:
    response = client.get(LOOKUP, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Volg je pakket" in response.content.decode()
    assert response["Content-Language"] == "nl"


def test_lang_parameter_chooses_english(client: Client) -> None:
    assert "Track your parcel" in client.get(LOOKUP, {"lang": "en"}).content.decode()


def test_unknown_language_falls_back_to_dutch(client: Client) -> None:
    assert "Volg je pakket" in client.get(LOOKUP, {"lang": "xx"}).content.decode()


def test_postcode_typed_with_a_dash_is_understood(client: Client, demo: None) -> None:
    response = client.post(LOOKUP, {"tracking_code": "3SHALT0303030", "postcode": "6811-ab"})
    assert response.status_code == 302
