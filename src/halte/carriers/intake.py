"""Carrier events in from a push or a poll: verified, read by the adapter, validated, stored.

Pushes and polls both end in `do_record_carrier_events`, the one way carrier events enter
Halte, so a push, a poll and the batch API are idempotent with each other: the same event
from two roads is stored once.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from halte.carriers.adapters import CarrierAdapter
from halte.carriers.feed import (
    CarrierEvent,
    ItemProblem,
    MalformedPayload,
    Parsed,
    read_payload,
)
from halte.carriers.models import CarrierAccount
from halte.organisations.models import Organisation
from halte.shipments.actions import RecordedBatch, do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput


@dataclass
class FeedOutcome:
    received: int
    recorded: RecordedBatch | None
    problems: list[ItemProblem] = field(default_factory=list)


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


def do_record_carrier_feed(organisation: Organisation, carrier: str, parsed: Parsed) -> FeedOutcome:
    """Validate what an adapter read and store the valid events; problems are reported."""
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
    received = len(parsed.events) + len(parsed.problems)
    if not valid:
        return FeedOutcome(received, None, problems)
    return FeedOutcome(received, do_record_carrier_events(organisation, valid), problems)


def read_push(adapter: CarrierAdapter, body: bytes, content_type: str) -> Parsed:
    """The adapter's reading of a push; anything it did not foresee is a malformed payload."""
    if not body.strip():
        raise MalformedPayload("the request body is empty")
    return read_payload(adapter.parse_webhook, body, content_type, f"{adapter.SLUG} push")
