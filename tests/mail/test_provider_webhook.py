"""Inbound mail from an e-mail provider (Mailgun's raw MIME route, via django-anymail)."""

import base64
import hashlib
import hmac
import time
from typing import Any

import pytest
from django.test import Client

from halte.cases.models import Attachment, Case, CaseMessage
from halte.organisations.models import Organisation
from tests.factories import raw_email
from tests.mail.hostile import attachment_named

URL = "/anymail/mailgun/inbound_mime/"
SIGNING_KEY = b"mailgun-test-signing-key"
pytestmark = pytest.mark.django_db


def _form(raw: bytes, *, key: bytes = SIGNING_KEY) -> dict[str, str]:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key, f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "body-mime": raw.decode("utf-8", "surrogateescape"),
        "recipient": "support@halte.test",
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


AUTH = {"Authorization": "Basic " + base64.b64encode(b"anymail-user:anymail-pass").decode()}


def test_provider_inbound_mail_opens_a_case(client: Client, organisation: Organisation) -> None:
    raw = raw_email(text="Pakket 3SHALT0303030 niet ontvangen")
    response = client.post(URL, _form(raw), headers=AUTH)
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.customer_email == "lotte@example.nl"
    assert case.messages.get(direction="in").body_text.startswith("Pakket 3SHALT0303030")


def test_provider_webhook_with_a_wrong_signature_is_refused(
    client: Client, organisation: Organisation
) -> None:
    response = client.post(URL, _form(raw_email(), key=b"wrong"), headers=AUTH)
    assert response.status_code == 400
    assert not Case.objects.exists()


def _anymail_settings(secret: str) -> dict[str, str]:
    return {"WEBHOOK_SECRET": secret, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY.decode()}


@pytest.mark.parametrize(
    "url",
    [URL, "/anymail/postmark/inbound/", "/anymail/sendgrid/inbound/", "/anymail/mailgun/tracking/"],
)
def test_provider_webhooks_are_refused_without_a_webhook_secret(
    client: Client, organisation: Organisation, settings: Any, url: str
) -> None:
    settings.ANYMAIL = _anymail_settings("")
    response = client.post(url, _form(raw_email()))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    assert "HALTE_ANYMAIL_WEBHOOK_SECRET" in response.content.decode()
    assert not Case.objects.exists()


def test_provider_webhook_without_basic_auth_is_refused(
    client: Client, organisation: Organisation
) -> None:
    response = client.post(URL, _form(raw_email()))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_provider_mail_without_a_sender_is_refused_with_the_reason(
    client: Client, organisation: Organisation
) -> None:
    raw = b"To: support@halte.test\r\nSubject: wie\r\n\r\nHallo\r\n"
    response = client.post(URL, _form(raw), headers=AUTH)
    assert response.status_code == 422
    assert "afzender" in response.content.decode()
    assert not Case.objects.exists()
    assert not CaseMessage.objects.exists()


def test_provider_mail_with_a_name_but_no_address_is_refused(
    client: Client, organisation: Organisation
) -> None:
    raw = b"From: Lotte Jansen\r\nTo: support@halte.test\r\nSubject: wie\r\n\r\nHallo\r\n"
    response = client.post(URL, _form(raw), headers=AUTH)
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_provider_mail_over_the_size_limit_is_refused_with_413(
    client: Client, organisation: Organisation, settings: Any
) -> None:
    settings.HALTE_MAX_EMAIL_BYTES = 1000
    response = client.post(URL, _form(raw_email(text="x" * 5000)), headers=AUTH)
    assert response.status_code == 413
    assert not Case.objects.exists()


def test_provider_mail_when_no_organisation_exists_is_refused_and_nothing_is_written(
    client: Client, db: None
) -> None:
    response = client.post(URL, _form(raw_email()), headers=AUTH)
    assert response.status_code == 422
    assert "organisatie" in response.content.decode()
    assert not Case.objects.exists()
    assert not CaseMessage.objects.exists()


def test_provider_payload_missing_its_fields_is_refused_with_400(
    client: Client, organisation: Organisation
) -> None:
    # Mailgun's "fully parsed" form without the message-headers field anymail needs.
    form = _form(raw_email())
    del form["body-mime"]
    response = client.post("/anymail/mailgun/inbound/", form, headers=AUTH)
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_provider_mail_with_hostile_attachment_names_is_stored_safely(
    client: Client, organisation: Organisation
) -> None:
    raw = attachment_named(b"; filename*=utf-8''..%2F..%2Fa%00b%0D%0A.txt")
    response = client.post(URL, _form(raw), headers=AUTH)
    assert response.status_code == 200, response.content
    (attachment,) = Attachment.objects.all()
    assert attachment.filename == "a b.txt"
