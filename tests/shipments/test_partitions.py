"""Events in monthly partitions on PostgreSQL: made ahead, a DEFAULT for any other month, old
months detached, the plain table converted with its rows. On SQLite the table stays one table
and the same tests check that nothing there depends on partitions."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment, TrackingEvent
from halte.shipments.partitions import (
    DEFAULT_PARTITION,
    add_months,
    is_partitioned,
    month_partitions,
    partition_name,
)
from halte.shipments.queries import shipment_story
from tests.factories import event_payload, make_shipment

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"
BEFORE = "0006_event_keys_without_own_indexes_and_shipment_fillfactor"
PARTITIONED = "0007_events_partitioned_by_month"


def _record(organisation: Organisation, shipment: Shipment, code: str, at: datetime) -> None:
    event = CarrierEventInput.model_validate(event_payload(shipment.tracking_code, code, at))
    do_record_carrier_events(organisation, [event])


def _partition_of(event: TrackingEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM shipments_trackingevent WHERE id = %s",
            [event.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


def _this_month() -> date:
    return timezone.now().date().replace(day=1)


def test_events_are_stored_in_their_month_or_the_default_partition(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation)
    now = timezone.now()
    long_ago = datetime(2019, 3, 14, 9, 30, tzinfo=UTC)
    _record(organisation, shipment, "at_depot", long_ago)
    _record(organisation, shipment, "out_for_delivery", now - timedelta(minutes=5))
    recent = TrackingEvent.objects.get(shipment=shipment, status="out_for_delivery")
    old = TrackingEvent.objects.get(shipment=shipment, status="at_depot")
    # The timeline reads both, wherever they are stored.
    assert [e.status for e in shipment_story(shipment).timeline] == [
        "out_for_delivery",
        "at_depot",
    ]
    assert is_partitioned() is ON_POSTGRESQL
    if ON_POSTGRESQL:
        this_month = _this_month()
        months = {p.month for p in month_partitions()}
        # Made by the migration: this month and three ahead.
        assert {add_months(this_month, n) for n in range(4)} <= months
        assert _partition_of(recent) == partition_name(recent.occurred_at.date().replace(day=1))
        assert _partition_of(old) == DEFAULT_PARTITION


def test_the_command_creates_months_ahead_and_moves_rows_out_of_the_default_partition(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation)
    _record(organisation, shipment, "at_depot", datetime(2019, 3, 14, 9, 30, tzinfo=UTC))
    out = StringIO()
    call_command("event_partitions", "--ahead", "5", "--from", "2019-02", stdout=out)
    if not ON_POSTGRESQL:
        assert "PostgreSQL" in out.getvalue()
        return
    months = {p.month for p in month_partitions()}
    assert date(2019, 3, 1) in months
    assert add_months(_this_month(), 5) in months
    event = TrackingEvent.objects.get(shipment=shipment)
    assert _partition_of(event) == "shipments_trackingevent_y2019m03"
    assert f"created {partition_name(date(2019, 3, 1))}" in out.getvalue()
    # Run again: nothing left to create.
    again = StringIO()
    call_command("event_partitions", "--ahead", "5", stdout=again)
    assert "created" not in again.getvalue()


def test_old_months_are_detached_and_no_longer_shown(organisation: Organisation) -> None:
    shipment = make_shipment(organisation=organisation)
    now = timezone.now()
    last_year = now - timedelta(days=400)
    _record(organisation, shipment, "at_depot", last_year)
    _record(organisation, shipment, "out_for_delivery", now - timedelta(minutes=5))
    old_month = last_year.date().replace(day=1)
    call_command("event_partitions", "--from", f"{old_month:%Y-%m}", stdout=StringIO())
    out = StringIO()
    call_command("event_partitions", "--detach-before", f"{_this_month():%Y-%m}", stdout=out)
    statuses = [e.status for e in shipment_story(shipment).timeline]
    if not ON_POSTGRESQL:
        assert statuses == ["out_for_delivery", "at_depot"]
        return
    assert f"detached {partition_name(old_month)}" in out.getvalue()
    assert statuses == ["out_for_delivery"]
    assert all(p.month >= _this_month() for p in month_partitions())
    # Detached, not gone: the month's table still holds its rows until it is archived.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {partition_name(old_month)}")  # noqa: S608
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize(
    "arguments",
    [["--from", "2026-13"], ["--detach-before", "last year"], ["--ahead", "99"]],
)
def test_the_command_refuses_what_is_not_a_month(arguments: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command("event_partitions", *arguments, stdout=StringIO())


# Committed rows, as a real upgrade has them (and schema changes outside the test's transaction).
@pytest.mark.django_db(transaction=True)
def test_a_plain_events_table_is_converted_with_its_rows(organisation: Organisation) -> None:
    shipment = make_shipment(organisation=organisation)
    now = timezone.now()
    moments = [now - timedelta(days=days) for days in (0, 40, 3000)]
    for index, at in enumerate(moments):
        _record(organisation, shipment, ["delivered", "at_depot", "received_by_carrier"][index], at)
    before = sorted(TrackingEvent.objects.values_list("pk", "event_key", "occurred_at"))

    executor = MigrationExecutor(connection)
    executor.migrate([("shipments", BEFORE)])
    assert not is_partitioned()
    executor = MigrationExecutor(connection)
    executor.migrate([("shipments", PARTITIONED)])

    assert sorted(TrackingEvent.objects.values_list("pk", "event_key", "occurred_at")) == before
    assert is_partitioned() is ON_POSTGRESQL
    # Ids go on from the highest one moved.
    _record(organisation, shipment, "at_depot", now - timedelta(days=39, hours=1))
    newest = TrackingEvent.objects.order_by("-pk").first()
    assert newest is not None and newest.pk > max(pk for pk, _, _ in before)
    if ON_POSTGRESQL:
        events = {e.occurred_at: e for e in TrackingEvent.objects.all()}
        assert _partition_of(events[moments[2]]) == DEFAULT_PARTITION  # older than two years
        month = moments[1].date().replace(day=1)
        assert _partition_of(events[moments[1]]) == partition_name(month)


def test_the_same_event_id_at_the_same_moment_is_a_duplicate_and_a_minute_later_one_scan(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation)
    at = timezone.now() - timedelta(hours=1)
    first = event_payload(shipment.tracking_code, "at_depot", at, event_id="evt-1")
    later = event_payload(
        shipment.tracking_code, "at_depot", at + timedelta(minutes=1), event_id="evt-1"
    )
    events = [CarrierEventInput.model_validate(p) for p in (first, first, later)]
    for event in events:
        do_record_carrier_events(organisation, [event])
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1
