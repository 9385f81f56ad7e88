"""What the customer is told when a promise is at risk, in their language."""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from halte.organisations.voice import greeting, link_line, sign_off
from halte.shipments.links import tracking_link
from halte.shipments.models import Shipment
from halte.shipments.sentences import long_day as _day
from halte.vocabulary.promises import RiskRule, broken_reason


def repromise(
    shipment: Shipment,
    *,
    language: str,
    old: date,
    new: date,
    rule: RiskRule,
    voucher: str,
    amount: str,
) -> tuple[str, str]:
    with translation.override(language):
        subject = _("Your order arrives later than promised: new date %(day)s") % {"day": _day(new)}
        lines = [
            greeting(shipment.recipient_name),
            "",
            _(
                "We promised your parcel %(code)s for %(old)s, but %(reason)s. We would rather "
                "tell you now than have you wait in vain."
            )
            % {
                "code": shipment.tracking_code,
                "old": _day(old),
                "reason": broken_reason(rule, shipment.get_carrier_display()),
            },
            "",
            _("New expected delivery: %(new)s.") % {"new": _day(new)},
        ]
        if voucher:
            lines += [
                "",
                _("To make up for it, here is a voucher of %(amount)s: %(code)s.")
                % {"amount": amount, "code": voucher},
            ]
        lines += [
            "",
            _(
                "You do not need to do anything. Does the new date not suit you? Simply reply "
                "to this e-mail and a person will help you."
            ),
            "",
            link_line(_("See your parcel"), tracking_link(shipment)),
            "",
            sign_off(shipment.organisation),
        ]
    return subject, "\n".join(lines)


def escalated(shipment: Shipment, *, language: str, promised: date, due: str) -> tuple[str, str]:
    with translation.override(language):
        subject = _("We missed our promise again — a person now looks after your order")
        body = "\n".join(
            [
                greeting(shipment.recipient_name),
                "",
                _(
                    "We also missed the new date we gave you (%(day)s) for parcel %(code)s. We "
                    "are sorry. A colleague now personally follows your order with the carrier "
                    "and contacts you by %(due)s."
                )
                % {"day": _day(promised), "code": shipment.tracking_code, "due": due},
                "",
                link_line(_("See your parcel"), tracking_link(shipment)),
                "",
                sign_off(shipment.organisation),
            ]
        )
    return subject, body


def desk_voucher(
    case_number: str, name: str, *, language: str, code: str, amount: str
) -> tuple[str, str]:
    """The customer hears of a voucher an agent issued, in the case's thread."""
    with translation.override(language):
        subject = _("A voucher for you [%(number)s]") % {"number": case_number}
        body = "\n".join(
            [
                _("Hello %(name)s,") % {"name": name} if name else _("Hello,"),
                "",
                _("To make up for it, here is a voucher of %(amount)s: %(code)s.")
                % {"amount": amount, "code": code},
                _("Enter the code when you next order in our shop."),
                "",
                _("Questions? Simply reply to this e-mail."),
                "",
                _("Kind regards,\nCustomer service"),
            ]
        )
    return subject, body
