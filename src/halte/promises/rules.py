"""Risk rules: is the promise still realistic? Pure functions of the parcel's derived state.

Because they read the state Halte derives from all events (order-independent, see
shipments.journey), a late or shuffled event can never make them cry wolf.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from halte.vocabulary.calendar import AMSTERDAM, in_amsterdam, next_business_day
from halte.vocabulary.promises import RiskRule
from halte.vocabulary.status import PRECEDENCE, Status

ALL_RULES = tuple(RiskRule)


@dataclass(frozen=True)
class ParcelFacts:
    status: str
    window_start: datetime | None
    window_end: datetime | None


@dataclass(frozen=True)
class RuleTimes:
    handover_cutoff: time
    sort_deadline: time
    country: str = "NL"


@dataclass(frozen=True)
class Risk:
    rule: RiskRule
    new_date: date


def find_risk(
    facts: ParcelFacts,
    promised: date,
    times: RuleTimes,
    now: datetime,
    rules: tuple[str, ...] = ALL_RULES,
) -> Risk | None:
    """The first rule that says the promised date will not be met, with a realistic new date."""
    if facts.status in (Status.DELIVERED, Status.RETURNED, Status.RETURNING_TO_SENDER):
        return None
    stage = PRECEDENCE.get(facts.status, -1)
    today = in_amsterdam(now).date()
    candidates: list[Risk] = []
    cutoff = datetime.combine(promised - timedelta(days=1), times.handover_cutoff, AMSTERDAM)
    if (
        RiskRule.NOT_HANDED_OVER in rules
        and stage < PRECEDENCE[Status.RECEIVED_BY_CARRIER]
        and now >= cutoff
    ):
        candidates.append(
            Risk(RiskRule.NOT_HANDED_OVER, next_business_day(max(promised, today), times.country))
        )
    deadline = datetime.combine(promised, times.sort_deadline, AMSTERDAM)
    if (
        RiskRule.NO_SORT_SCAN in rules
        and PRECEDENCE[Status.RECEIVED_BY_CARRIER] <= stage < PRECEDENCE[Status.AT_DEPOT]
        and now >= deadline
    ):
        candidates.append(
            Risk(RiskRule.NO_SORT_SCAN, next_business_day(max(promised, today), times.country))
        )
    if RiskRule.FAILED_ATTEMPT in rules and facts.status in (
        Status.DELIVERY_FAILED,
        Status.EXCEPTION,
    ):
        candidates.append(Risk(RiskRule.FAILED_ATTEMPT, next_business_day(today, times.country)))
    if RiskRule.WINDOW_PASSED in rules and facts.window_end is not None and facts.window_end < now:
        candidates.append(Risk(RiskRule.WINDOW_PASSED, next_business_day(today, times.country)))
    if RiskRule.CARRIER_ETA_LATE in rules and facts.window_start is not None:
        eta = in_amsterdam(facts.window_start).date()
        if eta > promised:
            candidates.append(Risk(RiskRule.CARRIER_ETA_LATE, eta))
    # A rule only matters when the promise itself is at stake.
    late = [risk for risk in candidates if risk.new_date > promised]
    return late[0] if late else None


def compensation_cents(tiers: list[list[int]], days_late: int) -> int:
    """The voucher for this many business days late: the highest tier reached, else nothing."""
    amount = 0
    for days, cents in sorted(tiers):
        if days_late >= days:
            amount = cents
    return amount


def quiet_until(now: datetime, quiet_from: time, quiet_until: time) -> datetime | None:
    """When a message decided now may go out, or None if it may go now."""
    local = in_amsterdam(now)
    moment = local.time()
    in_quiet = (
        quiet_from <= moment or moment < quiet_until
        if quiet_from > quiet_until
        else quiet_from <= moment < quiet_until
    )
    if not in_quiet:
        return None
    day = local.date() if moment < quiet_until else local.date() + timedelta(days=1)
    return datetime.combine(day, quiet_until, AMSTERDAM)
