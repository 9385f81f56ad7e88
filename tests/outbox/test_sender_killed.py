"""A sender process killed in the middle of an SMTP conversation: the mail is delivered once.

Everything here runs in real processes with their own SQLite file, the way `make run` does:
`send_outbox` is started, killed with SIGKILL while the SMTP server stalls, and run again.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

ROOT = Path(__file__).resolve().parents[2]
# Long enough that a second sweep started right after the kill (a new process, slow on a busy
# machine) still finds the dead sender's claim young.
LEASE_SECONDS = 10


class StallingSink:
    """Keeps what it is sent; stalls the first conversation at RCPT until told to go on."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.stalled = threading.Event()
        self.go_on = threading.Event()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if not self.stalled.is_set():
            self.stalled.set()
            while not self.go_on.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content or b""))
        return "250 OK"


@pytest.fixture
def sink() -> Iterator[tuple[StallingSink, int]]:
    handler = StallingSink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    handler.go_on.set()
    controller.stop()


def _halte(env: dict[str, str], *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "halte", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        **kwargs,
    )


QUEUE_ONE_MAIL = """
from django.core.mail import EmailMessage
from django.db import transaction
from halte.organisations.models import Organisation
from halte.outbox.actions import queue_email
organisation = Organisation.objects.create(name="Shop", slug="shop")
with transaction.atomic():
    dispatch = queue_email(organisation, EmailMessage("Je pakket", "Morgen.", to=["a@example.nl"]))
print(dispatch.key)
"""


def test_a_sender_killed_mid_send_leads_to_exactly_one_delivery(
    tmp_path: Path, sink: tuple[StallingSink, int]
) -> None:
    handler, port = sink
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "halte.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'halte.sqlite3'}",
        "HALTE_VAR_DIR": str(tmp_path),
        "HALTE_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "HALTE_SMTP_HOST": "127.0.0.1",
        "HALTE_SMTP_PORT": str(port),
        # No worker runs: only the sweeper sends, so the test decides when.
        "HALTE_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "HALTE_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    _halte(env, "migrate", "-v0")
    key = _halte(env, "shell", "-v0", "-c", QUEUE_ONE_MAIL).stdout.strip().splitlines()[-1]

    sender = subprocess.Popen([sys.executable, "-m", "halte", "send_outbox"], env=env, cwd=ROOT)
    try:
        assert handler.stalled.wait(60), "the sender never reached the SMTP server"
        os.kill(sender.pid, signal.SIGKILL)
        sender.wait(10)
    finally:
        if sender.poll() is None:
            sender.kill()
    handler.go_on.set()
    time.sleep(0.2)
    assert handler.messages == []  # killed before the message was handed over

    # Another sweep right away leaves the dead sender's claim alone: it might still be sending.
    assert "sent 0" in _halte(env, "send_outbox").stdout
    time.sleep(LEASE_SECONDS + 0.5)
    assert "sent 1" in _halte(env, "send_outbox").stdout
    assert "sent 0" in _halte(env, "send_outbox").stdout
    (delivered,) = handler.messages
    assert delivered["Message-ID"] == key
