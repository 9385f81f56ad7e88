"""Putting things in the outbox: written in the caller's transaction, sent after it commits."""

import json
import uuid
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.organisations.voice import sender, text_message
from halte.outbox.models import Dispatch
from halte.outbox.signals import dispatch_due


def _queue(dispatch: Dispatch) -> Dispatch:
    dispatch.save()
    if dispatch.not_before <= timezone.now():
        pk = dispatch.pk
        transaction.on_commit(lambda: dispatch_due.send(Dispatch, dispatch_id=pk))
    # Otherwise the sweeper (`halte send_outbox`) sends it once not_before has passed.
    return dispatch


def queue_email(
    organisation: Organisation,
    email: EmailMessage,
    *,
    not_before: datetime | None = None,
    sensitive: bool = False,
) -> Dispatch:
    """One e-mail to one address; its Message-ID header is the idempotency key.

    Every mail comes from the organisation's own support sender (`voice.sender`), whatever
    the letter set: one place decides whose name the customer sees."""
    headers = {str(k): str(v) for k, v in email.extra_headers.items()}
    message_id = headers.get("Message-ID") or f"<{uuid.uuid4().hex}@{settings.HALTE_MAIL_DOMAIN}>"
    headers["Message-ID"] = message_id
    (to,) = email.to
    return _queue(
        Dispatch(
            organisation=organisation,
            channel=Dispatch.Channel.EMAIL,
            recipient=to,
            subject=email.subject[:300],
            body=str(email.body),
            envelope={
                "from": sender(organisation),
                "reply_to": list(email.reply_to),
                "headers": headers,
            },
            key=message_id,
            not_before=not_before or timezone.now(),
            sensitive=sensitive,
        )
    )


def queue_text_message(
    organisation: Organisation,
    *,
    to: str,
    text: str,
    not_before: datetime | None = None,
    sensitive: bool = False,
) -> Dispatch:
    """One text message to one number, opening with the shop's name (`voice.text_message`)."""
    return _queue(
        Dispatch(
            organisation=organisation,
            channel=Dispatch.Channel.SMS,
            recipient=to,
            body=text_message(organisation, text),
            key=f"sms-{uuid.uuid4().hex}",
            not_before=not_before or timezone.now(),
            sensitive=sensitive,
        )
    )


def queue_webhook(
    organisation: Organisation, event: str, payload: dict[str, Any]
) -> Dispatch | None:
    """A signed POST to the organisation's webhook URL; None when it has none configured."""
    if not organisation.webhook_url:
        return None
    key = f"whk-{uuid.uuid4().hex}"
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return _queue(
        Dispatch(
            organisation=organisation,
            channel=Dispatch.Channel.WEBHOOK,
            recipient=organisation.webhook_url[:500],
            subject=event,
            body=json.dumps({"event": event, "id": key, "data": data}, sort_keys=True),
            key=key,
            not_before=timezone.now(),
        )
    )


def do_send_again(dispatches: "QuerySet[Dispatch]") -> int:
    """An admin's replay: failed (or waiting) dispatches get a fresh set of attempts, now."""
    with transaction.atomic():
        ids = list(
            dispatches.filter(state__in=[Dispatch.State.FAILED, Dispatch.State.WAITING])
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Dispatch.objects.filter(pk__in=ids).update(
            state=Dispatch.State.WAITING, attempts=0, not_before=timezone.now(), claimed_at=None
        )
        for pk in ids:
            transaction.on_commit(partial(dispatch_due.send, Dispatch, dispatch_id=pk))
    return len(ids)
