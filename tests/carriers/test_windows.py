"""Every delivery window a carrier gives reaches the tracking page, read in its own time zone.

Carriers with a window: PostNL (Expectation ETAFrom/ETATo, tested in test_postnl), DHL unified
(estimatedDeliveryTimeFrame), DHL Parcel NL (plannedDeliveryTimeframe) and bpost
(deliveryTimeWindow). A window that is no window is left out; its event is stored all the same.
"""

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from halte.carriers import bpost, dhl, postnl
from halte.carriers.feed import Parsed
from halte.shipments.queries import shipment_story
from halte.shipments.sentences import local_time
from tests.carriers.intake import shipment_after

FIXTURES = Path(__file__).parent.parent / "fixtures" / "carriers"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BRUSSELS = ZoneInfo("Europe/Brussels")

# Values no carrier means as a window: backwards, a day and a half, unreadable, a garbled
# year, a year Python's dates cannot even hold once the offset is applied, and a bare day.
BAD_WINDOWS = [
    ("2026-11-20T14:00:00+01:00", "2026-11-20T10:00:00+01:00"),
    ("2026-11-20T10:00:00+01:00", "2026-11-21T22:00:00+01:00"),
    ("morgen tussen 10 en 12", "2026-11-20T12:00:00+01:00"),
    ("2926-11-20T10:00:00+01:00", "2926-11-20T12:00:00+01:00"),
    ("0001-01-01T00:30:00+01:00", "0001-01-01T02:30:00+01:00"),
    ("2026-11-20", "2026-11-20"),
]


def _unified(frame: Any) -> bytes:
    document = json.loads((FIXTURES / "dhl" / "tracking-unified-in-transit.json").read_text())
    document["shipments"][0]["estimatedDeliveryTimeFrame"] = frame
    return json.dumps(document).encode()


def _nl_parcel(timeframe: str | None = None, event_timeframe: str | None = None) -> bytes:
    events: list[dict[str, Any]] = [
        {"status": "PRENOTIFICATION_RECEIVED", "timestamp": "2026-11-19T18:02:11+01:00"},
        {"status": "PARCEL_SORTED_AT_HUB", "timestamp": "2026-11-20T05:40:00+01:00"},
    ]
    if event_timeframe is not None:
        events[1]["plannedDeliveryTimeframe"] = event_timeframe
    parcel: dict[str, Any] = {"barcode": "JVGL06246580000123", "events": events}
    if timeframe is not None:
        parcel["plannedDeliveryTimeframe"] = timeframe
    return json.dumps(parcel).encode()


def _bpost(start: str, end: str) -> bytes:
    text = (FIXTURES / "bpost" / "tracking-out-for-delivery.xml").read_text()
    text = text.replace("2026-11-20T10:00:00+01:00", start, 1)
    return text.replace("2026-11-20T12:00:00+01:00", end, 1).encode()


def _shown_window(carrier: str, parsed: Parsed) -> tuple[str, str] | None:
    """The window the tracking page shows, as the local times it prints."""
    story = shipment_story(shipment_after(carrier, parsed.events))
    if story.window is None:
        return None
    return local_time(story.window.start), local_time(story.window.end)


@pytest.mark.django_db
def test_dhls_unified_estimated_time_frame_shows_in_local_time() -> None:
    frame = {"estimatedFrom": "2026-11-20T09:00:00Z", "estimatedThrough": "2026-11-20T11:00:00Z"}

    parsed = dhl.parse_tracking(_unified(frame), "00340434292135100186")

    latest = max(parsed.events, key=lambda e: e.occurred_at)
    assert latest.window_start == datetime(2026, 11, 20, 10, 0, tzinfo=AMSTERDAM)
    assert [e for e in parsed.events if e.window_start] == [latest]
    assert _shown_window("dhl", parsed) == ("10:00", "12:00")


@pytest.mark.django_db
def test_dhls_unified_time_frame_without_an_offset_is_amsterdam_wall_clock_time() -> None:
    frame = {"estimatedFrom": "2026-11-20T14:00:00", "estimatedThrough": "2026-11-20T16:30:00"}

    parsed = dhl.parse_tracking(_unified(frame), "00340434292135100186")

    assert _shown_window("dhl", parsed) == ("14:00", "16:30")


def test_dhls_estimated_time_of_delivery_alone_is_a_day_and_no_window() -> None:
    # The recorded answer gives only estimatedTimeOfDelivery ("2026-11-20T00:00:00Z").
    body = (FIXTURES / "dhl" / "tracking-unified-in-transit.json").read_bytes()

    parsed = dhl.parse_tracking(body, "00340434292135100186")

    assert len(parsed.events) == 3
    assert all(e.window_start is None for e in parsed.events)


@pytest.mark.django_db
def test_a_dhl_parcel_nl_planned_timeframe_shows_on_the_tracking_page() -> None:
    body = _nl_parcel("2026-11-20T17:30:00+01:00/2026-11-20T21:30:00+01:00")

    parsed = dhl.parse_webhook(body, "application/json")

    assert [e.code for e in parsed.events if e.window_start] == ["PARCEL_SORTED_AT_HUB"]
    assert _shown_window("dhl", parsed) == ("17:30", "21:30")


@pytest.mark.django_db
def test_a_dhl_parcel_nl_events_own_timeframe_wins_over_the_parcels() -> None:
    body = _nl_parcel(
        "2026-11-20T17:30:00+01:00/2026-11-20T21:30:00+01:00",
        event_timeframe="2026-11-20T08:00:00Z/2026-11-20T10:00:00Z",
    )

    parsed = dhl.parse_webhook(body, "application/json")

    assert _shown_window("dhl", parsed) == ("09:00", "11:00")


@pytest.mark.django_db
def test_bposts_planned_delivery_window_shows_in_belgian_local_time() -> None:
    body = (FIXTURES / "bpost" / "tracking-out-for-delivery.xml").read_bytes()

    parsed = bpost.parse_tracking(body, "323212345600000000077774")

    assert [e.code for e in parsed.events if e.window_start] == ["L00"]
    (event,) = [e for e in parsed.events if e.window_start]
    assert event.window_start == datetime(2026, 11, 20, 10, 0, tzinfo=BRUSSELS)
    assert event.window_end == datetime(2026, 11, 20, 12, 0, tzinfo=BRUSSELS)
    assert _shown_window("bpost", parsed) == ("10:00", "12:00")


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), BAD_WINDOWS)
def test_a_bad_dhl_unified_time_frame_is_left_out_and_the_events_stored(
    start: str, end: str
) -> None:
    parsed = dhl.parse_tracking(
        _unified({"estimatedFrom": start, "estimatedThrough": end}), "00340434292135100186"
    )

    assert parsed.problems == []
    assert len(parsed.events) == 3
    assert _shown_window("dhl", parsed) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), BAD_WINDOWS)
def test_a_bad_dhl_parcel_nl_timeframe_is_left_out_and_the_events_stored(
    start: str, end: str
) -> None:
    parsed = dhl.parse_webhook(_nl_parcel(f"{start}/{end}"), "application/json")

    assert parsed.problems == []
    assert len(parsed.events) == 2
    assert _shown_window("dhl", parsed) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), BAD_WINDOWS)
def test_a_bad_bpost_window_is_left_out_and_the_scans_stored(start: str, end: str) -> None:
    parsed = bpost.parse_tracking(_bpost(start, end), "323212345600000000077774")

    assert parsed.problems == []
    assert [e.code for e in parsed.events] == ["T00", "L00"]
    assert _shown_window("bpost", parsed) is None


@pytest.mark.parametrize("frame", [{}, "10:00-12:00", {"estimatedFrom": 10}, None])
def test_a_dhl_time_frame_of_the_wrong_shape_is_no_window_and_no_error(frame: Any) -> None:
    parsed = dhl.parse_tracking(_unified(frame), "00340434292135100186")

    assert len(parsed.events) == 3
    assert all(e.window_start is None for e in parsed.events)


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), BAD_WINDOWS)
def test_a_bad_postnl_expectation_is_left_out_and_the_events_stored(start: str, end: str) -> None:
    document = json.loads((FIXTURES / "postnl" / "tracking-out-for-delivery.json").read_text())
    document["CompleteStatus"]["Shipment"]["Expectation"] = {"ETAFrom": start, "ETATo": end}

    parsed = postnl.parse_tracking(json.dumps(document).encode(), "3SHLTE6204373")

    assert [e.code for e in parsed.events] == ["J05", "J01", "B01", "A01"]
    assert _shown_window("postnl", parsed) is None
