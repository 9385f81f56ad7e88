"""What carrier feeds read: which accounts are polled, which shipments, whose push this is."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef

from halte.carriers.adapters import CarrierAdapter
from halte.carriers.models import CarrierAccount
from halte.shipments.models import Shipment
from halte.vocabulary.status import TERMINAL_STATUSES

# A shipment nobody delivered in this long is a case for a person, not for more polling.
POLL_FOR_AT_MOST = timedelta(days=30)


def account_for_push(
    adapter: CarrierAdapter, headers: Mapping[str, str], body: bytes
) -> CarrierAccount | None:
    """The active account whose webhook secret this push verifies under, if any."""
    accounts = CarrierAccount.objects.filter(carrier=adapter.SLUG, active=True).exclude(
        webhook_secret=""
    )
    for account in accounts.select_related("organisation"):
        if adapter.WEBHOOK_AUTH.verify(headers, body, account.webhook_secret):
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
