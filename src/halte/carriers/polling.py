"""Polling carriers' tracking APIs for undelivered shipments, backing off on errors."""

import hashlib
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from halte.carriers.adapters import CarrierAdapter, adapter_for
from halte.carriers.feed import (
    AccessToken,
    CarrierEvent,
    Credentials,
    MalformedPayload,
    OutgoingRequest,
    read_payload,
)
from halte.carriers.intake import do_record_carrier_feed
from halte.carriers.models import CarrierAccount, ShipmentPoll
from halte.shipments.models import Shipment
from halte.shipments.status import TERMINAL_STATUSES

logger = logging.getLogger("halte.carriers")

# A shipment nobody delivered in this long is a case for a person, not for more polling.
POLL_FOR_AT_MOST = timedelta(days=30)
# After a failure: 2, 4, 8 … minutes, never more than 6 hours between attempts.
FIRST_RETRY = timedelta(minutes=2)
LONGEST_RETRY = timedelta(hours=6)
# Set when a poll is queued, so the next scheduler tick does not queue it again meanwhile.
POLL_LEASE = timedelta(minutes=15)
# Per scheduler tick: carriers rate-limit their APIs, and one tick should finish in a minute.
POLLS_PER_TICK = 500
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
TOKEN_MARGIN = timedelta(minutes=5)
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


def retry_delay(failures: int) -> timedelta:
    """How long to wait after this many failures in a row."""
    # The exponent is capped: 2**8 × 2 min is past the longest wait, and timedelta overflows
    # somewhere past 2**40.
    delay: timedelta = FIRST_RETRY * (2 ** min(max(failures - 1, 0), 8))
    return min(delay, LONGEST_RETRY)


def _polling_accounts() -> Any:
    """Accounts whose tracking API Halte asks: the scheduler and each poll use the same rule."""
    return CarrierAccount.objects.filter(polling=True, active=True).exclude(api_url="")


def _pollable_shipments(now: datetime) -> Any:
    polled_accounts = _polling_accounts().filter(
        organisation=OuterRef("organisation"), carrier=OuterRef("carrier")
    )
    return Shipment.objects.filter(
        Exists(polled_accounts), created_at__gte=now - POLL_FOR_AT_MOST
    ).exclude(status__in=TERMINAL_STATUSES)


def schedule_due_polls(now: datetime | None = None) -> list[int]:
    """Queue a poll for every shipment that is due; returns their ids."""
    from halte.carriers.tasks import poll_shipment

    now = now or timezone.now()
    pollable = _pollable_shipments(now)
    with transaction.atomic(durable=True):
        ShipmentPoll.objects.bulk_create(
            [
                ShipmentPoll(shipment_id=pk, next_poll_at=now)
                for pk in pollable.filter(poll__isnull=True).values_list("pk", flat=True)[
                    :POLLS_PER_TICK
                ]
            ],
            ignore_conflicts=True,
        )
        due = list(
            ShipmentPoll.objects.filter(next_poll_at__lte=now, shipment__in=pollable.values("pk"))
            .order_by("next_poll_at")
            .select_for_update(skip_locked=True)
            .values_list("shipment_id", flat=True)[:POLLS_PER_TICK]
        )
        ShipmentPoll.objects.filter(shipment_id__in=due).update(next_poll_at=now + POLL_LEASE)
        for pk in due:
            transaction.on_commit(lambda pk=pk: poll_shipment.enqueue(pk))  # type: ignore[misc]
    return due


def do_poll_shipment(shipment_id: int, now: datetime | None = None) -> str:
    """Ask the carrier about one shipment and record what it says; never a delivered one."""
    now = now or timezone.now()
    shipment = Shipment.objects.select_related("organisation").filter(pk=shipment_id).first()
    if shipment is None or shipment.status in TERMINAL_STATUSES:
        ShipmentPoll.objects.filter(shipment_id=shipment_id).delete()
        return "not polled: delivered or gone"
    account = (
        _polling_accounts()
        .filter(organisation=shipment.organisation_id, carrier=shipment.carrier)
        .first()
    )
    adapter = adapter_for(shipment.carrier)
    if account is None or adapter is None:
        ShipmentPoll.objects.filter(shipment_id=shipment_id).delete()
        return "not polled: no carrier account polls this carrier"
    try:
        credentials = _credentials(adapter, account)
        body = fetch(adapter.tracking_request(shipment.tracking_code, credentials))
        try:
            parsed = read_payload(adapter.parse_tracking, body, shipment.tracking_code, "answer")
        except MalformedPayload as exc:
            raise PollFailed(f"the carrier's answer could not be read: {exc}") from exc
    # Whatever went wrong — the network, the carrier, an answer nobody foresaw — the poll is
    # noted as failed and backs off, rather than being retried at every tick.
    except Exception as exc:
        reason = str(exc) if isinstance(exc, PollFailed) else f"{type(exc).__name__}: {exc}"
        # Carriers do not agree on how they refuse a stale token (401, 403, a SOAP fault
        # with 500): after any failure the next poll logs in afresh.
        cache.delete(_token_key(account))
        _note_poll(shipment_id, now, error=reason)
        logger.warning("poll of %s %s failed: %s", shipment.carrier, shipment.tracking_code, reason)
        return f"failed: {reason}"
    # Only events about this shipment: a carrier answer never writes into another parcel.
    parsed.events = [e for e in parsed.events if _same_code(e, shipment.tracking_code)]
    outcome = do_record_carrier_feed(shipment.organisation, shipment.carrier, parsed)
    _note_poll(shipment_id, now, every=timedelta(minutes=account.poll_every_minutes))
    stored = outcome.recorded.stored if outcome.recorded else 0
    return f"polled: {stored} new events"


def _token_key(account: CarrierAccount) -> str:
    # The secret's digest in the key: a changed password never reuses the old token.
    digest = hashlib.sha256(f"{account.api_user}:{account.api_key}".encode()).hexdigest()[:16]
    return f"halte:carrier-token:{account.pk}:{digest}"


def _credentials(adapter: CarrierAdapter, account: CarrierAccount) -> Credentials:
    """The account's own key, or for carriers with a login step a token, kept until it expires."""
    credentials = Credentials(account.api_url, account.api_key, account.api_user)
    token_request = getattr(adapter, "token_request", None)
    if token_request is None:
        return credentials
    key = _token_key(account)
    token = cache.get(key)
    if token is None:
        try:
            answer: AccessToken = adapter.read_token(fetch(token_request(credentials)))  # type: ignore[attr-defined]
        except (MalformedPayload, PollFailed) as exc:
            raise PollFailed(f"the carrier's login failed: {exc}") from exc
        token = answer.value
        # Renewed a little early, so no poll goes out with a token about to lapse.
        seconds = int((answer.valid_for - TOKEN_MARGIN).total_seconds())
        if seconds > 0:
            cache.set(key, token, timeout=seconds)
    return Credentials(account.api_url, str(token), account.api_user)


def _same_code(event: CarrierEvent, tracking_code: str) -> bool:
    return event.tracking_code.replace(" ", "").upper() == tracking_code


def _note_poll(
    shipment_id: int, now: datetime, *, error: str = "", every: timedelta | None = None
) -> None:
    poll, _ = ShipmentPoll.objects.get_or_create(
        shipment_id=shipment_id, defaults={"next_poll_at": now}
    )
    poll.last_polled_at = now
    if error:
        poll.failures += 1
        poll.last_error = error[:500]
        poll.next_poll_at = now + retry_delay(poll.failures)
    else:
        poll.failures = 0
        poll.last_error = ""
        poll.last_success_at = now
        poll.next_poll_at = now + (every or timedelta(minutes=30))
    poll.save(
        update_fields=[
            "last_polled_at",
            "failures",
            "last_error",
            "last_success_at",
            "next_poll_at",
        ]
    )
