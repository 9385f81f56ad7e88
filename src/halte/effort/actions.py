"""Asking the effort question after a problem is sorted, and recording the answer.

A question goes by e-mail through the outbox, after the asking transaction commits (and after
the organisation's quiet hours, when it set them in its promise policy). Nobody is asked twice
a week, nor while an earlier question still waits for an answer; see `rules`.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from halte.cases.models import Case
from halte.cases.reply_addresses import reply_address
from halte.effort.letters import question_letter
from halte.effort.models import AskedAddress, EffortQuestion
from halte.effort.queries import (
    JOURNEY_ENDS,
    asked_too_recently,
    customer_language,
    had_a_hitch,
    sorted_case_of,
)
from halte.effort.rules import (
    CHANGEABLE_FOR,
    COMMENT_MAX_LENGTH,
    DELIVERY_STILL_FRESH,
    NO_QUESTION_TAGS,
    sentiment_of,
)
from halte.journey.actions import record_touchpoint
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.outbox.actions import queue_email
from halte.promises.models import PromisePolicy
from halte.promises.rules import quiet_until
from halte.returns.models import Return
from halte.shipments.models import Shipment
from halte.vocabulary.status import Status


class NotAsked(StrEnum):
    """Why no question went out."""

    NO_OCCASION = "no_occasion"  # not settled, settled by the system, or nothing went wrong
    SPAM_OR_DUPLICATE = "spam_or_duplicate"  # the case was no real question
    STILL_OPEN = "still_open"  # a case about the parcel is still open: ask when it is sorted
    PARCEL_ON_ITS_WAY = "parcel_on_its_way"  # case sorted, parcel not there yet: ask on delivery
    NO_ADDRESS = "no_address"
    ALREADY_ASKED = "already_asked"  # this occasion had its question
    RECENTLY_ASKED = "recently_asked"  # throttled: asked this week, or one still unanswered


@dataclass(frozen=True)
class Asking:
    question: EffortQuestion | None
    not_asked: NotAsked | None = None


def _send_after(organisation_id: int, now: datetime) -> datetime | None:
    """Quiet hours only where the organisation set them, in its promise policy."""
    policy = PromisePolicy.objects.filter(organisation_id=organisation_id).first()
    if policy is None:
        return None
    return quiet_until(now, policy.quiet_from, policy.quiet_until)


def _ask(
    organisation: Organisation,
    *,
    email: str,
    language: str,
    occasion: EffortQuestion.Occasion,
    case: Case | None = None,
    shipment: Shipment | None = None,
    parcel_return: Return | None = None,
    now: datetime,
) -> Asking:
    """Inside the caller's transaction: the question row and its e-mail in the outbox."""
    email = email.strip().lower()
    if not email or email.endswith("@invalid"):
        return Asking(None, NotAsked.NO_ADDRESS)
    AskedAddress.objects.get_or_create(email=email)
    AskedAddress.objects.select_for_update().get(email=email)
    if asked_too_recently(email, now):
        return Asking(None, NotAsked.RECENTLY_ASKED)
    question = EffortQuestion.objects.create(
        organisation=organisation,
        customer_email=email,
        language=language if language in ("nl", "en") else "nl",
        occasion=occasion,
        case=case,
        shipment=shipment,
        parcel_return=parcel_return,
        asked_at=now,
    )
    subject, body = question_letter(question)
    question.dispatch = queue_email(
        organisation,
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
            # An answer in words reaches the case's thread; without a case, customer service.
            reply_to=[reply_address(case.pk)] if case else [],
            # Written by Halte itself: other systems must not auto-answer it (RFC 3834).
            headers={"Auto-Submitted": "auto-generated"},
        ),
        not_before=_send_after(organisation.pk, now),
    )
    question.save(update_fields=["dispatch"])
    return Asking(question)


def do_ask_after_case(case_id: int, *, now: datetime | None = None) -> Asking:
    """A case was resolved: ask its customer, unless it was spam, a duplicate, or settled by
    Halte itself (nobody sorted anything out). Idempotent: one question per case."""
    now = now or timezone.now()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("organisation", "shipment")
            .filter(pk=case_id)
            .first()
        )
        if case is None or case.is_open or case.resolved_by == Case.ResolvedBy.SYSTEM:
            return Asking(None, NotAsked.NO_OCCASION)
        if NO_QUESTION_TAGS & {tag.lower() for tag in case.tags}:
            return Asking(None, NotAsked.SPAM_OR_DUPLICATE)
        if EffortQuestion.objects.filter(case=case).exists():
            return Asking(None, NotAsked.ALREADY_ASKED)
        if case.shipment is not None and case.shipment.status not in JOURNEY_ENDS:
            # The problem is not over while the parcel travels: the delivery asks instead.
            return Asking(None, NotAsked.PARCEL_ON_ITS_WAY)
        return _ask(
            case.organisation,
            email=case.customer_email,
            language=case.language,
            occasion=EffortQuestion.Occasion.CASE_RESOLVED,
            case=case,
            shipment=case.shipment,
            now=now,
        )


def do_ask_after_delivery(shipment_id: int, *, now: datetime | None = None) -> Asking:
    """Delivered after a hitch (a failed attempt, an exception, a broken or moved promise, a
    case about it sorted while it travelled): ask the recipient on file, unless a case about
    the parcel is still open — then the question follows that case's resolution. Idempotent:
    one question per delivery, and none for a case that had its question."""
    now = now or timezone.now()
    with transaction.atomic():
        shipment = (
            Shipment.objects.select_for_update(of=("self",))
            .select_related("organisation", "order")
            .filter(pk=shipment_id)
            .first()
        )
        if (
            shipment is None
            or shipment.status != Status.DELIVERED
            or shipment.delivered_at is None
            or now - shipment.delivered_at > DELIVERY_STILL_FRESH
            or not had_a_hitch(shipment)
        ):
            return Asking(None, NotAsked.NO_OCCASION)
        if Case.objects.filter(shipment=shipment).still_open().exists():
            return Asking(None, NotAsked.STILL_OPEN)
        if EffortQuestion.objects.filter(
            shipment=shipment, occasion=EffortQuestion.Occasion.DELIVERED_AFTER_PROBLEM
        ).exists():
            return Asking(None, NotAsked.ALREADY_ASKED)
        email = shipment.recipient_email
        case = sorted_case_of(shipment, email)
        if case is not None and EffortQuestion.objects.filter(case=case).exists():
            return Asking(None, NotAsked.ALREADY_ASKED)
        return _ask(
            shipment.organisation,
            email=email,
            language=customer_language(shipment.organisation_id, email),
            occasion=EffortQuestion.Occasion.DELIVERED_AFTER_PROBLEM,
            case=case,
            shipment=shipment,
            now=now,
        )


def do_ask_after_return(return_id: int, *, settled: bool, now: datetime | None = None) -> Asking:
    """A return: refused at the door (story 02: opened and over in the same minute, the driver
    took it back), or settled by the shop (refunded, replaced or refused) — a return the
    customer started is not over before that. One question per return, linked to its case
    and the parcel it returns, so it lands on their journey."""
    now = now or timezone.now()
    with transaction.atomic():
        parcel_return = (
            Return.objects.select_for_update(of=("self",))
            .select_related("organisation", "original", "case")
            .filter(pk=return_id)
            .first()
        )
        if parcel_return is None or not (
            parcel_return.is_settled if settled else parcel_return.refused_at_door
        ):
            return Asking(None, NotAsked.NO_OCCASION)
        case = parcel_return.case
        if EffortQuestion.objects.filter(parcel_return=parcel_return).exists() or (
            case is not None and EffortQuestion.objects.filter(case=case).exists()
        ):
            return Asking(None, NotAsked.ALREADY_ASKED)
        original = parcel_return.original
        return _ask(
            parcel_return.organisation,
            email=case.customer_email if case is not None else original.recipient_email,
            language=parcel_return.language,
            occasion=EffortQuestion.Occasion.RETURN_SETTLED
            if settled
            else EffortQuestion.Occasion.REFUSED_AT_DOOR,
            case=case,
            shipment=original,
            parcel_return=parcel_return,
            now=now,
        )


class Answer(StrEnum):
    RECORDED = "recorded"  # the first answer
    CHANGED = "changed"  # another score within CHANGEABLE_FOR
    UNCHANGED = "unchanged"  # the same score again (a second tap, a reload)
    TOO_LATE = "too_late"  # answered more than CHANGEABLE_FOR ago: the answer stands
    NOT_ANSWERED = "not_answered"  # a comment before any score
    COMMENT_TOO_LONG = "comment_too_long"


def _summary(question: EffortQuestion) -> str:
    text = f"{question.score}/7"
    return f"{text}: {question.comment}"[:300] if question.comment else text


def _changeable(question: EffortQuestion, now: datetime) -> bool:
    return question.answered_at is None or now - question.answered_at <= CHANGEABLE_FOR


def do_answer(question_id: int, score: int, *, now: datetime | None = None) -> Answer:
    """The customer's score, 1 (very hard) to 7 (very easy): a touchpoint with its smiley on
    the case's and parcel's journey. A later tap within CHANGEABLE_FOR changes it."""
    if not 1 <= score <= 7:
        raise ValueError(f"effort score {score} is not on the scale 1-7")
    now = now or timezone.now()
    with transaction.atomic():
        question = EffortQuestion.objects.select_for_update().get(pk=question_id)
        if question.score == score:
            return Answer.UNCHANGED
        if not _changeable(question, now):
            return Answer.TOO_LATE
        first = question.score is None
        question.score = score
        if first:
            question.answered_at = now
            question.touchpoint = record_touchpoint(
                organisation_id=question.organisation_id,
                case_id=question.case_id,
                shipment_id=question.shipment_id,
                customer_email=question.customer_email,
                kind=Touchpoint.Kind.EFFORT_SCORE,
                sentiment=sentiment_of(score),
                summary=_summary(question),
                at=now,
            )
            question.save(update_fields=["score", "answered_at", "touchpoint"])
            return Answer.RECORDED
        question.changed_at = now
        question.save(update_fields=["score", "changed_at"])
        _update_touchpoint(question)
        return Answer.CHANGED


def do_comment(question_id: int, comment: str, *, now: datetime | None = None) -> Answer:
    """An optional comment after the score, kept as plain text (never rendered as HTML);
    it may be rewritten while the answer may still change."""
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        return Answer.COMMENT_TOO_LONG
    now = now or timezone.now()
    with transaction.atomic():
        question = EffortQuestion.objects.select_for_update().get(pk=question_id)
        if question.score is None:
            return Answer.NOT_ANSWERED
        if not _changeable(question, now):
            return Answer.TOO_LATE
        if question.comment == comment:
            return Answer.UNCHANGED
        question.comment = comment
        question.save(update_fields=["comment"])
        _update_touchpoint(question)
        return Answer.RECORDED


def _update_touchpoint(question: EffortQuestion) -> None:
    if question.touchpoint_id is None or question.score is None:
        return
    Touchpoint.objects.filter(pk=question.touchpoint_id).update(
        sentiment=sentiment_of(question.score), summary=_summary(question)
    )
