"""Read-side of shipments: what the tracking page and the API show."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.shipments.sentences import event_sentence, headline
from halte.vocabulary.postcodes import compact_postcode
from halte.vocabulary.promises import PromiseState
from halte.vocabulary.status import Status


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    status: str
    sentence: str
    location: str


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    # Honest about time: a window whose end passed without delivery is said to have passed.
    passed: bool


@dataclass(frozen=True)
class Promise:
    date: date
    window_start: time | None
    window_end: time | None
    source: str = "checkout"


@dataclass(frozen=True)
class ShipmentStory:
    shipment: Shipment
    headline: str
    window: Window | None
    promise: Promise | None
    timeline: list[TimelineEntry]


def compact_tracking_code(raw: str) -> str:
    return "".join(raw.split()).upper()[:64]


def find_shipments_for_recipient(tracking_code: str, postcode: str) -> list[Shipment]:
    """The shipments a recipient proves with code and postcode; empty reveals nothing more.

    A code is unique per carrier, so more than one means the same code at several carriers,
    each proven by the same code and postcode; the recipient chooses.
    """
    code = compact_tracking_code(tracking_code)
    post = compact_postcode(postcode)
    if not code or not post:
        return []
    return list(
        Shipment.objects.filter(tracking_code=code, postcode=post)
        .select_related("order", "organisation")
        .order_by("carrier", "pk")
    )


def shipment_for_organisation(
    organisation: Organisation, tracking_code: str, carrier: str | None = None
) -> Shipment | None:
    shipments = Shipment.objects.filter(
        organisation=organisation, tracking_code=compact_tracking_code(tracking_code)
    ).select_related("order")
    if carrier:
        shipments = shipments.filter(carrier=carrier)
    return shipments.order_by("-created_at").first()


def current_promise(shipment: Shipment, *, promised: bool = True) -> Promise | None:
    """The promise that stands now: the latest (re-)promise, else the one made at checkout.

    `promised=False`: the caller knows the parcel has no standing (re-)promise row, so the
    query for it is skipped."""
    # Through the reverse relation: promises build on shipments, not the other way round.
    latest = None
    if promised:
        latest = (
            shipment.promises.exclude(state=PromiseState.BROKEN).order_by("-made_at", "-pk").first()
        )
    if latest is not None:
        return Promise(latest.date, latest.window_start, latest.window_end, latest.source)
    order = shipment.order
    if order and order.promised_date:
        return Promise(order.promised_date, order.promised_window_start, order.promised_window_end)
    return None


# What a timeline line shows of an event, read as plain tuples, not model instances.
_TIMELINE_FIELDS = (
    "occurred_at",
    "status",
    "delivery_place",
    "delivery_place_detail",
    "failure_reason",
    "window_start",
    "window_end",
    "location",
)


def shipment_story(
    shipment: Shipment, *, now: datetime | None = None, promised: bool = True
) -> ShipmentStory:
    """The shipment as a story: one headline, its window and promise, and the timeline.

    Sentences come out in the active language, so call this inside the request's language.
    `promised=False` skips the query for a (re-)promise the caller knows is not there.
    """
    now = now or timezone.now()
    events = (
        TrackingEvent.objects.filter(shipment=shipment)
        .order_by("-occurred_at", "-pk")
        .values_list(*_TIMELINE_FIELDS)
    )
    timeline = [
        TimelineEntry(
            occurred_at=occurred_at,
            status=status,
            sentence=event_sentence(
                status,
                place=place,
                detail=detail,
                reason=reason,
                window_start=window_start,
                window_end=window_end,
            ),
            location=location,
        )
        for occurred_at, status, place, detail, reason, window_start, window_end, location in events
    ]
    window = None
    if shipment.window_start and shipment.window_end and shipment.status != Status.DELIVERED:
        window = Window(
            shipment.window_start, shipment.window_end, passed=shipment.window_end < now
        )
    promise = current_promise(shipment, promised=promised)
    return ShipmentStory(
        shipment=shipment,
        headline=headline(
            shipment.status,
            status_at=shipment.status_at,
            place=shipment.delivery_place,
            detail=shipment.delivery_place_detail,
            reason=shipment.failure_reason,
            window_start=shipment.window_start,
            window_end=shipment.window_end,
        ),
        window=window,
        promise=promise,
        timeline=timeline,
    )
