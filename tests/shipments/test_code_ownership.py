"""A carrier's tracking code belongs to one organisation's shipment, whoever asks."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from halte.shipments.detection import find_shipment_in_text
from halte.shipments.models import Order, Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.conftest import ApiClient
from tests.factories import event_payload, make_organisation, make_shipment

pytestmark = pytest.mark.django_db
CODE = "3SSHOPA0000001"


def _payload(code: str = CODE, carrier: str = "postnl", **overrides: Any) -> dict[str, Any]:
    return {
        "carrier": carrier,
        "tracking_code": code,
        "recipient": {"name": "Mallory", "email": "mallory@example.com"},
        "address": {"postcode": "6811AB", "house_number": 3, "street": "Elders", "city": "Ede"},
        "order": {"reference": "B-1", "placed_at": "2026-11-20T08:55:00+01:00"},
        **overrides,
    }


@pytest.fixture
def theirs(organisation: Organisation) -> Shipment:
    """Shop A's parcel; `api` speaks for A."""
    return make_shipment(organisation=organisation, tracking_code=CODE)


@pytest.fixture
def api_b(db: None) -> ApiClient:
    """Shop B's API client, a different organisation."""
    _, key = do_issue_api_token(make_organisation(name="Shop B"), name="b")
    return ApiClient(key)


def test_another_organisation_cannot_announce_a_taken_code(
    theirs: Shipment, api_b: ApiClient
) -> None:
    response = api_b.post("/api/v1/shipments", _payload())
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "tracking_code_taken"
    assert CODE in body["detail"] and "postnl" in body["detail"]
    assert Shipment.objects.count() == 1  # nothing written: not the shipment,
    assert not Order.objects.filter(reference="B-1").exists()  # nor its order
    theirs.refresh_from_db()
    assert theirs.recipient_name == "Lotte Jansen"


def test_spaces_and_lower_case_do_not_get_round_the_rule(
    theirs: Shipment, api_b: ApiClient
) -> None:
    response = api_b.post("/api/v1/shipments", _payload(code="3sshopa 0000001"))
    assert response.status_code == 409


def test_an_organisation_still_updates_its_own_shipment(theirs: Shipment, api: ApiClient) -> None:
    response = api.post("/api/v1/shipments", _payload(recipient={"name": "Lotte de Vries"}))
    assert response.status_code == 200, response.content
    theirs.refresh_from_db()
    assert theirs.recipient_name == "Lotte de Vries"


def test_the_same_code_at_another_carrier_is_another_parcel(
    theirs: Shipment, api_b: ApiClient
) -> None:
    response = api_b.post("/api/v1/shipments", _payload(carrier="dhl"))
    assert response.status_code == 201, response.content
    assert Shipment.objects.filter(tracking_code=CODE).count() == 2


def test_the_database_refuses_a_second_shipment_with_the_code(theirs: Shipment) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_shipment(tracking_code=CODE)  # another organisation, same carrier and code


def test_events_from_another_organisation_stay_pending_even_after_the_owner_updates(
    theirs: Shipment, api: ApiClient, api_b: ApiClient
) -> None:
    moment = timezone.now() - timedelta(hours=1)
    scan = event_payload(CODE, "delivered", moment, event_id="b-1")
    result = api_b.post("/api/v1/carrier-events", {"events": [scan]}).json()
    assert result["pending"] == 1
    # The owner announces the shipment again: B's pending scan must not be attached to it.
    assert api.post("/api/v1/shipments", _payload()).status_code == 200
    theirs.refresh_from_db()
    assert theirs.status == Status.ANNOUNCED
    assert not theirs.events.exists()
    assert TrackingEvent.objects.get().shipment_id is None


def test_text_links_a_parcel_only_when_exactly_one_matches(organisation: Organisation) -> None:
    only = make_shipment(organisation=organisation, tracking_code=CODE)
    assert find_shipment_in_text(f"Waar is {CODE}?") == only
    make_shipment(tracking_code=CODE, carrier="dhl")  # the same code at another carrier
    assert find_shipment_in_text(f"Waar is {CODE}?") is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_codes_two_organisations_share_instead_of_failing_bare() -> None:
    executor = MigrationExecutor(connection)
    before = [("shipments", "0003_delivery_place_collected")]
    after = [("shipments", "0004_tracking_code_unique_per_carrier")]
    executor.migrate(before)
    try:
        make_shipment(tracking_code=CODE)
        make_shipment(tracking_code=CODE)  # allowed under the old per-organisation rule
        executor.loader.build_graph()
        with pytest.raises(RuntimeError, match=f"postnl {CODE}"):
            executor.migrate(after)
        # Straight SQL: at this migration state the apps that point at shipments from above
        # (returns, effort questions) have no tables yet for the ORM's cascade to look into.
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM shipments_shipment WHERE id = %s", [Shipment.objects.latest("pk").pk]
            )
    finally:
        executor.loader.build_graph()
        # Every app back to its latest migration: going back to shipments 0003 took the apps
        # that depend on 0004 (returns, effort) with it, and the next tests need their tables.
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert Shipment.objects.filter(tracking_code=CODE).count() == 1
