"""Validated shapes of what a carrier organisation sends: its drivers and the day's stops."""

from datetime import date
from typing import Annotated

from pydantic import Field, StrictBool, StringConstraints, field_validator

from halte.shipments.inputs import (
    CARRIER_FIELD,
    TRACKING_CODE_FIELD,
    StrictInput,
    TrackingCode,
    _check_carrier,
    _check_tracking_code,
)

# Rows per request or file: a depot's day is a few hundred stops per driver team.
MAX_ROWS = 1000

Reference = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$"
    ),
]


class DriverInput(StrictInput):
    reference: Reference = Field(
        description="The carrier's own id for the driver: letters, digits, '.', '_' and '-'.",
        examples=["D-017"],
    )
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        examples=["Sem Bakker"]
    )
    depot: Annotated[str, StringConstraints(max_length=200)] = Field(
        default="", examples=["Depot Utrecht-Noord"]
    )
    phone: Annotated[str, StringConstraints(max_length=32, pattern=r"^\+?[0-9 ()-]*$")] = Field(
        default="", examples=["+31 6 12345678"]
    )
    # Strict: 0 or "no" is no answer to "active?"; the schema says a JSON boolean.
    active: StrictBool = Field(default=True, description="An inactive driver cannot sign in.")


class StopInput(StrictInput):
    driver: Reference = Field(description="The driver's reference.", examples=["D-017"])
    carrier: str = Field(description=CARRIER_FIELD, examples=["dhl"])
    tracking_code: TrackingCode = Field(description=TRACKING_CODE_FIELD, examples=["3SHALT0202020"])
    route_order: int = Field(ge=1, le=10000, description="Position on the route, from 1.")
    # Annotated, not `= Field(...)`: a class attribute named `date` would hide the type.
    date: Annotated[date, Field(description="The day of the route.", examples=["2026-11-21"])]

    _carrier = field_validator("carrier")(_check_carrier)
    _code = field_validator("tracking_code")(_check_tracking_code)
