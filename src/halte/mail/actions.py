"""Receiving an e-mail: thread it into its case or open one, once per message, never looping."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from halte.cases.actions import (
    CustomerMessage,
    IncomingAttachment,
    do_add_customer_message,
    do_add_unproven_message,
    do_open_case,
)
from halte.cases.links import customer_case_url
from halte.cases.models import Case, CaseMessage, Channel
from halte.cases.reply_addresses import SpoofedReplyAddress, case_id_from_addresses
from halte.gifts.actions import RelayRefused, do_relay_mail
from halte.gifts.models import GiftNote
from halte.gifts.relay import ForgedRelayAddress, relay_target
from halte.mail.inbound import (
    InboundEmail,
    UnreadableEmail,
    latest_reply,
    parse_email,
    with_dropped_note,
)
from halte.organisations.queries import default_organisation
from halte.shipments.detection import find_shipment_in_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Received:
    case: Case
    message: CaseMessage
    created_case: bool
    duplicate: bool = False


class Undeliverable(ValueError):
    """The message cannot be taken: too large, or nobody to deliver it to.

    Permanent: sending the same message again gets the same answer.
    """


class MessageTooLarge(Undeliverable):
    """Larger than HALTE_MAX_EMAIL_BYTES."""


def _thread(mail: InboundEmail, envelope_recipients: list[str]) -> Case | None:
    try:
        case_id = case_id_from_addresses([*envelope_recipients, *mail.recipients])
    except SpoofedReplyAddress:
        logger.warning("Refused a forged reply address from %s", mail.from_address)
        case_id = None
    if case_id is not None:
        return Case.objects.filter(pk=case_id).first()
    if mail.in_reply_to:
        ours = (
            CaseMessage.objects.filter(
                message_id__in=mail.in_reply_to, direction=CaseMessage.Direction.OUTBOUND
            )
            .select_related("case")
            .first()
        )
        if ours and ours.case.customer_email == mail.from_address:
            return ours.case
    return None


@dataclass(frozen=True)
class Relayed:
    """A mail to a gift's relay address, passed on to the other person."""

    note: GiftNote


def _parsed(raw: bytes) -> InboundEmail:
    if len(raw) > settings.HALTE_MAX_EMAIL_BYTES:
        raise MessageTooLarge(
            _("the message is too large: over %(limit)d bytes")
            % {"limit": settings.HALTE_MAX_EMAIL_BYTES}
        )
    try:
        mail = parse_email(raw, max_attachment_bytes=settings.HALTE_MAX_ATTACHMENT_BYTES)
    except UnreadableEmail as unreadable:
        raise Undeliverable(str(unreadable)) from unreadable
    if not mail.from_address:
        raise Undeliverable(_("the message has no sender address a reply could reach"))
    return mail


def do_take_email(
    raw: bytes, *, envelope_recipients: list[str] | None = None
) -> Received | Relayed:
    """Take one raw e-mail from the SMTP receiver or an ESP's inbound webhook: a gift's
    relay mail is passed on, everything else threads into a case."""
    mail = _parsed(raw)
    try:
        target = relay_target([*(envelope_recipients or []), *mail.recipients])
    except ForgedRelayAddress as forged:
        logger.warning("Refused a forged gift relay address")
        raise Undeliverable(_("this relay address is not valid")) from forged
    if target is None:
        return _receive(mail, envelope_recipients or [])
    try:
        note = do_relay_mail(
            target,
            from_address=mail.from_address,
            text=latest_reply(mail.text),
            message_id=mail.message_id,
            automated=bool(mail.automated_because),
        )
    except RelayRefused as refused:
        raise Undeliverable(str(refused)) from refused
    return Relayed(note)


def do_receive_email(raw: bytes, *, envelope_recipients: list[str] | None = None) -> Received:
    """Take one raw e-mail into a case (`do_take_email` first passes gift relay mail on)."""
    return _receive(_parsed(raw), envelope_recipients or [])


def _receive(mail: InboundEmail, envelope_recipients: list[str]) -> Received:
    with transaction.atomic():
        if mail.message_id:
            seen = CaseMessage.objects.filter(message_id=mail.message_id).select_related("case")
            if (earlier := seen.first()) is not None:
                return Received(earlier.case, earlier, created_case=False, duplicate=True)
        incoming = CustomerMessage(
            channel=Channel.EMAIL,
            body=mail.text,
            display=with_dropped_note(latest_reply(mail.text), mail.dropped),
            subject=mail.subject,
            html=mail.html,
            from_address=mail.from_address,
            to_address=", ".join(mail.recipients)[:320],
            message_id=mail.message_id,
            in_reply_to=(mail.in_reply_to or [""])[0],
            attachments=[
                IncomingAttachment(a.filename, a.content_type, a.content) for a in mail.attachments
            ],
            automated=bool(mail.automated_because),
        )
        case = _thread(mail, envelope_recipients)
        if case is not None:
            if mail.from_address == case.customer_email.lower():
                message = do_add_customer_message(case, incoming)
            else:
                # A valid reply address proves which case, not who wrote: a forwarded
                # thread or a colleague in Cc is kept for the agent but cannot act.
                message = do_add_unproven_message(case, incoming, sender=CaseMessage.Sender.OTHER)
            return Received(case, message, created_case=False)
        shipment = find_shipment_in_text(f"{mail.subject}\n{incoming.display}")
        organisation = shipment.organisation if shipment else default_organisation()
        if organisation is None:
            raise Undeliverable(_("no organisation is set up to receive mail"))
        case, message = do_open_case(
            organisation,
            incoming,
            customer_email=mail.from_address,
            customer_name=mail.from_name,
            shipment=shipment,
            case_url_for=customer_case_url,
        )
    return Received(case, message, created_case=True)
