"""Read-side of requests: what the organisation offers, and a case's requests for the desk."""

from django.db.models import QuerySet

from halte.cases.models import Case
from halte.organisations.models import Organisation
from halte.remedies.models import CaseRequest


def offered_remedies(organisation: Organisation) -> list[str]:
    """The remedies this organisation allows (Organisation.damage_remedies), in its order."""
    known = set(CaseRequest.REMEDY_KINDS)
    offered = [word.strip().lower() for word in organisation.damage_remedies.split(",")]
    return list(dict.fromkeys(word for word in offered if word in known))


def requests_of(case: Case) -> QuerySet[CaseRequest]:
    return CaseRequest.objects.filter(case=case).select_related("dispatch", "requested_by")


def request_of(organisation: Organisation, request_id: int) -> CaseRequest | None:
    """A request of this organisation only: another organisation's id finds nothing."""
    return CaseRequest.objects.filter(organisation=organisation, pk=request_id).first()
