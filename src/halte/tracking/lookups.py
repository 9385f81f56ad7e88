"""Limits on failed tracking look-ups, so tracking codes cannot be enumerated."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class LookupAllowance:
    allowed: bool
    retry_after_seconds: int


def _key(client: str) -> str:
    return f"halte:tracking:failed-lookups:{client}"


def lookup_allowance(client: str) -> LookupAllowance:
    failures = cache.get(_key(client), 0)
    if failures >= settings.HALTE_TRACKING_LOOKUP_LIMIT:
        return LookupAllowance(False, settings.HALTE_TRACKING_LOOKUP_WINDOW_SECONDS)
    return LookupAllowance(True, 0)


def note_failed_lookup(client: str) -> None:
    key = _key(client)
    window = settings.HALTE_TRACKING_LOOKUP_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
