"""Error codes of an organisation's API access: its token and its rate."""

from enum import StrEnum


class AccessErrorCode(StrEnum):
    # No `Authorization: Bearer <token>` header at all, or another scheme.
    TOKEN_MISSING = "token_missing"  # noqa: S105 - an error code, not a secret
    # A bearer token that is unknown or revoked.
    TOKEN_INVALID = "token_invalid"  # noqa: S105 - an error code, not a secret
    # A valid token that lacks the scope this route requires (403); `detail` names the scope.
    SCOPE_MISSING = "scope_missing"
    # More requests than HALTE_API_RATE allows this token; Retry-After says when to retry.
    THROTTLED = "throttled"
