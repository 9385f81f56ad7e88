"""The derived state of a shipment, whatever order its events arrive in."""

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from halte.shipments.journey import ANNOUNCED_STATE, advance_state, current_state
from halte.vocabulary.status import Status

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@dataclass
class Ev:
    status: str
    minutes: int
    delivery_place: str = ""
    delivery_place_detail: str = ""
    failure_reason: str = ""
    window_start: datetime | None = None
    window_end: datetime | None = None

    @property
    def occurred_at(self) -> datetime:
        return T0 + timedelta(minutes=self.minutes)


def test_no_events_means_announced() -> None:
    assert current_state([]) == ANNOUNCED_STATE


def test_only_unmapped_events_leave_the_shipment_announced() -> None:
    assert current_state([Ev(Status.UNMAPPED, 5)]).status == Status.ANNOUNCED


def test_latest_event_wins() -> None:
    state = current_state([Ev(Status.RECEIVED_BY_CARRIER, 0), Ev(Status.AT_DEPOT, 60)])
    assert state.status == Status.AT_DEPOT
    assert state.status_at == T0 + timedelta(minutes=60)


def test_old_scan_never_moves_delivered_parcel_back() -> None:
    delivered = Ev(Status.DELIVERED, 100, delivery_place="mailbox")
    late_old_scan = Ev(Status.OUT_FOR_DELIVERY, 50)
    later_stray_scan = Ev(Status.IN_TRANSIT, 200)
    state = current_state([delivered, late_old_scan, later_stray_scan])
    assert state.status == Status.DELIVERED
    assert state.delivered_at == delivered.occurred_at
    assert state.delivery_place == "mailbox"


def test_same_result_in_every_arrival_order() -> None:
    events = [
        Ev(Status.ANNOUNCED, 0),
        Ev(Status.RECEIVED_BY_CARRIER, 10),
        Ev(Status.OUT_FOR_DELIVERY, 20),
        Ev(Status.DELIVERY_FAILED, 30, failure_reason="address_incorrect"),
        Ev(Status.OUT_FOR_DELIVERY, 40),
        Ev(Status.DELIVERED, 50, delivery_place="safe_place", delivery_place_detail="tuin"),
    ]
    states = {current_state(list(order)) for order in itertools.permutations(events)}
    assert len(states) == 1
    (state,) = states
    assert state.status == Status.DELIVERED
    assert state.delivery_place_detail == "tuin"


def test_new_attempt_after_failed_delivery_is_current() -> None:
    state = current_state(
        [
            Ev(Status.DELIVERY_FAILED, 30, failure_reason="address_incorrect"),
            Ev(Status.OUT_FOR_DELIVERY, 40),
        ]
    )
    assert state.status == Status.OUT_FOR_DELIVERY
    assert state.failure_reason == ""


def test_failed_delivery_keeps_its_reason() -> None:
    state = current_state([Ev(Status.DELIVERY_FAILED, 30, failure_reason="not_home")])
    assert state.failure_reason == "not_home"


def test_events_at_the_same_moment_follow_precedence() -> None:
    state = current_state([Ev(Status.DELIVERED, 10), Ev(Status.OUT_FOR_DELIVERY, 10)])
    assert state.status == Status.DELIVERED


def test_latest_window_is_kept() -> None:
    first = Ev(Status.WINDOW_SET, 0, window_start=T0, window_end=T0 + timedelta(hours=1))
    moved = Ev(
        Status.WINDOW_CHANGED,
        30,
        window_start=T0 + timedelta(hours=2),
        window_end=T0 + timedelta(hours=3),
    )
    state = current_state([moved, first])
    assert state.window_start == T0 + timedelta(hours=2)


def test_window_of_a_failed_attempt_is_dropped() -> None:
    window = Ev(Status.WINDOW_SET, 0, window_start=T0, window_end=T0 + timedelta(hours=1))
    failed = Ev(Status.DELIVERY_FAILED, 30, failure_reason="not_home")
    assert current_state([window, failed]).window_start is None


def _random_events(rng: random.Random, count: int) -> list[Ev]:
    statuses = [s for s in Status if s is not Status.ANNOUNCED]
    events = []
    for _ in range(count):
        status = rng.choice(statuses)
        minutes = rng.randint(0, 40)
        window = rng.random() < 0.3
        events.append(
            Ev(
                status,
                minutes,
                delivery_place=rng.choice(["", "mailbox", "neighbour"]),
                failure_reason=rng.choice(["", "not_home"]),
                window_start=T0 + timedelta(minutes=minutes + 60) if window else None,
                window_end=T0 + timedelta(minutes=minutes + 120) if window else None,
            )
        )
    return events


def test_advancing_a_state_equals_recomputing_from_all_events() -> None:
    rng = random.Random(20261123)
    advanced_count = 0
    for _ in range(3000):
        events = _random_events(rng, rng.randint(1, 8))
        split = rng.randint(0, len(events))
        old, new = events[:split], events[split:]
        advanced = advance_state(current_state(old), new)
        if advanced is not None:
            advanced_count += 1
            assert advanced == current_state(events), (old, new)
    # The fast path must actually be taken often, or it is not worth its keep.
    assert advanced_count > 500


def test_advancing_refuses_events_older_than_the_state() -> None:
    state = current_state([Ev(Status.AT_DEPOT, 30)])
    assert advance_state(state, [Ev(Status.IN_TRANSIT, 10)]) is None


def test_advancing_refuses_after_a_terminal_state() -> None:
    state = current_state([Ev(Status.DELIVERED, 30)])
    assert advance_state(state, [Ev(Status.IN_TRANSIT, 50)]) is None


def test_new_attempt_after_failure_does_not_bring_back_the_old_window() -> None:
    window = Ev(Status.WINDOW_SET, 0, window_start=T0, window_end=T0 + timedelta(hours=1))
    failed = Ev(Status.DELIVERY_FAILED, 30, failure_reason="address_incorrect")
    again = Ev(Status.OUT_FOR_DELIVERY, 60)
    assert current_state([window, failed, again]).window_start is None
