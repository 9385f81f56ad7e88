"""Per-client limits on public forms and sign-in, counted in the shared cache across processes.

Who "the client" is matters as much as the count: behind a reverse proxy every request comes
from the proxy's address, and the X-Forwarded-For header is whatever the visitor typed unless a
proxy we trust wrote it. `client_of` is the one place that decides; the look-up limits, the
form limits and django-axes (sign-in lockout) all ask it.
"""

import base64
import ipaddress
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Limit:
    name: str
    maximum: int
    window_seconds: int


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after_seconds: int


def trusted_proxies(entries: list[str]) -> list[IPNetwork]:
    """Parse HALTE_TRUSTED_PROXIES; a bad entry raises ValueError naming it."""
    networks: list[IPNetwork] = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            message = f"HALTE_TRUSTED_PROXIES: {entry!r} is no IP address or CIDR"
            raise ValueError(message) from error
    return networks


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443", as some proxies write it
        text = text[1 : text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: IPAddress, proxies: list[IPNetwork]) -> bool:
    return any(address in network for network in proxies)


def client_of(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the first untrusted hop behind trusted proxies.

    X-Forwarded-For is read only when the connection itself comes from a trusted proxy, and
    from the right: each trusted proxy appends the address it saw, so the right-most address
    that is not one of ours is the last one nobody could forge. Anything left of it was sent
    by the client and is ignored. An empty string means the address is unknown (a socket
    without one); those clients share one count.
    """
    remote = _address(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return ""
    proxies = trusted_proxies(settings.HALTE_TRUSTED_PROXIES)
    if not _trusted(remote, proxies):
        return str(remote)
    nearest = remote
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A trusted proxy wrote something that is no address: trust nothing beyond it.
            break
        if not _trusted(address, proxies):
            return str(address)
        nearest = address
    return str(nearest)


def _key(limit: Limit, client: str) -> str:
    return f"halte:limit:{limit.name}:{client}"


def allowance(limit: Limit, client: str) -> Allowance:
    if cache.get(_key(limit, client), 0) >= limit.maximum:
        return Allowance(False, limit.window_seconds)
    return Allowance(True, 0)


def note(limit: Limit, client: str) -> None:
    """Count one use; the count expires `window_seconds` after the first use.

    `add` creates the counter with its expiry and `incr` counts atomically in Redis and in
    CountingDatabaseCache, so web workers in different processes share one count.
    """
    key = _key(limit, client)
    if cache.add(key, 1, timeout=limit.window_seconds):
        return
    try:
        counted = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window_seconds)
        return
    if counted == 1:
        # Redis' INCR recreated a key that expired after Django's existence check, without an
        # expiry; give it one, or this client would be counted forever.
        cache.set(key, 1, timeout=limit.window_seconds)


class CountingDatabaseCache(DatabaseCache):
    """Django's database cache with an `incr` that counts right when processes race.

    The stock `incr` is get-then-set, so two workers counting at once lose a count. Here the
    row is read FOR UPDATE and rewritten in one transaction (SQLite serialises writers anyway).
    """

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self.cache_model_class._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')} FROM {table} "  # noqa: S608 - names quoted, values bound
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} > %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 - our own rows
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s "  # noqa: S608 - names quoted, values bound
                f"WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return int(value)


def limit_submissions(
    name: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                limit = Limit(f"form:{name}", settings.HALTE_FORM_SUBMISSIONS_PER_HOUR, 3600)
                client = client_of(request)
                if not allowance(limit, client).allowed:
                    response = render(
                        request,
                        "too_many.html",
                        {
                            "message": _(
                                "You sent this form very often. Please try again in an hour, "
                                "or reply to one of our e-mails."
                            )
                        },
                        status=429,
                    )
                    response["Retry-After"] = "3600"
                    return response
                note(limit, client)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
