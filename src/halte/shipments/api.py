"""API for shipments and carrier events: parse, call an action or query, answer a schema."""

from datetime import date, datetime, time
from typing import Annotated, cast

from django.utils import translation
from ninja import Field, P, PathEx, QueryEx, Router, Schema, Status
from pydantic import SkipValidation

from halte.api_common import (
    COMMON_ERRORS,
    AccessErrorOut,
    ItemError,
    OrganisationRequest,
    OrganisationToken,
    RequestErrorOut,
    TokenRateThrottle,
    validated_items,
)
from halte.audit.actions import record_access
from halte.audit.models import AccessRecord
from halte.audit.subjects import shipment_subject
from halte.language import chosen_language
from halte.limits import client_of
from halte.organisations.models import ApiToken, Scope
from halte.shipments.actions import (
    RecordedBatch,
    TrackingCodeTaken,
    do_record_carrier_events,
    do_upsert_shipment,
)
from halte.shipments.error_codes import ShipmentErrorCode
from halte.shipments.inputs import MAX_EVENTS_PER_BATCH, CarrierEventInput, ShipmentInput
from halte.shipments.models import Shipment
from halte.shipments.queries import shipment_for_organisation, shipment_story

router = Router(tags=["shipments"], throttle=[TokenRateThrottle()])


class BatchIn(Schema):
    # The schema shows each event's fields, so integrators and the fuzzer see them, but the
    # items are not validated here: one bad event would then fail the whole request. The view
    # validates each item on its own with CarrierEventInput and reports problems by index.
    events: list[SkipValidation[CarrierEventInput]] = Field(
        description=f"Up to {MAX_EVENTS_PER_BATCH} carrier events, in any order; each one is "
        "checked on its own.",
    )

    def raw_events(self) -> list[object]:
        """The items as sent: unvalidated, whatever the annotation says."""
        return cast(list[object], self.events)


class BatchOut(Schema):
    received: int = Field(description="Items in the request.", examples=[3])
    stored: int = Field(description="New events stored.", examples=[1])
    duplicates: int = Field(description="Events Halte already had; stored once.", examples=[1])
    pending: int = Field(
        description="Stored events for tracking codes not announced yet; they are attached "
        "when the shipment is.",
        examples=[0],
    )
    unmapped: int = Field(
        description="Stored events whose carrier code Halte cannot read yet.", examples=[0]
    )
    errors: list[ItemError] = Field(description="Items refused, by index; not stored.")

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


class ShipmentErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.",
        examples=["No shipment with tracking code '3SHALT0101010'."],
    )
    code: ShipmentErrorCode = Field(examples=[ShipmentErrorCode.SHIPMENT_NOT_FOUND])


class WindowOut(Schema):
    start: datetime = Field(examples=["2026-11-21T14:00:00+01:00"])
    end: datetime = Field(examples=["2026-11-21T16:00:00+01:00"])
    passed: bool = Field(description="The window is over.", examples=[False])


class PromiseOut(Schema):
    # Annotated, not `= Field(...)`: a class attribute named `date` would hide the type.
    date: Annotated[date, Field(description="The day promised.", examples=["2026-11-21"])]
    window_start: time | None = Field(examples=["09:00:00"])
    window_end: time | None = Field(examples=["17:00:00"])
    source: str = Field(
        description="Where the promise came from: checkout, carrier or repromise.",
        examples=["checkout"],
    )


class TimelineOut(Schema):
    occurred_at: datetime = Field(examples=["2026-11-20T18:04:00+01:00"])
    status: str = Field(examples=["at_depot"])
    sentence: str = Field(
        description="What happened, in the language asked for.",
        examples=["Je pakket is in het sorteercentrum."],
    )
    location: str = Field(examples=["Utrecht"])


class ShipmentOut(Schema):
    carrier: str = Field(examples=["postnl"])
    tracking_code: str = Field(examples=["3SHALT0101010"])
    kind: str = Field(examples=["parcel"])
    status: str = Field(description="Halte's status of the shipment.", examples=["in_transit"])
    status_at: datetime | None = Field(examples=["2026-11-20T18:04:00+01:00"])
    headline: str = Field(
        description="The status in one sentence, in the language asked for.",
        examples=["Onderweg naar je toe"],
    )
    delivery_place: str = Field(description="Where it was left, once delivered.", examples=[""])
    delivery_place_detail: str = Field(examples=[""])
    failure_reason: str = Field(description="Why a delivery failed.", examples=[""])
    delivered_at: datetime | None = Field(examples=[None])
    window: WindowOut | None = Field(description="The carrier's delivery window, if any.")
    promise: PromiseOut | None = Field(description="The shop's promise, if any.")
    timeline: list[TimelineOut] = Field(description="What happened, newest first.")


def _record(request: OrganisationRequest, shipment: Shipment, action: str, detail: str) -> None:
    """The audit trail: this token read or wrote the recipient's data of this shipment."""
    token: ApiToken | None = getattr(request, "api_token", None)
    record_access(
        organisation=request.auth,
        actor=None,
        token=token,
        action=action,
        subject=shipment_subject(shipment.pk),
        detail=detail,
        client_address=client_of(request),
    )


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


@router.post(
    "/shipments",
    response={
        200: ShipmentOut,
        201: ShipmentOut,
        409: ShipmentErrorOut,
        422: RequestErrorOut,
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
    request: OrganisationRequest, payload: ShipmentInput
) -> Status[ShipmentOut | ShipmentErrorOut]:
    try:
        shipment, created = do_upsert_shipment(request.auth, payload)
    except TrackingCodeTaken as taken:
        return Status(
            409,
            ShipmentErrorOut(
                detail=(
                    f"Tracking code '{taken.tracking_code}' at carrier '{taken.carrier}' "
                    "already belongs to a shipment of another organisation. A tracking code "
                    "names one parcel; check the code and the carrier."
                ),
                code=ShipmentErrorCode.TRACKING_CODE_TAKEN,
            ),
        )
    _record(
        request,
        shipment,
        AccessRecord.Action.CHANGE,
        "recipient created" if created else "recipient updated",
    )
    with translation.override(chosen_language(request)):
        return Status(201 if created else 200, _shipment_out(shipment))


@router.post(
    "/carrier-events",
    response={
        200: BatchOut,
        413: ShipmentErrorOut | RequestErrorOut,
        422: BatchOut | RequestErrorOut,
        401: AccessErrorOut,
        403: AccessErrorOut,
        429: AccessErrorOut,
    },
    # Carriers' events are their own scope: a carrier's system may push events without being
    # able to create or read the shop's shipments.
    auth=OrganisationToken(Scope.EVENTS),
    summary="Record a batch of up to 1,000 carrier events",
    description=(
        "Idempotent and order-independent. Invalid items are reported by index in `errors` "
        "while the valid ones are stored; 422 only when no item was valid. Events for a "
        "tracking code that is not announced yet are kept and attached when it is. More than "
        "1,000 events is 413 with code `batch_too_large`."
    ),
)
def record_carrier_events(
    request: OrganisationRequest, payload: BatchIn
) -> Status[BatchOut | ShipmentErrorOut]:
    items = payload.raw_events()
    if len(items) > MAX_EVENTS_PER_BATCH:
        return Status(
            413,
            ShipmentErrorOut(
                detail=f"A batch holds at most {MAX_EVENTS_PER_BATCH} events; this one has "
                f"{len(items)}. Split it.",
                code=ShipmentErrorCode.BATCH_TOO_LARGE,
            ),
        )
    checked, errors = validated_items(items, CarrierEventInput)
    valid = [event for _index, event in checked]
    if not valid:
        return Status(422, BatchOut.of(len(items), None, errors))
    recorded = do_record_carrier_events(request.auth, valid)
    return Status(200, BatchOut.of(len(items), recorded, errors))


@router.get(
    "/shipments/{tracking_code}",
    response={200: ShipmentOut, 404: ShipmentErrorOut, 422: RequestErrorOut, **COMMON_ERRORS},
    summary="A shipment's status, window and timeline in plain sentences",
)
def get_shipment(
    request: OrganisationRequest,
    tracking_code: PathEx[
        str, P(description="The carrier's tracking code.", example="3SHALT0101010")
    ],
    carrier: QueryEx[
        str | None, P(description="Only this carrier's shipment with the code.", example="postnl")
    ] = None,
    lang: QueryEx[str, P(description="Language of the sentences: nl or en.", example="en")] = "nl",
) -> Status[ShipmentOut | ShipmentErrorOut]:
    shipment = shipment_for_organisation(request.auth, tracking_code, carrier)
    if shipment is None:
        return Status(
            404,
            ShipmentErrorOut(
                detail=f"No shipment with tracking code '{tracking_code}'.",
                code=ShipmentErrorCode.SHIPMENT_NOT_FOUND,
            ),
        )
    _record(request, shipment, AccessRecord.Action.VIEW, "read by the API")
    with translation.override(chosen_language(request)):  # `lang`, as on every page
        return Status(200, _shipment_out(shipment))
