"""The page's Content-Security-Policy, widened only for the shop's own logo host."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_ORIGINS = "_halte_image_origins"


def allow_image_origin(request: HttpRequest, origin: str) -> None:
    """Let this one response load images from `origin` (an https host a shop set as logo)."""
    origins: set[str] = getattr(request, _ORIGINS, set())
    origins.add(origin)
    setattr(request, _ORIGINS, origins)


class BrandedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, plus the logo origins a page rendered (see `allow_image_origin`)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origins = sorted(getattr(request, _ORIGINS, set()))
        if origins:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), *origins]
            parts.update = update
        return parts
