"""Validated shapes of what integrators send: shipments and carrier events."""

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, Self

from django.utils import timezone
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
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
    def no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL; refused here, it is a 422 instead of a 500.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character, which no text field may hold")
        return value


class PromiseInput(StrictInput):
    date: date
    window_start: time | None = None
    window_end: time | None = None

    @model_validator(mode="after")
    def window_is_complete_and_ordered(self) -> Self:
        if (self.window_start is None) != (self.window_end is None):
            raise ValueError("give both window_start and window_end, or neither")
        if self.window_start and self.window_end and self.window_end <= self.window_start:
            raise ValueError("window_end must be after window_start")
        return self


class OrderInput(StrictInput):
    reference: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    placed_at: AwareDatetime
    promise: PromiseInput | None = None


class RecipientInput(StrictInput):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    email: EmailStr | None = None
    phone: Annotated[str, StringConstraints(max_length=32, pattern=r"^\+?[0-9 ()-]*$")] = ""


class AddressInput(StrictInput):
    postcode: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    house_number: int = Field(ge=1, le=99999)
    addition: Annotated[str, StringConstraints(max_length=10)] = ""
    street: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    city: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    country: Literal["NL", "BE"] = "NL"

    @model_validator(mode="after")
    def postcode_fits_country(self) -> Self:
        self.postcode = normalise_postcode(self.country, self.postcode)
        return self


class ShipmentInput(StrictInput):
    carrier: str
    tracking_code: TrackingCode
    kind: Literal["parcel", "mailbox_parcel"] = "parcel"
    recipient: RecipientInput
    address: AddressInput
    order: OrderInput | None = None

    _carrier = field_validator("carrier")(_check_carrier)
    _code = field_validator("tracking_code")(_check_tracking_code)


class DeliveryPlaceInput(StrictInput):
    kind: DeliveryPlace
    detail: Text = ""


class CarrierEventInput(StrictInput):
    carrier: str
    tracking_code: TrackingCode
    code: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    description: Annotated[str, StringConstraints(max_length=500)] = ""
    occurred_at: AwareDatetime
    location: Text = ""
    delivery_place: DeliveryPlaceInput | None = None
    window_start: AwareDatetime | None = None
    window_end: AwareDatetime | None = None
    event_id: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None

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
