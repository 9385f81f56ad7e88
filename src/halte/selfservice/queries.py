"""Read-side of self-service: what a parcel's earlier reports, corrections and codes say about
what a visitor may do now."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from halte.cases.models import Case, CaseActivity
from halte.selfservice.models import MAX_WRONG_TRIES, AddressChange, RecipientCode
from halte.shipments.models import Shipment


def open_case_of(shipment: Shipment, email: str) -> Case | None:
    """This address's open case about this parcel, if it has one. Only the reporter's own:
    anyone may type any address, so a report never lands in someone else's case."""
    return (
        Case.objects.filter(shipment=shipment, customer_email=email.lower())
        .still_open()
        .order_by("-created_at")
        .first()
    )


def recent_damage_report_of(shipment: Shipment, email: str, *, since: datetime) -> Case | None:
    """This address's open damage report on the parcel, made since `since` (a double send)."""
    recent = Case.objects.filter(
        shipment=shipment, customer_email=email.lower(), created_at__gt=since
    ).still_open()
    return next((case for case in recent if "damage" in case.tags), None)


def corrections_made(shipment: Shipment) -> int:
    """How often the parcel's address was corrected, undone ones included."""
    return AddressChange.objects.filter(shipment=shipment).count()


def codes_sent_since(shipment: Shipment, since: datetime) -> int:
    return RecipientCode.objects.filter(shipment=shipment, created_at__gte=since).count()


def live_codes(shipment: Shipment, now: datetime) -> "QuerySet[RecipientCode]":
    """The parcel's codes that can still be entered: unused, unexpired, not tried too often."""
    return RecipientCode.objects.filter(
        shipment=shipment,
        used_at__isnull=True,
        expires_at__gt=now,
        wrong_tries__lt=MAX_WRONG_TRIES,
    )


def has_live_code(shipment: Shipment) -> bool:
    """A code was sent for this parcel and can still be entered: the page shows the code box."""
    return live_codes(shipment, timezone.now()).exists()


def request_followed_by_a_case(dispatch_id: int) -> bool:
    """A case records this request, so its failure already reaches a person there."""
    return CaseActivity.objects.filter(dispatch_id=dispatch_id).exists()
