"""The integrator API at /api/v1/: token per organisation, precise errors, OpenAPI schema."""

import json
from typing import Any

from csp.decorators import csp_update
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import HttpBearer

from halte.feeds.api import router as carriers_router
from halte.organisations.models import Organisation
from halte.organisations.queries import organisation_for_api_key
from halte.promises.api import router as promises_router
from halte.shipments.api import router as shipments_router

# Swagger UI at /api/v1/docs is served from django-ninja's own static files (no CDN) and its
# settings sit in a JSON data block, so scripts stay 'self' only; it draws its arrows and
# icons as data: SVG images, the one allowance this page gets (tests/browser).
API_DOCS_POLICY = csp_update({"img-src": ["data:"]})


class OrganisationToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Organisation | None:
        organisation = organisation_for_api_key(token)
        if organisation is not None:
            request.organisation = organisation  # type: ignore[attr-defined]
        return organisation


api = NinjaAPI(
    title="Halte API",
    version="1",
    description="Feed shipments and carrier events into Halte and read their status.",
    auth=OrganisationToken(),
    urls_namespace="api-v1",
    docs_decorator=API_DOCS_POLICY,
)


def _error(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "Missing, unknown or revoked API token; send it as 'Authorization: Bearer <token>'.",
    )


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, "Too many requests for this token; slow down and retry.")
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "Request body too large; send at most 1,000 events per batch.")


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
        )
    if isinstance(cause, UnicodeDecodeError):
        return _error(request, 422, "Request body is not valid UTF-8.")
    return _error(request, exc.status_code, str(exc))


api.add_router("/", shipments_router)
api.add_router("/", promises_router)
api.add_router("/", carriers_router)
