"""Judging promises: keep them, or break them first-hand with a new one and a voucher."""

import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import formats, timezone

from halte.cases.actions import (
    do_record_agent_action,
    do_send_proactive,
    do_tell_customer,
    first_response_due,
)
from halte.cases.models import Case, CaseActivity, Channel
from halte.journey.models import Touchpoint
from halte.promises import letters
from halte.promises.models import Promise, PromisePolicy, Voucher
from halte.promises.queries import desk_voucher_limit, policy_for
from halte.promises.rules import (
    ALL_RULES,
    ParcelFacts,
    Risk,
    RuleTimes,
    compensation_cents,
    find_risk,
    quiet_until,
)
from halte.shipments.models import Shipment
from halte.shipments.sentences import local_time, long_day
from halte.vocabulary.calendar import business_days_between, in_amsterdam
from halte.vocabulary.status import Status
from halte.webhooks.actions import queue_webhook


class PromiseOutcome(StrEnum):
    """What judging a shipment's promise came to."""

    ON_TRACK = "on_track"  # nothing to do: the promise still stands
    KEPT = "kept"  # delivered on or before the promised day
    LATE = "late"  # delivered, after the promised day
    AT_RISK_REPROMISED = "at_risk_repromised"  # broken first-hand, with a new promise
    ESCALATED = "escalated"  # the new promise broke too: a person takes over
    NO_PROMISE = "no_promise"  # no open promise, and none in the order to start one


# Why a delivered promise broke when no rule saw it coming; otherwise the RiskRule that did.
DELIVERED_LATE = "delivered_late"


@dataclass(frozen=True)
class Evaluation:
    outcome: PromiseOutcome
    promise: Promise | None = None
    risk: Risk | None = None
    case: Case | None = None
    voucher: Voucher | None = None


def _open_promise(shipment: Shipment) -> Promise | None:
    promise = Promise.objects.filter(shipment=shipment, state=Promise.State.OPEN).first()
    if promise is not None:
        return promise
    order = shipment.order
    if order is None or order.promised_date is None or shipment.promises.exists():
        return None
    return Promise.objects.create(
        shipment=shipment,
        date=order.promised_date,
        window_start=order.promised_window_start,
        window_end=order.promised_window_end,
        source=Promise.Source.CHECKOUT,
        made_at=order.placed_at,
    )


def _voucher_code() -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "HLT-" + "".join(secrets.choice(alphabet) for _ in range(8))


def _compensate(
    shipment: Shipment, promise: Promise, new_promise: Promise, policy: PromisePolicy
) -> Voucher | None:
    """A voucher scaled to the delay, once per order, approved automatically below a limit."""
    order = shipment.order
    # A voucher an agent gave for something else does not stand in for this compensation.
    if order is None or Voucher.objects.filter(order=order, promise__isnull=False).exists():
        return None
    days = business_days_between(promise.date, new_promise.date, shipment.organisation.country)
    cents = compensation_cents(policy.compensation, days)
    if cents <= 0:
        return None
    voucher = Voucher.objects.create(
        order=order,
        promise=new_promise,
        code=_voucher_code(),
        amount_cents=cents,
        status=(
            Voucher.Status.APPROVED
            if cents <= policy.auto_approve_cents
            else Voucher.Status.PENDING
        ),
    )
    queue_webhook(
        shipment.organisation,
        "voucher.issued",
        {
            "order": order.reference,
            "tracking_code": shipment.tracking_code,
            "code": voucher.code,
            "amount_cents": voucher.amount_cents,
            "status": voucher.status,
        },
    )
    return voucher


def do_judge_promises(shipment_ids: list[int]) -> int:
    """Judge each shipment's promise; how many had an outcome beyond "still on track". What a
    decision tells the customer leaves through the outbox."""
    return sum(
        do_evaluate_promise(pk).outcome is not PromiseOutcome.ON_TRACK for pk in shipment_ids
    )


def do_evaluate_promise(shipment_id: int, *, now: datetime | None = None) -> Evaluation:
    """Judge the shipment's open promise now. Idempotent: a broken promise breaks once."""
    now = now or timezone.now()
    with transaction.atomic():
        shipment = (
            # Lock only the shipment: PostgreSQL refuses FOR UPDATE on the nullable order join.
            Shipment.objects.select_for_update(of=("self",))
            .select_related("order", "organisation")
            .filter(pk=shipment_id)
            .first()
        )
        if shipment is None:
            return Evaluation(PromiseOutcome.NO_PROMISE)
        promise = _open_promise(shipment)
        if promise is None:
            return Evaluation(PromiseOutcome.NO_PROMISE)
        if shipment.status == Status.DELIVERED and shipment.delivered_at is not None:
            return _settle_delivered(promise, shipment.delivered_at, now)
        policy = policy_for(shipment.organisation_id)
        risk = find_risk(
            ParcelFacts(shipment.status, shipment.window_start, shipment.window_end),
            promise.date,
            RuleTimes(policy.handover_cutoff, policy.sort_deadline, shipment.organisation.country),
            now,
            tuple(policy.rules) or ALL_RULES,
        )
        if risk is None:
            return Evaluation(PromiseOutcome.ON_TRACK, promise)
        promise.state, promise.settled_at = Promise.State.BROKEN, now
        promise.broken_because = risk.rule
        promise.save(update_fields=["state", "settled_at", "broken_because"])
        send_after = quiet_until(now, policy.quiet_from, policy.quiet_until)
        if promise.is_repromise:
            return _escalate(shipment, promise, risk, now=now, send_after=send_after)
        return _repromise(shipment, promise, risk, policy, now=now, send_after=send_after)


def _settle_delivered(promise: Promise, delivered_at: datetime, now: datetime) -> Evaluation:
    """Delivered: the promise was kept when it came on the promised day (Dutch calendar)."""
    on_time = in_amsterdam(delivered_at).date() <= promise.date
    promise.state = Promise.State.KEPT if on_time else Promise.State.BROKEN
    promise.broken_because = "" if on_time else DELIVERED_LATE
    promise.settled_at = now
    promise.save(update_fields=["state", "broken_because", "settled_at"])
    return Evaluation(PromiseOutcome.KEPT if on_time else PromiseOutcome.LATE, promise)


# Proactive messages go out in Dutch: nobody has told us the customer's language yet.
LANGUAGE = "nl"


def _escalate(
    shipment: Shipment, promise: Promise, risk: Risk, *, now: datetime, send_after: datetime | None
) -> Evaluation:
    """The new promise broke too: no third automatic promise, a person takes over."""
    subject, body = letters.escalated(
        shipment, language=LANGUAGE, promised=promise.date, due=_due_text(shipment, now)
    )
    case = do_send_proactive(
        shipment,
        subject=subject,
        body=body,
        tags=["promise-broken-twice"],
        escalate=True,
        send_after=send_after,
    )
    return Evaluation(PromiseOutcome.ESCALATED, promise, risk, case)


def _repromise(
    shipment: Shipment,
    promise: Promise,
    risk: Risk,
    policy: PromisePolicy,
    *,
    now: datetime,
    send_after: datetime | None,
) -> Evaluation:
    """Break the promise first-hand: a realistic new date, a voucher when the policy gives one."""
    new_promise = Promise.objects.create(
        shipment=shipment,
        previous=promise,
        date=risk.new_date,
        source=Promise.Source.REPROMISE,
        made_at=now,
    )
    voucher = _compensate(shipment, promise, new_promise, policy)
    amount = formats.number_format(voucher.amount_cents / 100, 2) if voucher else ""
    subject, body = letters.repromise(
        shipment,
        language=LANGUAGE,
        old=promise.date,
        new=new_promise.date,
        rule=risk.rule,
        voucher=voucher.code if voucher and voucher.status == Voucher.Status.APPROVED else "",
        amount=f"€ {amount}",
    )
    case = do_send_proactive(
        shipment,
        subject=subject,
        body=body,
        sms=f"{subject} ({shipment.tracking_code})",
        tags=["promise-at-risk", risk.rule],
        send_after=send_after,
    )
    return Evaluation(PromiseOutcome.AT_RISK_REPROMISED, new_promise, risk, case, voucher)


def _due_text(shipment: Shipment, now: datetime) -> str:
    due = first_response_due(shipment.organisation, Channel.EMAIL, now)
    return f"{long_day(due)} {local_time(due)}"


class VoucherIssue(StrEnum):
    """What became of an agent's voucher; only ISSUED wrote anything."""

    ISSUED = "issued"
    NO_ORDER = "no_order"  # the case names no order to spend it against
    OVER_LIMIT = "over_limit"  # more than an agent may give (the policy's automatic approval)
    INVALID_AMOUNT = "invalid_amount"


@dataclass(frozen=True)
class IssuedVoucher:
    outcome: VoucherIssue
    voucher: Voucher | None = None
    limit_cents: int = 0


def _euros(cents: int) -> str:
    return "€ " + formats.number_format(cents / 100, 2)


def do_issue_voucher(
    case: Case, *, amount_cents: int, reason: str, by: AbstractBaseUser
) -> IssuedVoucher:
    """An agent makes up for something with a voucher on the case's order: approved at once up
    to the limit, the shop's system told (webhook `voucher.issued`), the customer told in the
    case's thread after commit."""
    limit = desk_voucher_limit(case.organisation_id)
    order = case.order or (case.shipment.order if case.shipment else None)
    if order is None:
        return IssuedVoucher(VoucherIssue.NO_ORDER, limit_cents=limit)
    if amount_cents <= 0:
        return IssuedVoucher(VoucherIssue.INVALID_AMOUNT, limit_cents=limit)
    if amount_cents > limit:
        return IssuedVoucher(VoucherIssue.OVER_LIMIT, limit_cents=limit)
    with transaction.atomic():
        voucher = Voucher.objects.create(
            order=order,
            promise=None,
            code=_voucher_code(),
            amount_cents=amount_cents,
            status=Voucher.Status.APPROVED,
            reason=reason[:300],
            issued_by_id=by.pk,
        )
        queue_webhook(
            case.organisation,
            "voucher.issued",
            {
                "order": order.reference,
                "tracking_code": case.shipment.tracking_code if case.shipment else "",
                "code": voucher.code,
                "amount_cents": voucher.amount_cents,
                "status": voucher.status,
                "reason": voucher.reason,
                "case": case.number,
            },
        )
        subject, body = letters.desk_voucher(
            case.number,
            case.customer_name,
            language=case.language,
            code=voucher.code,
            amount=_euros(amount_cents),
        )
        notice = do_tell_customer(case, subject=subject, body=body)
        do_record_agent_action(
            case,
            verb=CaseActivity.Verb.VOUCHER_ISSUED,
            detail=f"{voucher.code} {_euros(amount_cents)}: {voucher.reason}",
            by=by,
            dispatch=notice.dispatch,
            sentiment=Touchpoint.Sentiment.GOOD,
        )
    return IssuedVoucher(VoucherIssue.ISSUED, voucher, limit)
