"""Read-side of cases: threads, journeys, queues and the agent's one-screen view."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import FileResponse
from django.utils import timezone

from halte.cases.models import Attachment, Case, CaseActivity, CaseMessage, IntentCorrection
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.shipments.detection import tracking_code_candidates
from halte.shipments.links import tracking_url
from halte.shipments.models import Shipment

# A first response due within this time is shown as "at risk" in the queue.
AT_RISK = timedelta(hours=1)


def customer_thread(case: Case) -> list[CaseMessage]:
    """What the customer may see: everything except internal notes and what others wrote."""
    return list(
        case.messages.exclude(direction=CaseMessage.Direction.NOTE)
        .exclude(sender=CaseMessage.Sender.OTHER)
        .select_related("author")
        # Each message lists its files: one query for all of them, not one per message.
        .prefetch_related("attachments")
    )


def parcel_codes_mentioned(case: Case) -> list[str]:
    """Tracking codes the case's messages mention, for an agent when no parcel was linked.

    A code matching parcels at more than one carrier is never linked by itself.
    """
    texts = case.messages.filter(direction=CaseMessage.Direction.INBOUND).values_list(
        "subject", "body_display"
    )
    return tracking_code_candidates("\n".join(f"{subject}\n{body}" for subject, body in texts))


def journey(case: Case) -> list[Touchpoint]:
    """The case's touchpoints, and what the customer did about its parcel outside any case
    (an address corrected on the tracking page, say)."""
    about_the_parcel = Q(case=case)
    if case.shipment_id is not None:
        about_the_parcel |= Q(case__isnull=True, shipment_id=case.shipment_id)
    return list(
        Touchpoint.objects.filter(about_the_parcel, organisation_id=case.organisation_id).order_by(
            "at", "pk"
        )
    )


@dataclass(frozen=True)
class SlaBadge:
    label: str
    level: str  # "breached", "at-risk", "ok", "met"


def sla_badge(case: Case, now: datetime) -> SlaBadge:
    if case.first_response_at is None and case.first_response_due and case.is_open:
        left = case.first_response_due - now
        minutes = int(left.total_seconds() // 60)
        if left < timedelta(0):
            return SlaBadge(f"-{abs(minutes) // 60}h{abs(minutes) % 60:02d}", "breached")
        if left < AT_RISK:
            return SlaBadge(f"{minutes} min", "at-risk")
        return SlaBadge(f"{minutes // 60}h{minutes % 60:02d}", "ok")
    if case.resolution_due and case.is_open and case.resolution_due < now:
        return SlaBadge("resolution", "breached")
    return SlaBadge("", "met")


def queue(
    organisations: QuerySet[Organisation],
    *,
    state: str = "open",
    owner_id: int | None = None,
    unassigned: bool = False,
    breached: bool = False,
    intent: str = "",
) -> list[tuple[Case, SlaBadge]]:
    cases = Case.objects.filter(organisation__in=organisations).select_related(
        "owner", "shipment", "organisation"
    )
    if state == "active":  # every state that still needs someone
        cases = cases.still_open()
    elif state:
        cases = cases.filter(state=state)
    if owner_id:
        cases = cases.filter(owner_id=owner_id)
    if unassigned:
        cases = cases.filter(owner__isnull=True)
    if intent == "undecided":  # the reading was unsure: a person decides
        cases = cases.filter(needs_person=True)
    elif intent:
        cases = cases.filter(intent=intent)
    now = timezone.now()
    if breached:
        cases = cases.filter(first_response_at__isnull=True, first_response_due__lt=now)
    # Urgent first (a disputed address change, a promise broken twice), then by what is due.
    ordered = cases.order_by("-priority", "first_response_due", "pk")
    rows = [(c, sla_badge(c, now)) for c in ordered[:200]]
    return rows


def earlier_cases(case: Case) -> list[Case]:
    return list(
        Case.objects.filter(organisation=case.organisation_id, customer_email=case.customer_email)
        .exclude(pk=case.pk)
        .order_by("-created_at")[:10]
    )


def activities(case: Case) -> list[CaseActivity]:
    return list(case.activities.select_related("actor", "dispatch"))


# Shown inline only when the bytes were recognised as an image; anything else is downloaded.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def attachment_response(attachment: Attachment) -> FileResponse:
    """The stored file, never rendered as HTML whatever its name or claimed type."""
    inline = attachment.content_type in INLINE_TYPES
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.filename,
        content_type=attachment.content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


def recipients_cases(shipment: Shipment) -> "QuerySet[Case]":
    """The cases of the parcel's recipient; someone else may ask about the parcel too (a
    sender, a neighbour): an agent sees that case on the parcel, but the recipient's tracking
    link shows and closes only the recipient's own."""
    if not shipment.recipient_email:
        return Case.objects.none()
    return Case.objects.filter(shipment=shipment, customer_email__iexact=shipment.recipient_email)


def cases_of_shipment(shipment: Shipment) -> list[Case]:
    """The cases a recipient holding the tracking link may see and close."""
    return list(recipients_cases(shipment).order_by("-created_at")[:10])


def parcel_of_case_url(case: Case) -> str:
    """The tracking page of the case's parcel, for the case page to link back to — only when
    the case is the recipient's own: a neighbour or sender who asked must not be handed the
    recipient's address."""
    shipment = case.shipment
    if shipment is None or not shipment.recipient_email:
        return ""
    if shipment.recipient_email.lower() != case.customer_email.lower():
        return ""
    return tracking_url(shipment)


def intent_corrections() -> Iterator[dict[str, str]]:
    """The agents' corrections as training examples for `train_understanding --extra-from`:
    the customer's words and the reason an agent gave them, the latest correction per case."""
    latest: dict[int, IntentCorrection] = {}
    for correction in IntentCorrection.objects.order_by("at", "pk").iterator():
        latest[correction.case_id] = correction
    for correction in latest.values():
        example = {"text": correction.text, "intent": correction.intent}
        if correction.language:
            example["language"] = correction.language
        yield example
