"""A first draft of the agent's reply for the case's reason, in the customer's language and
filled with the case's facts. The agent edits it before sending; nothing is sent by itself."""

from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.models import Case
from halte.organisations.voice import greeting
from halte.understanding.intents import Intent


def _bodies() -> dict[str, str]:
    """One draft per reason; %(parcel)s, %(order)s, %(status)s and %(number)s are the case's."""
    return {
        Intent.WHERE_IS_MY_PARCEL: _(
            "I looked up %(parcel)s for you: %(status)s. I keep an eye on it and let you know "
            "as soon as it moves."
        ),
        Intent.DELIVERED_NOT_RECEIVED: _(
            "I am sorry %(parcel)s has not reached you although it shows as delivered. Could you "
            "check with your neighbours and around the house (mailbox, shed, garden)? Meanwhile I "
            "ask the carrier where exactly it was left, and I get back to you."
        ),
        Intent.CHANGE_ADDRESS: _(
            "You want %(parcel)s delivered to another address. I check whether that is still "
            "possible and let you know what the carrier allows."
        ),
        Intent.CHANGE_DELIVERY_MOMENT: _(
            "You would like %(parcel)s delivered at another moment. I ask whether that is "
            "possible and confirm the new moment as soon as I know it."
        ),
        Intent.DAMAGED: _(
            "I am sorry %(parcel)s arrived damaged. Thank you for letting us know; I arrange a "
            "solution with the shop and tell you what happens next."
        ),
        Intent.RETURN_OR_REFUND: _(
            "You would like to return %(order)s or get your money back. I explain the steps "
            "below and confirm once the refund is on its way."
        ),
        Intent.WHO_SENT_THIS: _(
            "You received %(parcel)s and do not know who sent it. We may not share the sender's "
            "details, but I can ask the sender to contact you, or pass on your thanks."
        ),
        Intent.CLOSE_CASE: _(
            "Good to hear it is solved. I close case %(number)s; just reply if you need us again."
        ),
        Intent.COMPLAINT: _(
            "I am sorry about how this went, and thank you for telling us. I look into what "
            "happened with %(parcel)s and come back to you with what we do about it."
        ),
        Intent.COMPLIMENT: _(
            "Thank you for your kind words! I pass them on to the colleagues concerned."
        ),
        Intent.IMPROVEMENT_IDEA: _(
            "Thank you for your idea. I pass it on to the people who can change this, and let "
            "you know if something is done with it."
        ),
        Intent.CANCEL_ORDER: _(
            "You want to cancel %(order)s. I check whether it has already left and confirm the "
            "cancellation, or tell you how to return it."
        ),
        Intent.INVOICE_PAYMENT: _(
            "I looked at the invoice and payment of %(order)s and explain below what I found."
        ),
        Intent.OTHER: _("Thank you for your message about case %(number)s."),
    }


def suggested_reply(case: Case) -> str:
    """The draft reply for the case's reason; a plain greeting when no reason is known."""
    with translation.override(case.language):
        shipment = case.shipment
        facts = {
            "number": case.number,
            "parcel": (
                _("your parcel %(code)s") % {"code": shipment.tracking_code}
                if shipment
                else _("your parcel")
            ),
            "order": (
                _("order %(reference)s") % {"reference": case.order.reference}
                if case.order
                else _("your order")
            ),
            "status": shipment.get_status_display() if shipment else _("no news yet"),
        }
        middle = _bodies().get(case.intent, "") % facts if case.intent else ""
        opening = greeting(_name(case))
    # No sign-off: every reply is signed with the agent's name under the shop's (outgoing.py).
    return "\n\n".join(part for part in (opening, middle) if part)


def _name(case: Case) -> str:
    """The name the customer gave, else the parcel's recipient when that is who wrote."""
    if case.customer_name:
        return case.customer_name
    shipment = case.shipment
    if shipment and shipment.recipient_email.strip().lower() == case.customer_email.lower():
        return shipment.recipient_name
    return ""
