"""The domain verbs for cases. Every state change of a case goes through one of these.

Each writes the case's message or activity row and the journey touchpoint in the same
transaction, and queues outgoing e-mail to be sent after commit.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from halte.cases.intents import wants_to_close
from halte.cases.letters import (
    acknowledgement,
    close_confirmation,
    reply_subject,
    web_form_notice,
)
from halte.cases.links import customer_case_url
from halte.cases.models import Attachment, Case, CaseActivity, CaseMessage, Channel, SlaPolicy
from halte.cases.outgoing import new_message_id, queue_case_message
from halte.cases.signals import case_resolved
from halte.cases.sla import DEFAULT_TARGETS
from halte.journey.actions import record_touchpoint
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.organisations.queries import default_organisation
from halte.outbox.models import Dispatch
from halte.shipments.detection import find_shipment_in_text
from halte.shipments.models import Shipment
from halte.vocabulary.calendar import business_deadline

# A second press of "send" with the same words is the same question, not a new one.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class IncomingAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class CustomerMessage:
    """What a customer wrote, from any channel."""

    channel: str
    body: str
    display: str = ""
    subject: str = ""
    html: str = ""
    from_address: str = ""
    to_address: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    attachments: Sequence[IncomingAttachment] = ()
    # Written by a machine (auto-reply, bounce): stored, never answered, never closes a case.
    automated: bool = False


# What changes together when a case is resolved or reopened.
RESOLUTION_FIELDS = [
    "state",
    "state_reason",
    "resolved_at",
    "resolved_by",
    "first_contact_resolution",
    "updated_at",
]


def _targets(organisation: Organisation, channel: str) -> tuple[int, int]:
    policy = SlaPolicy.objects.filter(organisation=organisation, channel=channel).first()
    if policy:
        return policy.first_response_minutes, policy.resolution_minutes
    return DEFAULT_TARGETS.get(channel, DEFAULT_TARGETS["email"])


def _deadline(organisation: Organisation, start: datetime, minutes: int) -> datetime:
    return business_deadline(
        start,
        minutes,
        country=organisation.country,
        opens=organisation.business_hours_start,
        closes=organisation.business_hours_end,
    )


def first_response_due(organisation: Organisation, channel: str, start: datetime) -> datetime:
    """When the first answer to a case opened at `start` on this channel is due."""
    first_response, _ = _targets(organisation, channel)
    return _deadline(organisation, start, first_response)


def _activity(
    case: Case,
    verb: CaseActivity.Verb,
    detail: str = "",
    by: AbstractBaseUser | None = None,
    dispatch: Dispatch | None = None,
) -> None:
    CaseActivity.objects.create(
        case=case, verb=verb, detail=detail[:500], actor_id=by.pk if by else None, dispatch=dispatch
    )


def _reopen(case: Case, reason: str, *, detail: str = "") -> None:
    """Back to open, forgetting the resolution; the caller saves RESOLUTION_FIELDS."""
    case.state, case.state_reason = Case.State.OPEN, reason
    case.resolved_at, case.resolved_by, case.first_contact_resolution = None, "", None
    _activity(case, CaseActivity.Verb.REOPENED, detail)


def do_record_request(case: Case, dispatch: Dispatch, detail: str) -> None:
    """A request Halte sent for this case (to the shop's or carrier's system): the desk shows
    whether it arrived, and a request that fails for good puts the case back in front of a
    person (`do_note_failed_dispatch`)."""
    _activity(case, CaseActivity.Verb.REQUESTED, detail, dispatch=dispatch)


def do_note_failed_dispatch(dispatch_id: int) -> list[Case]:
    """Something sent for a case failed for good: the case is open and high in the queue."""
    case_ids = set(
        CaseActivity.objects.filter(dispatch_id=dispatch_id).values_list("case_id", flat=True)
    ) | set(CaseMessage.objects.filter(dispatch_id=dispatch_id).values_list("case_id", flat=True))
    dispatch = Dispatch.objects.filter(pk=dispatch_id).first()
    what = (
        f"{dispatch.get_channel_display()} {dispatch.subject}: {dispatch.last_error}"
        if dispatch
        else ""
    )
    touched = []
    with transaction.atomic():
        for case in Case.objects.select_for_update().filter(pk__in=case_ids):
            _activity(case, CaseActivity.Verb.DELIVERY_FAILED, what, dispatch=dispatch)
            if not case.is_open:
                _reopen(case, "something we sent failed", detail="something we sent failed")
            case.priority = max(case.priority, Case.Priority.HIGH)
            case.save(update_fields=[*RESOLUTION_FIELDS, "priority"])
            touched.append(case)
    return touched


def _store_message(
    case: Case,
    direction: str,
    incoming: CustomerMessage,
    *,
    sender: str = CaseMessage.Sender.CUSTOMER,
) -> CaseMessage:
    message = CaseMessage.objects.create(
        case=case,
        direction=direction,
        kind=CaseMessage.Kind.AUTOMATED if incoming.automated else CaseMessage.Kind.MESSAGE,
        sender=sender,
        channel=incoming.channel,
        from_address=incoming.from_address,
        to_address=incoming.to_address,
        subject=incoming.subject,
        body_text=incoming.body,
        body_display=incoming.display or incoming.body,
        body_html=incoming.html,
        message_id=incoming.message_id,
        in_reply_to=incoming.in_reply_to,
    )
    for attachment in incoming.attachments:
        stored = Attachment(
            message=message,
            filename=attachment.filename,
            content_type=attachment.content_type,
            size=len(attachment.content),
        )
        stored.file.save(attachment.filename, ContentFile(attachment.content), save=False)
        stored.save()
    return message


def _outbound(
    case: Case,
    *,
    kind: str,
    subject: str,
    body: str,
    by: AbstractBaseUser | None = None,
    channel: str = Channel.EMAIL,
    to: str = "",
    send_after: datetime | None = None,
) -> CaseMessage:
    """A message to the customer, stored in the thread and put in the outbox to go after commit."""
    message = CaseMessage.objects.create(
        case=case,
        direction=CaseMessage.Direction.OUTBOUND,
        kind=kind,
        channel=channel,
        author_id=by.pk if by else None,
        to_address=to or case.customer_email,
        subject=subject,
        body_text=body,
        body_display=body,
        message_id=new_message_id() if channel == Channel.EMAIL else "",
    )
    queue_case_message(message, not_before=send_after)
    return message


def do_open_case(
    organisation: Organisation,
    incoming: CustomerMessage,
    *,
    customer_email: str,
    customer_name: str = "",
    shipment: Shipment | None = None,
    language: str = "nl",
    case_url_for: Callable[[Case], str] | None = None,
    tags: Sequence[str] = (),
    acknowledge_with: Callable[[Case], tuple[str, str]] | None = None,
) -> tuple[Case, CaseMessage]:
    """Open a case with the customer's first message, start its SLA clocks, acknowledge it.

    `acknowledge_with` writes a different acknowledgement (subject, text), e.g. for a
    self-service action that says what happens next instead of "a person will answer".
    """
    now = timezone.now()
    first_response, resolution = _targets(organisation, incoming.channel)
    with transaction.atomic():
        case = Case.objects.create(
            organisation=organisation,
            customer_email=customer_email.lower(),
            customer_name=customer_name,
            language=language if language in ("nl", "en") else "nl",
            shipment=shipment,
            order=shipment.order if shipment else None,
            subject=(incoming.subject or incoming.display or incoming.body)[:200],
            channel=incoming.channel,
            first_response_due=_deadline(organisation, now, first_response),
            resolution_due=_deadline(organisation, now, resolution),
            tags=list(tags),
        )
        message = _store_message(case, CaseMessage.Direction.INBOUND, incoming)
        _activity(case, CaseActivity.Verb.OPENED, incoming.channel)
        record_touchpoint(
            organisation_id=organisation.pk,
            case_id=case.pk,
            shipment_id=shipment.pk if shipment else None,
            customer_email=case.customer_email,
            kind=Touchpoint.Kind.FORM
            if incoming.channel == Channel.WEB
            else Touchpoint.Kind.EMAIL_IN,
            summary=message.body_display[:300],
        )
        if not incoming.automated:
            if acknowledge_with is not None:
                subject, body = acknowledge_with(case)
            else:
                subject, body = acknowledgement(case, case_url_for(case) if case_url_for else "")
            _outbound(case, kind=CaseMessage.Kind.ACKNOWLEDGEMENT, subject=subject, body=body)
            record_touchpoint(
                organisation_id=organisation.pk,
                case_id=case.pk,
                customer_email=case.customer_email,
                kind=Touchpoint.Kind.AUTO_REPLY,
                summary=subject,
            )
    return case, message


def do_add_customer_message(case: Case, incoming: CustomerMessage) -> CaseMessage:
    """A customer's follow-up: reopens a closed case, or closes it when they say it's solved."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        message = _store_message(case, CaseMessage.Direction.INBOUND, incoming)
        record_touchpoint(
            organisation_id=case.organisation_id,
            case_id=case.pk,
            shipment_id=case.shipment_id,
            customer_email=case.customer_email,
            kind=Touchpoint.Kind.FORM
            if incoming.channel == Channel.WEB
            else Touchpoint.Kind.EMAIL_IN,
            summary=message.body_display[:300],
        )
        if incoming.automated:
            _activity(case, CaseActivity.Verb.AUTOMATED, message.from_address)
            return message
        if wants_to_close(message.body_display):
            if case.is_open:
                do_resolve_case(
                    case, by=Case.ResolvedBy.CUSTOMER, reason=message.body_display[:300]
                )
            return message
        if not case.is_open:
            _reopen(case, "customer wrote again")
        elif case.state in (Case.State.WAITING_ON_CUSTOMER, Case.State.NEW):
            case.state = Case.State.OPEN
        case.save(update_fields=RESOLUTION_FIELDS)
    return message


def do_add_unproven_message(
    case: Case,
    incoming: CustomerMessage,
    *,
    sender: CaseMessage.Sender,
    notify_with: Callable[[Case], tuple[str, str]] | None = None,
) -> CaseMessage:
    """A message for the agent from someone not proven to be the case's customer.

    Anyone can type an e-mail address into a form or write to a reply address, so the
    message is stored and written in the case's activity but never closes, resolves or
    reopens the case, and is no touchpoint of the customer's journey. One that claims the
    customer's address on the web form moves a case waiting on the customer back to open, so
    an agent reads it; one from another address changes nothing. `notify_with` writes the
    e-mail (subject, text) that tells the case's own address what was added.
    """
    if sender == CaseMessage.Sender.CUSTOMER:
        raise ValueError("the customer's own messages go through do_add_customer_message")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        message = _store_message(case, CaseMessage.Direction.INBOUND, incoming, sender=sender)
        _activity(
            case,
            CaseActivity.Verb.UNPROVEN_MESSAGE,
            f"{incoming.channel}, {sender.value}: {incoming.from_address}",
        )
        if sender == CaseMessage.Sender.UNPROVEN and case.state == Case.State.WAITING_ON_CUSTOMER:
            case.state = Case.State.OPEN
            case.save(update_fields=["state", "updated_at"])
        if notify_with is not None and not incoming.automated:
            subject, body = notify_with(case)
            _outbound(case, kind=CaseMessage.Kind.ACKNOWLEDGEMENT, subject=subject, body=body)
    return message


def do_send_proactive(
    shipment: Shipment,
    *,
    subject: str,
    body: str,
    sms: str = "",
    tags: Sequence[str] = (),
    escalate: bool = False,
    send_after: datetime | None = None,
) -> Case:
    """Tell the customer first, before they ask. Opens a case so any reply reaches a person.

    The messages wait in the outbox and go once this transaction has committed, or after
    `send_after` (quiet hours), when the outbox sweeper sends them.

    A plain notice is resolved at once (nothing to do unless the customer answers);
    an escalation stays open with urgent priority for an agent.
    """
    with transaction.atomic():
        case = _proactive_case(shipment, subject=subject, tags=tags, escalate=escalate)
        _activity(case, CaseActivity.Verb.PROACTIVE, subject)
        _outbound(
            case,
            kind=CaseMessage.Kind.PROACTIVE,
            subject=subject,
            body=body,
            send_after=send_after,
        )
        if sms and shipment.recipient_phone:
            _outbound(
                case,
                kind=CaseMessage.Kind.PROACTIVE,
                subject="",
                body=sms,
                channel=Channel.SMS,
                to=shipment.recipient_phone,
                send_after=send_after,
            )
        record_touchpoint(
            organisation_id=case.organisation_id,
            case_id=case.pk,
            shipment_id=shipment.pk,
            customer_email=case.customer_email,
            kind=Touchpoint.Kind.PROACTIVE,
            summary=subject,
        )
    return case


def do_send_notice(case: Case, *, subject: str, body: str) -> CaseMessage | None:
    """A message Halte sends in an existing case's thread (a return's label, its refund), so a
    reply reaches the same case. None when the case has no e-mail address to write to."""
    if not case.customer_email:
        return None
    with transaction.atomic():
        message = _outbound(case, kind=CaseMessage.Kind.PROACTIVE, subject=subject, body=body)
        record_touchpoint(
            organisation_id=case.organisation_id,
            case_id=case.pk,
            shipment_id=case.shipment_id,
            customer_email=case.customer_email,
            kind=Touchpoint.Kind.PROACTIVE,
            summary=subject,
        )
    return message


def _proactive_case(
    shipment: Shipment, *, subject: str, tags: Sequence[str], escalate: bool
) -> Case:
    """A notice is resolved at once; an escalation is open, urgent, with its SLA clocks."""
    now = timezone.now()
    organisation = shipment.organisation
    first_response, resolution = _targets(organisation, Channel.EMAIL) if escalate else (0, 0)
    return Case.objects.create(
        organisation=organisation,
        customer_email=shipment.recipient_email.lower(),
        customer_name=shipment.recipient_name,
        shipment=shipment,
        order=shipment.order,
        subject=subject[:200],
        channel=Channel.EMAIL,
        state=Case.State.OPEN if escalate else Case.State.RESOLVED,
        state_reason="" if escalate else "proactive notice; reopens when the customer replies",
        priority=Case.Priority.URGENT if escalate else Case.Priority.NORMAL,
        tags=list(tags),
        resolved_at=None if escalate else now,
        resolved_by="" if escalate else Case.ResolvedBy.SYSTEM,
        first_response_due=_deadline(organisation, now, first_response) if escalate else None,
        resolution_due=_deadline(organisation, now, resolution) if escalate else None,
    )


def do_reply(case: Case, *, by: AbstractBaseUser, body: str) -> CaseMessage:
    """An agent answers the customer by e-mail; the first answer stops the first-response clock."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        message = _outbound(
            case, kind=CaseMessage.Kind.MESSAGE, subject=reply_subject(case), body=body, by=by
        )
        now = timezone.now()
        fields = ["state", "updated_at"]
        if case.first_response_at is None:
            case.first_response_at = now
            fields.append("first_response_at")
        if case.owner_id is None:
            case.owner_id = by.pk
            fields.append("owner")
        if case.is_open:
            case.state = Case.State.WAITING_ON_CUSTOMER
        case.save(update_fields=fields)
        record_touchpoint(
            organisation_id=case.organisation_id,
            case_id=case.pk,
            shipment_id=case.shipment_id,
            customer_email=case.customer_email,
            kind=Touchpoint.Kind.AGENT_REPLY,
            summary=body[:300],
        )
    return message


def do_add_note(case: Case, *, by: AbstractBaseUser, body: str) -> CaseMessage:
    with transaction.atomic():
        return CaseMessage.objects.create(
            case=case,
            direction=CaseMessage.Direction.NOTE,
            channel=Channel.DESK,
            author_id=by.pk,
            body_text=body,
            body_display=body,
        )


def do_change_state(case: Case, *, state: str, reason: str, by: AbstractBaseUser) -> None:
    new_state = Case.State(state)
    if new_state in Case.SETTLED:
        do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason=reason, user=by, state=new_state)
        return
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        previous = case.state
        case.state, case.state_reason = state, reason[:300]
        case.resolved_at, case.resolved_by, case.first_contact_resolution = None, "", None
        case.save(update_fields=RESOLUTION_FIELDS)
        _activity(case, CaseActivity.Verb.STATE, f"{previous} → {state}: {reason}", by)


def do_triage(case: Case, *, priority: int, tags: list[str], by: AbstractBaseUser) -> None:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.priority, case.tags = priority, tags
        case.save(update_fields=["priority", "tags", "updated_at"])
        _activity(
            case,
            CaseActivity.Verb.TRIAGED,
            f"priority {priority}; tags {', '.join(tags) or '-'}",
            by,
        )


def do_hand_over(
    case: Case, *, to: AbstractBaseUser | None, team: str, note: str, by: AbstractBaseUser
) -> None:
    """Give the case one new owner (person and/or team), with a note for them."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.owner_id = to.pk if to else None
        case.team = team[:100]
        case.save(update_fields=["owner", "team", "updated_at"])
        _activity(case, CaseActivity.Verb.HANDED_OVER, f"{to or team}: {note}", by)
        if note:
            do_add_note(case, by=by, body=note)


def do_resolve_case(
    case: Case,
    *,
    by: Case.ResolvedBy,
    reason: str,
    user: AbstractBaseUser | None = None,
    state: Case.State = Case.State.RESOLVED,
    confirm: bool = True,
) -> Case:
    """The only way a case becomes resolved: from the desk, the customer's link or their reply.

    `by` says which side resolved it (for the touchpoint and the close confirmation); `user`
    is the agent's account when an agent did, for the case's activity.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case.is_open:
            return case
        agent_replies = case.messages.filter(
            direction=CaseMessage.Direction.OUTBOUND, author__isnull=False
        ).count()
        case.state, case.state_reason = state, reason[:300]
        case.resolved_at, case.resolved_by = timezone.now(), by
        case.first_contact_resolution = agent_replies == 1 if agent_replies else None
        case.save(update_fields=RESOLUTION_FIELDS)
        _activity(case, CaseActivity.Verb.RESOLVED, f"{by}: {reason}", user)
        by_customer = by == Case.ResolvedBy.CUSTOMER
        record_touchpoint(
            organisation_id=case.organisation_id,
            case_id=case.pk,
            shipment_id=case.shipment_id,
            customer_email=case.customer_email,
            kind=(
                Touchpoint.Kind.CASE_CLOSED_BY_CUSTOMER
                if by_customer
                else Touchpoint.Kind.CASE_RESOLVED
            ),
            sentiment=Touchpoint.Sentiment.GOOD if by_customer else Touchpoint.Sentiment.NEUTRAL,
            summary=reason[:300],
        )
        if by_customer and confirm:
            subject, body = close_confirmation(case)
            _outbound(case, kind=CaseMessage.Kind.CLOSE_CONFIRMATION, subject=subject, body=body)
        transaction.on_commit(partial(case_resolved.send, Case, case_id=case.pk))
    return case


# The web contact form. Whoever fills it in proves nothing but that they can type an e-mail
# address. So a message that joins an open case is stored for the agent as unproven (it never
# closes or changes the case) and the case's own address is told by e-mail; the sender's
# answer is the same whatever happened, so the form never reveals whether an address has a case.


@dataclass(frozen=True)
class ContactResult:
    """What happened, for the caller's records; never shown to the sender."""

    case: Case
    created: bool
    duplicate: bool


class NoOrganisation(LookupError):
    pass


def _web_form_notice(case: Case) -> tuple[str, str]:
    return web_form_notice(case, customer_case_url(case))


def do_receive_contact_form(
    *, text: str, email: str, name: str = "", tracking_code: str = "", language: str = "nl"
) -> ContactResult:
    """Open a case with its acknowledgement, or add the message to the open case of this
    address (and parcel) as unproven and tell that address; a double submit does nothing.

    Either way exactly one e-mail with the case link goes to the address given, and only there.
    """
    email = email.strip().lower()
    shipment = find_shipment_in_text(f"{tracking_code}\n{text}")
    organisation = shipment.organisation if shipment else default_organisation()
    if organisation is None:
        raise NoOrganisation("no organisation is set up to receive questions")
    incoming = CustomerMessage(channel=Channel.WEB, body=text, from_address=email)
    with transaction.atomic():
        open_cases = (
            Case.objects.select_for_update()
            .filter(organisation=organisation, customer_email=email)
            .still_open()
        )
        if shipment:
            open_cases = open_cases.filter(shipment=shipment)
        existing = open_cases.order_by("-created_at").first()
        if existing is not None:
            recent = existing.messages.filter(
                direction=CaseMessage.Direction.INBOUND,
                channel=Channel.WEB,
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
                body_text=text,
            )
            if recent.exists():
                return ContactResult(existing, created=False, duplicate=True)
            do_add_unproven_message(
                existing,
                incoming,
                sender=CaseMessage.Sender.UNPROVEN,
                notify_with=_web_form_notice,
            )
            return ContactResult(existing, created=False, duplicate=False)
        case, _ = do_open_case(
            organisation,
            incoming,
            customer_email=email,
            customer_name=name,
            shipment=shipment,
            language=language,
            case_url_for=customer_case_url,
        )
    return ContactResult(case, created=True, duplicate=False)
