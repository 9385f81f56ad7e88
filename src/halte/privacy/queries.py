"""What Halte holds on one person, and which settled records are past their retention."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core import serializers
from django.db.models import Q, QuerySet

from halte.cases.models import Attachment, Case, CaseActivity, CaseMessage, IntentCorrection
from halte.drivers.models import Tap
from halte.effort.models import AskedAddress, EffortQuestion
from halte.gifts.models import Gift, GiftNote
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.privacy.models import DEFAULT_RETENTION_DAYS, RetentionPolicy
from halte.remedies.models import CaseRequest
from halte.returns.models import Return
from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment, TrackingEvent
from halte.vocabulary.status import TERMINAL_STATUSES

# A pseudonymised case keeps an address (the field is required) that reaches nobody.
ERASED_DOMAIN = "erased.invalid"


def normalise_phone(phone: str) -> str:
    """`+31 6-1234 5678` and `+31612345678` are the same number."""
    return re.sub(r"[\s\-().]", "", phone)


@dataclass
class Person:
    """One person as Halte knows them in one organisation: their shipments and cases."""

    organisation: Organisation
    email: str = ""
    phone: str = ""
    shipments: list[Shipment] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    # Gifts this person sent (as the buyer): their name and address are on them.
    gifts_sent: list[Gift] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.shipments or self.cases or self.gifts_sent)

    def emails(self) -> set[str]:
        """The person's e-mail addresses: the one asked for and those on their records."""
        emails = {self.email} | {s.recipient_email for s in self.shipments}
        emails |= {c.customer_email for c in self.cases}
        emails |= {g.sender_email for g in self.gifts_sent}
        return {email for email in emails if email and not email.endswith("@" + ERASED_DOMAIN)}

    def unmistakable_words(self) -> set[str]:
        """What names this person and nobody else, to be looked for in anyone's free text:
        addresses, numbers and full names — not a street, which neighbours share."""
        words = self.emails() | {self.phone} | {s.recipient_phone for s in self.shipments}
        names = {s.recipient_name for s in self.shipments} | {c.customer_name for c in self.cases}
        names |= {g.sender_name for g in self.gifts_sent}
        words |= {name for name in names if " " in name.strip() and len(name.strip()) >= 5}
        return {word for word in words if len(word.strip()) >= 5}

    def words(self) -> set[str]:
        """Everything that names this person, to be looked for in free text."""
        words = {self.email, self.phone}
        for shipment in self.shipments:
            words |= {
                shipment.recipient_name,
                shipment.recipient_email,
                shipment.recipient_phone,
                shipment.street,
            }
        for case in self.cases:
            words |= {case.customer_name, case.customer_email}
        for gift in self.gifts_sent:
            words |= {gift.sender_name, gift.sender_email}
        return {word for word in words if len(word.strip()) >= 3}


def find_person(organisation: Organisation, *, email: str = "", phone: str = "") -> Person:
    """The shipments and cases of the person with this e-mail address or phone number."""
    email = email.strip()
    phone = normalise_phone(phone.strip())
    person = Person(organisation=organisation, email=email, phone=phone)
    if not email and not phone:
        return person
    shipment_match = Q()
    if email:
        shipment_match |= Q(recipient_email__iexact=email)
    if phone:
        shipment_match |= Q(recipient_phone=phone) | Q(recipient_phone=phone.replace("+31", "0"))
    shipments = Shipment.objects.filter(shipment_match, organisation=organisation)
    # A return travels as a shipment of its own, from the same person.
    shipments = Shipment.objects.filter(
        Q(pk__in=shipments.values("pk")) | Q(return_of__original__in=shipments.values("pk"))
    )
    person.shipments = list(shipments.order_by("pk"))
    case_match = Q(shipment__in=person.shipments)
    if email:
        case_match |= Q(customer_email__iexact=email)
    person.cases = list(
        Case.objects.filter(case_match, organisation=organisation).distinct().order_by("pk")
    )
    if email:
        person.gifts_sent = list(
            Gift.objects.filter(organisation=organisation, sender_email__iexact=email).order_by(
                "pk"
            )
        )
    return person


def _rows(queryset: QuerySet[Any], *, leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = serializers.serialize("python", queryset.order_by("pk"))
    for row in rows:
        for name in leave_out:
            row["fields"].pop(name, None)
    return rows


def person_export(person: Person) -> dict[str, Any]:
    """Everything Halte holds on `person`, grouped by kind, ready to be written as JSON."""
    shipments = Shipment.objects.filter(pk__in=[s.pk for s in person.shipments])
    cases = Case.objects.filter(pk__in=[c.pk for c in person.cases])
    messages = CaseMessage.objects.filter(case__in=cases)
    dispatch_match = Q(case_message__in=messages) | Q(
        pk__in=CaseActivity.objects.filter(case__in=cases).values("dispatch")
    )
    if person.email:
        dispatch_match |= Q(recipient__iexact=person.email)
    if person.phone:
        dispatch_match |= Q(recipient=person.phone)
    dispatches = Dispatch.objects.filter(dispatch_match, organisation=person.organisation)
    return {
        "organisation": person.organisation.name,
        "asked_for": {"email": person.email, "phone": person.phone},
        "shipments": _rows(shipments),
        "tracking_events": _rows(TrackingEvent.objects.filter(shipment__in=shipments)),
        "address_changes": _rows(AddressChange.objects.filter(shipment__in=shipments)),
        "driver_taps": _rows(Tap.objects.filter(stop__shipment__in=shipments)),
        "returns": _rows(Return.objects.filter(Q(original__in=shipments) | Q(case__in=cases))),
        "cases": _rows(cases, leave_out=("owner",)),
        # Internal notes are the organisation's own words about the case, not the person's.
        "messages": _rows(messages.exclude(direction=CaseMessage.Direction.NOTE)),
        "attachments": _rows(Attachment.objects.filter(message__in=messages)),
        "requests_to_shop_or_carrier": _rows(
            CaseRequest.objects.filter(Q(case__in=cases) | Q(shipment__in=shipments))
        ),
        "gifts_received": _gifts_received(shipments),
        "gifts_sent": _rows(Gift.objects.filter(pk__in=[g.pk for g in person.gifts_sent])),
        "gift_notes": _rows(
            GiftNote.objects.filter(
                Q(shipment__in=shipments) | Q(gift__in=[g.pk for g in person.gifts_sent])
            ),
            leave_out=("photo",),
        ),
        "touchpoints": _rows(_touchpoints(person, shipments, cases)),
        "effort_answers": _rows(_effort_questions(person, shipments, cases)),
        # A one-time code in a sent message is a secret, not personal data worth handing out.
        "messages_sent": [
            _without_secret(row) for row in _rows(dispatches.distinct(), leave_out=("key",))
        ],
    }


def _gifts_received(shipments: QuerySet[Shipment]) -> list[dict[str, Any]]:
    """A gift to the person: its words, and the sender's name only where the sender allows it
    (the sender's address never: it is the sender's, not the recipient's)."""
    gifts = Gift.objects.filter(order__shipments__in=shipments).distinct().order_by("pk")
    return [
        {
            "gift": gift.pk,
            "message": gift.message,
            "sender_name": gift.sender_name if gift.name_allowed else "",
        }
        for gift in gifts
    ]


def _without_secret(row: dict[str, Any]) -> dict[str, Any]:
    if row["fields"].get("sensitive"):
        row["fields"]["body"] = ""
    return row


def _touchpoints(
    person: Person, shipments: QuerySet[Shipment], cases: QuerySet[Case]
) -> QuerySet[Touchpoint]:
    match = Q(shipment__in=shipments) | Q(case__in=cases)
    if person.email:
        match |= Q(customer_email__iexact=person.email)
    return Touchpoint.objects.filter(match, organisation=person.organisation).distinct()


def _effort_questions(
    person: Person, shipments: QuerySet[Shipment], cases: QuerySet[Case]
) -> QuerySet[EffortQuestion]:
    match = Q(shipment__in=shipments) | Q(case__in=cases)
    if person.email:
        match |= Q(customer_email__iexact=person.email)
    return EffortQuestion.objects.filter(match, organisation=person.organisation).distinct()


def asked_addresses(email: str) -> QuerySet[AskedAddress]:
    return (
        AskedAddress.objects.filter(email__iexact=email) if email else AskedAddress.objects.none()
    )


def intent_corrections(cases: QuerySet[Case]) -> QuerySet[IntentCorrection]:
    return IntentCorrection.objects.filter(case__in=cases)


def activities(cases: QuerySet[Case]) -> QuerySet[CaseActivity]:
    return CaseActivity.objects.filter(case__in=cases)


def retention_days(organisation: Organisation) -> int:
    policy = RetentionPolicy.objects.filter(organisation=organisation).first()
    return policy.days if policy else DEFAULT_RETENTION_DAYS


def settled_shipments(organisation: Organisation, *, before: datetime) -> QuerySet[Shipment]:
    """Delivered or returned before `before`, no open case, not yet pseudonymised."""
    return (
        Shipment.objects.filter(
            organisation=organisation, status__in=TERMINAL_STATUSES, updated_at__lt=before
        )
        .exclude(recipient_name="")
        .exclude(cases__state__in=[s for s in Case.State if s not in Case.SETTLED])
    )


def settled_cases(organisation: Organisation, *, before: datetime) -> QuerySet[Case]:
    """Resolved or closed before `before`, not yet pseudonymised."""
    return Case.objects.filter(
        organisation=organisation, state__in=Case.SETTLED, updated_at__lt=before
    ).exclude(customer_email__endswith="@" + ERASED_DOMAIN)


def cutoff(organisation: Organisation, *, now: datetime) -> datetime:
    return now - timedelta(days=retention_days(organisation))
