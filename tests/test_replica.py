"""The replica router: the tracking page reads from the replica, every write goes to the primary.

The replica is the test database under a second alias (what `TEST: {"MIRROR": "default"}`
does on a real installation's test run), so each query shows up in the log of the alias that
ran it.
"""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from halte.organisations.models import Organisation
from halte.replica import REPLICA, ReplicaRouter, reading_from_replica
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.factories import make_organisation, make_shipment

# Committed rows, so a second connection to the same test database sees them.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(transactional_db: None) -> Iterator[str]:
    # Added once the test database exists, and connected at once: Django's test case only
    # guards the aliases it knew when it started, and refuses a late one its first connection.
    connections.settings[REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    connections[REPLICA].connect()
    yield REPLICA
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def _sql(context: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in context.captured_queries]


def test_a_tracking_page_for_one_visitor_reads_the_parcel_from_the_replica(replica: str) -> None:
    shipment = make_shipment(organisation=make_organisation())
    # A language asked for in the link: rendered for this visit, never stored.
    url = f"{tracking_url(shipment)}?lang=en"

    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[replica]) as read_copy,
    ):
        response = Client().get(url)

    assert response.status_code == 200
    assert shipment.tracking_code in response.content.decode()
    assert any('FROM "shipments_shipment"' in sql for sql in _sql(read_copy))
    assert not any('"shipments_' in sql for sql in _sql(primary))


def test_a_tracking_page_kept_for_everyone_is_read_from_the_primary(replica: str) -> None:
    # A lagging replica's old rows, stored under a fresh stamp, would outlive the change.
    shipment = make_shipment(organisation=make_organisation())

    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[replica]) as read_copy,
    ):
        response = Client().get(tracking_url(shipment))

    assert response.status_code == 200
    assert response.has_header("ETag")  # kept in the page cache
    assert any('FROM "shipments_shipment"' in sql for sql in _sql(primary))
    assert not any('"shipments_' in sql for sql in _sql(read_copy))


def test_writes_transactions_cache_and_sessions_stay_on_the_primary(replica: str) -> None:
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[replica]) as read_copy,
        reading_from_replica(),
    ):
        organisation = Organisation.objects.create(name="Shop", slug="shop")
        assert Organisation.objects.filter(slug="shop").exists()  # a plain read: replica
        with transaction.atomic():
            # A verb reads what it is about to change from the primary.
            Organisation.objects.get(pk=organisation.pk)
        cache.set("counted", 1)
        assert cache.get("counted") == 1

    replica_sql, primary_sql = _sql(read_copy), _sql(primary)
    assert len(replica_sql) == 1
    assert "organisations_organisation" in replica_sql[0]
    assert any(sql.startswith("INSERT") and "organisations_" in sql for sql in primary_sql)
    assert sum("organisations_organisation" in sql for sql in primary_sql) == 2
    assert any("halte_cache" in sql for sql in primary_sql)


def test_without_the_context_or_without_a_replica_everything_reads_the_primary(
    replica: str,
) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Shipment) is None  # Django's default: the primary
    with reading_from_replica():
        assert router.db_for_read(Shipment) == REPLICA
    del connections.settings[REPLICA]
    with reading_from_replica():
        assert router.db_for_read(Shipment) is None
    connections.settings[REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}


def test_only_the_primary_is_migrated_and_written() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "shipments")
    assert not router.allow_migrate(REPLICA, "shipments")
    with reading_from_replica():
        assert router.db_for_write(Shipment) == DEFAULT_DB_ALIAS
