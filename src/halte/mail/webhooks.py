"""Mail from an e-mail provider's inbound webhook (through django-anymail) joins the same path."""

from typing import Any

from halte.mail.actions import do_receive_email


def receive_from_provider(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    message = event.message
    if message is None:
        return
    recipient = getattr(message, "envelope_recipient", None)
    recipients = [str(recipient)] if recipient else []
    do_receive_email(message.as_bytes(), envelope_recipients=recipients)
