"""API for what promises cost and deliver: vouchers to honour, and the metrics."""

from datetime import datetime, timedelta

from django.utils import timezone
from ninja import Field, P, QueryEx, Router, Schema, Status

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.promises.error_codes import PromiseErrorCode
from halte.promises.models import Voucher
from halte.promises.queries import promise_metrics

router = Router(tags=["promises"], throttle=[TokenRateThrottle()])


class VoucherOut(Schema):
    code: str = Field(
        description="The code the customer enters at the shop.", examples=["HLT-7QX2KM4P"]
    )
    order: str = Field(description="The shop's order reference.", examples=["ORD-1001"])
    tracking_code: str = Field(
        description="The parcel of the broken promise; empty for a voucher an agent issued.",
        examples=["3SHALT0101010"],
    )
    amount_cents: int = Field(description="Value in euro cents.", examples=[500])
    status: str = Field(
        description="approved, or pending while it waits for approval.", examples=["approved"]
    )
    reason: str = Field(
        description="Why an agent issued it; empty for compensation of a broken promise.",
        examples=[""],
    )
    created_at: datetime = Field(examples=["2026-11-22T09:00:00+01:00"])


class MetricsOut(Schema):
    since: datetime = Field(
        description="Start of the period counted.", examples=["2026-10-23T09:00:00+02:00"]
    )
    promises_settled: int = Field(
        description="Promises kept or broken in the period.", examples=[120]
    )
    promises_kept: int = Field(examples=[114])
    kept_percent: float | None = Field(
        description="None without settled promises.", examples=[95.0]
    )
    proactive_messages: int = Field(
        description="Messages Halte sent before being asked.", examples=[40]
    )
    proactive_before_contact: int = Field(
        description="Of those, sent before the customer got in touch.", examples=[36]
    )
    proactive_before_contact_percent: float | None = Field(examples=[90.0])
    vouchers: int = Field(description="Vouchers issued for broken promises.", examples=[6])
    compensation_cents: int = Field(description="Their value in euro cents.", examples=[3000])


class PromiseErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.",
        examples=["since '2026-02-30' is not an ISO 8601 date or date-time"],
    )
    code: PromiseErrorCode = Field(examples=[PromiseErrorCode.INVALID_SINCE])


@router.get(
    "/vouchers",
    response={200: list[VoucherOut], 422: PromiseErrorOut | RequestErrorOut, **COMMON_ERRORS},
    summary="Vouchers issued for broken promises or by agents",
)
def list_vouchers(
    request: OrganisationRequest,
    since: QueryEx[
        str | None,
        P(
            pattern=r"^\d{4}-\d{2}-\d{2}",
            description="Only vouchers issued from then on: an ISO 8601 date or date-time.",
            example="2026-11-01",
        ),
    ] = None,
) -> Status[list[VoucherOut] | PromiseErrorOut]:
    vouchers = (
        Voucher.objects.filter(order__organisation=request.auth)
        .select_related("order", "promise__shipment")
        .order_by("-created_at")
    )
    if since:
        try:
            moment = datetime.fromisoformat(since)
        except ValueError:
            return Status(
                422,
                PromiseErrorOut(
                    detail=f"since '{since}' is not an ISO 8601 date or date-time",
                    code=PromiseErrorCode.INVALID_SINCE,
                ),
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        vouchers = vouchers.filter(created_at__gte=moment)
    return Status(
        200,
        [
            VoucherOut(
                code=v.code,
                order=v.order.reference,
                tracking_code=v.promise.shipment.tracking_code if v.promise else "",
                amount_cents=v.amount_cents,
                status=v.status,
                reason=v.reason,
                created_at=v.created_at,
            )
            for v in vouchers[:1000]
        ],
    )


@router.get(
    "/metrics/promises",
    response={200: MetricsOut, 422: RequestErrorOut, **COMMON_ERRORS},
    summary="Promises kept, told first, paid",
)
def metrics(
    request: OrganisationRequest,
    days: QueryEx[
        int, P(ge=1, le=3660, description="Count the last this many days.", example=30)
    ] = 30,
) -> MetricsOut:
    since = timezone.now() - timedelta(days=days)
    m = promise_metrics(request.auth, since)
    return MetricsOut(since=since, **vars(m))
