"""Error codes of carrier pushes as a whole; a push's single events get field codes."""

from enum import StrEnum


class FeedErrorCode(StrEnum):
    UNKNOWN_CARRIER = "unknown_carrier"
    # Neither the shared secret nor the signature matches an account's webhook secret.
    PUSH_NOT_VERIFIED = "push_not_verified"
    # The body is not the carrier's format at all; nothing was stored.
    UNREADABLE_PAYLOAD = "unreadable_payload"
    # More events in one push than a batch may hold; nothing was stored.
    PUSH_TOO_LARGE = "push_too_large"
