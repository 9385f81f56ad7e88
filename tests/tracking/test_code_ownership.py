"""Every public path finds a tracking code's one owner, or asks, or links nothing."""

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from halte.cases.models import Case
from halte.mail.actions import do_receive_email
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Membership, Organisation
from halte.shipments.models import Shipment
from halte.tracking.links import shipment_for_token, tracking_url
from tests.conftest import ApiClient
from tests.factories import make_organisation, make_shipment, raw_email

pytestmark = pytest.mark.django_db
LOOKUP = reverse("tracking:lookup")
CODE = "3SSHOPA0000001"


@pytest.fixture
def default_shop(settings: Any) -> Organisation:
    """The organisation that receives questions naming no single parcel."""
    shop = make_organisation(name="Halte helpdesk", slug="helpdesk")
    settings.HALTE_DEFAULT_ORGANISATION = shop.slug
    return shop


@pytest.fixture
def shop_a(default_shop: Organisation) -> Organisation:
    return make_organisation(name="Shop A")


@pytest.fixture
def parcel_a(shop_a: Organisation) -> Shipment:
    return make_shipment(organisation=shop_a, tracking_code=CODE, street="Schoenmakerstraat")


@pytest.fixture
def shop_b_tried(parcel_a: Shipment) -> Any:
    """Shop B tries to announce A's code and postcode for itself, and is refused."""
    shop_b = make_organisation(name="Shop B")
    _, key = do_issue_api_token(shop_b, name="b")
    response = ApiClient(key).post(
        "/api/v1/shipments",
        {
            "carrier": "postnl",
            "tracking_code": CODE,
            "recipient": {"name": "Mallory", "email": "mallory@example.com"},
            "address": {"postcode": "6811AB", "house_number": 9, "street": "Valse", "city": "Ede"},
        },
    )
    assert response.status_code == 409
    return shop_b


@pytest.fixture
def same_code_at_dhl(shop_a: Organisation, parcel_a: Shipment) -> Shipment:
    """Another shop's parcel at another carrier that happens to have the same code."""
    return make_shipment(
        organisation=make_organisation(name="Shop C"),
        carrier="dhl",
        tracking_code=CODE,
        street="Bakkerstraat",
        recipient_email="karel@example.nl",
    )


def _shipment_at(url: str) -> Shipment | None:
    """The shipment a signed tracking link opens (links carry their own timestamp)."""
    found = re.search(r"/track/s/([^/]+)/", url)
    return shipment_for_token(found.group(1)) if found else None


def _lookup(client: Client, postcode: str = "6811 AB") -> Any:
    return client.post(LOOKUP, {"tracking_code": CODE, "postcode": postcode})


def test_lookup_finds_the_owners_parcel_after_another_shop_tried_its_code(
    client: Client, parcel_a: Shipment, shop_b_tried: Organisation
) -> None:
    response = _lookup(client)
    assert response.status_code == 302
    assert _shipment_at(response["Location"]) == parcel_a
    page = client.get(response["Location"]).content.decode()
    assert "Schoenmakerstraat" in page and "Valse" not in page


def test_a_code_at_two_carriers_asks_which_parcel(
    client: Client, parcel_a: Shipment, same_code_at_dhl: Shipment
) -> None:
    response = _lookup(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welk pakket?" in html
    assert "Shop A" in html and "Shop C" in html
    assert "PostNL" in html and "DHL" in html
    # Each choice is that parcel's own signed link, and nothing of either parcel is shown yet.
    links = re.findall(r'<a href="(/track/s/[^"]+)">', html)
    assert [_shipment_at(link) for link in links] == [same_code_at_dhl, parcel_a]  # by carrier
    assert "Schoenmakerstraat" not in html and "Bakkerstraat" not in html
    assert "Bakkerstraat" in client.get(tracking_url(same_code_at_dhl)).content.decode()


def test_the_postcode_still_decides_between_carriers(
    client: Client, parcel_a: Shipment, same_code_at_dhl: Shipment
) -> None:
    Shipment.objects.filter(pk=same_code_at_dhl.pk).update(postcode="1011AA")
    response = _lookup(client)
    assert _shipment_at(response["Location"]) == parcel_a
    assert _lookup(client, postcode="9999ZZ").status_code == 404


def test_a_self_service_link_from_the_choice_acts_on_that_parcel_only(
    client: Client,
    parcel_a: Shipment,
    same_code_at_dhl: Shipment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    link = tracking_url(same_code_at_dhl)
    html = client.get(f"{link}address/").content.decode()
    assert same_code_at_dhl.get_carrier_display() in html
    assert parcel_a.get_carrier_display() not in html
    # The code to prove it goes to that parcel's recipient only.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{link}address/", {"action": "send_code"})
    (code_mail,) = mail.outbox
    assert code_mail.to == [same_code_at_dhl.recipient_email]


def test_the_contact_form_routes_to_the_owner_after_another_shop_tried_its_code(
    client: Client, parcel_a: Shipment, shop_b_tried: Organisation
) -> None:
    client.post("/contact/", {"text": f"Waar is {CODE}?", "email": "lotte@example.nl"})
    case = Case.objects.get()
    assert case.organisation == parcel_a.organisation
    assert case.shipment == parcel_a


def test_the_contact_form_links_no_parcel_when_the_code_is_ambiguous(
    client: Client,
    default_shop: Organisation,
    same_code_at_dhl: Shipment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/",
            {
                "text": "Waar blijft mijn pakket?",
                "email": "lotte@example.nl",
                "tracking_code": CODE,
            },
        )
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.organisation == default_shop
    assert case.shipment is None
    (ack,) = mail.outbox
    assert "Shop" not in ack.body  # neither shop is named to the sender


def test_inbound_mail_links_no_parcel_when_the_code_is_ambiguous(
    default_shop: Organisation, same_code_at_dhl: Shipment
) -> None:
    received = do_receive_email(raw_email(text=f"Mijn pakket {CODE} is er niet."))
    assert received.case.organisation == default_shop
    assert received.case.shipment is None


def test_inbound_mail_reaches_the_owner_after_another_shop_tried_its_code(
    parcel_a: Shipment, shop_b_tried: Organisation
) -> None:
    received = do_receive_email(raw_email(text=f"Mijn pakket {CODE} is er niet."))
    assert received.case.shipment == parcel_a


def test_the_agent_sees_the_codes_of_an_unlinked_case(
    client: Client, default_shop: Organisation, same_code_at_dhl: Shipment
) -> None:
    case = do_receive_email(raw_email(text=f"Mijn pakket {CODE} is er niet.")).case
    agent = get_user_model().objects.create_user("ingrid", password="pw-ingrid-12345")
    Membership.objects.create(user=agent, organisation=default_shop)
    client.force_login(agent)
    html = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert f"<code>{CODE}</code>" in html
