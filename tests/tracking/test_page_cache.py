"""The plain tracking page: no cookie, kept rendered in the shared cache per link and language,
served from it with the headers of a fresh render, and never shown stale after a change."""

import base64
import hashlib
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from halte.gifts.models import Gift
from halte.organisations.models import Organisation
from halte.privacy.actions import do_pseudonymise_settled
from halte.promises.models import Voucher
from halte.selfservice.models import AddressChange
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from halte.tracking.pagecache import page_cache
from tests.cases.histories import parcel_with_scans
from tests.factories import event_payload, make_organisation, make_shipment
from tests.tracking.queries import counted_queries

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
]


@pytest.fixture
def shop() -> Organisation:
    return make_organisation(
        name="Tuinlicht BV", display_name="Tuinlicht.nl", brand_colour="#e8a317"
    )


@pytest.fixture
def parcel(shop: Organisation) -> Shipment:
    return parcel_with_scans(shop, 3)


def _record(shipment: Shipment, code: str, at: Any, **extra: Any) -> None:
    do_record_carrier_events(
        shipment.organisation,
        [
            CarrierEventInput.model_validate(
                event_payload(shipment.tracking_code, code, at, **extra)
            )
        ],
    )


def _text(client: Client, shipment: Shipment) -> str:
    response = client.get(tracking_url(shipment))
    assert response.status_code == 200
    return response.content.decode()


def _served_from_cache(client: Client, url: str) -> Any:
    with counted_queries() as counted:
        response = client.get(url)
    assert counted.page == [], "answered from the stored page, without the view"
    assert len(counted.cache) == 1
    return response


def test_a_plain_view_sets_no_cookie_creates_no_session_and_says_how_to_cache(
    client: Client, parcel: Shipment
) -> None:
    response = client.get(tracking_url(parcel))
    assert response.status_code == 200
    assert response.cookies == {}
    assert Session.objects.count() == 0
    assert "csrfmiddlewaretoken" not in response.content.decode()
    # Only the language cookie chooses what the page says; nothing else varies.
    assert response["Vary"] == "Cookie"
    assert response["Cache-Control"] == "private, no-cache"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])


def test_the_second_view_is_the_stored_page_with_the_same_headers(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    first = client.get(url)
    second = _served_from_cache(client, url)
    assert second.status_code == 200
    assert second.content == first.content
    assert dict(second.headers) == dict(first.headers)
    assert second.cookies == {}


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_CONTENT_TYPE_NOSNIFF=True,
    SECURE_REFERRER_POLICY="same-origin",
    SECURE_CROSS_ORIGIN_OPENER_POLICY="same-origin",
    X_FRAME_OPTIONS="DENY",
)
def test_a_stored_page_keeps_every_security_header_over_https(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    first = client.get(url, secure=True)
    with counted_queries() as counted:
        second = client.get(url, secure=True)
    assert counted.page == []
    for name in [*SECURITY_HEADERS, "Strict-Transport-Security"]:
        assert first[name], name
        assert second[name] == first[name], name
    # Over plain http the same link is another entry: HSTS is only ever sent over https.
    plain = client.get(url)
    assert "Strict-Transport-Security" not in plain


def test_the_stored_page_and_its_policy_agree_on_the_shop_s_style(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    client.get(url)
    hit = _served_from_cache(client, url)
    (css,) = re.findall(r"<style>([^<]*)</style>", hit.content.decode())
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in hit["Content-Security-Policy"]
    assert "nonce" not in hit["Content-Security-Policy"]
    assert "nonce" not in hit.content.decode()


def test_a_browser_that_holds_the_page_gets_a_304_without_body(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    etag = client.get(url)["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "private, no-cache"
    assert not_modified["Content-Security-Policy"]
    # On a render too (nothing stored yet), and an old tag gets the whole page.
    page_cache().clear()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"old"'}).status_code == 200


def test_each_language_is_its_own_page_and_the_switch_remembers_the_choice(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    dutch = client.get(url)
    assert '<html lang="nl">' in dutch.content.decode()
    # An e-mail's ?lang= shows English once, without remembering it.
    once = client.get(url + "?lang=en")
    assert '<html lang="en">' in once.content.decode() and once.cookies == {}
    chosen = client.get(url + "?language=en")
    assert '<html lang="en">' in chosen.content.decode()
    assert chosen.cookies["django_language"].value == "en"
    english = client.get(url)  # the client now sends the cookie
    assert '<html lang="en">' in english.content.decode()
    assert english["ETag"] != dutch["ETag"]
    assert '<html lang="en">' in _served_from_cache(client, url).content.decode()
    assert '<html lang="nl">' in Client().get(url).content.decode()


def test_the_language_switch_is_a_link_that_keeps_the_other_parameters(
    client: Client, parcel: Shipment
) -> None:
    html = client.get(tracking_url(parcel) + "?show=voucher&lang=nl").content.decode()
    assert '<form class="language"' not in html
    assert 'href="?show=voucher&amp;language=en" hreflang="en"' in html


def test_a_proven_page_is_never_stored_nor_kept_by_the_browser(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    session = client.session
    session[f"halte.recipient-proven.{parcel.pk}"] = time.time()
    session.save()
    with counted_queries() as counted:
        response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert counted.cache == []
    # A stranger with the link still gets the plain page, rendered for her.
    stranger = Client()
    plain = stranger.get(url)
    assert plain["Cache-Control"] == "private, no-cache"
    assert 'class="case-row"' not in plain.content.decode()


def test_a_forged_or_foreign_link_is_never_answered_from_the_cache(
    client: Client, parcel: Shipment
) -> None:
    url = tracking_url(parcel)
    client.get(url)
    forged = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    assert client.get(forged).status_code == 404


# --- Every change the page shows makes the stored copy stale -------------------------------


def test_a_new_scan_shows_at_once(client: Client, parcel: Shipment) -> None:
    assert "Bezorgd" in _text(client, parcel)
    _record(parcel, "delivery_failed.not_home", timezone.now())
    assert "niemand thuis" in _text(client, parcel).lower()


def test_a_late_older_scan_that_changes_no_state_still_shows(
    client: Client, parcel: Shipment
) -> None:
    _text(client, parcel)
    _record(parcel, "at_depot", timezone.now() - timedelta(days=3), location="Nieuwegein")
    assert "Nieuwegein" in _text(client, parcel)


def test_a_changed_shipment_row_shows(client: Client, parcel: Shipment) -> None:
    _text(client, parcel)
    parcel.recipient_name = "Lotte de Vries"
    parcel.save()
    assert "Lotte de Vries" in _text(client, parcel)


def test_a_changed_promise_of_the_order_shows(client: Client, shop: Organisation) -> None:
    shipment = make_shipment(organisation=shop, status="in_transit")
    assert "Beloofd bij het bestellen" in _text(client, shipment)
    order = shipment.order
    assert order is not None
    order.promised_date = None
    order.save()
    assert "Beloofd bij het bestellen" not in _text(client, shipment)


def test_an_address_change_shows(client: Client, shop: Organisation) -> None:
    shipment = make_shipment(organisation=shop, status="in_transit")
    assert 'class="status-address_changed"' not in _text(client, shipment)
    address = {"street": "Schoenmakerstraat", "house_number": 3, "postcode": "6811AB"}
    AddressChange.objects.create(
        shipment=shipment, old_address=address, new_address={**address, "addition": "B"}
    )
    assert 'class="status-address_changed"' in _text(client, shipment)


def test_a_voucher_shows(client: Client, parcel: Shipment) -> None:
    assert 'id="voucher"' not in _text(client, parcel)
    assert parcel.order is not None
    Voucher.objects.create(order=parcel.order, code="SORRY-5", amount_cents=500, status="approved")
    assert "5,00" in _text(client, parcel)


def test_a_gift_shows(client: Client, parcel: Shipment, shop: Organisation) -> None:
    _text(client, parcel)
    assert parcel.order is not None
    Gift.objects.create(
        organisation=shop,
        order=parcel.order,
        message="Gefeliciteerd met je nieuwe huis!",
        sender_name="Oma",
        sender_choice="show",
        sender_email="oma@example.nl",
    )
    assert "Gefeliciteerd met je nieuwe huis!" in _text(client, parcel)


def test_the_shop_s_brand_shows_on_every_stored_page(
    client: Client, parcel: Shipment, shop: Organisation
) -> None:
    assert "Tuinlicht.nl" in _text(client, parcel)
    shop.display_name = "Tuinlicht & Co"
    shop.save()
    assert "Tuinlicht &amp; Co" in _text(client, parcel)


def test_erasure_of_settled_parcels_removes_the_stored_name(
    client: Client, parcel: Shipment, shop: Organisation
) -> None:
    assert "Lotte Jansen" in _text(client, parcel)
    Shipment.objects.filter(pk=parcel.pk).update(created_at=timezone.now() - timedelta(days=900))
    do_pseudonymise_settled(shop, now=timezone.now() + timedelta(days=900))
    # The postcode was shortened: the old link ends, and nothing of her is served any more.
    response = client.get(tracking_url(parcel))
    assert "Lotte Jansen" not in response.content.decode()


def test_a_page_announcing_a_window_is_kept_only_until_the_window_ends(
    client: Client, shop: Organisation
) -> None:
    now = timezone.now()
    shipment = make_shipment(
        organisation=shop,
        status="window_set",
        window_start=now - timedelta(hours=1),
        window_end=now + timedelta(seconds=2),
    )
    assert 'class="window passed"' not in _text(client, shipment)
    time.sleep(2.2)
    assert 'class="window passed"' in _text(client, shipment)


@pytest.mark.parametrize("parcels", [2, 40])
def test_a_batch_of_scans_makes_its_pages_stale_in_as_many_cache_statements_for_forty_parcels(
    shop: Organisation, parcels: int
) -> None:
    shipments = [make_shipment(organisation=shop) for _ in range(parcels)]
    events = [
        CarrierEventInput.model_validate(
            event_payload(s.tracking_code, "received_by_carrier", timezone.now())
        )
        for s in shipments
    ]
    with counted_queries() as counted:
        do_record_carrier_events(shop, events)
    # Inside the batch's transaction (and once more after its commit): one statement each for
    # the changed states and the changed timelines, however many parcels.
    assert 1 <= len(counted.cache) <= 2, counted.cache
    assert all(sql.startswith("DELETE") for sql in counted.cache)


def test_an_unreachable_cache_costs_the_render_never_the_page(
    client: Client, parcel: Shipment, settings: Any
) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # discard port: nothing listens
        },
    }
    settings.HALTE_TRACKING_PAGE_CACHE = "unreachable"
    response = client.get(tracking_url(parcel))
    assert response.status_code == 200
    assert "Lotte Jansen" in response.content.decode()


def test_the_gift_panel_comes_with_the_parcel_s_own_query(
    client: Client, parcel: Shipment, shop: Organisation
) -> None:
    assert parcel.order is not None
    Gift.objects.create(
        organisation=shop,
        order=parcel.order,
        message="Veel plezier ermee!",
        sender_name="Oma",
        sender_choice="show",
        sender_email="oma@example.nl",
    )
    with counted_queries() as counted:
        html = client.get(tracking_url(parcel)).content.decode()
    assert "Veel plezier ermee!" in html
    assert not any('FROM "gifts_gift"' in sql for sql in counted.page)
    # A gift of another shop's order is never shown (the order is this shop's anyway).
    other = make_shipment(organisation=make_organisation())
    assert other.order is not None
    assert "Veel plezier ermee!" not in client.get(tracking_url(other)).content.decode()
