"""The integrator API at /api/v1/: token per organisation, precise errors, OpenAPI schema."""

import json
from enum import StrEnum
from typing import Any

from csp.decorators import csp_update
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from halte.api_common import (
    FieldError,
    OrganisationToken,
    ScopeMissing,
    field_code,
    field_name,
)
from halte.drivers.api import router as drivers_router
from halte.effort.api import router as effort_router
from halte.error_codes import RequestErrorCode
from halte.feeds.api import router as carriers_router
from halte.gifts.api import router as gifts_router
from halte.organisations.error_codes import AccessErrorCode
from halte.organisations.models import Scope
from halte.privacy.api import router as privacy_router
from halte.promises.api import router as promises_router
from halte.remedies.api import router as remedies_router
from halte.returns.api import router as returns_router
from halte.shipments.api import router as shipments_router
from halte.understanding.api import router as understanding_router

# Swagger UI at /api/v1/docs is served from django-ninja's own static files (no CDN) and its
# settings sit in a JSON data block, so scripts stay 'self' only; it draws its arrows and
# icons as data: SVG images, the one allowance this page gets (tests/browser).
API_DOCS_POLICY = csp_update({"img-src": ["data:"]})


api = NinjaAPI(
    title="Halte API",
    version="1",
    description=(
        "Feed shipments and carrier events into Halte and read their status. Every error "
        'answers `{"detail": "...", "code": "..."}`: `detail` for people, `code` '
        "(one of the enums in the schema) for programs; batch answers list `errors` per item "
        'as `{"index", "field", "code", "message"}`. See docs/api-errors.md.'
    ),
    auth=OrganisationToken(),
    urls_namespace="api-v1",
    docs_decorator=API_DOCS_POLICY,
)


def _error(request: HttpRequest, status: int, detail: str, code: StrEnum) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


def _bearer_sent(request: HttpRequest) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if _bearer_sent(request):
        return _error(
            request,
            401,
            "Unknown or revoked API token; send a current one as 'Authorization: Bearer <token>'.",
            AccessErrorCode.TOKEN_INVALID,
        )
    return _error(
        request,
        401,
        "Missing API token; send it as 'Authorization: Bearer <token>'.",
        AccessErrorCode.TOKEN_MISSING,
    )


@api.exception_handler(ScopeMissing)
def scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return _error(
        request,
        403,
        f"This API token lacks the scope '{exc.scope}' this route requires; issue a token with it.",
        AccessErrorCode.SCOPE_MISSING,
    )


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(
        request,
        429,
        "Too many requests for this token; slow down and retry.",
        AccessErrorCode.THROTTLED,
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(
        request,
        413,
        "Request body too large; send at most 1,000 events per batch.",
        RequestErrorCode.REQUEST_TOO_LARGE,
    )


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # ninja's locations start with where the value came from and the parameter's name
    # ("body", "payload", "recipient", "email"); a client knows the field by the rest.
    errors = [
        FieldError(
            field=field_name(_client_location(list(error["loc"]))),
            code=field_code(str(error["type"])),
            message=str(error["msg"]),
        ).model_dump()
        for error in exc.errors
    ]
    fields = ", ".join(dict.fromkeys(error["field"] for error in errors))
    return api.create_response(
        request,
        {
            "detail": f"The request does not match the schema: {fields}.",
            "code": RequestErrorCode.INVALID_INPUT,
            "errors": errors,
        },
        status=422,
    )


def _client_location(location: list[Any]) -> list[Any]:
    if location and location[0] == "body":
        return location[2:] or location[1:]
    return location[1:] or location


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps body-parsing failures; say which one it was.
    cause = exc.__cause__
    if isinstance(cause, json.JSONDecodeError):
        return _error(
            request,
            422,
            f"Request body is not valid JSON: {cause.msg} at line {cause.lineno} "
            f"column {cause.colno}.",
            RequestErrorCode.INVALID_JSON,
        )
    if isinstance(cause, RecursionError):
        return _error(
            request,
            422,
            "Request body is nested too deeply to read; a batch is an object with a flat list "
            "of events.",
            RequestErrorCode.INVALID_JSON,
        )
    if isinstance(cause, UnicodeDecodeError):
        return _error(
            request, 422, "Request body is not valid UTF-8.", RequestErrorCode.INVALID_UTF8
        )
    # ninja raises HttpError only when it cannot parse a body; Halte's views answer their own
    # errors with their app's codes and raise none.
    return _error(request, exc.status_code, str(exc), RequestErrorCode.INVALID_JSON)


# Each group of routes requires its scope; an operation with its own `auth` (the carriers'
# signed webhook) keeps it.
api.add_router("/", shipments_router, auth=OrganisationToken(Scope.SHIPMENTS))
api.add_router("/", promises_router, auth=OrganisationToken(Scope.PROMISES))
api.add_router("/", carriers_router, auth=OrganisationToken(Scope.EVENTS))
api.add_router("/", remedies_router, auth=OrganisationToken(Scope.REQUESTS))
api.add_router("/", understanding_router, auth=OrganisationToken(Scope.UNDERSTAND))
api.add_router("/", drivers_router, auth=OrganisationToken(Scope.DRIVERS))
api.add_router("/", returns_router, auth=OrganisationToken(Scope.RETURNS))
api.add_router("/", effort_router, auth=OrganisationToken(Scope.CASES))
api.add_router("/", privacy_router, auth=OrganisationToken(Scope.PRIVACY))
api.add_router("/", gifts_router, auth=OrganisationToken(Scope.GIFTS))
