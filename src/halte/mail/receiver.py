"""An SMTP/LMTP receiver for self-hosting: mail for the case domain becomes case messages.

The reply code decides what the sending server does next: 4xx makes it try again (for days),
5xx makes it bounce the message to its sender. Only a database that is briefly unreachable
is worth a retry; a message Halte cannot take now it will not take on the next try either,
so it is refused for good with the reason, and the sender hears about it.
"""

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils import translation

from halte.mail.actions import MessageTooLarge, Relayed, Undeliverable, do_take_email

logger = logging.getLogger(__name__)

# Errors that say "not now" rather than "never": the database is down, locked or restarting.
_TRANSIENT = (OperationalError, InterfaceError)


def smtp_reply(raw: bytes, recipients: list[str]) -> str:
    """Store one message and say so in an SMTP reply line (English, ASCII, as SMTP expects)."""
    close_old_connections()
    try:
        with translation.override("en"):
            received = do_take_email(raw, envelope_recipients=recipients)
    except MessageTooLarge as refusal:
        return _ascii(f"552 5.3.4 {refusal}")
    except Undeliverable as refusal:
        return _ascii(f"550 5.6.0 {refusal}")
    except _TRANSIENT:
        logger.exception("Could not store an incoming e-mail; the sender will retry")
        return "451 4.3.0 Temporary failure, please retry"
    except Exception:
        # Retrying would fail the same way every time, for days; refuse it once, loudly.
        logger.exception("Could not store an incoming e-mail; refused it")
        return "554 5.6.0 This message could not be stored"
    finally:
        close_old_connections()
    if isinstance(received, Relayed):
        return "250 OK relayed"
    return f"250 OK {received.case.number}"


def _ascii(reply: str) -> str:
    return reply.encode("ascii", "replace").decode("ascii")[:500]


class CaseMailHandler:
    """aiosmtpd handler: accepts mail for our domain, stores it off the event loop."""

    def __init__(self, domain: str) -> None:
        self.domain = domain.lower()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if not address.lower().endswith("@" + self.domain):
            return "550 not relaying to that domain"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, smtp_reply, raw, list(envelope.rcpt_tos))


class LMTPController(Controller):
    def factory(self) -> LMTP:
        return LMTP(self.handler, **self.SMTP_kwargs)


def start_receiver(host: str, port: int, *, lmtp: bool = False) -> Controller:
    handler = CaseMailHandler(settings.HALTE_MAIL_DOMAIN)
    options: dict[str, Any] = {"data_size_limit": settings.HALTE_MAX_EMAIL_BYTES}
    cls = LMTPController if lmtp else Controller
    controller = cls(handler, hostname=host, port=port, **options)
    controller.start()
    return controller
