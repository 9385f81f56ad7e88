"""The demo replays stories 01 and 03 through the real actions, and can be loaded twice."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from halte.cases.models import Case
from halte.demo.parcels import DEMO_SLUG
from halte.organisations.models import Membership, Organisation
from halte.organisations.permissions import ERASE_PERSONAL_DATA, SEARCH_AUDIT, WORK_CASES
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import Status

pytestmark = pytest.mark.django_db


def test_demo_can_be_loaded_twice_without_duplicates() -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    assert Shipment.objects.count() == 6
    assert TrackingEvent.objects.filter(shipment__isnull=True).count() == 0


def test_story_03_is_delivered_in_the_garden_at_1658() -> None:
    call_command("demo", stdout=io.StringIO())
    s = Shipment.objects.get(tracking_code="3SHALT0303030")
    assert s.status == Status.DELIVERED
    assert (s.delivery_place, s.delivery_place_detail) == ("safe_place", "in de tuin")
    assert s.delivered_at is not None
    assert timezone.localtime(s.delivered_at).strftime("%H:%M") == "16:58"
    assert s.kind == "mailbox_parcel"


def test_story_01_ends_delivered_at_the_corrected_address() -> None:
    call_command("demo", stdout=io.StringIO())
    s = Shipment.objects.get(tracking_code="05222111830001")
    assert (s.postcode, s.city, s.status) == ("3731HK", "De Bilt", Status.DELIVERED)
    statuses = list(s.events.order_by("occurred_at").values_list("status", flat=True))
    assert Status.DELIVERY_FAILED in statuses


def test_demo_cases_find_their_parcels_from_the_customers_words() -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    parcels = {
        c.customer_email: c.shipment.tracking_code if c.shipment else None
        for c in Case.objects.select_related("shipment")
    }
    assert parcels == {
        "remco@example.nl": "05222111830001",
        "lotte@example.nl": "3SHALT0303030",
    }


def test_the_postnl_parcel_is_read_from_postnls_own_codes() -> None:
    call_command("demo", stdout=io.StringIO())
    s = Shipment.objects.get(tracking_code="3SHALT0606060")
    assert (s.status, s.delivery_place) == (Status.DELIVERED, "neighbour")
    assert s.delivery_place_detail == "Schoenmakerstraat 5"
    codes = list(s.events.order_by("occurred_at").values_list("raw_code", flat=True))
    assert codes == ["A01", "B01", "J01", "J05", "I10"]
    assert not s.events.filter(status=Status.UNMAPPED).exists()


def test_the_demo_has_an_agent_a_supervisor_and_a_shop_admin_with_what_their_roles_allow() -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    shop = Organisation.objects.get(slug=DEMO_SLUG)
    people = {
        login: get_user_model().objects.get(username=login)
        for login in ("natasja", "sanne", "ruben")
    }
    assert people["natasja"].has_perm(WORK_CASES, shop)
    assert not people["natasja"].has_perm(SEARCH_AUDIT, shop)
    assert people["sanne"].has_perm(SEARCH_AUDIT, shop)
    assert not people["sanne"].has_perm(ERASE_PERSONAL_DATA, shop)
    assert people["ruben"].has_perm(ERASE_PERSONAL_DATA, shop)
    assert Membership.objects.filter(organisation=shop).count() == 3
