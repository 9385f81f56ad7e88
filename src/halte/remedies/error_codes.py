"""Error codes of the requests API: answers from the shop's or carrier's system."""

from enum import StrEnum


class RemedyErrorCode(StrEnum):
    # No request of the token's organisation has this id (another's is not found either).
    REQUEST_NOT_FOUND = "request_not_found"
    # The request has its answer already; the first one stands.
    ALREADY_ANSWERED = "already_answered"
