"""Raw e-mail in: text, HTML made inert, attachments, automated mail recognised, nothing lost."""

import pytest

from halte.mail.inbound import latest_reply, parse_email
from tests.factories import raw_email


def test_plain_mail_is_read() -> None:
    mail = parse_email(raw_email(message_id="<abc@example.nl>"))
    assert mail.from_address == "lotte@example.nl"
    assert mail.from_name == "Lotte Jansen"
    assert mail.message_id == "<abc@example.nl>"
    assert "3SHALT0303030" in mail.text
    assert mail.automated_because == ""


def test_html_only_mail_becomes_inert_text() -> None:
    html = (
        "<p>Hallo<script>alert('x')</script></p><img src=x onerror=alert(1)>"
        "<style>p{}</style><b>Waar</b> is het?"
    )
    mail = parse_email(raw_email(text=None, html=html))
    assert "Hallo" in mail.text and "Waar is het?" in mail.text
    assert "<" not in mail.text
    assert "alert" not in mail.text


def test_attachments_are_kept() -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    mail = parse_email(raw_email(attachments=[("doos.png", "image/png", png)]))
    assert [(a.filename, a.content_type, a.content) for a in mail.attachments] == [
        ("doos.png", "image/png", png)
    ]


@pytest.mark.parametrize(
    ("headers", "sender"),
    [
        ({"Auto-Submitted": "auto-replied"}, "lotte@example.nl"),
        ({"Precedence": "bulk"}, "lotte@example.nl"),
        ({"X-Autoreply": "yes"}, "lotte@example.nl"),
        ({"Return-Path": "<>"}, "lotte@example.nl"),
        ({}, "MAILER-DAEMON@mx.example.nl"),
        ({}, "noreply@shop.example"),
    ],
)
def test_automated_mail_is_recognised(headers: dict[str, str], sender: str) -> None:
    assert parse_email(raw_email(sender=sender, headers=headers)).automated_because


def test_auto_submitted_no_is_a_person() -> None:
    assert parse_email(raw_email(headers={"Auto-Submitted": "no"})).automated_because == ""


def test_malformed_mime_does_not_raise() -> None:
    raw = (
        b"From: x@example.nl\r\nSubject: =?bogus?Q?broken?=\r\nContent-Type: multipart/mixed;"
        b' boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=nonexistent\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!notbase64\r\n--b--"
    )
    mail = parse_email(raw)
    assert mail.from_address == "x@example.nl"


def test_quoted_text_is_stripped_for_display_in_dutch() -> None:
    text = (
        "Gevonden in de tuin onder een zeil!\n\n"
        "Op ma 23 nov 2026 om 09:12 schreef Klantenservice <support@halte.test>:\n"
        "> We hebben uw vraag ontvangen.\n"
    )
    assert latest_reply(text) == "Gevonden in de tuin onder een zeil!"
