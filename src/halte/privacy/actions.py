"""Pseudonymising personal data: of one person at once (erasure), of settled records in time.

What identifies a person goes (names, e-mail addresses, phone numbers, street and house
number, the words of messages, photos and attachments); what makes figures stays (states,
statuses, times, scores, sentiments, intents, the four digits of a postcode, the city).
Rows are changed with `update()` so no `auto_now` time moves: a case's timings stay true.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Substr

from halte.audit.actions import record_access
from halte.audit.subjects import person_subject
from halte.cases.models import Attachment, Case, CaseMessage
from halte.drivers.models import Tap
from halte.effort.models import EffortQuestion
from halte.gifts.models import Gift, GiftNote
from halte.journey.models import Touchpoint
from halte.organisations.models import ApiToken, Organisation
from halte.outbox.models import Dispatch
from halte.privacy.queries import (
    ERASED_DOMAIN,
    Person,
    activities,
    asked_addresses,
    cutoff,
    intent_corrections,
    person_export,
    settled_cases,
    settled_shipments,
)
from halte.remedies.models import CaseRequest
from halte.returns.models import Return
from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment, TrackingEvent
from halte.tracking.pagecache import pages_changed


@dataclass(frozen=True)
class Pseudonymised:
    shipments: int = 0
    cases: int = 0
    messages_sent: int = 0

    def __add__(self, other: "Pseudonymised") -> "Pseudonymised":
        return Pseudonymised(
            self.shipments + other.shipments,
            self.cases + other.cases,
            self.messages_sent + other.messages_sent,
        )

    def __str__(self) -> str:
        return (
            f"shipments: {self.shipments}, cases: {self.cases}, messages sent: {self.messages_sent}"
        )


def erased_email() -> str:
    """An address that reaches nobody and links no two erased records."""
    return f"erased-{secrets.token_hex(6)}@{ERASED_DOMAIN}"


def _delete_files(rows: QuerySet[Attachment] | QuerySet[Tap], name: str) -> None:
    """Delete the stored files once the rows no longer name them: after commit, since a
    storage may be remote and a rolled-back erasure must still find its files."""
    for row in rows.exclude(**{name: ""}):
        stored = getattr(row, name)
        transaction.on_commit(partial(stored.storage.delete, stored.name))


def _wipe_dispatches(dispatches: QuerySet[Dispatch]) -> int:
    return dispatches.update(recipient="", subject="", body="", envelope={})


def _scrub(text: str, words: set[str]) -> str:
    """`text` with every word that names the person cut out."""
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(re.escape(word), "…", text, flags=re.IGNORECASE)
    return text


def _scrub_events(events: QuerySet[TrackingEvent], words: set[str]) -> None:
    """A carrier's "received by L. Jansen": the description stays, the name goes."""
    for event in events.exclude(raw_description="").only("pk", "raw_description"):
        scrubbed = _scrub(event.raw_description, words)
        if scrubbed != event.raw_description:
            TrackingEvent.objects.filter(pk=event.pk).update(raw_description=scrubbed)


def _forget_addresses(emails: set[str]) -> None:
    """The effort question's lock row of an address no live record holds any more."""
    for email in emails - {""}:
        still_held = (
            Case.objects.filter(customer_email__iexact=email).exists()
            or Shipment.objects.filter(recipient_email__iexact=email).exists()
            or EffortQuestion.objects.filter(customer_email__iexact=email).exists()
        )
        if not still_held:
            asked_addresses(email).delete()


def _pseudonymise_shipments(shipments: QuerySet[Shipment]) -> int:
    ids = list(shipments.values_list("pk", flat=True))
    if not ids:
        return 0
    rows = Shipment.objects.filter(pk__in=ids)
    emails: set[str] = set()
    for name, email, phone, street, shipment_id in rows.values_list(
        "recipient_name", "recipient_email", "recipient_phone", "street", "pk"
    ):
        words = {word for word in (name, email, phone, street) if len(word) >= 3}
        _scrub_events(TrackingEvent.objects.filter(shipment=shipment_id), words)
        emails.add(email)
    rows.update(
        # The four digits say the region (for figures); the letters narrow it to a street.
        postcode=Substr("postcode", 1, 4),
        recipient_name="",
        recipient_email="",
        recipient_phone="",
        street="",
        house_number=0,
        house_number_addition="",
        delivery_place_detail="",
    )
    TrackingEvent.objects.filter(shipment__in=ids).update(delivery_place_detail="")
    AddressChange.objects.filter(shipment__in=ids).update(
        old_address={}, new_address={}, notified=""
    )
    taps = Tap.objects.filter(stop__shipment__in=ids)
    _delete_files(taps, "photo")
    taps.update(note="", place_detail="", photo="")
    Return.objects.filter(Q(original__in=ids) | Q(shipment__in=ids)).update(text="", refund_note="")
    CaseRequest.objects.filter(shipment__in=ids).update(note="", answer="", document_url="")
    # A gift to this parcel: the words to and from its recipient, and who sent it.
    _pseudonymise_gifts(Gift.objects.filter(order__shipments__in=ids).distinct())
    GiftNote.objects.filter(shipment__in=ids).update(text="", photo=None, photo_type="")
    Touchpoint.objects.filter(shipment__in=ids).update(customer_email="", summary="")
    for question in EffortQuestion.objects.filter(shipment__in=ids).only("pk"):
        EffortQuestion.objects.filter(pk=question.pk).update(
            customer_email=erased_email(), comment=""
        )
    _forget_addresses(emails)
    # A tracking page kept rendered must not go on showing the name and address.
    pages_changed(ids)
    return len(ids)


def _pseudonymise_gifts(gifts: QuerySet[Gift]) -> None:
    for gift_id in list(gifts.values_list("pk", flat=True)):
        Gift.objects.filter(pk=gift_id).update(
            message="", sender_name="", sender_email=erased_email()
        )
        GiftNote.objects.filter(gift=gift_id).update(text="", photo=None, photo_type="")
    # The gift's message and sender show on the recipients' tracking pages.
    pages_changed(Shipment.objects.filter(order__gift__in=gifts).values_list("pk", flat=True))


def _pseudonymise_cases(cases: QuerySet[Case]) -> tuple[int, int]:
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        return 0, 0
    emails = set(Case.objects.filter(pk__in=ids).values_list("customer_email", flat=True))
    for case_id in ids:
        Case.objects.filter(pk=case_id).update(
            customer_name="", customer_email=erased_email(), subject="", state_reason=""
        )
    messages = CaseMessage.objects.filter(case__in=ids)
    dispatch_ids = set(messages.exclude(dispatch=None).values_list("dispatch", flat=True))
    dispatch_ids |= set(
        activities(Case.objects.filter(pk__in=ids))
        .exclude(dispatch=None)
        .values_list("dispatch", flat=True)
    )
    attachments = Attachment.objects.filter(message__in=messages)
    _delete_files(attachments, "file")
    attachments.update(filename="", file="")
    messages.update(
        from_address="", to_address="", subject="", body_text="", body_display="", body_html=""
    )
    activities(Case.objects.filter(pk__in=ids)).update(detail="")
    intent_corrections(Case.objects.filter(pk__in=ids)).update(text="")
    CaseRequest.objects.filter(case__in=ids).update(note="", answer="", document_url="")
    Return.objects.filter(case__in=ids).update(text="", refund_note="")
    Touchpoint.objects.filter(case__in=ids).update(customer_email="", summary="")
    for question in EffortQuestion.objects.filter(case__in=ids).only("pk"):
        EffortQuestion.objects.filter(pk=question.pk).update(
            customer_email=erased_email(), comment=""
        )
    sent = _wipe_dispatches(Dispatch.objects.filter(pk__in=dispatch_ids))
    _forget_addresses(emails)
    return len(ids), sent


def _mentioning(words: set[str]) -> Q:
    match = Q(pk__in=[])
    for word in words:
        match |= Q(recipient__iexact=word) | Q(body__icontains=word) | Q(subject__icontains=word)
    return match


def person_subject_of(person: Person) -> str:
    """The audit trail's name for the person: a digest, never the address itself."""
    return person_subject(person.email or person.phone)


@transaction.atomic
def do_export_person(
    person: Person, *, actor: User | None, token: ApiToken | None = None
) -> dict[str, Any]:
    """Everything Halte holds on `person`, with who asked for it written in the audit trail."""
    exported = person_export(person)
    record_access(
        organisation=person.organisation,
        actor=actor,
        token=token,
        action="export",
        subject=person_subject_of(person),
        detail=f"shipments: {len(person.shipments)}, cases: {len(person.cases)}",
    )
    return exported


@transaction.atomic
def do_erase_person(
    person: Person, *, actor: User | None, token: ApiToken | None = None
) -> Pseudonymised:
    """Pseudonymise everything Halte holds on `person` now; running it again changes nothing.

    Who erased is written in the audit trail, with the digest of the address: the trail can
    tell that this person was erased when, never who they were.
    """
    erased = _erase(person)
    record_access(
        organisation=person.organisation,
        actor=actor,
        token=token,
        action="erase",
        subject=person_subject_of(person),
        detail=str(erased),
    )
    return erased


def _erase(person: Person) -> Pseudonymised:
    # Read before the records are changed: the addresses found through the phone number too.
    words = person.words()
    unmistakable = person.unmistakable_words()
    shipments = Shipment.objects.filter(pk__in=[s.pk for s in person.shipments])
    cases = Case.objects.filter(pk__in=[c.pk for c in person.cases])
    organisation = person.organisation
    _scrub_events(TrackingEvent.objects.filter(shipment__in=shipments), words)
    # Free text that names the person outside their own records: a carrier's "received by" on
    # a neighbour's parcel, a webhook's body sent to the shop. Only what names this person and
    # nobody else is looked for there: a street name would wipe the neighbours' records too.
    named = Q(pk__in=[])
    for word in unmistakable:
        named |= Q(raw_description__icontains=word)
    _scrub_events(TrackingEvent.objects.filter(named, organisation=organisation), unmistakable)
    loose = Dispatch.objects.filter(_mentioning(unmistakable), organisation=organisation)
    sent = _wipe_dispatches(loose)
    erased = Pseudonymised(shipments=_pseudonymise_shipments(shipments))
    case_count, case_sent = _pseudonymise_cases(cases)
    _pseudonymise_gifts(Gift.objects.filter(pk__in=[g.pk for g in person.gifts_sent]))
    for email in person.emails():
        Touchpoint.objects.filter(organisation=organisation, customer_email__iexact=email).update(
            customer_email="", summary=""
        )
        for question in EffortQuestion.objects.filter(
            organisation=organisation, customer_email__iexact=email
        ).only("pk"):
            EffortQuestion.objects.filter(pk=question.pk).update(
                customer_email=erased_email(), comment=""
            )
        asked_addresses(email).delete()
    return erased + Pseudonymised(cases=case_count, messages_sent=sent + case_sent)


@transaction.atomic
def do_pseudonymise_settled(organisation: Organisation, *, now: datetime) -> Pseudonymised:
    """Pseudonymise the personal data of `organisation`'s records settled before its cutoff."""
    before = cutoff(organisation, now=now)
    shipments = _pseudonymise_shipments(settled_shipments(organisation, before=before))
    cases, case_sent = _pseudonymise_cases(settled_cases(organisation, before=before))
    # Everything sent long ago is a log line by now: who it went to and what it said go.
    old = Dispatch.objects.filter(
        organisation=organisation,
        created_at__lt=before,
        state__in=[Dispatch.State.SENT, Dispatch.State.FAILED],
    ).exclude(recipient="", body="")
    old_touchpoints = Touchpoint.objects.filter(organisation=organisation, at__lt=before)
    old_touchpoints.exclude(customer_email="", summary="").update(customer_email="", summary="")
    return Pseudonymised(shipments, cases, case_sent + _wipe_dispatches(old))


def do_pseudonymise_all_settled(*, now: datetime) -> Pseudonymised:
    total = Pseudonymised()
    for organisation in Organisation.objects.order_by("pk"):
        total += do_pseudonymise_settled(organisation, now=now)
    return total
