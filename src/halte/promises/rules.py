"""Risk rules: is the promise still realistic? Pure functions of the parcel's derived state.

Because they read the state Halte derives from all events (order-independent, see
shipments.journey), a late or shuffled event can never make them cry wolf.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from halte.vocabulary.calendar import AMSTERDAM, in_amsterdam, next_business_day
from halte.vocabulary.status import PRECEDENCE, Status

ALL_RULES = (
    "not_handed_over",
    "no_sort_scan",
    "failed_attempt",
    "window_passed",
    "carrier_eta_late",
)


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
    rule: str
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
        "not_handed_over" in rules
        and stage < PRECEDENCE[Status.RECEIVED_BY_CARRIER]
        and now >= cutoff
    ):
        candidates.append(
            Risk("not_handed_over", next_business_day(max(promised, today), times.country))
        )
    deadline = datetime.combine(promised, times.sort_deadline, AMSTERDAM)
    if (
        "no_sort_scan" in rules
        and PRECEDENCE[Status.RECEIVED_BY_CARRIER] <= stage < PRECEDENCE[Status.AT_DEPOT]
        and now >= deadline
    ):
        candidates.append(
            Risk("no_sort_scan", next_business_day(max(promised, today), times.country))
        )
    if "failed_attempt" in rules and facts.status in (Status.DELIVERY_FAILED, Status.EXCEPTION):
        candidates.append(Risk("failed_attempt", next_business_day(today, times.country)))
    if "window_passed" in rules and facts.window_end is not None and facts.window_end < now:
        candidates.append(Risk("window_passed", next_business_day(today, times.country)))
    if "carrier_eta_late" in rules and facts.window_start is not None:
        eta = in_amsterdam(facts.window_start).date()
        if eta > promised:
            candidates.append(Risk("carrier_eta_late", eta))
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
