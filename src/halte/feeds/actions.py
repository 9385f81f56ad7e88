"""The verbs of carrier feeds: record what a push or a poll says, poll a shipment, schedule
the polls that are due, and give stored events a code's new meaning.

Pushes, polls and the batch API all end in `do_record_carrier_events`, the one way carrier
events enter Halte, so they are idempotent with each other.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from pydantic import ValidationError

from halte.carriers.adapters import CarrierAdapter, adapter_for
from halte.carriers.feed import (
    AccessToken,
    CarrierEvent,
    Credentials,
    ItemProblem,
    MalformedPayload,
    Parsed,
    read_payload,
)
from halte.carriers.meanings import meaning_of
from halte.carriers.models import CarrierAccount, CarrierCode, ShipmentPoll
from halte.feeds.models import ReceivedPush
from halte.feeds.queries import pollable_shipments, polling_accounts
from halte.feeds.signals import code_mapped, polls_due
from halte.feeds.transport import PollFailed, fetch
from halte.organisations.models import Organisation
from halte.shipments.actions import RecordedBatch, do_record_carrier_events, refresh_shipment_states
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment, TrackingEvent
from halte.shipments.queries import compact_tracking_code
from halte.vocabulary.status import TERMINAL_STATUSES, Status

logger = logging.getLogger("halte.carriers")


@dataclass
class FeedOutcome:
    received: int
    recorded: RecordedBatch | None
    problems: list[ItemProblem] = field(default_factory=list)


def _event_input(carrier: str, event: CarrierEvent) -> dict[str, Any]:
    # Carrier wording is informative only: cut to the stored length rather than lose the event.
    item: dict[str, Any] = {
        "carrier": carrier,
        "tracking_code": event.tracking_code,
        "code": event.code,
        "description": event.description[:500],
        "occurred_at": event.occurred_at,
        "location": event.location[:200],
    }
    if event.delivery_place is not None:
        item["delivery_place"] = {
            "kind": event.delivery_place,
            "detail": event.delivery_place_detail[:200],
        }
    if event.window_start is not None or event.window_end is not None:
        item["window_start"], item["window_end"] = event.window_start, event.window_end
    if event.event_id:
        item["event_id"] = f"{event.event_id}"[:100]
    return item


def _validated(carrier: str, parsed: Parsed) -> tuple[list[CarrierEventInput], list[ItemProblem]]:
    """The events the batch path can take, and a problem for each one it cannot."""
    problems = list(parsed.problems)
    valid: list[CarrierEventInput] = []
    for index, event in enumerate(parsed.events):
        try:
            valid.append(CarrierEventInput.model_validate(_event_input(carrier, event)))
        except ValidationError as exc:
            position = index if event.position is None else event.position
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"])
                problems.append(ItemProblem(position, f"{where}: {error['msg']}"))
    return valid, problems


def do_record_carrier_feed(organisation: Organisation, carrier: str, parsed: Parsed) -> FeedOutcome:
    """Validate what an adapter read and store the valid events; problems are reported."""
    valid, problems = _validated(carrier, parsed)
    received = len(parsed.events) + len(parsed.problems)
    if not valid:
        return FeedOutcome(received, None, problems)
    return FeedOutcome(received, do_record_carrier_events(organisation, valid), problems)


@dataclass
class PushAcceptance:
    received: int
    accepted: int
    problems: list[ItemProblem] = field(default_factory=list)


def do_accept_push(organisation_id: int, carrier: str, parsed: Parsed) -> PushAcceptance:
    """Keep a verified push's readable events for the drainer: one insert, nothing else.

    The shipments, the events and the counters are the drainer's (`drain_pushes_once`), so a
    push costs the carrier one short write however busy its parcels are.
    """
    valid, problems = _validated(carrier, parsed)
    if valid:
        ReceivedPush.objects.create(
            organisation_id=organisation_id,
            carrier=carrier,
            events=[event.model_dump(mode="json", exclude_none=True) for event in valid],
        )
    return PushAcceptance(len(parsed.events) + len(parsed.problems), len(valid), problems)


# A push whose events could not be stored waits 5 s, 10 s, 20 s … at most an hour.
FIRST_PUSH_RETRY = timedelta(seconds=5)
LONGEST_PUSH_RETRY = timedelta(hours=1)


def push_retry_delay(attempts: int) -> timedelta:
    return _doubling(FIRST_PUSH_RETRY, LONGEST_PUSH_RETRY, attempts)


def _doubling(first: timedelta, longest: timedelta, failures: int) -> timedelta:
    """`first` after one failure, doubling with each further one, never more than `longest`."""
    # The exponent is capped (past `longest` anyway), as timedelta overflows past 2**40.
    delay: timedelta = first * (2 ** min(max(failures - 1, 0), 20))
    return min(delay, longest)


@dataclass
class DrainOutcome:
    pushes: int = 0
    events: int = 0
    stored: int = 0
    duplicates: int = 0
    pending: int = 0
    unmapped: int = 0
    failed: int = 0

    def add(self, recorded: RecordedBatch) -> None:
        self.stored += recorded.stored
        self.duplicates += recorded.duplicates
        self.pending += recorded.pending
        self.unmapped += recorded.unmapped

    def __str__(self) -> str:
        return (
            f"pushes drained: {self.pushes - self.failed} ({self.events} events: "
            f"{self.stored} stored, {self.duplicates} duplicates, {self.pending} pending, "
            f"{self.unmapped} unmapped); failed: {self.failed}"
        )


def _error_of(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def drain_pushes_once(
    batch: int = 1000,
    *,
    now: datetime | None = None,
    before_commit: Callable[[int], None] | None = None,
) -> DrainOutcome:
    """Store the events of up to `batch` waiting pushes, organisation by organisation.

    One transaction: the pushes are locked (PostgreSQL: skipping those another drainer holds),
    their events go through `do_record_carrier_events` — the batch API's path — and the pushes
    are deleted, so a drainer killed halfway leaves every push waiting and stores nothing
    twice. A push whose events fail is kept with the error and tried again later; the other
    pushes of its organisation are stored all the same.
    """
    now = now or timezone.now()
    outcome = DrainOutcome()
    # Polled ten times a second: an empty inbox costs one indexed read, no transaction (on
    # SQLite a transaction would take the write lock).
    if not ReceivedPush.objects.filter(next_attempt_at__lte=now).exists():
        return outcome
    with transaction.atomic(durable=True):
        due = ReceivedPush.objects.filter(next_attempt_at__lte=now).order_by(
            "next_attempt_at", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        pushes = list(due.only("id", "organisation_id", "events", "attempts")[:batch])
        if not pushes:
            return outcome
        outcome.pushes = len(pushes)
        failures: dict[int, str] = {}
        readable: dict[int, list[tuple[ReceivedPush, list[CarrierEventInput]]]] = {}
        for push in pushes:
            try:
                events = [CarrierEventInput.model_validate(item) for item in push.events]
            except (ValidationError, TypeError) as exc:
                failures[push.pk] = _error_of(exc)
                continue
            outcome.events += len(events)
            readable.setdefault(push.organisation_id, []).append((push, events))
        organisations = Organisation.objects.in_bulk(list(readable))
        for organisation_id, group in readable.items():
            organisation = organisations[organisation_id]
            try:
                # A savepoint: a failing group is undone alone, then tried push by push.
                with transaction.atomic():
                    outcome.add(
                        do_record_carrier_events(
                            organisation, [event for _, events in group for event in events]
                        )
                    )
                continue
            except Exception as exc:
                if len(group) == 1:
                    failures[group[0][0].pk] = _error_of(exc)
                    continue
            for push, events in group:
                try:
                    with transaction.atomic():
                        outcome.add(do_record_carrier_events(organisation, events))
                except Exception as exc:
                    failures[push.pk] = _error_of(exc)
        ReceivedPush.objects.filter(pk__in=[p.pk for p in pushes if p.pk not in failures]).delete()
        for push in pushes:
            if push.pk in failures:
                attempts = push.attempts + 1
                ReceivedPush.objects.filter(pk=push.pk).update(
                    attempts=attempts,
                    last_error=failures[push.pk],
                    next_attempt_at=now + push_retry_delay(attempts),
                )
                logger.warning("carrier push %s not stored: %s", push.pk, failures[push.pk])
        outcome.failed = len(failures)
        if before_commit is not None:
            before_commit(len(pushes))
    return outcome


# After a failure: 2, 4, 8 … minutes, never more than 6 hours between attempts.
FIRST_RETRY = timedelta(minutes=2)
LONGEST_RETRY = timedelta(hours=6)
# Set when a poll is queued, so the next scheduler tick does not queue it again meanwhile.
POLL_LEASE = timedelta(minutes=15)
# Per scheduler tick: carriers rate-limit their APIs, and one tick should finish in a minute.
POLLS_PER_TICK = 500
TOKEN_MARGIN = timedelta(minutes=5)


def retry_delay(failures: int) -> timedelta:
    """How long to wait after this many failures in a row."""
    return _doubling(FIRST_RETRY, LONGEST_RETRY, failures)


def do_schedule_due_polls(now: datetime | None = None) -> list[int]:
    """Queue a poll for every shipment that is due; returns their ids."""
    now = now or timezone.now()
    pollable = pollable_shipments(now)
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
        if due:
            transaction.on_commit(lambda: polls_due.send(ShipmentPoll, shipment_ids=due))
    return due


def do_poll_shipment(shipment_id: int, now: datetime | None = None) -> str:
    """Ask the carrier about one shipment and record what it says; never a delivered one."""
    now = now or timezone.now()
    shipment = Shipment.objects.select_related("organisation").filter(pk=shipment_id).first()
    if shipment is None or shipment.status in TERMINAL_STATUSES:
        ShipmentPoll.objects.filter(shipment_id=shipment_id).delete()
        return "not polled: delivered or gone"
    account = (
        polling_accounts()
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
            # Only adapters with a login step define read_token, beside token_request.
            answer: AccessToken = adapter.read_token(fetch(token_request(credentials)))  # type: ignore[attr-defined]  # see above
        except (MalformedPayload, PollFailed) as exc:
            raise PollFailed(f"the carrier's login failed: {exc}") from exc
        token = answer.value
        # Renewed a little early, so no poll goes out with a token about to lapse.
        seconds = int((answer.valid_for - TOKEN_MARGIN).total_seconds())
        if seconds > 0:
            cache.set(key, token, timeout=seconds)
    return Credentials(account.api_url, str(token), account.api_user)


def _same_code(event: CarrierEvent, tracking_code: str) -> bool:
    return compact_tracking_code(event.tracking_code) == tracking_code


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


# Shipments are refreshed in slices so one popular code never holds a lock for long.
REFRESH_BATCH = 1000


def do_map_carrier_code(
    code: CarrierCode, *, status: str, place: str = "", reason: str = ""
) -> None:
    """Record what a code means, then re-read every stored event with it in the background."""
    # Not durable: the admin calls this inside its own transaction.
    with transaction.atomic():
        code.status = status
        code.delivery_place = place if status == Status.DELIVERED else ""
        code.failure_reason = reason if status == Status.DELIVERY_FAILED else ""
        code.save(update_fields=["status", "delivery_place", "failure_reason"])
        pk = code.pk
        transaction.on_commit(lambda: code_mapped.send(CarrierCode, carrier_code_id=pk))


def do_renormalise_events_for_code(carrier_code_id: int) -> int:
    """Give stored events with this code its current meaning; returns shipments changed."""
    code = CarrierCode.objects.filter(pk=carrier_code_id).first()
    if code is None:
        return 0
    meaning = meaning_of(code)
    # The row holds the normalised code; events keep the code as sent (stripped on input), so
    # any case of it is the same code.
    events = TrackingEvent.objects.filter(carrier=code.carrier, raw_code__iexact=code.code)
    with transaction.atomic():
        if meaning is None:
            events.update(status=Status.UNMAPPED, failure_reason="")
        else:
            events.update(status=meaning.status, failure_reason=meaning.reason or "")
            if meaning.place:
                events.filter(delivery_place="").update(delivery_place=meaning.place)
    shipment_ids = list(
        events.filter(shipment__isnull=False).values_list("shipment_id", flat=True).distinct()
    )
    changed = 0
    for start in range(0, len(shipment_ids), REFRESH_BATCH):
        with transaction.atomic():
            changed += refresh_shipment_states(
                [i for i in shipment_ids[start : start + REFRESH_BATCH] if i is not None]
            )
    return changed
