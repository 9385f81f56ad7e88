"""What carrier feeds read: which accounts are polled, which shipments, whose push this is."""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef

from halte.carriers.adapters import CarrierAdapter
from halte.carriers.feed import SharedSecret, secret_digest
from halte.carriers.models import CarrierAccount
from halte.shipments.models import Shipment
from halte.vocabulary.status import TERMINAL_STATUSES

# A shipment nobody delivered in this long is a case for a person, not for more polling.
POLL_FOR_AT_MOST = timedelta(days=30)


@dataclass(frozen=True)
class PushAccount:
    """Whose push this is: enough to record it, nothing else."""

    pk: int
    organisation_id: int
    carrier: str


@dataclass(frozen=True)
class _CarrierSecrets:
    loaded_at: float
    # (account, its webhook secret) for schemes that must try each candidate (HMAC).
    candidates: tuple[tuple[PushAccount, str], ...]
    # sha256 of the secret -> account, for schemes that send the secret itself.
    by_digest: dict[bytes, tuple[PushAccount, str]]


# Each process keeps a carrier's active accounts this long; a saved or deleted account clears
# it at once in its own process (receivers.py), the others see the change within this time.
SECRETS_FOR_SECONDS = 5.0
_secrets: dict[str, _CarrierSecrets] = {}


def forget_push_accounts() -> None:
    """An account changed: read the accounts afresh at the next push."""
    _secrets.clear()


def _secrets_of(carrier: str) -> _CarrierSecrets:
    known = _secrets.get(carrier)
    now = time.monotonic()
    if known is not None and now - known.loaded_at < SECRETS_FOR_SECONDS:
        return known
    rows = (
        CarrierAccount.objects.filter(carrier=carrier, active=True)
        .exclude(webhook_secret="")
        .order_by("pk")
        .values_list("pk", "organisation_id", "webhook_secret")
    )
    candidates = tuple((PushAccount(pk, org, carrier), secret) for pk, org, secret in rows)
    by_digest = {secret_digest(secret): (account, secret) for account, secret in candidates}
    known = _CarrierSecrets(now, candidates, by_digest)
    _secrets[carrier] = known
    return known


def account_for_push(
    adapter: CarrierAdapter, headers: Mapping[str, str], body: bytes
) -> PushAccount | None:
    """The active account whose webhook secret this push verifies under, if any.

    A secret sent as it is (SharedSecret) is found by its digest, whatever the number of
    accounts; a signature (HMAC) can only be tried under each candidate's secret, compared in
    constant time. No query per push: the accounts are kept in memory for a few seconds.
    """
    auth = adapter.WEBHOOK_AUTH
    known = _secrets_of(adapter.SLUG)
    if isinstance(auth, SharedSecret):
        given = auth.given_secret(headers)
        if not given:
            return None
        found = known.by_digest.get(secret_digest(given))
        # The digest found it; verify says the same in constant time, as for every scheme.
        if found is not None and auth.verify(headers, body, found[1]):
            return found[0]
        return None
    for account, secret in known.candidates:
        if auth.verify(headers, body, secret):
            return account
    return None


def polling_accounts() -> Any:
    """Accounts whose tracking API Halte asks: the scheduler and each poll use the same rule."""
    return CarrierAccount.objects.filter(polling=True, active=True).exclude(api_url="")


def pollable_shipments(now: datetime) -> Any:
    polled_accounts = polling_accounts().filter(
        organisation=OuterRef("organisation"), carrier=OuterRef("carrier")
    )
    return Shipment.objects.filter(
        Exists(polled_accounts), created_at__gte=now - POLL_FOR_AT_MOST
    ).exclude(status__in=TERMINAL_STATUSES)
