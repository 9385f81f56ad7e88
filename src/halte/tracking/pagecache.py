"""The plain tracking page, kept rendered in the shared cache per link, language and scheme.

A plain page (no proof of being the recipient, no session, no message waiting) is the same for
everyone who holds its link, so it is rendered once and served from the shared cache until
something it shows changes. Correctness rests on two version stamps read *before* the page is
rendered and stored with it:

- the parcel's page version (`tracking.page-version.<shipment id>`), a random stamp, deleted
  whenever anything the page shows of that parcel changes (its state and events, the
  shipment's own fields, its promise, address changes, the order's vouchers and gift, returns);
- the generation of all pages (`tracking.page-generation`), deleted when something shared by
  many pages changes (a shop's brand, its voucher terms).

A stored page counts only while both stamps still exist and equal the ones it was rendered
under; the next render after a deletion sets a new random stamp. A change deletes the stamps
inside its transaction and again after commit, so a render that read the database before the
commit is stored under a stamp that no longer counts. Deleting is one statement for a whole
batch of parcels (one DELETE in the database cache, one DEL in Redis), so a batch of carrier
events pays two cheap writes, not one per parcel. A stamp that was evicted reads as absent like
a deleted one: eviction costs a render, never a stale page.

The middleware below runs first: on a hit it answers from the cache without sessions, CSRF,
authentication or the view, with exactly the headers the full path gave the stored page
(Content-Security-Policy, HSTS, nosniff, referrer and opener policies, frame options, Vary,
ETag, Cache-Control), because those headers are stored with it.
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.urls import reverse

from halte.language import chosen_language
from halte.replica import reading_from_primary
from halte.shipments.links import parcel_of_token

logger = logging.getLogger(__name__)

GENERATION_KEY = "halte.tracking.page-generation"
# A plain page: a shared cache may not keep it (a name and an address), the browser may, and
# asks again each time (a 304 when nothing changed).
SHARED_PAGE_CACHE_CONTROL = "private, no-cache"
# A page for a visitor who proved to be the recipient: her questions and voucher code.
PROVEN_PAGE_CACHE_CONTROL = "private, no-store"
# Stored with each page: bump when what is stored changes shape.
_FORMAT = 1
# Headers that belong to one answer, not to the page.
_NOT_REPLAYED = {"set-cookie", "date"}
_NOT_IN_304 = {"content-length", "content-type", "content-language"}
_SHAREABLE = "_halte_page_shareable_until"
# More parcels than this changed at once (a retention run, not a batch of carrier events: those
# touch at most a few thousand): every page is stale rather than each of theirs.
_MANY = 10_000


def page_cache() -> BaseCache:
    return caches[settings.HALTE_TRACKING_PAGE_CACHE]


def version_key(shipment_id: int) -> str:
    return f"halte.tracking.page-version.{shipment_id}"


def page_key(token: str, language: str, secure: bool) -> str:
    digest = hashlib.blake2b(
        f"{_FORMAT}|{token}|{language}|{int(secure)}".encode(), digest_size=20
    ).hexdigest()
    return f"halte.tracking.page.{digest}"


def _stamp() -> str:
    return secrets.token_hex(8)


def _forget_versions(shipment_ids: frozenset[int]) -> None:
    page_cache().delete_many([version_key(pk) for pk in shipment_ids])


def _forget_generation() -> None:
    page_cache().delete(GENERATION_KEY)


def pages_changed(shipment_ids: Iterable[int | None]) -> None:
    """What these parcels' pages show changed: no stored page of theirs counts any more.

    Now (so this transaction's own later reads see it) and again after commit (so a page
    rendered by another request from the data before the commit does not count either)."""
    ids = frozenset(pk for pk in shipment_ids if pk is not None)
    if not ids:
        return
    if len(ids) > _MANY:
        all_pages_changed()  # one short statement instead of a long one (a retention run)
        return
    _forget_versions(ids)
    transaction.on_commit(lambda: _forget_versions(ids))


def all_pages_changed() -> None:
    """Something every page may show changed (a shop's brand, its voucher terms)."""
    _forget_generation()
    transaction.on_commit(_forget_generation)


def mark_shareable(response: HttpResponse, *, fresh_until: float | None = None) -> None:
    """The view's word: this page is the plain page of its link, the same for everyone
    holding it, and true until `fresh_until` (a timestamp) unless something changes."""
    response["Cache-Control"] = SHARED_PAGE_CACHE_CONTROL
    setattr(response, _SHAREABLE, fresh_until or float("inf"))


def mark_private(response: HttpResponse) -> None:
    response["Cache-Control"] = PROVEN_PAGE_CACHE_CONTROL


@dataclass(frozen=True)
class StoredPage:
    version: str
    generation: str
    etag: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def answer(self, request: HttpRequest) -> HttpResponseBase:
        if _matches(request, self.etag):
            return _not_modified(self.headers)
        response = HttpResponse(self.body)
        for name, value in self.headers:
            response[name] = value
        return response


def _not_modified(headers: Iterable[tuple[str, str]]) -> HttpResponseNotModified:
    """A 304 with the page's headers (its ETag, policy and caching), without its body."""
    not_modified = HttpResponseNotModified()
    for name, value in headers:
        if name.lower() not in _NOT_IN_304 | _NOT_REPLAYED:
            not_modified[name] = value
    return not_modified


def _etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    if not wanted:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return etag in tags or "*" in tags


@dataclass(frozen=True)
class _Visit:
    """A request that may be answered with a stored page."""

    token: str
    shipment_id: int
    key: str


class TrackingPageCacheMiddleware:
    """Serve a stored plain tracking page before anything else runs; store one after a render.

    Placed first: a hit costs the link's signature check and one read from the shared cache.
    A request that carries a session or messages (they may change the page), a query string
    (a language choice sets a cookie), or that the security middleware would redirect to HTTPS
    goes the full way and is never stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.prefix = reverse("tracking:shipment", kwargs={"token": "-"})[:-2]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        visit = self._visit(request)
        if visit is None:
            return self.get_response(request)
        cache = page_cache()
        vkey = version_key(visit.shipment_id)
        try:
            found = cache.get_many([visit.key, vkey, GENERATION_KEY])
        except Exception:  # any backend's failure: render the page, never answer a 500
            logger.warning("tracking page cache unreachable; rendering", exc_info=True)
            return self.get_response(request)
        version, generation = found.get(vkey), found.get(GENERATION_KEY)
        page = found.get(visit.key)
        if (
            isinstance(page, StoredPage)
            and version is not None
            and generation is not None
            and page.version == version
            and page.generation == generation
        ):
            return page.answer(request)
        # Stamps first, then the render: a change committed in between replaced them.
        if version is None:
            version = _stamp()
            if not cache.add(vkey, version, timeout=settings.HALTE_TRACKING_PAGE_SECONDS):
                version = cache.get(vkey)
        if generation is None:
            generation = _stamp()
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY)
        # A page kept for everyone is read from the primary: a lagging replica's old rows
        # stored under a fresh stamp would outlive the change that replaced them.
        with reading_from_primary():
            response = self.get_response(request)
        fresh_until = getattr(response, _SHAREABLE, None)
        if fresh_until is None or response.status_code != 200 or response.cookies:
            return response
        if not isinstance(response, HttpResponse) or version is None or generation is None:
            return response
        etag = _etag_of(response.content)
        response["ETag"] = etag
        timeout = min(float(settings.HALTE_TRACKING_PAGE_SECONDS), fresh_until - time.time())
        if timeout >= 1:
            headers = tuple(
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _NOT_REPLAYED
            )
            stored = StoredPage(version, generation, etag, headers, response.content)
            cache.set(visit.key, stored, timeout=int(timeout))
        if _matches(request, etag):
            return _not_modified(response.headers.items())
        return response

    def _visit(self, request: HttpRequest) -> _Visit | None:
        if request.method != "GET" or not request.path.startswith(self.prefix):
            return None
        if settings.HALTE_TRACKING_PAGE_SECONDS < 1:
            return None  # switched off: every view renders
        token = request.path[len(self.prefix) :]
        if not token.endswith("/") or "/" in token[:-1] or request.META.get("QUERY_STRING"):
            return None
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or CookieStorage.cookie_name in request.COOKIES
        ):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None
        token = token[:-1]
        shipment_id = parcel_of_token(token)
        if shipment_id is None:
            return None
        request.get_host()  # an unknown Host is refused here as on the full path
        language = chosen_language(request)
        return _Visit(token, shipment_id, page_key(token, language, request.is_secure()))
