"""State changes of organisations and their API tokens."""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from halte.organisations.models import ApiToken, Organisation, Scope, all_scopes

TOKEN_PREFIX = "halte_"  # noqa: S105 - a marker, not a secret


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def do_issue_api_token(
    organisation: Organisation,
    *,
    name: str,
    key: str | None = None,
    scopes: Iterable[str] | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token and return it with its key, which is never stored in plain text.

    `scopes` names the groups of routes it may reach (every scope when not given); an unknown
    scope is refused with ValueError, so a typo never issues a token that reaches nothing.
    """
    chosen = list(dict.fromkeys(scopes)) if scopes is not None else all_scopes()
    unknown = [scope for scope in chosen if scope not in Scope.values]
    if unknown:
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}")
    key = key or TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name,
            prefix=key[: len(TOKEN_PREFIX) + 4],
            key_hash=hash_api_key(key),
            scopes=chosen,
        )
    return token, key


def do_revoke_api_token(token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
