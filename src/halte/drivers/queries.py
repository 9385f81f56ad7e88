"""What the driver page and the drivers' API read: a driver's stops of the day, in route order."""

import re
from datetime import date

from django.db.models import QuerySet

from halte.drivers.models import Driver, Stop
from halte.organisations.models import Organisation


def stops_of_the_day(driver: Driver, day: date) -> QuerySet[Stop]:
    """The driver's own stops on `day`, in route order, with what the page shows of each."""
    return (
        Stop.objects.filter(driver=driver, route_date=day)
        .select_related("shipment")
        .order_by("route_order", "pk")
    )


def driver_of_session(driver_id: object) -> Driver | None:
    """The active driver a session names; None once deactivated or for anything else."""
    if not isinstance(driver_id, int):
        return None
    return Driver.objects.filter(pk=driver_id, is_active=True).first()


# What a reference may hold (halte.drivers.inputs): anything else names no driver, and never
# reaches the database (PostgreSQL refuses a NUL in text with an error, not an empty answer).
_REFERENCE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def driver_by_reference(organisation: Organisation, reference: str) -> Driver | None:
    if not _REFERENCE.match(reference):
        return None
    return Driver.objects.filter(organisation=organisation, reference=reference).first()
