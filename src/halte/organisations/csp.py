"""The page's Content-Security-Policy, widened only for the shop's own logo host and the hash
of the shop's own colours (an inline style that is the same on every render, so a page kept
rendered in a cache carries the same policy as a fresh one — a nonce would not)."""

import base64
import hashlib

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_ORIGINS = "_halte_image_origins"
_STYLE_HASHES = "_halte_style_hashes"


def allow_inline_style(request: HttpRequest, css: str) -> None:
    """Let this one response apply the inline `<style>` whose content is exactly `css`."""
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    hashes: set[str] = getattr(request, _STYLE_HASHES, set())
    hashes.add(f"'sha256-{digest}'")
    setattr(request, _STYLE_HASHES, hashes)


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
        hashes = sorted(getattr(request, _STYLE_HASHES, set()))
        if origins or hashes:
            update = dict(parts.update or {})
            if origins:
                update["img-src"] = [*update.get("img-src", []), *origins]
            if hashes:
                update["style-src"] = [*update.get("style-src", []), *hashes]
            parts.update = update
        return parts
