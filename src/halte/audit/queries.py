"""Reading the audit trail: the supervisor's search (who may: `halte.search_audit`)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from halte.audit.models import AccessRecord
from halte.audit.subjects import case_subject, person_subject
from halte.organisations.models import Organisation


@dataclass(frozen=True)
class AuditSearch:
    case_id: int | None = None
    email: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_access(
    organisations: QuerySet[Organisation], search: AuditSearch
) -> QuerySet[AccessRecord]:
    """Records of these organisations matching every given field, newest first.

    An e-mail address is never stored: it is hashed the same way and matched on the subject.
    """
    records = AccessRecord.objects.filter(organisation__in=organisations).select_related(
        "organisation", "actor", "token"
    )
    if search.case_id is not None:
        records = records.filter(subject=case_subject(search.case_id))
    if search.email:
        records = records.filter(subject=person_subject(search.email))
    if search.actor:
        records = records.filter(
            Q(actor__username__iexact=search.actor) | Q(token__name__iexact=search.actor)
        )
    if search.since:
        records = records.filter(at__gte=_start_of(search.since))
    if search.until:
        records = records.filter(at__lt=_start_of(search.until) + timedelta(days=1))
    return records.order_by("-at", "-pk")
