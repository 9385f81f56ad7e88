"""Limits on failed tracking look-ups: no guessing, and no locking out the right recipient.

Three counts, all of misses (a code with the wrong postcode, or a code that does not exist):

- per client and tracking code (HALTE_TRACKING_LOOKUP_LIMIT, 10): guessing the postcode of one
  parcel from one address. Nobody else behind that address is affected.
- per client (HALTE_TRACKING_LOOKUP_CLIENT_LIMIT, 100): enumerating many codes from one address.
  High, because an office or a phone network may put many recipients behind one address.
- per tracking code over all clients (HALTE_TRACKING_LOOKUP_CODE_LIMIT, 30): guessing one
  parcel's postcode from many addresses.

All three expire HALTE_TRACKING_LOOKUP_WINDOW_SECONDS (15 minutes) after their first miss.
"""

import hashlib

from django.conf import settings

from halte.limits import Allowance, Limit, allowance, note
from halte.shipments.queries import compact_tracking_code


def _limits(client: str, tracking_code: str) -> list[tuple[Limit, str]]:
    window = settings.HALTE_TRACKING_LOOKUP_WINDOW_SECONDS
    # Hashed: a code is whatever the visitor typed, and cache keys must stay plain and short.
    code = hashlib.sha256(compact_tracking_code(tracking_code).encode()).hexdigest()[:32]
    return [
        (
            Limit("tracking-misses:client-code", settings.HALTE_TRACKING_LOOKUP_LIMIT, window),
            f"{client}:{code}",
        ),
        (
            Limit("tracking-misses:client", settings.HALTE_TRACKING_LOOKUP_CLIENT_LIMIT, window),
            client,
        ),
        (Limit("tracking-misses:code", settings.HALTE_TRACKING_LOOKUP_CODE_LIMIT, window), code),
    ]


def lookup_allowance(client: str, tracking_code: str) -> Allowance:
    """Whether this client may try this code now; checked before the code is looked at."""
    refused = [
        answer
        for limit, key in _limits(client, tracking_code)
        if not (answer := allowance(limit, key)).allowed
    ]
    if refused:
        return Allowance(False, max(answer.retry_after_seconds for answer in refused))
    return Allowance(True, 0)


def note_failed_lookup(client: str, tracking_code: str) -> None:
    for limit, key in _limits(client, tracking_code):
        note(limit, key)
