"""Read-side of returns: the policy in force, a parcel's returns, counts per reason."""

from dataclasses import dataclass
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.db.models import Count, Q, QuerySet

from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.returns import letters
from halte.returns.models import Return, ReturnPolicy
from halte.returns.rules import Policy, policy_from
from halte.shipments.models import Shipment


def policy_for(organisation: Organisation) -> Policy:
    stored = (
        ReturnPolicy.objects.filter(organisation=organisation).prefetch_related("reasons").first()
    )
    return policy_from(stored)


def _returns() -> "QuerySet[Return]":
    return Return.objects.select_related(
        "original", "original__order", "shipment", "label_request", "remedy_request", "case"
    )


def open_return_of(original: Shipment) -> Return | None:
    """The parcel's return that is not settled yet, if it has one (at most one: a constraint)."""
    return _returns().filter(original=original, refund=Return.Refund.REQUESTED).first()


def return_by_shipment(shipment: Shipment) -> Return | None:
    """The return that a return shipment carries; None for any other shipment."""
    if shipment.kind != Shipment.Kind.RETURN:
        return None
    return _returns().filter(shipment=shipment).first()


def returns_of(original: Shipment) -> list[Return]:
    return list(_returns().filter(original=original))


def return_of_organisation(organisation: Organisation, return_id: int) -> Return | None:
    """A return by id, only within the asking organisation: another's is as good as absent."""
    return _returns().filter(organisation=organisation, pk=return_id).first()


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int
    refused_at_door: int


def reason_counts(
    organisation: Organisation, *, since: datetime, language: str = "nl"
) -> list[ReasonCount]:
    """Returns per reason since a moment, most frequent first: where the journey hurts."""
    policy = policy_for(organisation)
    rows = (
        Return.objects.filter(organisation=organisation, opened_at__gte=since)
        .values("reason")
        .annotate(n=Count("pk"), at_door=Count("pk", filter=Q(refused_at_door=True)))
        .order_by("-n", "reason")
    )
    counts = []
    for row in rows:
        known = policy.reason(row["reason"])
        counts.append(
            ReasonCount(
                reason=row["reason"],
                label=known.label(language) if known else row["reason"],
                count=row["n"],
                refused_at_door=row["at_door"],
            )
        )
    return counts


def recent_returns(organisation: Organisation, *, limit: int = 50) -> list[Return]:
    """The organisation's latest returns with whether their requests reached the shop."""
    return list(_returns().filter(organisation=organisation)[:limit])


def label_qr_svg(ret: Return) -> str:
    """The label's QR text as an SVG image to show at the drop-off point; empty without one."""
    if not ret.label_qr:
        return ""
    image = qrcode.make(ret.label_qr, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))


@dataclass(frozen=True)
class ReturnPanel:
    """What a tracking page shows about a return: on the return's page, or the parcel's."""

    ret: Return
    label_sentence: str
    refund_sentence: str
    way_back: str
    qr_svg: str
    # The label request (webhook) failed for good: the customer hears a person takes over.
    request_failed: bool
    # Any request to the shop (label, remedy) failed for good: the desk shows it.
    shop_not_reached: bool


def return_panel(ret: Return) -> ReturnPanel:
    failed = ret.label_request is not None and ret.label_request.state == Dispatch.State.FAILED
    remedy_failed = (
        ret.remedy_request is not None and ret.remedy_request.state == Dispatch.State.FAILED
    )
    return ReturnPanel(
        ret=ret,
        label_sentence=letters.label_sentence(ret),
        refund_sentence=letters.refund_sentence(ret),
        way_back=letters.way_back_phrase(ret.way_back),
        qr_svg=label_qr_svg(ret) if ret.label == Return.Label.READY else "",
        request_failed=failed and ret.label == Return.Label.REQUESTED,
        shop_not_reached=failed or remedy_failed,
    )
