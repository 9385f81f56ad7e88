"""Asking the shop's or carrier's system to act for a case, and taking in its answer.

A request is a typed webhook through the outbox (`carrier_request.created`,
`remedy.requested`); until it is answered the case waits on that third party. A request
whose webhook fails for good is "not delivered" and the case goes back to an agent: nothing
here ever reads as done before the other side said so.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from halte.cases.actions import do_receive_answer, do_record_request
from halte.cases.models import Case
from halte.journey.actions import record_touchpoint
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.remedies.models import CaseRequest
from halte.remedies.queries import offered_remedies
from halte.webhooks.actions import queue_webhook

CARRIER_EVENT = "carrier_request.created"
REMEDY_EVENT = "remedy.requested"


class Sent(StrEnum):
    """What became of an agent's request; only REQUESTED wrote anything."""

    REQUESTED = "requested"
    NO_WEBHOOK = "no_webhook"  # the organisation has no system to send it to
    NO_PARCEL = "no_parcel"  # the case names no parcel (a carrier request needs one)
    NO_ORDER = "no_order"  # the case names neither parcel nor order (a remedy needs one)
    NOT_OFFERED = "not_offered"  # a remedy the organisation does not allow
    WRONG_KIND = "wrong_kind"


@dataclass(frozen=True)
class RequestResult:
    outcome: Sent
    request: CaseRequest | None = None


def do_ask_carrier(case: Case, *, kind: str, note: str, by: AbstractBaseUser) -> RequestResult:
    """Proof of delivery or an investigation, asked of the carrier through the organisation's
    system (its webhook); the case waits on the carrier until the answer comes."""
    if kind not in CaseRequest.CARRIER_KINDS:
        return RequestResult(Sent.WRONG_KIND)
    if case.shipment_id is None:
        return RequestResult(Sent.NO_PARCEL)
    return _request(case, kind, note, by, event=CARRIER_EVENT, waiting_for="waiting for carrier")


def do_request_remedy(case: Case, *, kind: str, note: str, by: AbstractBaseUser) -> RequestResult:
    """Replacement, refund or return label, asked of the shop's system; only those the
    organisation allows."""
    if kind not in CaseRequest.REMEDY_KINDS:
        return RequestResult(Sent.WRONG_KIND)
    if kind not in offered_remedies(case.organisation):
        return RequestResult(Sent.NOT_OFFERED)
    if case.shipment_id is None and case.order_id is None:
        return RequestResult(Sent.NO_ORDER)
    return _request(case, kind, note, by, event=REMEDY_EVENT, waiting_for="waiting for the shop")


def _request(
    case: Case, kind: str, note: str, by: AbstractBaseUser, *, event: str, waiting_for: str
) -> RequestResult:
    organisation = case.organisation
    if not organisation.webhook_url:
        # Refused rather than recorded: nobody would receive it, and the desk must not say
        # "requested" for a request that goes nowhere.
        return RequestResult(Sent.NO_WEBHOOK)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("shipment", "order", "shipment__order")
            .get(pk=case.pk)
        )
        shipment = case.shipment
        order = case.order or (shipment.order if shipment else None)
        request = CaseRequest.objects.create(
            organisation=organisation,
            case=case,
            shipment=shipment,
            kind=kind,
            note=note[:1000],
            requested_by_id=by.pk,
        )
        dispatch = queue_webhook(
            organisation,
            event,
            {
                "request_id": request.pk,
                "kind": kind,
                "case": case.number,
                "carrier": shipment.carrier if shipment else "",
                "tracking_code": shipment.tracking_code if shipment else "",
                "order": order.reference if order else "",
                "note": request.note,
                "answer_url": str(settings.HALTE_BASE_URL).rstrip("/")
                + reverse("api-v1:answer_request", kwargs={"request_id": request.pk}),
            },
        )
        if dispatch is None:  # the URL was removed a moment ago
            transaction.set_rollback(True)
            return RequestResult(Sent.NO_WEBHOOK)
        request.dispatch = dispatch
        request.save(update_fields=["dispatch"])
        do_record_request(case, dispatch, f"{event}: {kind}", by=by, waiting_for=waiting_for)
        record_touchpoint(
            organisation_id=case.organisation_id,
            case_id=case.pk,
            shipment_id=case.shipment_id,
            customer_email=case.customer_email,
            kind=Touchpoint.Kind.AGENT_ACTION,
            summary=f"{event}: {kind}",
        )
    return RequestResult(Sent.REQUESTED, request)


class Answered(StrEnum):
    RECORDED = "recorded"
    NOT_FOUND = "not_found"  # unknown id, or another organisation's request
    ALREADY_ANSWERED = "already_answered"


@dataclass(frozen=True)
class AnswerResult:
    outcome: Answered
    request: CaseRequest | None = None


def do_answer_request(
    organisation: Organisation,
    request_id: int,
    *,
    outcome: str,
    answer: str,
    document_url: str = "",
) -> AnswerResult:
    """The shop's or carrier's answer lands on the case as a note and the case is back with an
    agent. One answer per request: a second is refused, so a retry changes nothing."""
    state = CaseRequest.State(outcome)
    if state not in CaseRequest.ANSWERED_STATES:
        raise ValueError(f"not an answer: {outcome}")
    with transaction.atomic():
        request = (
            CaseRequest.objects.select_for_update()
            .filter(organisation=organisation, pk=request_id)
            .first()
        )
        if request is None:
            return AnswerResult(Answered.NOT_FOUND)
        if request.state in CaseRequest.ANSWERED_STATES:
            return AnswerResult(Answered.ALREADY_ANSWERED, request)
        request.state = state
        request.answer, request.document_url = answer, document_url
        request.answered_at = timezone.now()
        request.save(update_fields=["state", "answer", "document_url", "answered_at"])
        who = "carrier" if request.to_carrier else "shop"
        body = answer + (f"\n\n{document_url}" if document_url else "")
        do_receive_answer(
            request.case, body=body, detail=f"{who} answered {request.kind}: {outcome}"
        )
    return AnswerResult(Answered.RECORDED, request)


def do_note_request_not_delivered(dispatch_id: int) -> int:
    """The webhook of a request failed for good: the request was never received. (The case
    itself goes back to an agent through `cases.do_note_failed_dispatch`.)"""
    with transaction.atomic():
        return CaseRequest.objects.filter(
            dispatch_id=dispatch_id, state=CaseRequest.State.REQUESTED
        ).update(state=CaseRequest.State.NOT_DELIVERED)
