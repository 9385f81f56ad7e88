"""Per-client limits on public forms, so no one can enumerate codes or flood the desk."""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    maximum: int
    window_seconds: int


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after_seconds: int


def client_of(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(limit: Limit, client: str) -> str:
    return f"halte:limit:{limit.name}:{client}"


def allowance(limit: Limit, client: str) -> Allowance:
    if cache.get(_key(limit, client), 0) >= limit.maximum:
        return Allowance(False, limit.window_seconds)
    return Allowance(True, 0)


def note(limit: Limit, client: str) -> None:
    """Count one use; the count expires `window_seconds` after the first use."""
    key = _key(limit, client)
    if cache.add(key, 1, timeout=limit.window_seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window_seconds)
