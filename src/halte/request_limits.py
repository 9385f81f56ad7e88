"""Request bodies capped by their declared length before anything reads them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE limits form fields and JSON but not uploaded files, so
a 2 GB POST to the damage form would be streamed to disk whole before the form said "too
large". This middleware compares the Content-Length with the limit of the route and answers
413 without touching the body. A body without a Content-Length (chunked) is not read by
Django under WSGI at all; the WSGI server's own limit is the second line (README).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from halte.error_codes import RequestErrorCode
from halte.language import chosen_language

# Routes with a larger body than DATA_UPLOAD_MAX_MEMORY_SIZE, by "namespace:name".
UPLOAD_ROUTES = {"selfservice:damage", "selfservice:start_return", "drivers:tap"}
# Routes with a limit of their own, by "namespace:name": the setting that holds it.
ROUTE_LIMITS = {"api-v1:understand": "HALTE_MAX_UNDERSTAND_REQUEST_BYTES"}


def body_limit(path: str) -> int:
    """The largest Content-Length the route at `path` accepts."""
    try:
        match = resolve(path)
    except Resolver404:
        return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if match.view_name in ROUTE_LIMITS:
        return int(getattr(settings, ROUTE_LIMITS[match.view_name]))
    if match.view_name in UPLOAD_ROUTES:
        return int(settings.HALTE_MAX_UPLOAD_REQUEST_BYTES)
    if match.namespace == "anymail" and "inbound" in (match.url_name or ""):
        return int(settings.HALTE_MAX_INBOUND_WEBHOOK_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:  # Django itself reads an unreadable length as an empty body
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.path_info)
        if declared_length(request) > limit:
            return too_large(request, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        # The API answers integrators in English, like its own 413 for a batch too large.
        with translation.override("en"):
            detail = f"Request body too large: at most {filesizeformat(limit)}."
        return JsonResponse(
            {"detail": detail, "code": RequestErrorCode.REQUEST_TOO_LARGE}, status=413
        )
    with translation.override(chosen_language(request)):
        message = _("What you sent is too large: at most %(size)s can be sent here.") % {
            "size": filesizeformat(limit)
        }
        return render(request, "request_too_large.html", {"message": message}, status=413)
