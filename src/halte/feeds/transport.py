"""Talking to carriers' systems: fetching a tracking answer, reading a push's body."""

import urllib.error
import urllib.request

from halte.carriers.adapters import CarrierAdapter
from halte.carriers.feed import MalformedPayload, OutgoingRequest, Parsed, read_payload

MAX_RESPONSE_BYTES = 5 * 1024 * 1024
POLL_TIMEOUT_SECONDS = 10.0


class PollFailed(Exception):
    """The carrier's API could not be asked or did not answer usefully; retried later."""


def fetch(request: OutgoingRequest) -> bytes:
    outgoing = urllib.request.Request(  # noqa: S310 - the account's configured API URL
        request.url, data=request.body, headers=dict(request.headers), method=request.method
    )
    try:
        with urllib.request.urlopen(outgoing, timeout=POLL_TIMEOUT_SECONDS) as response:  # noqa: S310
            body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise PollFailed(f"the carrier answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PollFailed(f"the carrier's API could not be reached: {reason}") from exc
    if len(body) > MAX_RESPONSE_BYTES:
        raise PollFailed("the carrier's answer is larger than 5 MB")
    return body


def read_push(adapter: CarrierAdapter, body: bytes, content_type: str) -> Parsed:
    """The adapter's reading of a push; anything it did not foresee is a malformed payload."""
    if not body.strip():
        raise MalformedPayload("the request body is empty")
    return read_payload(adapter.parse_webhook, body, content_type, f"{adapter.SLUG} push")
