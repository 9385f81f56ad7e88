"""Inbound mail from an e-mail provider (Mailgun's raw MIME route, via django-anymail)."""

import base64
import hashlib
import hmac
import time

import pytest
from django.test import Client

from halte.cases.models import Case
from halte.organisations.models import Organisation
from tests.factories import raw_email

URL = "/anymail/mailgun/inbound_mime/"
SIGNING_KEY = b"mailgun-test-signing-key"
pytestmark = pytest.mark.django_db


def _form(raw: bytes, *, key: bytes = SIGNING_KEY) -> dict[str, str]:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key, f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "body-mime": raw.decode(),
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
