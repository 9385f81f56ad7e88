"""An SMTP/LMTP receiver for self-hosting: mail for the case domain becomes case messages."""

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import close_old_connections

from halte.mail.actions import Undeliverable, do_receive_email

logger = logging.getLogger(__name__)


def _deliver(raw: bytes, recipients: list[str]) -> str:
    close_old_connections()
    try:
        received = do_receive_email(raw, envelope_recipients=recipients)
    except Undeliverable as refusal:
        return f"550 {refusal}"
    except Exception:
        logger.exception("Could not store an incoming e-mail")
        return "451 Temporary failure, please retry"
    finally:
        close_old_connections()
    return f"250 OK {received.case.number}"


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
        return await loop.run_in_executor(None, _deliver, raw, list(envelope.rcpt_tos))


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
