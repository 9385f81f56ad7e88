"""Risk rules, compensation tiers and quiet hours, as pure functions."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from halte.promises.rules import (
    ParcelFacts,
    RuleTimes,
    compensation_cents,
    find_risk,
    quiet_until,
)
from halte.vocabulary.calendar import business_days_between
from halte.vocabulary.status import Status

AMS = ZoneInfo("Europe/Amsterdam")
TIMES = RuleTimes(handover_cutoff=time(22), sort_deadline=time(9))
THURSDAY = date(2026, 11, 19)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=AMS)


def facts(status: str, start: datetime | None = None, end: datetime | None = None) -> ParcelFacts:
    return ParcelFacts(status, start, end)


def test_not_handed_over_before_the_cutoff_is_no_risk_yet() -> None:
    assert find_risk(facts(Status.ANNOUNCED), THURSDAY, TIMES, at(18, 21, 59)) is None


def test_not_handed_over_by_the_cutoff_moves_to_the_next_business_day() -> None:
    risk = find_risk(facts(Status.ANNOUNCED), THURSDAY, TIMES, at(18, 22, 5))
    assert risk is not None and (risk.rule, risk.new_date) == (
        "not_handed_over",
        date(2026, 11, 20),
    )


def test_friday_promise_missed_moves_to_monday() -> None:
    risk = find_risk(facts(Status.ANNOUNCED), date(2026, 11, 20), TIMES, at(19, 23))
    assert risk is not None and risk.new_date == date(2026, 11, 23)


def test_received_but_not_sorted_by_the_deadline() -> None:
    risk = find_risk(facts(Status.RECEIVED_BY_CARRIER), THURSDAY, TIMES, at(19, 9, 30))
    assert risk is not None and risk.rule == "no_sort_scan"


def test_early_failed_attempt_does_not_endanger_a_later_promise() -> None:
    assert find_risk(facts(Status.DELIVERY_FAILED), date(2026, 11, 24), TIMES, at(19, 11)) is None


def test_failed_attempt_on_the_promised_day_is_a_risk() -> None:
    risk = find_risk(facts(Status.DELIVERY_FAILED), THURSDAY, TIMES, at(19, 11))
    assert risk is not None and risk.rule == "failed_attempt"


def test_window_passed_without_delivery() -> None:
    risk = find_risk(
        facts(Status.WINDOW_SET, at(19, 16, 33), at(19, 17, 33)), THURSDAY, TIMES, at(19, 20)
    )
    assert risk is not None and risk.rule == "window_passed"


def test_carrier_eta_beyond_the_promise() -> None:
    risk = find_risk(facts(Status.WINDOW_SET, at(20, 10), at(20, 11)), THURSDAY, TIMES, at(18, 12))
    assert risk is not None and (risk.rule, risk.new_date) == (
        "carrier_eta_late",
        date(2026, 11, 20),
    )


@pytest.mark.parametrize("status", [Status.DELIVERED, Status.RETURNED])
def test_finished_parcels_carry_no_risk(status: str) -> None:
    assert find_risk(facts(status), THURSDAY, TIMES, at(25, 12)) is None


def test_compensation_follows_the_tiers() -> None:
    tiers = [[1, 500], [3, 1000]]
    assert [compensation_cents(tiers, d) for d in (0, 1, 2, 3, 9)] == [0, 500, 500, 1000, 1000]
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 23), "NL") == 1  # Fri → Mon


def test_quiet_hours_hold_a_message_until_morning() -> None:
    assert quiet_until(at(18, 22, 5), time(21), time(8)) == at(19, 8)
    assert quiet_until(at(19, 6, 0), time(21), time(8)) == at(19, 8)
    assert quiet_until(at(19, 12, 0), time(21), time(8)) is None
