"""Limits on failed tracking look-ups, so tracking codes cannot be enumerated."""

from django.conf import settings

from halte.limits import Allowance, Limit, allowance, note


def _limit() -> Limit:
    return Limit(
        "tracking-failed-lookups",
        settings.HALTE_TRACKING_LOOKUP_LIMIT,
        settings.HALTE_TRACKING_LOOKUP_WINDOW_SECONDS,
    )


def lookup_allowance(client: str) -> Allowance:
    return allowance(_limit(), client)


def note_failed_lookup(client: str) -> None:
    note(_limit(), client)
