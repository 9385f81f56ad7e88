"""Every status as a plain sentence a recipient understands, in Dutch or English.

Raw carrier codes and descriptions never pass through here: an unmapped code gets an
honest generic sentence instead.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from halte.vocabulary.postcodes import display_postcode
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status


def local_time(moment: datetime) -> str:
    """ "16:58": a moment as the customer's clock shows it."""
    return formats.time_format(timezone.localtime(moment), "H:i")


def long_day(day: date | datetime) -> str:
    """ "vrijdag 20 november" / "Friday 20 November", in the active language."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return formats.date_format(day, "l j F")


def _delivered(place: str, detail: str) -> str:
    if place == DeliveryPlace.MAILBOX:
        return _("Delivered in your mailbox.")
    if place == DeliveryPlace.RECIPIENT:
        return _("Handed over at your door.")
    if place == DeliveryPlace.NEIGHBOUR:
        if detail:
            return _("Delivered to your neighbours: %(detail)s.") % {"detail": detail}
        return _("Delivered to your neighbours.")
    if place == DeliveryPlace.SAFE_PLACE:
        if detail:
            return _("Delivered at a safe place: %(detail)s.") % {"detail": detail}
        return _("Delivered at a safe place near your door.")
    if place == DeliveryPlace.PICKUP_POINT:
        if detail:
            return _("Delivered to a pickup point, where you can collect it: %(detail)s.") % {
                "detail": detail
            }
        return _("Delivered to a pickup point, where you can collect it.")
    if place == DeliveryPlace.COLLECTED:
        if detail:
            return _("Collected at the pickup point: %(detail)s.") % {"detail": detail}
        return _("Collected at the pickup point.")
    return _("Delivered.")


def _delivered_at(place: str, detail: str, moment: datetime) -> str:
    at = {"time": local_time(moment), "detail": detail}
    if place == DeliveryPlace.MAILBOX:
        return _("Delivered at %(time)s in your mailbox.") % at
    if place == DeliveryPlace.RECIPIENT:
        return _("Delivered at %(time)s, handed over at your door.") % at
    if place == DeliveryPlace.NEIGHBOUR:
        if detail:
            return _("Delivered at %(time)s to your neighbours: %(detail)s.") % at
        return _("Delivered at %(time)s to your neighbours.") % at
    if place == DeliveryPlace.SAFE_PLACE:
        if detail:
            return _("Delivered at %(time)s at a safe place: %(detail)s.") % at
        return _("Delivered at %(time)s at a safe place near your door.") % at
    if place == DeliveryPlace.PICKUP_POINT:
        if detail:
            return _("Delivered at %(time)s to a pickup point: %(detail)s.") % at
        return _("Delivered at %(time)s to a pickup point.") % at
    if place == DeliveryPlace.COLLECTED:
        if detail:
            return _("Collected at %(time)s at the pickup point: %(detail)s.") % at
        return _("Collected at %(time)s at the pickup point.") % at
    return _("Delivered at %(time)s.") % at


def _failed(reason: str) -> str:
    if reason == FailureReason.NOT_HOME:
        return _("The driver could not deliver your parcel because nobody was home.")
    if reason == FailureReason.ADDRESS_INCORRECT:
        return _(
            "The driver could not deliver your parcel because the address is incorrect "
            "or incomplete."
        )
    if reason == FailureReason.REFUSED:
        return _("The parcel was refused at the door and goes back to the sender.")
    if reason == FailureReason.DAMAGED:
        return _("The parcel was damaged and could not be delivered.")
    return _("The driver could not deliver your parcel.")


def _window(status: str, start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return _("The carrier has planned the delivery.")
    times = {"start": local_time(start), "end": local_time(end)}
    if status == Status.WINDOW_CHANGED:
        return _("The delivery time has changed: now between %(start)s and %(end)s.") % times
    return _("Your parcel will be delivered between %(start)s and %(end)s.") % times


def event_sentence(
    status: str,
    *,
    place: str = "",
    detail: str = "",
    reason: str = "",
    window_start: datetime | None = None,
    window_end: datetime | None = None,
) -> str:
    """One line of the timeline; the time is shown beside it."""
    if status == Status.DELIVERED:
        return _delivered(place, detail)
    if status == Status.DELIVERY_FAILED:
        return _failed(reason)
    if status in (Status.WINDOW_SET, Status.WINDOW_CHANGED):
        return _window(status, window_start, window_end)
    simple = {
        Status.ANNOUNCED: _("The sender has announced your parcel to the carrier."),
        Status.RECEIVED_BY_CARRIER: _("The carrier has received your parcel."),
        Status.IN_TRANSIT: _("Your parcel is on its way."),
        Status.AT_DEPOT: _("Your parcel has arrived at the carrier's sorting centre."),
        Status.OUT_FOR_DELIVERY: _("The driver has your parcel and is on the way to you."),
        Status.RETURNING_TO_SENDER: _("Your parcel is on its way back to the sender."),
        Status.RETURNED: _("Your parcel is back with the sender."),
        Status.EXCEPTION: _(
            "Something unexpected happened to your parcel. The carrier is looking into it."
        ),
    }
    return simple.get(
        Status(status) if status in Status.values else Status.UNMAPPED,
        _("The carrier registered an update that we cannot put into words yet."),
    )


def headline(
    status: str,
    *,
    status_at: datetime | None,
    place: str = "",
    detail: str = "",
    reason: str = "",
    window_start: datetime | None = None,
    window_end: datetime | None = None,
) -> str:
    """The one sentence at the top of the page: where the parcel is now."""
    if status == Status.DELIVERED and status_at:
        return _delivered_at(place, detail, status_at)
    if status == Status.ANNOUNCED and status_at is None:
        return _("The sender has announced your parcel; the carrier does not have it yet.")
    return event_sentence(
        status,
        place=place,
        detail=detail,
        reason=reason,
        window_start=window_start,
        window_end=window_end,
    )


def address_line_of(fields: Mapping[str, Any]) -> str:
    """An address, as data, on one line: `Lindelaan 12, 3731 HK De Bilt`."""
    return (
        f"{fields.get('street', '')} {fields.get('house_number', '')}{fields.get('addition', '')}, "
        f"{display_postcode(str(fields.get('postcode', '')))} {fields.get('city', '')}"
    )


def address_changed(new: str) -> str:
    """A correction on the timeline: where the parcel goes now, not what it was. Empty `new`:
    an address this visitor may not see."""
    if not new:
        return _("The delivery address was changed.")
    return _("Address changed to %(address)s.") % {"address": new}


def address_change_undone(restored: str) -> str:
    if not restored:
        return _("An address change was undone.")
    return _("Address change undone: it goes to %(address)s again.") % {"address": restored}
