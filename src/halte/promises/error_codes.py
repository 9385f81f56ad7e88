"""Error codes of the promises API: vouchers and metrics."""

from enum import StrEnum


class PromiseErrorCode(StrEnum):
    # `since` matches the date pattern but is no date (2026-02-30).
    INVALID_SINCE = "invalid_since"
