"""Delivering one dispatch: claim, commit, send, mark.

The claim is a conditional UPDATE committed before any network call, so no row lock is held
while an SMTP server or a webhook target takes its time, and two senders never send the same
dispatch at once. A sender that dies after claiming leaves a claim that the sweeper takes over
once the lease has passed; the retry carries the same Message-ID (or X-Halte-Delivery key), so
the receiver can recognise it in the one case nobody can rule out: a death in the instant
between the other side's "accepted" and our mark.
"""

import enum
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from halte.outbox import transports
from halte.outbox.models import Dispatch
from halte.outbox.signals import dispatch_failed

logger = logging.getLogger(__name__)

# Seconds to wait after failed attempt 1, 2, …; after the last one the dispatch has failed for
# good (about four hours of trying) and waits in the admin for a person to send it again.
RETRY_DELAYS = (60, 120, 300, 900, 1800, 3600, 7200)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


class Attempt(enum.Enum):
    SENT = "sent"
    RETRY_LATER = "retry_later"
    FAILED = "failed"
    # Not due, already sent, failed for good, or another sender holds it.
    NOT_CLAIMED = "not_claimed"


class SendInsideTransaction(RuntimeError):
    """A network call was about to run inside a database transaction."""


def lease() -> timedelta:
    return timedelta(seconds=settings.HALTE_OUTBOX_LEASE_SECONDS)


def _inside_transaction() -> bool:
    # The test framework's own wrapping blocks are marked; any other block is a real transaction.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def claimable(now: datetime) -> Q:
    """Waiting and due, or claimed by a sender that has not finished within the lease."""
    return Q(state=Dispatch.State.WAITING, not_before__lte=now) | Q(
        state=Dispatch.State.SENDING, claimed_at__lt=now - lease()
    )


def _claim(dispatch_id: int) -> Dispatch | None:
    now = timezone.now()
    claimed = Dispatch.objects.filter(claimable(now), pk=dispatch_id).update(
        state=Dispatch.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return Dispatch.objects.select_related("organisation").get(pk=dispatch_id)


def _send(dispatch: Dispatch) -> None:
    if dispatch.channel == Dispatch.Channel.EMAIL:
        envelope = dispatch.envelope
        transports.send_email(
            to=dispatch.recipient,
            subject=dispatch.subject,
            body=dispatch.body,
            from_email=str(envelope.get("from") or settings.DEFAULT_FROM_EMAIL),
            reply_to=[str(a) for a in envelope.get("reply_to", [])],
            headers={str(k): str(v) for k, v in envelope.get("headers", {}).items()},
        )
    elif dispatch.channel == Dispatch.Channel.SMS:
        transports.send_text(to=dispatch.recipient, text=dispatch.body)
    else:
        organisation = dispatch.organisation
        if not organisation.webhook_url:
            raise transports.PermanentFailure("the organisation has no webhook URL any more")
        transports.post_webhook(
            url=organisation.webhook_url,
            secret=organisation.webhook_secret,
            body=dispatch.body.encode(),
            event=dispatch.subject,
            key=dispatch.key,
        )


def do_send_dispatch(dispatch_id: int) -> Attempt:
    """Send one dispatch if it is due and nobody else is sending it."""
    if _inside_transaction():
        raise SendInsideTransaction("send after the transaction has committed (on_commit)")
    dispatch = _claim(dispatch_id)
    if dispatch is None:
        return Attempt.NOT_CLAIMED
    mine = Dispatch.objects.filter(
        pk=dispatch.pk, state=Dispatch.State.SENDING, claimed_at=dispatch.claimed_at
    )
    try:
        _send(dispatch)
    except Exception as error:
        text = f"{type(error).__name__}: {error}"[:500]
        final = isinstance(error, transports.PermanentFailure) or dispatch.attempts >= MAX_ATTEMPTS
        if final:
            mine.update(
                state=Dispatch.State.FAILED, last_error=text, claimed_at=None, **_settled(dispatch)
            )
            logger.error("Dispatch %s failed for good: %s", dispatch.pk, text)
            dispatch_failed.send(Dispatch, dispatch_id=dispatch.pk)
            return Attempt.FAILED
        delay = timedelta(seconds=RETRY_DELAYS[dispatch.attempts - 1])
        mine.update(
            state=Dispatch.State.WAITING,
            last_error=text,
            claimed_at=None,
            not_before=timezone.now() + delay,
        )
        logger.warning("Dispatch %s failed (attempt %s): %s", dispatch.pk, dispatch.attempts, text)
        return Attempt.RETRY_LATER
    sent: dict[str, object] = {"sent_at": timezone.now(), **_settled(dispatch)}
    if dispatch.channel == Dispatch.Channel.WEBHOOK:
        sent["recipient"] = dispatch.organisation.webhook_url[:500]
    mine.update(state=Dispatch.State.SENT, last_error="", claimed_at=None, **sent)
    return Attempt.SENT


def _settled(dispatch: Dispatch) -> dict[str, object]:
    """Fields to change once a dispatch is done with, sent or failed: a secret is forgotten."""
    return {"body": "(removed: it held a one-time code)"} if dispatch.sensitive else {}
