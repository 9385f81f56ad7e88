"""What self-service pages read."""

from django.utils import timezone

from halte.selfservice.models import MAX_WRONG_TRIES, RecipientCode
from halte.shipments.models import Shipment


def has_live_code(shipment: Shipment) -> bool:
    """A code was sent for this parcel and can still be entered: the page shows the code box."""
    return RecipientCode.objects.filter(
        shipment=shipment,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        wrong_tries__lt=MAX_WRONG_TRIES,
    ).exists()
