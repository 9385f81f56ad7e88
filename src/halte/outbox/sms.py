"""Text messages through a pluggable backend; the default writes them to the log."""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("halte.sms")


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """For development and installations without an SMS provider."""

    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        ConsoleSmsBackend.sent.append((to, text))
        logger.warning("SMS to %s: %s", to, text)


def send_sms(to: str, text: str) -> None:
    backend: SmsBackend = import_string(settings.HALTE_SMS_BACKEND)()
    backend.send(to, text)
