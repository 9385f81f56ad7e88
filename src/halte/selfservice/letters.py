"""What the customer is told after a self-service action: what happens next, and when."""

from collections.abc import Callable
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.models import Case
from halte.organisations.voice import greeting, link_line, sign_off
from halte.shipments.models import Shipment
from halte.shipments.sentences import address_line_of
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


def address_fields(shipment: Shipment) -> dict[str, str | int]:
    """The parcel's address as data: what an AddressChange keeps and a webhook carries."""
    return {
        "postcode": shipment.postcode,
        "house_number": shipment.house_number,
        "addition": shipment.house_number_addition,
        "street": shipment.street,
        "city": shipment.city,
        "country": shipment.country,
    }


def address_line(shipment: Shipment) -> str:
    return address_line_of(address_fields(shipment))


def carrier_told(shipment: Shipment) -> str:
    """Said when the correction went to the shop's system, which passes it to the carrier."""
    return _(
        "We are sending your corrected address on to %(carrier)s now: %(address)s. Your "
        "parcel will be delivered there; if %(carrier)s cannot do that, we let you know."
    ) % {"carrier": shipment.get_carrier_display(), "address": address_line(shipment)}


def colleague_tells_carrier(shipment: Shipment, due: datetime) -> str:
    """Said when nothing passes the correction on by itself: a person does, and by when."""
    return _(
        "We saved your corrected address: %(address)s. A colleague passes it on to "
        "%(carrier)s by %(due)s at the latest and lets you know when that is done."
    ) % {
        "address": address_line(shipment),
        "carrier": shipment.get_carrier_display(),
        "due": f"{_day(due)} {_time(due)}",
    }


def rerouted(shipment: Shipment, start: datetime, end: datetime) -> str:
    return _(
        "The driver already has your parcel. We are sending the new address to %(carrier)s "
        "now: %(address)s. If the driver can take it on this round, expect it %(day)s between "
        "%(start)s and %(end)s (our estimate); we let you know if that changes."
    ) % {
        "carrier": shipment.get_carrier_display(),
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


def not_received(shipment: Shipment, due: datetime, *, asked: bool) -> str:
    """`asked`: the request for proof of delivery really went out to the shop's system."""
    values = {"carrier": shipment.get_carrier_display(), "due": f"{_day(due)} {_time(due)}"}
    if asked:
        first = _(
            "We are asking %(carrier)s now where exactly your parcel was left and for their "
            "proof of delivery. You hear from us by %(due)s at the latest."
        )
    else:
        first = _(
            "A colleague asks %(carrier)s where exactly your parcel was left and for their "
            "proof of delivery, and answers you by %(due)s at the latest."
        )
    return (
        (first % values)
        + " "
        + _(
            'Found it in the meantime? Reply "found it" or press "Close my case" and we stop '
            "searching."
        )
    )


def change_notice(shipment: Shipment, old: str, new: str, undo_url: str) -> tuple[str, str]:
    """What the recipient on file is told of every address change, with a one-tap undo."""
    subject = _("The delivery address of your parcel %(code)s was changed") % {
        "code": shipment.tracking_code
    }
    body = "\n\n".join(
        [
            greeting(shipment.recipient_name),
            _(
                "The delivery address of your parcel %(code)s was just changed on our tracking "
                "page:\nfrom: %(old)s\nto:   %(new)s"
            )
            % {"code": shipment.tracking_code, "old": old, "new": new},
            _("Was it you? Then you need not do anything; the parcel goes to the new address."),
            _(
                "Was this not you? Open the link below and tap the button: we put the old "
                "address back at once and a colleague contacts you urgently."
            ),
            link_line(_("Undo the change"), undo_url),
            sign_off(shipment.organisation),
        ]
    )
    return subject, body


def change_notice_text(shipment: Shipment, undo_url: str) -> str:
    return _("The address of your parcel %(code)s was changed. Not you? %(url)s") % {
        "code": shipment.tracking_code,
        "url": undo_url,
    }


def recipient_code(shipment: Shipment, code: str, minutes: int) -> tuple[str, str]:
    # The code stays out of the subject: subjects show in notifications and mail lists.
    subject = _("Your code to change the address of parcel %(code)s") % {
        "code": shipment.tracking_code
    }
    body = "\n\n".join(
        [
            greeting(shipment.recipient_name),
            _(
                "Someone asked on our tracking page to change the delivery address of your "
                "parcel %(code)s. To do so, enter this code there: %(otp)s\n"
                "It works for %(minutes)s minutes."
            )
            % {"code": shipment.tracking_code, "otp": code, "minutes": minutes},
            _("Was this not you? Then ignore this e-mail: without the code nothing changes."),
            sign_off(shipment.organisation),
        ]
    )
    return subject, body


def recipient_code_text(shipment: Shipment, code: str) -> str:
    return _("Code %(otp)s to change the address of parcel %(code)s. Not you? Ignore this.") % {
        "otp": code,
        "code": shipment.tracking_code,
    }


def undone(shipment: Shipment, case: Case, restored: str, case_url: str) -> tuple[str, str]:
    """The acknowledgement of "this was not me": what was put back, and who does what next."""
    subject = _("We put your old address back [%(number)s]") % {"number": case.number}
    due = case.first_response_due
    body = "\n\n".join(
        [
            greeting(shipment.recipient_name),
            _(
                "You told us you did not change the delivery address of parcel %(code)s. We "
                "put the address back to %(address)s."
            )
            % {"code": shipment.tracking_code, "address": restored},
            (
                _(
                    "We opened urgent case %(number)s: a colleague looks into the change and "
                    "contacts you by %(due)s."
                )
                % {"number": case.number, "due": f"{_day(due)} {_time(due)}"}
                if due
                else _(
                    "We opened urgent case %(number)s: a colleague looks into the change and "
                    "contacts you."
                )
                % {"number": case.number}
            ),
            _("You can simply reply to this e-mail."),
            link_line(_("Your case %(number)s") % {"number": case.number}, case_url),
            sign_off(shipment.organisation),
        ]
    )
    return subject, body


def confirmation(shipment: Shipment, case: Case, next_steps: str, case_url: str) -> str:
    """The mail after a self-service action: what we received, what happens next and by
    when (`next_steps`), where to follow it, signed by the shop."""
    return "\n\n".join(
        [
            greeting(case.customer_name),
            _("We received your message about parcel %(code)s and saved it as case %(number)s.")
            % {"code": shipment.tracking_code, "number": case.number},
            next_steps,
            _("Questions? Simply reply to this e-mail; it reaches a person."),
            link_line(_("Your case %(number)s") % {"number": case.number}, case_url),
            sign_off(case.organisation),
        ]
    )


def disputed_summary(old: str, new: str) -> str:
    return _(
        "The recipient says they did not change the address (%(new)s). We put back %(old)s."
    ) % {"old": old, "new": new}


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
    """The first line of a correction's case: what changed, not a question about the old."""
    return _("Address changed to %(new)s on the tracking page (was: %(old)s).") % {
        "old": old,
        "new": new,
    }


def changed_summary(new: str) -> str:
    """The journey touchpoint of a correction, as the desk shows it (not translated)."""
    return f"address changed to {new}"


def correction_confirmed(shipment: Shipment, text: str, tracking_link: str) -> tuple[str, str]:
    """The confirmation of a correction that went out by itself (no case: nobody needs to
    look); a reply to it reaches a person like any e-mail to us."""
    subject = _("Your parcel %(code)s goes to your new address") % {"code": shipment.tracking_code}
    body = (
        _("Hello %(name)s,") % {"name": shipment.recipient_name}
        + "\n\n"
        + text
        + "\n\n"
        + _("Follow your parcel here:\n%(url)s") % {"url": tracking_link}
        + "\n\n"
        + _("Questions? Simply reply to this e-mail.")
    )
    return subject, body


def not_received_summary() -> str:
    return _("Reported on the tracking page: it says delivered, but I have not received it.")


def damage_summary(remedy: str) -> str:
    return _(
        "Reported on the tracking page: the parcel arrived damaged; I would like %(remedy)s."
    ) % {"remedy": remedy_phrase(remedy)}
