"""What a customer's message means for its case: the reason, the queue, the parcel, how the
customer feels, and the one or two facts still missing.

The words are read by halte.understanding (intent, sentiment, urgency, details); this module
decides what the case does with that reading. It only reads and proposes: the verbs in
actions.py write.
"""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from halte.cases.models import Case, IntentRoute
from halte.organisations.models import Organisation
from halte.shipments.detection import tracking_code_candidates
from halte.shipments.models import Order, Shipment
from halte.understanding.details import Details
from halte.understanding.intents import Intent
from halte.understanding.reading import Reading, read_message
from halte.vocabulary.postcodes import display_postcode

# The queue a reason goes to when the organisation set none (IntentRoute in the admin).
DEFAULT_TEAMS: dict[str, str] = {
    Intent.WHERE_IS_MY_PARCEL: "delivery",
    Intent.DELIVERED_NOT_RECEIVED: "delivery",
    Intent.CHANGE_ADDRESS: "delivery",
    Intent.CHANGE_DELIVERY_MOMENT: "delivery",
    Intent.DAMAGED: "returns",
    Intent.RETURN_OR_REFUND: "returns",
    Intent.CANCEL_ORDER: "orders",
    Intent.INVOICE_PAYMENT: "orders",
    Intent.WHO_SENT_THIS: "orders",
    Intent.COMPLAINT: "complaints",
    Intent.COMPLIMENT: "feedback",
    Intent.IMPROVEMENT_IDEA: "feedback",
}

# Reasons that are about one parcel: without it nobody can act.
_ABOUT_A_PARCEL = frozenset(
    {
        Intent.WHERE_IS_MY_PARCEL,
        Intent.DELIVERED_NOT_RECEIVED,
        Intent.CHANGE_ADDRESS,
        Intent.CHANGE_DELIVERY_MOMENT,
        Intent.DAMAGED,
        Intent.WHO_SENT_THIS,
    }
)
# Reasons that are about an order rather than a parcel.
_ABOUT_AN_ORDER = frozenset({Intent.RETURN_OR_REFUND, Intent.CANCEL_ORDER, Intent.INVOICE_PAYMENT})


@dataclass(frozen=True)
class MessageReading:
    reading: Reading

    @property
    def details(self) -> Details:
        return self.reading.details

    @property
    def intent(self) -> str:
        return self.reading.intent

    @property
    def sure(self) -> bool:
        return not self.reading.needs_person


def read_customer_message(text: str, *, language: str | None = None) -> MessageReading:
    """The reading of one message, details included; `language` ('nl', 'en') when the channel
    knows it."""
    known = language if language in ("nl", "en") else None
    return MessageReading(read_message(text, language=known, today=timezone.localdate()))


def wants_to_close(reading: MessageReading) -> bool:
    """The customer says the problem is gone ("gevonden!", "found it") and nothing else."""
    return reading.intent == Intent.CLOSE_CASE and reading.sure


def team_for(organisation: Organisation, intent: str) -> str:
    route = IntentRoute.objects.filter(organisation=organisation, intent=intent).first()
    return route.team if route else DEFAULT_TEAMS.get(intent, "")


def raised_priority(current: int, reading: Reading) -> int:
    """An angry or urgent message rises in the queue; a calm one never lowers a case."""
    angry = reading.sentiment <= -2
    if angry and reading.urgent:
        return max(current, Case.Priority.URGENT)
    if angry or reading.urgent:
        return max(current, Case.Priority.HIGH)
    return current


def shipment_named(organisation: Organisation, text: str, details: Details) -> Shipment | None:
    """The one shipment of this organisation the words name by tracking code, else the one
    shipment of the one order they name; None when none or more than one match. Another
    organisation's parcels are never looked at."""
    codes = [code.code for code in details.tracking_codes] + tracking_code_candidates(text)
    if codes:
        matches = list(
            Shipment.objects.filter(organisation=organisation, tracking_code__in=codes)[:2]
        )
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None
    if details.order_numbers:
        orders = list(
            Order.objects.filter(organisation=organisation, reference__in=details.order_numbers)[:2]
        )
        if len(orders) == 1:
            shipments = list(orders[0].shipments.all()[:2])
            return shipments[0] if len(shipments) == 1 else None
    return None


def order_named(organisation: Organisation, details: Details) -> Order | None:
    if not details.order_numbers:
        return None
    orders = list(
        Order.objects.filter(organisation=organisation, reference__in=details.order_numbers)[:2]
    )
    return orders[0] if len(orders) == 1 else None


class Fact:
    """A fact a reason may still need; `question` asks for it in the active language."""

    PARCEL = "parcel"
    ORDER = "order"
    NEW_ADDRESS = "new_address"
    MOMENT = "moment"
    PHOTO = "photo"


def question(fact: str) -> str:
    return {
        Fact.PARCEL: _(
            "the tracking code of the parcel (on the shipping e-mail) or your order number"
        ),
        Fact.ORDER: _("your order number (on the order confirmation)"),
        Fact.NEW_ADDRESS: _("the new address: postcode and house number"),
        Fact.MOMENT: _("the day (and time) that suits you"),
        Fact.PHOTO: _("a photo of the damage and of the box"),
    }[fact]


@dataclass(frozen=True)
class Missing:
    """What the message told us (to repeat it), and at most two facts still needed."""

    known: list[str]
    facts: list[str]

    @property
    def questions(self) -> list[str]:
        return [question(fact) for fact in self.facts]


def what_is_missing(case: Case, details: Details, *, has_attachments: bool) -> Missing:
    """The facts the case's reason still needs, given the case and what the message said; in
    the case's language. Nothing is asked for a reason a person still has to decide."""
    return missing_facts(
        case.intent if not case.needs_person else "",
        language=case.language,
        shipment=case.shipment,
        order=case.order,
        details=details,
        has_attachments=has_attachments,
    )


def missing_facts(
    intent: str,
    *,
    language: str,
    shipment: Shipment | None,
    order: Order | None,
    details: Details,
    has_attachments: bool,
) -> Missing:
    """What was understood, and at most two facts `intent` still needs: never one given."""
    with translation.override(language):
        known = _known(shipment, order, details)
    facts: list[str] = []
    has_parcel = shipment is not None or bool(details.tracking_codes)
    has_order = order is not None or bool(details.order_numbers)
    if intent in _ABOUT_A_PARCEL and not (has_parcel or has_order):
        facts.append(Fact.PARCEL)
    if intent in _ABOUT_AN_ORDER and not has_order:
        facts.append(Fact.ORDER)
    if intent == Intent.CHANGE_ADDRESS and not details.addresses:
        facts.append(Fact.NEW_ADDRESS)
    if intent == Intent.CHANGE_DELIVERY_MOMENT and not (details.dates or details.times):
        facts.append(Fact.MOMENT)
    if intent == Intent.DAMAGED and not has_attachments:
        facts.append(Fact.PHOTO)
    return Missing(known, facts[:2])


def _known(shipment: Shipment | None, order: Order | None, details: Details) -> list[str]:
    known = []
    if shipment is not None:
        known.append(_("parcel %(code)s") % {"code": shipment.tracking_code})
    else:
        known += [_("parcel %(code)s") % {"code": code.code} for code in details.tracking_codes]
    if order is not None:
        known.append(_("order %(number)s") % {"number": order.reference})
    else:
        known += [_("order %(number)s") % {"number": number} for number in details.order_numbers]
    for address in details.addresses:
        if address.postcode:
            known.append(
                _("address %(postcode)s %(number)s")
                % {
                    "postcode": display_postcode(address.postcode),
                    "number": f"{address.house_number} {address.addition}".strip(),
                }
            )
    known += [d.strftime("%d-%m-%Y") for d in details.dates]
    return known[:4]


# The facts the contact form can ask for itself, with the field that takes each answer.
FORM_FIELDS = {
    Fact.PARCEL: "tracking_code",
    Fact.ORDER: "tracking_code",
    Fact.NEW_ADDRESS: "new_address",
    Fact.MOMENT: "moment",
}


@dataclass(frozen=True)
class FormQuestions:
    intent: str
    known: list[str]
    facts: list[str]  # each in FORM_FIELDS

    @property
    def intent_label(self) -> str:
        return str(Intent(self.intent).label)

    @property
    def parcel_label(self) -> str:
        """The label of the one field that takes a tracking code or an order number."""
        if Fact.ORDER in self.facts:
            return _("Your order number")
        return _("Tracking code or order number")


def contact_form_questions(text: str, tracking_code: str, language: str) -> FormQuestions | None:
    """What the contact form still asks before it opens a case, or None when nothing.

    Only the visitor's own words count as known: the form proves nothing about its sender,
    so what the shipments table holds is never used or shown here."""
    words = f"{tracking_code}\n{text}".strip()
    read = read_customer_message(words, language=language)
    if not read.sure:
        return None
    missing = missing_facts(
        read.intent,
        language=language,
        shipment=None,
        order=None,
        details=read.details,
        has_attachments=False,
    )
    named_a_code = bool(tracking_code_candidates(words))
    facts = [
        fact
        for fact in missing.facts
        if fact in FORM_FIELDS and not (fact == Fact.PARCEL and named_a_code)
    ]
    return FormQuestions(read.intent, missing.known, facts) if facts else None
