"""API for what promises cost and deliver: vouchers to honour, and the metrics."""

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from halte.api_common import COMMON_ERRORS, ErrorOut, TokenRateThrottle
from halte.promises.models import Voucher
from halte.promises.queries import promise_metrics

router = Router(tags=["promises"], throttle=[TokenRateThrottle()])


class VoucherOut(Schema):
    code: str
    order: str
    tracking_code: str
    amount_cents: int
    status: str
    created_at: datetime


class MetricsOut(Schema):
    since: datetime
    promises_settled: int
    promises_kept: int
    kept_percent: float | None
    proactive_messages: int
    proactive_before_contact: int
    proactive_before_contact_percent: float | None
    vouchers: int
    compensation_cents: int


@router.get(
    "/vouchers",
    response={200: list[VoucherOut], 422: ErrorOut, **COMMON_ERRORS},
    summary="Vouchers issued for broken promises",
)
def list_vouchers(
    request: HttpRequest,
    since: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}", description="ISO 8601"),  # type: ignore[type-arg]
) -> list[VoucherOut]:
    vouchers = (
        Voucher.objects.filter(order__organisation=request.organisation)  # type: ignore[attr-defined]
        .select_related("order", "promise__shipment")
        .order_by("-created_at")
    )
    if since:
        try:
            moment = datetime.fromisoformat(since)
        except ValueError:
            raise HttpError(422, f"since '{since}' is not an ISO 8601 date or date-time") from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        vouchers = vouchers.filter(created_at__gte=moment)
    return [
        VoucherOut(
            code=v.code,
            order=v.order.reference,
            tracking_code=v.promise.shipment.tracking_code,
            amount_cents=v.amount_cents,
            status=v.status,
            created_at=v.created_at,
        )
        for v in vouchers[:1000]
    ]


@router.get(
    "/metrics/promises",
    response={200: MetricsOut, 422: ErrorOut, **COMMON_ERRORS},
    summary="Promises kept, told first, paid",
)
def metrics(
    request: HttpRequest,
    days: int = Query(30, ge=1, le=3660),  # type: ignore[type-arg]
) -> MetricsOut:
    since = timezone.now() - timedelta(days=days)
    m = promise_metrics(request.organisation, since)  # type: ignore[attr-defined]
    return MetricsOut(since=since, **vars(m))
