"""What the customer is told after a self-service action: what happens next, and when."""

from collections.abc import Callable
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from halte.shipments.models import Shipment
from halte.shipments.sentences import local_time as _time
from halte.shipments.sentences import long_day as _day


def remedy_phrase(remedy: str) -> str:
    """What the customer asked for, as words in a sentence."""
    remedies = {
        "replacement": _("a replacement"),
        "return": _("a return with a refund"),
        "refund": _("a refund"),
    }
    return remedies.get(remedy, remedy)


def address_line(shipment: Shipment) -> str:
    return (
        f"{shipment.street} {shipment.house_number}{shipment.house_number_addition}, "
        f"{shipment.postcode_display} {shipment.city}"
    )


def carrier_told(shipment: Shipment) -> str:
    return _(
        "We have passed your corrected address to %(carrier)s: %(address)s. Your parcel will "
        "be delivered there on the next delivery day; you do not need to do anything else."
    ) % {"carrier": shipment.get_carrier_display(), "address": address_line(shipment)}


def rerouted(shipment: Shipment, start: datetime, end: datetime) -> str:
    return _(
        "The driver already has your parcel and now has the new address: %(address)s. "
        "Expected %(day)s between %(start)s and %(end)s."
    ) % {
        "address": address_line(shipment),
        "day": _day(start),
        "start": _time(start),
        "end": _time(end),
    }


def needs_review(shipment: Shipment, due: datetime) -> str:
    return _(
        "Your address %(address)s is not (yet) in the address register; new buildings often "
        "are not. A colleague checks it with %(carrier)s and confirms by %(due)s."
    ) % {
        "address": address_line(shipment),
        "carrier": shipment.get_carrier_display(),
        "due": f"{_day(due)} {_time(due)}",
    }


def not_received(shipment: Shipment, due: datetime) -> str:
    return _(
        "We have asked %(carrier)s where exactly your parcel was left and for their proof of "
        "delivery. You hear from us by %(due)s at the latest. Found it in the meantime? Reply "
        '"found it" or press "Close my case" and we stop searching.'
    ) % {"carrier": shipment.get_carrier_display(), "due": f"{_day(due)} {_time(due)}"}


def damage(shipment: Shipment, remedy: str, due: datetime) -> str:
    return _(
        "Thank you for the photos. You asked for %(remedy)s; a colleague arranges it with the "
        "shop and confirms by %(due)s. Keep the parcel and its packaging until then."
    ) % {"remedy": remedy_phrase(remedy), "due": f"{_day(due)} {_time(due)}"}


def confirmation_subject(shipment: Shipment, number: str) -> str:
    return _("About your parcel %(code)s [%(number)s]") % {
        "code": shipment.tracking_code,
        "number": number,
    }


def in_language(language: str, write: Callable[[], str]) -> str:
    with translation.override(language):
        return write()


def corrected_summary(old: str, new: str) -> str:
    return _("Address corrected on the tracking page: %(old)s → %(new)s") % {"old": old, "new": new}


def not_received_summary() -> str:
    return _("Reported on the tracking page: it says delivered, but I have not received it.")


def damage_summary(remedy: str) -> str:
    return _(
        "Reported on the tracking page: the parcel arrived damaged; I would like %(remedy)s."
    ) % {"remedy": remedy_phrase(remedy)}
