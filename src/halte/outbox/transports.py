"""The network side of the outbox: one function per channel, no database, no transactions."""

import hashlib
import hmac
import smtplib
import urllib.error
import urllib.request

from django.core.mail import EmailMessage

from halte.outbox.sms import send_sms

SIGNATURE_HEADER = "X-Halte-Signature"
DELIVERY_HEADER = "X-Halte-Delivery"
WEBHOOK_TIMEOUT_SECONDS = 5.0


class PermanentFailure(Exception):
    """The other side said no for good (unknown mailbox, a 4xx answer): retrying won't help."""


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    from_email: str,
    reply_to: list[str],
    headers: dict[str, str],
) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=from_email,
        to=[to],
        reply_to=reply_to,
        headers=headers,
    )
    try:
        message.send()
    except smtplib.SMTPResponseException as error:
        # 5xx is the server's final word on this message; 4xx means "try again later".
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        raise
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            raise PermanentFailure(f"recipient refused: {error.recipients}") from error
        raise


def send_text(*, to: str, text: str) -> None:
    send_sms(to, text)


# Worth another try: timeouts and rate limits. Every other 4xx is the receiver's final answer.
_RETRYABLE_HTTP = frozenset({408, 425, 429})


def post_webhook(*, url: str, secret: str, body: bytes, event: str, key: str) -> None:
    request = urllib.request.Request(  # noqa: S310 - the organisation's configured URL
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret, body),
            DELIVERY_HEADER: key,
            "X-Halte-Event": event,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            status = int(response.status)
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500 and error.code not in _RETRYABLE_HTTP:
            raise PermanentFailure(f"HTTP {error.code}") from error
        raise
    if not 200 <= status < 300:
        raise OSError(f"HTTP {status}")
