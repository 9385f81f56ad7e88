"""Read-side of promises: the policy that judges them, which shipments to judge, and the
metrics for the analytics (kept %, told-before-asked %, compensation paid)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, Sum

from halte.cases.models import Case, CaseMessage
from halte.organisations.models import Organisation
from halte.promises.models import Promise, PromisePolicy, Voucher
from halte.shipments.models import Shipment
from halte.vocabulary.status import Status


@dataclass(frozen=True)
class PromiseMetrics:
    promises_settled: int
    promises_kept: int
    kept_percent: float | None
    proactive_messages: int
    proactive_before_contact: int
    proactive_before_contact_percent: float | None
    vouchers: int
    compensation_cents: int


def policy_for(organisation_id: int) -> PromisePolicy:
    """The organisation's promise policy, or the defaults when it set none."""
    return PromisePolicy.objects.filter(organisation_id=organisation_id).first() or PromisePolicy(
        organisation_id=organisation_id
    )


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


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def promise_metrics(organisation: Organisation, since: datetime) -> PromiseMetrics:
    settled = Promise.objects.filter(
        shipment__organisation=organisation, settled_at__gte=since
    ).exclude(state=Promise.State.OPEN)
    kept = settled.filter(state=Promise.State.KEPT).count()
    proactive = CaseMessage.objects.filter(
        case__organisation=organisation,
        kind=CaseMessage.Kind.PROACTIVE,
        channel="email",
        created_at__gte=since,
    ).select_related("case")
    first_contact = dict(
        Case.objects.filter(organisation=organisation, shipment__isnull=False)
        .filter(messages__direction=CaseMessage.Direction.INBOUND)
        .values_list("shipment_id")
        .annotate(first=Min("messages__created_at"))
    )
    before = sum(
        1
        for m in proactive
        if first_contact.get(m.case.shipment_id) is None
        or m.created_at < first_contact[m.case.shipment_id]
    )
    vouchers = Voucher.objects.filter(
        order__organisation=organisation,
        promise__isnull=False,
        created_at__gte=since,
        status=Voucher.Status.APPROVED,
    )
    total = len(proactive)
    return PromiseMetrics(
        promises_settled=settled.count(),
        promises_kept=kept,
        kept_percent=_percent(kept, settled.count()),
        proactive_messages=total,
        proactive_before_contact=before,
        proactive_before_contact_percent=_percent(before, total),
        vouchers=vouchers.count(),
        compensation_cents=vouchers.aggregate(total=Sum("amount_cents"))["total"] or 0,
    )


def vouchers_of_order(order_id: int | None) -> list[Voucher]:
    """Every voucher of one order, oldest first, for the desk."""
    if order_id is None:
        return []
    return list(Voucher.objects.filter(order_id=order_id).select_related("issued_by"))


def desk_voucher_limit(organisation_id: int) -> int:
    """The most an agent may give from the desk, in cents: what the policy approves by itself."""
    return policy_for(organisation_id).auto_approve_cents
