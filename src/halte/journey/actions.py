"""Recording touchpoints; called from the actions of other apps inside their transactions."""

from datetime import datetime

from django.utils import timezone

from halte.journey.models import Touchpoint


def record_touchpoint(
    *,
    organisation_id: int,
    kind: str,
    case_id: int | None = None,
    shipment_id: int | None = None,
    customer_email: str = "",
    sentiment: int = Touchpoint.Sentiment.NEUTRAL,
    summary: str = "",
    at: datetime | None = None,
) -> Touchpoint:
    return Touchpoint.objects.create(
        organisation_id=organisation_id,
        case_id=case_id,
        shipment_id=shipment_id,
        customer_email=customer_email,
        kind=kind,
        sentiment=sentiment,
        summary=summary[:300],
        at=at or timezone.now(),
    )
