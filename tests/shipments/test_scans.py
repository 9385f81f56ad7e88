"""One physical scan that came by two roads is one event, whichever came first.

Each carrier's recorded push (tests/fixtures/carriers/<carrier>/) is paired with what its
tracking API answers about the same parcel: the answer's own events (its codes, wording and
detail), moved onto the pushed parcel at the pushed moments cut to whole minutes, the way
tracking APIs round. PostNL's answer is its status code; DPD's answer names the neighbour the
push does not; DHL's German answer gives whole minutes.
"""

import dataclasses
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from halte.carriers.adapters import adapter_for
from halte.carriers.feed import CarrierEvent, Parsed
from halte.feeds.actions import do_record_carrier_feed
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.shipments.queries import shipment_story
from halte.vocabulary.status import DeliveryPlace
from tests.conftest import ApiClient
from tests.factories import make_shipment

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers"

# carrier: (the pushed files of one journey, the tracking answer paired with it)
ROADS = {
    "postnl": (["webhook-delivered-neighbour.json"], "tracking-current-status.json"),
    "dpd": (
        [f"webhook-delivered-neighbour-{n}.txt" for n in range(1, 7)],
        "tracking-delivered-neighbour.xml",
    ),
    "dhl": (["webhook-delivered-neighbour.json"], "tracking-de-delivered-neighbour.xml"),
    "gls": (["webhook-delivered-neighbour.json"], "tracking-delivered.json"),
    "bpost": (["webhook-delivered-neighbour.xml"], "tracking-delivered-locker.xml"),
}


def _status(carrier: str, event: CarrierEvent) -> tuple[str, str]:
    adapter = adapter_for(carrier)
    assert adapter is not None
    meaning = adapter.STATUS_MAP[event.code].meaning
    place = event.delivery_place or meaning.place
    return str(meaning.status), str(place or "")


def _pushed(carrier: str) -> list[CarrierEvent]:
    adapter = adapter_for(carrier)
    assert adapter is not None
    manifest = json.loads((FIXTURES / carrier / "manifest.json").read_text())
    names, _ = ROADS[carrier]
    return [
        event
        for name in names
        for event in adapter.parse_webhook(
            (FIXTURES / carrier / name).read_bytes(), manifest[name]["content_type"]
        ).events
    ]


def _answered(carrier: str, pushed: list[CarrierEvent]) -> list[CarrierEvent]:
    """The tracking answer's events of the statuses the push has, as scans of that parcel."""
    adapter = adapter_for(carrier)
    assert adapter is not None
    _, name = ROADS[carrier]
    answer = adapter.parse_tracking((FIXTURES / carrier / name).read_bytes(), "")
    by_status = {_status(carrier, e)[0]: e for e in pushed}
    paired = []
    for event in answer.events:
        status, place = _status(carrier, event)
        push = by_status.get(status)
        if push is None:
            continue
        if place and _status(carrier, push)[1] and place != _status(carrier, push)[1]:
            # The answer's code names another place than this journey's (GLS's plain
            # "delivered" is to the recipient): the same scan is answered with the push's code.
            event = dataclasses.replace(
                event, code=push.code, delivery_place=None, delivery_place_detail=""
            )
        paired.append(
            dataclasses.replace(
                event,
                tracking_code=push.tracking_code,
                occurred_at=push.occurred_at.replace(second=0, microsecond=0),
                event_id=None,
                position=None,
            )
        )
    return paired


def _shipment(organisation: Organisation, carrier: str, tracking_code: str) -> Shipment:
    belgian = carrier == "bpost"
    return make_shipment(
        organisation=organisation,
        carrier=carrier,
        tracking_code=tracking_code,
        country="BE" if belgian else "NL",
        postcode="3500" if belgian else "6811AB",
    )


def _record(shipment: Shipment, events: list[CarrierEvent]) -> None:
    outcome = do_record_carrier_feed(shipment.organisation, shipment.carrier, Parsed(events))
    assert outcome.problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("carrier", sorted(ROADS))
@pytest.mark.parametrize("push_first", [True, False], ids=["push-first", "poll-first"])
def test_a_scan_pushed_and_polled_is_one_timeline_line_with_the_richer_detail(
    organisation: Organisation, carrier: str, push_first: bool
) -> None:
    pushed = _pushed(carrier)
    answered = _answered(carrier, pushed)
    assert any(_status(carrier, e)[0] == "delivered" for e in answered), "no delivered pair"
    shipment = _shipment(organisation, carrier, pushed[0].tracking_code)
    roads = [pushed, answered] if push_first else [answered, pushed]
    for events in roads:
        _record(shipment, events)
    # Both roads again, one event at a time: still nothing new.
    for event in [*pushed, *answered]:
        _record(shipment, [event])

    shipment.refresh_from_db()
    story = shipment_story(shipment)
    assert len(story.timeline) == len(pushed)
    assert TrackingEvent.objects.filter(shipment=shipment).count() == len(pushed)
    assert shipment.status == "delivered"
    assert shipment.delivery_place == DeliveryPlace.NEIGHBOUR
    details = {e.delivery_place_detail for e in [*pushed, *answered]} - {""}
    locations = {e.location for e in [*pushed, *answered] if e.code.startswith("U03")}
    if details:  # the neighbour named by either road survives
        assert shipment.delivery_place_detail == max(details, key=len)
        assert shipment.delivery_place_detail in story.headline
    if locations:  # bpost names the neighbour's address as the scan's location
        assert story.timeline[0].location == max(locations, key=len)
    # The scan's moment is the earlier one: the push's seconds or the answer's whole minute.
    delivered = max(e.occurred_at for e in answered if _status(carrier, e)[0] == "delivered")
    assert shipment.delivered_at == delivered


@pytest.mark.django_db
@pytest.mark.parametrize("carrier", sorted(ROADS))
def test_the_headline_does_not_depend_on_which_road_came_first(
    organisation: Organisation, carrier: str
) -> None:
    pushed = _pushed(carrier)
    answered = _answered(carrier, pushed)
    stories = []
    for index, roads in enumerate([[pushed, answered], [answered, pushed]]):
        code = f"{pushed[0].tracking_code}{index}"
        shipment = _shipment(organisation, carrier, code)
        for events in roads:
            # Another parcel: the carrier's event ids are another parcel's too.
            _record(
                shipment,
                [
                    dataclasses.replace(
                        e, tracking_code=code, event_id=e.event_id and f"{e.event_id}-{index}"
                    )
                    for e in events
                ],
            )
        shipment.refresh_from_db()
        story = shipment_story(shipment)
        stories.append(
            (story.headline, [(t.occurred_at, t.sentence, t.location) for t in story.timeline])
        )
    assert stories[0] == stories[1]


@pytest.mark.django_db
def test_postnl_status_and_event_code_in_one_answer_are_one_line(
    organisation: Organisation,
) -> None:
    shipment = _shipment(organisation, "postnl", "3SHLTE6204380")
    moment = datetime.fromisoformat("2026-11-18T10:31:07+01:00")
    _record(
        shipment,
        [
            CarrierEvent("3SHLTE6204380", "11", moment, "Zending afgeleverd"),
            CarrierEvent(
                "3SHLTE6204380",
                "I10",
                moment + timedelta(seconds=40),
                "Zending is bezorgd bij de buren",
                delivery_place=DeliveryPlace.NEIGHBOUR,
                delivery_place_detail="Dorpsstraat 5",
            ),
        ],
    )
    shipment.refresh_from_db()
    story = shipment_story(shipment)
    assert len(story.timeline) == 1
    assert "Dorpsstraat 5" in story.timeline[0].sentence
    assert "Dorpsstraat 5" in story.headline


@pytest.mark.django_db
def test_scans_of_one_meaning_further_apart_or_contradicting_stay_apart(
    organisation: Organisation,
) -> None:
    shipment = _shipment(organisation, "dhl", "JVGL0999")
    moment = datetime.fromisoformat("2026-11-18T10:31:07+01:00")
    _record(
        shipment,
        [
            CarrierEvent("JVGL0999", "PARCEL_ARRIVED_AT_LOCAL_DEPOT", moment),
            # Three minutes on: another scan at the depot, not the same one.
            CarrierEvent(
                "JVGL0999", "PARCEL_ARRIVED_AT_LOCAL_DEPOT", moment + timedelta(minutes=3)
            ),
            # Same minute, another place: the carriers contradict each other, both are kept.
            CarrierEvent("JVGL0999", "DELIVERED_IN_MAILBOX", moment + timedelta(hours=3)),
            CarrierEvent(
                "JVGL0999", "DELIVERED_AT_NEIGHBOURS", moment + timedelta(hours=3, seconds=20)
            ),
        ],
    )
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 4


@pytest.mark.django_db
def test_batch_api_and_a_push_of_the_same_scan_are_one_event(
    organisation: Organisation, api: ApiClient
) -> None:
    shipment = _shipment(organisation, "postnl", "3SHLTE6204381")
    body = {
        "events": [
            {
                "carrier": "postnl",
                "tracking_code": "3SHLTE6204381",
                "code": "delivered",
                "occurred_at": "2026-11-18T10:31:00+01:00",
                "description": "Delivered",
            }
        ]
    }
    first = api.post("/api/v1/carrier-events", body)
    assert first.status_code == 200, first.content
    assert first.json()["stored"] == 1
    _record(
        shipment,
        [
            CarrierEvent(
                "3SHLTE6204381",
                "I10",
                datetime.fromisoformat("2026-11-18T10:31:44+01:00"),
                "Zending is bezorgd bij de buren",
                delivery_place=DeliveryPlace.NEIGHBOUR,
                delivery_place_detail="Dorpsstraat 5",
                event_id="push-1",
            )
        ],
    )
    again = api.post("/api/v1/carrier-events", body)
    assert again.json()["stored"] == 0
    assert again.json()["duplicates"] == 1
    shipment.refresh_from_db()
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1
    assert shipment.delivery_place_detail == "Dorpsstraat 5"
    assert shipment.delivered_at == datetime.fromisoformat("2026-11-18T10:31:00+01:00")
