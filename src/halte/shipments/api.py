"""API for shipments and carrier events: parse, call an action or query, answer a schema."""

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ValidationError

from halte.api_common import COMMON_ERRORS, ErrorOut, TokenRateThrottle
from halte.language import chosen_language
from halte.organisations.models import Organisation
from halte.shipments.actions import (
    RecordedBatch,
    TrackingCodeTaken,
    do_record_carrier_events,
    do_upsert_shipment,
)
from halte.shipments.inputs import MAX_EVENTS_PER_BATCH, CarrierEventInput, ShipmentInput
from halte.shipments.models import Shipment
from halte.shipments.queries import shipment_for_organisation, shipment_story

router = Router(tags=["shipments"], throttle=[TokenRateThrottle()])


class ItemError(Schema):
    index: int
    field: str
    message: str


class BatchIn(Schema):
    events: list[Any]


class BatchOut(Schema):
    received: int
    stored: int
    duplicates: int
    pending: int
    unmapped: int
    errors: list[ItemError]

    @classmethod
    def of(
        cls, received: int, recorded: RecordedBatch | None, errors: list[ItemError]
    ) -> "BatchOut":
        """The answer to a batch, whether or not any of it was stored."""
        return cls(
            received=received,
            stored=recorded.stored if recorded else 0,
            duplicates=recorded.duplicates if recorded else 0,
            pending=recorded.pending if recorded else 0,
            unmapped=recorded.unmapped if recorded else 0,
            errors=errors,
        )


class ConflictOut(Schema):
    detail: str
    # Machine-readable: "tracking_code_taken" when another organisation has this code.
    code: str


class WindowOut(Schema):
    start: datetime
    end: datetime
    passed: bool


class PromiseOut(Schema):
    date: date
    window_start: time | None
    window_end: time | None
    source: str


class TimelineOut(Schema):
    occurred_at: datetime
    status: str
    sentence: str
    location: str


class ShipmentOut(Schema):
    carrier: str
    tracking_code: str
    kind: str
    status: str
    status_at: datetime | None
    headline: str
    delivery_place: str
    delivery_place_detail: str
    failure_reason: str
    delivered_at: datetime | None
    window: WindowOut | None
    promise: PromiseOut | None
    timeline: list[TimelineOut]


def _organisation(request: HttpRequest) -> Organisation:
    return request.organisation  # type: ignore[attr-defined, no-any-return]


def _shipment_out(shipment: Shipment) -> ShipmentOut:
    story = shipment_story(shipment)
    return ShipmentOut(
        carrier=shipment.carrier,
        tracking_code=shipment.tracking_code,
        kind=shipment.kind,
        status=shipment.status,
        status_at=shipment.status_at,
        headline=story.headline,
        delivery_place=shipment.delivery_place,
        delivery_place_detail=shipment.delivery_place_detail,
        failure_reason=shipment.failure_reason,
        delivered_at=shipment.delivered_at,
        window=WindowOut(**vars(story.window)) if story.window else None,
        promise=PromiseOut(**vars(story.promise)) if story.promise else None,
        timeline=[TimelineOut(**vars(entry)) for entry in story.timeline],
    )


def _field_of(error: Any) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(item)"


@router.post(
    "/shipments",
    response={
        200: ShipmentOut,
        201: ShipmentOut,
        409: ConflictOut,
        422: ErrorOut,
        **COMMON_ERRORS,
    },
    summary="Create or update a shipment with its order and recipient",
    description=(
        "A carrier's tracking code belongs to one shipment in the whole installation: a code "
        "another organisation already announced with the same carrier is refused with 409 "
        "and code `tracking_code_taken`, and nothing is stored."
    ),
)
def upsert_shipment(
    request: HttpRequest, payload: ShipmentInput
) -> Status[ShipmentOut | ConflictOut]:
    try:
        shipment, created = do_upsert_shipment(_organisation(request), payload)
    except TrackingCodeTaken as taken:
        return Status(
            409,
            ConflictOut(
                detail=(
                    f"Tracking code '{taken.tracking_code}' at carrier '{taken.carrier}' "
                    "already belongs to a shipment of another organisation. A tracking code "
                    "names one parcel; check the code and the carrier."
                ),
                code="tracking_code_taken",
            ),
        )
    with translation.override(chosen_language(request)):
        return Status(201 if created else 200, _shipment_out(shipment))


@router.post(
    "/carrier-events",
    response={200: BatchOut, 422: BatchOut | ErrorOut, **COMMON_ERRORS},
    summary="Record a batch of up to 1,000 carrier events",
    description=(
        "Idempotent and order-independent. Invalid items are reported by index in `errors` "
        "while the valid ones are stored; 422 only when no item was valid. Events for a "
        "tracking code that is not announced yet are kept and attached when it is."
    ),
)
def record_carrier_events(request: HttpRequest, payload: BatchIn) -> Status[BatchOut]:
    if len(payload.events) > MAX_EVENTS_PER_BATCH:
        raise HttpError(
            413,
            f"A batch holds at most {MAX_EVENTS_PER_BATCH} events; this one has "
            f"{len(payload.events)}. Split it.",
        )
    valid: list[CarrierEventInput] = []
    errors: list[ItemError] = []
    for index, item in enumerate(payload.events):
        if not isinstance(item, dict):
            errors.append(ItemError(index=index, field="(item)", message="must be an object"))
            continue
        try:
            valid.append(CarrierEventInput.model_validate(item))
        except ValidationError as exc:
            errors.extend(
                ItemError(index=index, field=_field_of(e), message=e["msg"]) for e in exc.errors()
            )
    if not valid:
        return Status(
            422,
            BatchOut.of(len(payload.events), None, errors),
        )
    recorded = do_record_carrier_events(_organisation(request), valid)
    return Status(
        200,
        BatchOut.of(len(payload.events), recorded, errors),
    )


@router.get(
    "/shipments/{tracking_code}",
    response={200: ShipmentOut, 404: ErrorOut, 422: ErrorOut, **COMMON_ERRORS},
    summary="A shipment's status, window and timeline in plain sentences",
)
def get_shipment(
    request: HttpRequest, tracking_code: str, carrier: str | None = None, lang: str = "nl"
) -> Status[ShipmentOut | ErrorOut]:
    shipment = shipment_for_organisation(_organisation(request), tracking_code, carrier)
    if shipment is None:
        return Status(404, ErrorOut(detail=f"No shipment with tracking code '{tracking_code}'."))
    with translation.override(chosen_language(request)):  # `lang`, as on every page
        return Status(200, _shipment_out(shipment))
