"""Judging promises: keep them, or break them first-hand with a new one and a voucher."""

import secrets
import string
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import formats, timezone

from halte.cases.actions import do_send_proactive, first_response_due
from halte.cases.models import Case, Channel
from halte.promises import letters
from halte.promises.models import Promise, PromisePolicy, Voucher
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
from halte.vocabulary.calendar import business_days_between
from halte.vocabulary.status import Status
from halte.webhooks.actions import queue_webhook


@dataclass(frozen=True)
class Evaluation:
    # none | kept | late | at_risk_repromised | escalated | no_promise
    outcome: str
    promise: Promise | None = None
    risk: Risk | None = None
    case: Case | None = None
    voucher: Voucher | None = None


def policy_for(organisation_id: int) -> PromisePolicy:
    return PromisePolicy.objects.filter(organisation_id=organisation_id).first() or PromisePolicy(
        organisation_id=organisation_id
    )


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
    if order is None or Voucher.objects.filter(order=order).exists():
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


def evaluate_promise(shipment_id: int, *, now: datetime | None = None) -> Evaluation:
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
            return Evaluation("no_promise")
        promise = _open_promise(shipment)
        if promise is None:
            return Evaluation("no_promise")
        if shipment.status == Status.DELIVERED and shipment.delivered_at is not None:
            on_time = timezone.localtime(shipment.delivered_at).date() <= promise.date
            promise.state = Promise.State.KEPT if on_time else Promise.State.BROKEN
            promise.broken_because = "" if on_time else "delivered_late"
            promise.settled_at = now
            promise.save(update_fields=["state", "broken_because", "settled_at"])
            return Evaluation("kept" if on_time else "late", promise)
        policy = policy_for(shipment.organisation_id)
        risk = find_risk(
            ParcelFacts(shipment.status, shipment.window_start, shipment.window_end),
            promise.date,
            RuleTimes(policy.handover_cutoff, policy.sort_deadline, shipment.organisation.country),
            now,
            tuple(policy.rules) or ALL_RULES,
        )
        if risk is None:
            return Evaluation("none", promise)
        promise.state, promise.settled_at = Promise.State.BROKEN, now
        promise.broken_because = risk.rule
        promise.save(update_fields=["state", "settled_at", "broken_because"])
        send_after = quiet_until(now, policy.quiet_from, policy.quiet_until)
        language = "nl"
        if promise.is_repromise:
            # The new promise broke too: no third automatic promise, a person takes over.
            subject, body = letters.escalated(
                shipment, language=language, promised=promise.date, due=_due_text(shipment, now)
            )
            case = do_send_proactive(
                shipment,
                subject=subject,
                body=body,
                tags=["promise-broken-twice"],
                escalate=True,
                send_after=send_after,
            )
            return Evaluation("escalated", promise, risk, case)
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
            language=language,
            old=promise.date,
            new=new_promise.date,
            rule=risk.rule,
            voucher=voucher.code if voucher and voucher.status == Voucher.Status.APPROVED else "",
            amount=f"€ {amount}",
        )
        sms = f"{subject} ({shipment.tracking_code})"
        case = do_send_proactive(
            shipment,
            subject=subject,
            body=body,
            sms=sms,
            tags=["promise-at-risk", risk.rule],
            send_after=send_after,
        )
        return Evaluation("at_risk_repromised", new_promise, risk, case, voucher)


def _due_text(shipment: Shipment, now: datetime) -> str:
    due = first_response_due(shipment.organisation, Channel.EMAIL, now)
    return f"{long_day(due)} {local_time(due)}"


def shipments_to_watch() -> list[int]:
    """Shipments with a promise still open, or an order promise not yet turned into one."""
    open_ids = set(
        Promise.objects.filter(state=Promise.State.OPEN).values_list("shipment_id", flat=True)
    )
    unpromised = set(
        Shipment.objects.filter(order__promised_date__isnull=False, promises__isnull=True)
        .exclude(status=Status.DELIVERED)
        .values_list("pk", flat=True)
    )
    return sorted(open_ids | unpromised)
