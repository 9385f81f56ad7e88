"""Sending a case's outgoing e-mail, from the outbox, exactly once and always repliable."""

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from halte.cases.models import Case, CaseMessage
from halte.mail.addresses import reply_address
from halte.mail.sms import send_sms


def reply_footer(case: Case) -> str:
    from django.utils import translation
    from django.utils.translation import gettext as _

    from halte.cases.links import customer_case_url

    with translation.override(case.language):
        return _(
            "Case %(number)s. Simply reply to this e-mail, or follow and close your case "
            "here: %(url)s"
        ) % {"number": case.number, "url": customer_case_url(case)}


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
        # A person's answer: say how to go on, in the customer's language.
        body += "\n\n-- \n" + reply_footer(case)
    return EmailMessage(
        subject=message.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[case.customer_email],
        reply_to=[reply_address(case.pk)],
        headers=headers,
    )


def send_case_message(message_id: int) -> bool:
    """Send one outbox message; returns False when it was already sent (a retried task)."""
    with transaction.atomic():
        message = (
            CaseMessage.objects.select_for_update()
            .select_related("case")
            .filter(pk=message_id, direction=CaseMessage.Direction.OUTBOUND)
            .first()
        )
        if message is None or message.sent_at is not None:
            return False
        if message.send_after is not None and message.send_after > timezone.now():
            return False  # quiet hours: the outbox sweeper sends it later
        message.send_attempts += 1
        try:
            if message.channel == "sms":
                send_sms(message.to_address, message.body_text)
            else:
                compose(message).send()
        except Exception as error:
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            message.save(update_fields=["send_attempts", "last_error"])
            return False
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["send_attempts", "sent_at", "last_error"])
    return True


def unsent_message_ids(max_attempts: int = 10) -> list[int]:
    """Outbox messages due now: never sent, past their quiet hours, not given up on."""
    from django.db.models import Q

    return list(
        CaseMessage.objects.filter(
            Q(send_after__isnull=True) | Q(send_after__lte=timezone.now()),
            direction=CaseMessage.Direction.OUTBOUND,
            sent_at__isnull=True,
            send_attempts__lt=max_attempts,
        ).values_list("pk", flat=True)
    )
