"""A case's outgoing e-mail, composed to be answered: From support, Reply-To the case itself."""

import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.links import customer_case_url
from halte.cases.models import Case, CaseMessage, Channel
from halte.cases.reply_addresses import reply_address
from halte.organisations.models import Membership
from halte.organisations.voice import link_line, sign_off, signature_name
from halte.outbox.actions import queue_email, queue_text_message


def reply_footer(case: Case) -> str:
    with translation.override(case.language):
        return "\n".join(
            [
                _("Case %(number)s. Simply reply to this e-mail to answer.")
                % {"number": case.number},
                link_line(_("Follow or close your case"), customer_case_url(case)),
            ]
        )


def agent_sign_off(case: Case, author: AbstractBaseUser | None) -> str:
    """A person's reply is signed with their own name, under the shop's signature, in the
    case's language; the desk shows the agent the same lines before they send."""
    membership = (
        Membership.objects.filter(user_id=author.pk, organisation_id=case.organisation_id).first()
        if author is not None
        else None
    )
    first_name = str(getattr(author, "first_name", "") or "")
    with translation.override(case.language):
        return sign_off(case.organisation, person=signature_name(membership, first_name))


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{settings.HALTE_MAIL_DOMAIN}>"


def compose(message: CaseMessage) -> EmailMessage:
    """The e-mail for an outbound case message: From support, Reply-To the case itself."""
    case = message.case
    # Only an answer threads under the customer's mail; a notice Halte starts stands alone.
    last_inbound = (
        case.messages.filter(direction=CaseMessage.Direction.INBOUND)
        .exclude(message_id="")
        .order_by("-created_at", "-pk")
        .values_list("message_id", flat=True)
        .first()
        if message.kind != CaseMessage.Kind.PROACTIVE
        else None
    )
    headers = {
        "Message-ID": message.message_id,
        "X-Halte-Case": case.number,
    }
    if last_inbound:
        headers["In-Reply-To"] = last_inbound
        headers["References"] = last_inbound
    if message.kind != CaseMessage.Kind.MESSAGE:
        # Written by Halte itself: other systems must not auto-answer it (RFC 3834).
        headers["Auto-Submitted"] = "auto-replied"
    body = message.body_text
    if message.kind == CaseMessage.Kind.MESSAGE:
        # A person's answer: their name under it, and how to go on, in the customer's language.
        signed = agent_sign_off(case, message.author)
        body = body.rstrip() + "\n\n" + signed + "\n\n-- \n" + reply_footer(case)
    elif message.kind == CaseMessage.Kind.PROACTIVE:
        # Written before its case existed: the case number and link go underneath.
        body = body.rstrip() + "\n\n-- \n" + reply_footer(case)
    return EmailMessage(
        subject=message.subject,
        body=body,
        to=[message.to_address or case.customer_email],
        reply_to=[reply_address(case.pk)],
        headers=headers,
    )


def queue_case_message(message: CaseMessage, *, not_before: datetime | None = None) -> None:
    """Put an outbound case message in the outbox, composed now, sent after commit."""
    organisation = message.case.organisation
    if message.channel == Channel.SMS:
        dispatch = queue_text_message(
            organisation, to=message.to_address, text=message.body_text, not_before=not_before
        )
    else:
        dispatch = queue_email(organisation, compose(message), not_before=not_before)
    message.dispatch = dispatch
    message.save(update_fields=["dispatch"])
