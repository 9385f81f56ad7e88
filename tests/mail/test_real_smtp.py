"""Real SMTP on loopback: the receiver takes mail in, Django's SMTP backend sends to a sink."""

import smtplib
import socket
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.utils import timezone

from halte.cases.models import Case, CaseMessage
from halte.mail.actions import do_receive_email
from halte.mail.receiver import start_receiver
from halte.organisations.models import Organisation
from halte.outbox.delivery import Attempt, do_send_dispatch
from halte.outbox.models import Dispatch
from tests.factories import raw_email

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    """A local SMTP server that keeps what it is sent: the outside world's mailbox."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content or b""))
        return "250 OK"


@pytest.fixture
def sink(settings: Any) -> Iterator[Sink]:
    handler = Sink()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield handler
    controller.stop()


@pytest.fixture
def receiver_port() -> Iterator[int]:
    port = _free_port()
    controller = start_receiver("127.0.0.1", port)
    yield port
    controller.stop()


def _wait_for(predicate: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_mail_in_acknowledgement_out_reply_closes_the_case_over_real_smtp(
    organisation: Organisation, sink: Sink, receiver_port: int
) -> None:
    with smtplib.SMTP("127.0.0.1", receiver_port) as smtp:
        smtp.sendmail(
            "lotte@example.nl",
            ["support@halte.test"],
            raw_email(text="Mijn pakket staat op bezorgd, maar het is er niet."),
        )
    _wait_for(lambda: len(sink.messages) == 1)
    case = Case.objects.get()
    ack = sink.messages[0]
    reply_to = str(ack["Reply-To"])
    assert reply_to.startswith(f"case+{case.pk}-")
    assert ack["Auto-Submitted"] == "auto-replied"

    with smtplib.SMTP("127.0.0.1", receiver_port) as smtp:
        smtp.sendmail(
            "lotte@example.nl",
            [reply_to],
            raw_email(to=reply_to, text="Gevonden in de tuin onder een zeil!"),
        )
    # The closing confirmation, then the effort question.
    _wait_for(lambda: len(sink.messages) == 3)
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED
    assert case.resolved_by == Case.ResolvedBy.CUSTOMER
    subjects = [str(make_header(decode_header(str(m["Subject"])))) for m in sink.messages]
    assert any("makkelijk" in subject for subject in subjects)


def test_receiver_refuses_other_domains(organisation: Organisation, receiver_port: int) -> None:
    with (
        smtplib.SMTP("127.0.0.1", receiver_port) as smtp,
        pytest.raises(smtplib.SMTPRecipientsRefused),
    ):
        smtp.sendmail("spam@example.com", ["someone@elsewhere.example"], raw_email())
    assert not Case.objects.exists()


def test_receiver_refuses_mail_over_the_size_limit(
    organisation: Organisation, settings: Any
) -> None:
    settings.HALTE_MAX_EMAIL_BYTES = 2000
    port = _free_port()
    controller = start_receiver("127.0.0.1", port)
    try:
        with smtplib.SMTP("127.0.0.1", port) as smtp, pytest.raises(smtplib.SMTPException):
            smtp.sendmail("a@example.nl", ["support@halte.test"], raw_email(text="x" * 10_000))
    finally:
        controller.stop()
    assert not Case.objects.exists()


def test_outbox_keeps_a_message_when_smtp_is_down_and_sends_it_later(
    organisation: Organisation, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens
    do_receive_email(raw_email())
    ack = CaseMessage.objects.get(kind=CaseMessage.Kind.ACKNOWLEDGEMENT).dispatch
    assert ack is not None
    assert ack.state == Dispatch.State.WAITING and ack.attempts == 1 and ack.last_error
    assert ack.not_before > timezone.now()  # backing off, not hammering a server that is down

    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        Dispatch.objects.filter(pk=ack.pk).update(not_before=timezone.now())
        assert do_send_dispatch(ack.pk) is Attempt.SENT
        assert do_send_dispatch(ack.pk) is Attempt.NOT_CLAIMED  # never twice
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    assert handler.messages[0]["Message-ID"] == ack.key
