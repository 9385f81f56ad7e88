"""Read-side of effort: whom not to ask now, whether a delivery had a hitch, weekly figures."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncWeek

from halte.cases.models import Case
from halte.effort.models import EffortQuestion
from halte.effort.rules import ANSWERABLE_FOR, ASK_AT_MOST_EVERY, NO_QUESTION_TAGS
from halte.organisations.models import Organisation
from halte.promises.models import Promise
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.calendar import AMSTERDAM, in_amsterdam
from halte.vocabulary.status import Status

# Scans that mean the parcel did not simply arrive: asking afterwards is asking about a problem.
HITCHES = (Status.DELIVERY_FAILED, Status.EXCEPTION)
# Where a parcel's journey ends: only then is a problem about it over.
JOURNEY_ENDS = (Status.DELIVERED, Status.RETURNING_TO_SENDER, Status.RETURNED)


def asked_too_recently(email: str, now: datetime) -> bool:
    """Asked within the week, or a question still waits for an answer and may be answered."""
    return EffortQuestion.objects.filter(
        Q(asked_at__gte=now - ASK_AT_MOST_EVERY)
        | Q(score__isnull=True, asked_at__gte=now - ANSWERABLE_FOR),
        customer_email=email.lower(),
    ).exists()


def sorted_case_of(shipment: Shipment, email: str) -> Case | None:
    """The latest case of this customer about the parcel that a person or they sorted out
    (not spam, not a duplicate, not settled by Halte itself)."""
    cases = Case.objects.filter(
        shipment=shipment, customer_email=email.lower(), state__in=Case.SETTLED
    ).exclude(resolved_by=Case.ResolvedBy.SYSTEM)
    for case in cases.order_by("-resolved_at", "-pk"):
        if not NO_QUESTION_TAGS & {str(tag).lower() for tag in case.tags}:
            return case
    return None


def had_a_hitch(shipment: Shipment) -> bool:
    """A failed attempt or an exception on the way, a promise broken or moved, late, or a
    case about it sorted out while it travelled."""
    if TrackingEvent.objects.filter(shipment=shipment, status__in=HITCHES).exists():
        return True
    if sorted_case_of(shipment, shipment.recipient_email) is not None:
        return True
    promises = Promise.objects.filter(shipment=shipment)
    if promises.filter(Q(state=Promise.State.BROKEN) | Q(previous__isnull=False)).exists():
        return True
    order = shipment.order
    return bool(
        order is not None
        and order.promised_date is not None
        and shipment.delivered_at is not None
        and in_amsterdam(shipment.delivered_at).date() > order.promised_date
    )


def customer_language(organisation_id: int, email: str) -> str:
    """The language of the customer's latest case with the organisation; Dutch without one."""
    language = (
        Case.objects.filter(organisation_id=organisation_id, customer_email=email.lower())
        .order_by("-created_at")
        .values_list("language", flat=True)
        .first()
    )
    return language or "nl"


def question_of_case(case: Case) -> EffortQuestion | None:
    return EffortQuestion.objects.filter(case=case).order_by("-asked_at").first()


@dataclass(frozen=True)
class EffortWeek:
    week: date  # the Monday the week starts (Amsterdam)
    asked: int
    answered: int
    average: float | None  # mean score 1-7 of the answers, None without any

    @property
    def response_percent(self) -> float | None:
        return round(100 * self.answered / self.asked, 1) if self.asked else None


@dataclass(frozen=True)
class EffortFigures:
    organisation: Organisation
    weeks: list[EffortWeek]
    asked: int
    answered: int
    average: float | None

    @property
    def response_percent(self) -> float | None:
        return round(100 * self.answered / self.asked, 1) if self.asked else None


def effort_figures(organisation: Organisation, *, weeks: int, now: datetime) -> EffortFigures:
    """Average effort score and response rate per week (by the week a question was asked),
    newest first, for the last `weeks` weeks including this one; weeks without questions too."""
    this_monday = in_amsterdam(now).date() - timedelta(days=in_amsterdam(now).weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    start = datetime.combine(first_monday, datetime.min.time(), AMSTERDAM)
    rows = (
        EffortQuestion.objects.filter(organisation=organisation, asked_at__gte=start)
        .annotate(week=TruncWeek("asked_at", tzinfo=AMSTERDAM))
        .values("week")
        .annotate(asked=Count("pk"), replies=Count("score"), average=Avg("score"))
    )
    by_week = {in_amsterdam(row["week"]).date(): row for row in rows}
    result = []
    for n in range(weeks):
        monday = this_monday - timedelta(weeks=n)
        row = by_week.get(monday)
        average = row["average"] if row else None
        result.append(
            EffortWeek(
                week=monday,
                asked=row["asked"] if row else 0,
                answered=row["replies"] if row else 0,
                average=round(float(average), 2) if average is not None else None,
            )
        )
    asked = sum(w.asked for w in result)
    answered = sum(w.answered for w in result)
    total = sum((w.average or 0) * w.answered for w in result)
    return EffortFigures(
        organisation,
        result,
        asked=asked,
        answered=answered,
        average=round(total / answered, 2) if answered else None,
    )
