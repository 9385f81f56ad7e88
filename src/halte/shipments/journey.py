"""Where a shipment is now, derived from its events in any order they arrived."""

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple, Protocol

from halte.vocabulary.status import PRECEDENCE, TERMINAL_STATUSES, Status


class EventFacts(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def delivery_place(self) -> str: ...
    @property
    def delivery_place_detail(self) -> str: ...
    @property
    def failure_reason(self) -> str: ...
    @property
    def window_start(self) -> datetime | None: ...
    @property
    def window_end(self) -> datetime | None: ...


class ShipmentState(NamedTuple):
    """A shipment's derived state; a tuple, because a batch builds a thousand of them."""

    status: str
    status_at: datetime | None
    delivery_place: str
    delivery_place_detail: str
    failure_reason: str
    window_start: datetime | None
    window_end: datetime | None
    delivered_at: datetime | None


ANNOUNCED_STATE = ShipmentState(Status.ANNOUNCED, None, "", "", "", None, None, None)

STATE_FIELDS = [
    "status",
    "status_at",
    "delivery_place",
    "delivery_place_detail",
    "failure_reason",
    "window_start",
    "window_end",
    "delivered_at",
]


def _order_key(event: EventFacts) -> tuple[datetime, int]:
    return (event.occurred_at, PRECEDENCE[event.status])


def current_state(events: Iterable[EventFacts]) -> ShipmentState:
    """The state a customer should see: the latest event, except that a terminal one holds.

    Events are ordered by when they happened, not when they arrived, so a late batch of old
    scans changes nothing; once delivered or returned, only a later terminal event moves it.
    """
    mapped = [e for e in events if e.status != Status.UNMAPPED]
    if not mapped:
        return ANNOUNCED_STATE
    terminal = [e for e in mapped if e.status in TERMINAL_STATUSES]
    current = max(terminal or mapped, key=_order_key)

    # A window announced before the last failed attempt belongs to that attempt, not the next.
    failures = [e.occurred_at for e in mapped if e.status == Status.DELIVERY_FAILED]
    last_failure = max(failures) if failures else None
    window_events = [
        e
        for e in mapped
        if e.window_start and (last_failure is None or e.occurred_at > last_failure)
    ]
    latest_window = max(window_events, key=_order_key) if window_events else None

    return ShipmentState(
        status=current.status,
        status_at=current.occurred_at,
        delivery_place=current.delivery_place if current.status == Status.DELIVERED else "",
        delivery_place_detail=(
            current.delivery_place_detail if current.status == Status.DELIVERED else ""
        ),
        failure_reason=current.failure_reason if current.status == Status.DELIVERY_FAILED else "",
        window_start=latest_window.window_start if latest_window else None,
        window_end=latest_window.window_end if latest_window else None,
        delivered_at=current.occurred_at if current.status == Status.DELIVERED else None,
    )


class _StateAsEvent(NamedTuple):
    """A known state standing in for the events it was derived from."""

    status: str
    occurred_at: datetime
    delivery_place: str
    delivery_place_detail: str
    failure_reason: str
    window_start: datetime | None
    window_end: datetime | None


def advance_state(state: ShipmentState, new_events: Iterable[EventFacts]) -> ShipmentState | None:
    """The state after events that all happened after it, or None when a full recompute is due.

    Most scans arrive in order, so the state so far can stand in for the older events: this
    gives the same answer as `current_state` over all events without reading them back.
    """
    mapped = [e for e in new_events if e.status != Status.UNMAPPED]
    if not mapped:
        return state
    if state.status_at is None:
        # Announced with no mapped event yet: only unmapped ones may be stored, which count for
        # nothing, so the new events alone decide.
        return current_state(mapped)
    # A terminal state may have older-looking scans after it, and an event at or before the
    # state's moment may tie with events the stand-in hides: both need every event.
    if state.status in TERMINAL_STATUSES or any(e.occurred_at <= state.status_at for e in mapped):
        return None
    known = _StateAsEvent(
        status=state.status,
        occurred_at=state.status_at,
        delivery_place=state.delivery_place,
        delivery_place_detail=state.delivery_place_detail,
        failure_reason=state.failure_reason,
        window_start=state.window_start,
        window_end=state.window_end,
    )
    return current_state([known, *mapped])
