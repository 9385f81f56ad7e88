"""Odd and hostile mail is stored with its bad parts dropped, or refused for good — never retried.

Each raw message in tests/mail/hostile.py goes through `do_receive_email` and through the real
receiver over loopback SMTP, where the reply code is what a sending server acts on.
"""

import re
import smtplib
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError

from halte.cases.models import Attachment, Case, CaseMessage
from halte.mail import receiver
from halte.mail.actions import Undeliverable, do_receive_email
from halte.mail.inbound import MAX_FILENAME_CHARS, parse_email, safe_filename
from halte.mail.receiver import start_receiver
from halte.organisations.models import Organisation
from tests.factories import raw_email
from tests.mail.hostile import REFUSED, STORED, attachment_named, with_attachment

_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def receiver_port() -> Iterator[int]:
    port = _free_port()
    controller = start_receiver("127.0.0.1", port)
    yield port
    controller.stop()


def _send(port: int, raw: bytes) -> tuple[int, str]:
    """The receiver's reply to DATA, as the sending server sees it."""
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        try:
            smtp.sendmail("lotte@example.nl", ["support@halte.test"], raw)
        except smtplib.SMTPDataError as refused:
            error = refused.smtp_error
            return refused.smtp_code, error.decode() if isinstance(error, bytes) else error
    return 250, ""


@pytest.mark.django_db
@pytest.mark.parametrize("raw", STORED.values(), ids=STORED.keys())
def test_odd_mail_is_stored_with_safe_attachment_names(
    organisation: Organisation, raw: bytes
) -> None:
    received = do_receive_email(raw)
    message = CaseMessage.objects.get(pk=received.message.pk)
    assert "\x00" not in message.body_text + message.subject + message.body_display
    for attachment in message.attachments.all():
        assert not _UNSAFE_NAME.search(attachment.filename), attachment.filename
        assert 0 < len(attachment.filename) <= MAX_FILENAME_CHARS
        stored_as = str(attachment.file.name)
        assert stored_as.startswith("attachments/") and ".." not in stored_as


@pytest.mark.django_db
@pytest.mark.parametrize("raw", REFUSED.values(), ids=REFUSED.keys())
def test_mail_halte_cannot_answer_is_refused_and_nothing_is_written(
    organisation: Organisation, raw: bytes
) -> None:
    with pytest.raises(Undeliverable):
        do_receive_email(raw)
    assert not Case.objects.exists()
    assert not CaseMessage.objects.exists()


@pytest.mark.django_db
def test_path_traversal_keeps_only_the_last_name(organisation: Organisation) -> None:
    received = do_receive_email(attachment_named(b'; filename="../../etc/passwd"'))
    (attachment,) = received.message.attachments.all()
    assert attachment.filename == "passwd"
    assert attachment.file.read() == b"hello"


def test_a_long_attachment_name_is_shortened_keeping_its_extension() -> None:
    name = safe_filename("a" * 320 + ".pdf")
    assert len(name) == MAX_FILENAME_CHARS and name.endswith("a.pdf")


def test_an_attachment_without_a_name_is_named_after_its_type() -> None:
    assert safe_filename("", "application/pdf") == "attachment.pdf"
    assert safe_filename("...", "") == "attachment"


def test_direction_changing_characters_cannot_disguise_an_extension() -> None:
    # "factuur\u202efdp.exe" shows as "factuurexe.pdf" in a right-to-left-aware viewer.
    assert safe_filename("factuur\u202efdp.exe") == "factuur fdp.exe"


@pytest.mark.django_db
def test_an_undecodable_attachment_is_dropped_and_the_message_says_so(
    organisation: Organisation,
) -> None:
    raw = with_attachment(
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment;"
        b' filename="bon.pdf"\r\nContent-Transfer-Encoding: base64\r\n',
        b"!!!!@@@@ dit is geen base64 ####",
    )
    received = do_receive_email(raw)
    assert not received.message.attachments.exists()
    assert "Zie de foto." in received.message.body_display
    assert "“bon.pdf” is niet bewaard" in received.message.body_display
    assert received.case.is_open


@pytest.mark.django_db
def test_attachments_over_the_limits_are_dropped_and_listed(
    organisation: Organisation, settings: Any
) -> None:
    settings.HALTE_MAX_ATTACHMENT_BYTES = 100
    files = [(f"foto{i}.png", "image/png", b"p" * 10) for i in range(21)]
    files.append(("groot.png", "image/png", b"p" * 101))
    received = do_receive_email(raw_email(attachments=files))
    assert received.message.attachments.count() == 20
    display = received.message.body_display
    assert "“foto20.png” is niet bewaard" in display
    assert "“groot.png” is niet bewaard" in display


def test_a_forwarded_message_is_one_attachment_not_read_as_the_body() -> None:
    mail = parse_email(STORED["a nested message/rfc822"])
    assert mail.text.startswith("Zie de foto.")
    (forwarded,) = mail.attachments
    assert forwarded.filename == "forwarded-message.eml"
    assert b"Subject: Uw bestelling" in forwarded.content


def test_raw_utf8_headers_are_read_as_utf8() -> None:
    mail = parse_email(
        b"From: J\xc3\xbcrgen <jurgen@example.de>\r\nSubject: Pakket \xc3\xa9\xc3\xa9n\r\n\r\nx"
    )
    assert (mail.from_name, mail.subject) == ("Jürgen", "Pakket één")


def test_a_message_id_over_300_characters_is_cut_to_fit() -> None:
    assert len(parse_email(STORED["a Message-ID over 300 characters"]).message_id) == 300


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("raw", STORED.values(), ids=STORED.keys())
def test_receiver_accepts_odd_mail_over_smtp(
    organisation: Organisation, receiver_port: int, raw: bytes
) -> None:
    code, reason = _send(receiver_port, raw)
    assert code == 250, reason
    assert CaseMessage.objects.filter(direction=CaseMessage.Direction.INBOUND).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("raw", REFUSED.values(), ids=REFUSED.keys())
def test_receiver_refuses_unanswerable_mail_permanently_with_a_reason(
    organisation: Organisation, receiver_port: int, raw: bytes
) -> None:
    code, reason = _send(receiver_port, raw)
    assert 550 <= code < 560
    assert reason.strip(), "a refusal says why"
    assert not CaseMessage.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_receiver_names_the_missing_sender_in_english(
    organisation: Organisation, receiver_port: int
) -> None:
    code, reason = _send(receiver_port, REFUSED["a From with no address"])
    assert (code, reason) == (550, "5.6.0 the message has no sender address a reply could reach")


@pytest.mark.django_db(transaction=True)
def test_receiver_refuses_mail_when_no_organisation_exists(receiver_port: int) -> None:
    code, reason = _send(receiver_port, raw_email())
    assert code == 550 and "no organisation" in reason


@pytest.mark.django_db(transaction=True)
def test_receiver_asks_for_a_retry_only_when_the_database_is_unreachable(
    receiver_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(raw: bytes, **kwargs: Any) -> Any:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(receiver, "do_take_email", database_down)
    assert _send(receiver_port, raw_email())[0] == 451


@pytest.mark.django_db(transaction=True)
def test_receiver_refuses_for_good_what_fails_the_same_way_every_time(
    receiver_port: int, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def always_fails(raw: bytes, **kwargs: Any) -> Any:
        raise RuntimeError("a bug that a retry will not fix")

    monkeypatch.setattr(receiver, "do_take_email", always_fails)
    assert _send(receiver_port, raw_email())[0] == 554
    assert "refused it" in caplog.text
