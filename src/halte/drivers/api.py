"""API for a carrier organisation's drivers and the day's stops: rows checked one by one."""

from datetime import datetime
from typing import TypeVar, cast

from django.urls import reverse
from ninja import Field, P, PathEx, Router, Schema, Status
from pydantic import BaseModel, SkipValidation

from halte.api_common import (
    COMMON_ERRORS,
    OrganisationRequest,
    RequestErrorOut,
    TokenRateThrottle,
    validated_items,
)
from halte.drivers.actions import (
    RowProblem,
    check_stops,
    do_issue_sign_in_code,
    do_plan_stops,
    do_upsert_drivers,
)
from halte.drivers.error_codes import DriverErrorCode
from halte.drivers.inputs import MAX_ROWS, DriverInput, StopInput
from halte.drivers.queries import driver_by_reference
from halte.error_codes import FieldErrorCode

router = Router(tags=["drivers"], throttle=[TokenRateThrottle()])


class RowError(Schema):
    """One problem with one row; the other rows are not affected by it."""

    index: int = Field(description="Position of the row, from 0.", examples=[2])
    field: str = Field(description="The row's field, or `(item)`.", examples=["driver"])
    code: DriverErrorCode | FieldErrorCode = Field(examples=[DriverErrorCode.DRIVER_NOT_FOUND])
    message: str = Field(description="What is wrong, in English.")


class DriverErrorOut(Schema):
    detail: str = Field(description="What is wrong, in English.")
    code: DriverErrorCode = Field(examples=[DriverErrorCode.DRIVER_NOT_FOUND])


class DriversIn(Schema):
    drivers: list[SkipValidation[DriverInput]] = Field(
        description=f"Up to {MAX_ROWS} drivers, created or updated by `reference`."
    )


class StopsIn(Schema):
    stops: list[SkipValidation[StopInput]] = Field(
        description=f"Up to {MAX_ROWS} stops; a parcel is on one route a day, so planning it "
        "again that day moves it."
    )


class RowsOut(Schema):
    received: int = Field(description="Rows in the request.", examples=[3])
    created: int = Field(examples=[2])
    updated: int = Field(examples=[0])
    errors: list[RowError] = Field(description="Rows refused, by index; not stored.")


class SignInCodeOut(Schema):
    code: str = Field(
        description="Give this to the driver: it works once, for 15 minutes.", examples=["K7MQ2XPA"]
    )
    expires_at: datetime = Field(examples=["2026-11-21T07:15:00+01:00"])
    link: str = Field(
        description="The same sign-in as a link for the driver's phone (path on this Halte): "
        "as long and as once as the code; opening it asks the driver to confirm.",
        examples=["/driver/link/K7MQ2XPA:1vXyZa:sig/"],
    )


def _too_many(count: int) -> Status[RowsOut | DriverErrorOut]:
    return Status(
        413,
        DriverErrorOut(
            detail=f"At most {MAX_ROWS} rows per request; this one has {count}. Split it.",
            code=DriverErrorCode.BATCH_TOO_LARGE,
        ),
    )


Row = TypeVar("Row", bound=BaseModel)


def validated_rows(
    items: list[object], shape: type[Row]
) -> tuple[list[tuple[int, Row]], list[RowError]]:
    """Each row checked on its own, so one bad row costs only itself."""
    valid, problems = validated_items(items, shape)
    return valid, [RowError(**problem.model_dump()) for problem in problems]


def row_error(problem: RowProblem) -> RowError:
    return RowError(
        index=problem.index, field=problem.field, code=problem.code, message=problem.message
    )


@router.post(
    "/drivers",
    response={
        200: RowsOut,
        413: DriverErrorOut | RequestErrorOut,
        422: RowsOut | RequestErrorOut,
        401: COMMON_ERRORS[401],
        429: COMMON_ERRORS[429],
    },
    summary="Create or update up to 1,000 drivers",
    description="A row that breaks the schema refuses the whole request (422, every such row "
    "listed in `errors` by index, nothing stored).",
)
def upsert_drivers(
    request: OrganisationRequest, payload: DriversIn
) -> Status[RowsOut | DriverErrorOut]:
    items = cast(list[object], payload.drivers)
    if len(items) > MAX_ROWS:
        return _too_many(len(items))
    valid, errors = validated_rows(items, DriverInput)
    if errors or not valid:
        return Status(422, RowsOut(received=len(items), created=0, updated=0, errors=errors))
    done = do_upsert_drivers(request.auth, [row for _, row in valid])
    return Status(
        200, RowsOut(received=len(items), created=done.created, updated=done.updated, errors=errors)
    )


@router.post(
    "/stops",
    response={
        200: RowsOut,
        413: DriverErrorOut | RequestErrorOut,
        422: RowsOut | RequestErrorOut,
        401: COMMON_ERRORS[401],
        429: COMMON_ERRORS[429],
    },
    summary="Plan up to 1,000 stops on drivers' routes",
    description="A stop names a driver of this organisation (by reference) and one of its "
    "shipments (carrier and tracking code). A row that breaks the schema refuses the whole "
    "request (422, every such row listed, nothing stored). Rows the schema allows but Halte "
    "cannot plan are listed in `errors` by index with codes `driver_not_found`, "
    "`stop_shipment_not_found`, `duplicate_stop` or `stop_settled` while the others are "
    "stored; 422 when none could be planned.",
)
def plan_stops(request: OrganisationRequest, payload: StopsIn) -> Status[RowsOut | DriverErrorOut]:
    items = cast(list[object], payload.stops)
    if len(items) > MAX_ROWS:
        return _too_many(len(items))
    valid, errors = validated_rows(items, StopInput)
    if errors:
        return Status(422, RowsOut(received=len(items), created=0, updated=0, errors=errors))
    planned, problems = check_stops(request.auth, valid)
    errors = sorted([*errors, *map(row_error, problems)], key=lambda e: e.index)
    if not planned:
        return Status(422, RowsOut(received=len(items), created=0, updated=0, errors=errors))
    done = do_plan_stops(request.auth, planned)
    return Status(
        200, RowsOut(received=len(items), created=done.created, updated=done.updated, errors=errors)
    )


@router.post(
    "/drivers/{reference}/sign-in-code",
    response={201: SignInCodeOut, 404: DriverErrorOut, 422: RequestErrorOut, **COMMON_ERRORS},
    summary="A one-time sign-in code for a driver, valid 15 minutes",
    description="The depot hands the code to the driver, who types it on the driver page "
    "(`/driver/`). Only a digest of the code is stored.",
)
def issue_sign_in_code(
    request: OrganisationRequest,
    reference: PathEx[str, P(description="The driver's reference.", example="D-017")],
) -> Status[SignInCodeOut | DriverErrorOut]:
    driver = driver_by_reference(request.auth, reference)
    if driver is None or not driver.is_active:
        return Status(
            404,
            DriverErrorOut(
                detail=f"No active driver with reference '{reference}'.",
                code=DriverErrorCode.DRIVER_NOT_FOUND,
            ),
        )
    issued = do_issue_sign_in_code(driver)
    link = reverse("drivers:sign_in_link", kwargs={"token": issued.link_token})
    return Status(201, SignInCodeOut(code=issued.code, expires_at=issued.expires_at, link=link))
