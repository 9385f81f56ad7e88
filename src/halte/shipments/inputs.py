"""Validated shapes of what integrators send: shipments and carrier events."""

import re
from datetime import date, datetime, time, timedelta
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, Self, Union, get_args, get_origin

from django.utils import timezone
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from halte.vocabulary.carriers import CARRIERS
from halte.vocabulary.postcodes import normalise_postcode
from halte.vocabulary.status import DeliveryPlace

MAX_EVENTS_PER_BATCH = 1000
# Carrier clocks drift, but an event a day ahead of ours is a bug at the sender.
MAX_CLOCK_SKEW = timedelta(days=1)
EARLIEST_EVENT = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(0))

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
TrackingCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, min_length=4, max_length=64),
]
_TRACKING_CODE = re.compile(r"^[A-Z0-9-]+$")


def _check_tracking_code(value: str) -> str:
    compact = value.replace(" ", "")
    if not _TRACKING_CODE.match(compact):
        raise ValueError("may contain only letters, digits and '-'")
    return compact


def _check_carrier(value: str) -> str:
    slug = value.strip().lower()
    if slug not in CARRIERS:
        known = ", ".join(CARRIERS)
        raise ValueError(f"unknown carrier '{value}'; known carriers: {known}")
    return slug


class StrictInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def plain_json_as_documented(cls, value: Any, info: ValidationInfo) -> Any:
        # One validator for both rules below: it runs for every field of every item of a
        # batch of up to 1,000 events.
        if value is None:
            return value
        wants_iso, wants_whole_number = _field_kinds(cls, str(info.field_name))
        # pydantic would read 0 as a date-time (1970) and "12" as a number; the schema says a
        # date-time is an ISO 8601 string and a number is a JSON number, so that is what is
        # taken. Python values (datetime, int) from Halte's own callers pass as they are.
        if wants_iso and not isinstance(value, str | date | time):
            raise ValueError("must be an ISO 8601 string")
        if wants_whole_number and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError("must be a whole number")
        # PostgreSQL text cannot hold NUL; refused here, it is a 422 instead of a 500.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character, which no text field may hold")
        return value


@cache
def _field_kinds(shape: type[BaseModel], name: str) -> tuple[bool, bool]:
    """Whether a field takes an ISO 8601 string, and whether a whole number; once per field."""
    kinds = _scalar_types(shape.model_fields[name].annotation)
    return bool(kinds & {date, datetime, time, AwareDatetime}), int in kinds


def _scalar_types(annotation: Any) -> set[Any]:
    """The plain types a field's annotation allows, through Optional and Annotated."""
    if get_origin(annotation) in (Annotated, Union, UnionType):
        parts = (
            get_args(annotation)[:1]
            if get_origin(annotation) is Annotated
            else get_args(annotation)
        )
        return set().union(*(_scalar_types(part) for part in parts))
    return {annotation}


class PromiseInput(StrictInput):
    # Annotated, not `= Field(...)`: a class attribute named `date` would hide the type.
    date: Annotated[
        date, Field(description="The delivery day the shop promised.", examples=["2026-11-21"])
    ]
    window_start: time | None = Field(
        default=None, description="Start of the promised window, local time.", examples=["09:00"]
    )
    window_end: time | None = Field(
        default=None,
        description="End of the promised window; with window_start.",
        examples=["17:00"],
    )

    @model_validator(mode="after")
    def window_is_complete_and_ordered(self) -> Self:
        if (self.window_start is None) != (self.window_end is None):
            raise ValueError("give both window_start and window_end, or neither")
        if self.window_start and self.window_end and self.window_end <= self.window_start:
            raise ValueError("window_end must be after window_start")
        return self


class OrderInput(StrictInput):
    reference: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="The shop's order number.", examples=["ORD-1001"]
    )
    placed_at: AwareDatetime = Field(
        description="When the order was placed, with its UTC offset.",
        examples=["2026-11-19T20:15:00+01:00"],
    )
    promise: PromiseInput | None = Field(
        default=None, description="The delivery the shop promised."
    )


class RecipientInput(StrictInput):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        examples=["Sanne de Vries"]
    )
    email: EmailStr | None = Field(
        default=None,
        description="For updates and self-service codes.",
        examples=["sanne@example.nl"],
    )
    phone: Annotated[str, StringConstraints(max_length=32, pattern=r"^\+?[0-9 ()-]*$")] = Field(
        default="", description="For text messages.", examples=["+31 6 12345678"]
    )


class AddressInput(StrictInput):
    postcode: Annotated[str, StringConstraints(min_length=1, max_length=10)] = Field(
        description="1234 AB in the Netherlands, 1000 in Belgium.", examples=["3511 AB"]
    )
    house_number: int = Field(ge=1, le=99999, examples=[12])
    addition: Annotated[str, StringConstraints(max_length=10)] = Field(default="", examples=["bis"])
    street: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        examples=["Oudegracht"]
    )
    city: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        examples=["Utrecht"]
    )
    country: Literal["NL", "BE"] = Field(default="NL", examples=["NL"])

    @model_validator(mode="after")
    def postcode_fits_country(self) -> Self:
        self.postcode = normalise_postcode(self.country, self.postcode)
        return self


CARRIER_FIELD = f"The carrier's slug, one of: {', '.join(CARRIERS)}."
TRACKING_CODE_FIELD = "The carrier's tracking code: letters, digits and '-'; spaces are dropped."


class ShipmentInput(StrictInput):
    carrier: str = Field(description=CARRIER_FIELD, examples=["postnl"])
    tracking_code: TrackingCode = Field(description=TRACKING_CODE_FIELD, examples=["3SHALT0101010"])
    kind: Literal["parcel", "mailbox_parcel"] = Field(
        "parcel", description="A mailbox parcel fits through the letterbox."
    )
    recipient: RecipientInput = Field(description="Who the parcel is for.")
    address: AddressInput = Field(description="Where it goes.")
    order: OrderInput | None = Field(
        default=None, description="The shop's order, with its promise."
    )

    _carrier = field_validator("carrier")(_check_carrier)
    _code = field_validator("tracking_code")(_check_tracking_code)


class DeliveryPlaceInput(StrictInput):
    kind: DeliveryPlace = Field(description="Where the parcel was left.", examples=["neighbour"])
    detail: Text = Field(default="", description="The carrier's words for it.", examples=["nr. 14"])


class CarrierEventInput(StrictInput):
    carrier: str = Field(description=CARRIER_FIELD, examples=["postnl"])
    tracking_code: TrackingCode = Field(description=TRACKING_CODE_FIELD, examples=["3SHALT0101010"])
    code: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="The carrier's own status code; Halte maps it (docs/carriers.md).",
        examples=["at_depot"],
    )
    description: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="", description="The carrier's own wording.", examples=["Sorted at the depot"]
    )
    occurred_at: AwareDatetime = Field(
        description="When it happened, with its UTC offset; not after tomorrow nor before 2000.",
        examples=["2026-11-20T18:04:00+01:00"],
    )
    location: Text = Field(default="", examples=["Utrecht"])
    delivery_place: DeliveryPlaceInput | None = Field(
        default=None, description="Where a delivered parcel was left."
    )
    window_start: AwareDatetime | None = Field(
        default=None,
        description="Start of the carrier's delivery window.",
        examples=["2026-11-21T14:00:00+01:00"],
    )
    window_end: AwareDatetime | None = Field(
        default=None,
        description="End of the window; at most 24 hours after its start.",
        examples=["2026-11-21T16:00:00+01:00"],
    )
    event_id: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(
        default=None,
        description=(
            "The carrier's id of the event: a resend with the same id and moment is a duplicate."
        ),
        examples=["evt-000123"],
    )

    _carrier = field_validator("carrier")(_check_carrier)
    _code = field_validator("tracking_code")(_check_tracking_code)

    @field_validator("occurred_at")
    @classmethod
    def occurred_at_is_plausible(cls, value: datetime) -> datetime:
        if value > timezone.now() + MAX_CLOCK_SKEW:
            raise ValueError("lies more than a day in the future")
        if value < EARLIEST_EVENT:
            raise ValueError("lies before the year 2000")
        return value

    @model_validator(mode="after")
    def window_is_complete_and_ordered(self) -> Self:
        if (self.window_start is None) != (self.window_end is None):
            raise ValueError("give both window_start and window_end, or neither")
        if self.window_start and self.window_end:
            if self.window_end <= self.window_start:
                raise ValueError("window_end must be after window_start")
            if self.window_end - self.window_start > timedelta(hours=24):
                raise ValueError("a delivery window may last at most 24 hours")
        return self
