"""Read-side of self-service: what a parcel's earlier reports, corrections and codes say about
what a visitor may do now."""

from datetime import datetime

from halte.cases.models import Case
from halte.selfservice.models import AddressChange, RecipientCode
from halte.shipments.models import Shipment


def open_case_about(shipment: Shipment, tag: str, email: str = "") -> Case | None:
    """An open case of this report, or any open case of this customer about this parcel."""
    open_cases = Case.objects.filter(shipment=shipment).exclude(
        state__in=[Case.State.RESOLVED, Case.State.CLOSED]
    )
    for case in open_cases:
        if tag in case.tags or (email and case.customer_email == email.lower()):
            return case
    return None


def corrections_made(shipment: Shipment) -> int:
    """How often the parcel's address was corrected, undone ones included."""
    return AddressChange.objects.filter(shipment=shipment).count()


def codes_sent_since(shipment: Shipment, since: datetime) -> int:
    return RecipientCode.objects.filter(shipment=shipment, created_at__gte=since).count()
