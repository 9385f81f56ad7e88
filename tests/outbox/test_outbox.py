"""The outbox under faults: SMTP that never answers, webhook targets that refuse, senders that
die. Afterwards every decided message is delivered exactly once and nothing waited on a lock."""

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from halte.organisations.models import Organisation
from halte.outbox.actions import do_send_again, queue_email, queue_webhook
from halte.outbox.delivery import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    Attempt,
    SendInsideTransaction,
    do_send_dispatch,
)
from halte.outbox.models import Dispatch
from halte.outbox.queries import outbox_figures
from halte.outbox.signals import dispatch_failed
from halte.outbox.tasks import send_dispatch
from halte.outbox.transports import DELIVERY_HEADER, SIGNATURE_HEADER, sign

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _email(to: str = "lotte@example.nl", text: str = "Je pakket komt morgen.") -> EmailMessage:
    return EmailMessage(subject="Over je pakket", body=text, to=[to], reply_to=["case@halte.test"])


class Target:
    """A webshop's webhook receiver on loopback that answers what it is told to."""

    def __init__(self) -> None:
        self.answers: list[int] = []
        self.received: list[dict[str, Any]] = []
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = target.answers.pop(0) if target.answers else 200
                target.received.append(
                    {
                        "status": status,
                        "body": body,
                        "key": self.headers[DELIVERY_HEADER],
                        "signature": self.headers[SIGNATURE_HEADER],
                    }
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def delivered(self) -> list[dict[str, Any]]:
        return [r for r in self.received if 200 <= r["status"] < 300]


@pytest.fixture
def target() -> Iterator[Target]:
    receiver = Target()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def shop(organisation: Organisation, target: Target) -> Organisation:
    organisation.webhook_url = target.url
    organisation.webhook_secret = "shop-secret"
    organisation.save()
    return organisation


def test_a_send_inside_a_transaction_is_refused(organisation: Organisation, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dispatch = queue_email(organisation, _email())
    with pytest.raises(SendInsideTransaction), transaction.atomic():
        do_send_dispatch(dispatch.pk)
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.WAITING and dispatch.attempts == 0


def test_mail_is_sent_after_commit_once(organisation: Organisation) -> None:
    with transaction.atomic():
        dispatch = queue_email(organisation, _email())
        assert mail.outbox == []  # not before the decision has committed
    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"] == dispatch.key
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.SENT and dispatch.attempts == 1
    assert do_send_dispatch(dispatch.pk) is Attempt.NOT_CLAIMED
    call_command("send_outbox", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_deciding_transaction_rolls_back(
    organisation: Organisation,
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(organisation, _email())
        raise RuntimeError("the decision failed after the mail was queued")
    call_command("send_outbox", stdout=io.StringIO())
    assert mail.outbox == [] and not Dispatch.objects.exists()
    # The same mail in a transaction that commits is sent: this test would have seen it.
    with transaction.atomic():
        queue_email(organisation, _email())
    assert len(mail.outbox) == 1


class SilentSmtp:
    """Accepts connections and never says a word: the SMTP server that hangs."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = int(self.socket.getsockname()[1])
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                accepted, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(accepted)

    def close(self) -> None:
        for accepted in self.connections:
            accepted.close()
        self.socket.close()


def test_smtp_that_never_answers_holds_no_lock_and_the_mail_waits_for_a_retry(
    organisation: Organisation, settings: Any, api: Any
) -> None:
    silent = SilentSmtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent.port, 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dispatch = queue_email(organisation, _email())
    outcome: list[Attempt] = []

    def send() -> None:
        try:
            outcome.append(do_send_dispatch(dispatch.pk))
        finally:
            connection.close()  # this thread's own connection

    sender = threading.Thread(target=send)
    sender.start()
    try:
        deadline = time.monotonic() + 5
        while not silent.connections and time.monotonic() < deadline:
            time.sleep(0.02)
        assert silent.connections, "the sender never connected"
        # While the sender waits on the network, everyone else writes as usual.
        started = time.monotonic()
        with transaction.atomic():
            row = Dispatch.objects.select_for_update(nowait=True).get(pk=dispatch.pk)
            assert row.state == Dispatch.State.SENDING  # claimed and committed before the call
        response = api.post(
            "/api/v1/carrier-events",
            {
                "events": [
                    {
                        "carrier": "postnl",
                        "tracking_code": "3SLOCK0000001",
                        "code": "at_depot",
                        "occurred_at": "2026-11-20T10:00:00+01:00",
                    }
                ]
            },
        )
        assert response.status_code == 200, response.content
        assert time.monotonic() - started < 1.5
        assert sender.is_alive()  # still hanging on the silent server
    finally:
        sender.join(10)
        silent.close()
    assert outcome == [Attempt.RETRY_LATER]
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.WAITING and dispatch.attempts == 1
    assert "timed out" in dispatch.last_error.lower()
    assert dispatch.not_before > timezone.now() + timedelta(seconds=RETRY_DELAYS[0] - 5)


def test_a_refusing_webhook_is_retried_with_back_off_then_fails_for_good_and_is_sent_again(
    shop: Organisation, target: Target
) -> None:
    failures: list[int] = []

    def remember(sender: Any, dispatch_id: int, **kwargs: Any) -> None:
        failures.append(dispatch_id)

    dispatch_failed.connect(remember)
    target.answers = [503] * MAX_ATTEMPTS
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with transaction.atomic():
            dispatch = queue_webhook(shop, "voucher.issued", {"code": "HLT-AB12CD34"})
        assert dispatch is not None
        for attempt, delay in enumerate(RETRY_DELAYS, start=1):
            dispatch.refresh_from_db()
            assert (dispatch.state, dispatch.attempts) == (Dispatch.State.WAITING, attempt)
            assert "503" in dispatch.last_error
            clock.shift(timedelta(seconds=delay - 1))
            call_command("send_outbox", stdout=io.StringIO())  # not due yet: nothing happens
            assert len(target.received) == attempt
            clock.shift(timedelta(seconds=1))
            call_command("send_outbox", stdout=io.StringIO())
        dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.FAILED and dispatch.attempts == MAX_ATTEMPTS
    dispatch_failed.disconnect(remember)
    assert failures == [dispatch.pk]
    assert outbox_figures()["failed"] == 1
    assert len(target.received) == MAX_ATTEMPTS and target.delivered == []

    # The shop fixed its receiver; an admin sends it again.
    assert do_send_again(Dispatch.objects.filter(pk=dispatch.pk)) == 1
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.SENT
    (delivered,) = target.delivered
    # Every attempt carried the same key and body, so the receiver could tell a repeat.
    assert {r["key"] for r in target.received} == {dispatch.key}
    assert {r["body"] for r in target.received} == {dispatch.body.encode()}
    assert delivered["signature"] == sign("shop-secret", dispatch.body.encode())
    assert json.loads(delivered["body"])["data"] == {"code": "HLT-AB12CD34"}


def test_a_webhook_answered_with_a_client_error_fails_at_once(
    shop: Organisation, target: Target
) -> None:
    target.answers = [410]
    with transaction.atomic():
        dispatch = queue_webhook(shop, "voucher.issued", {"code": "X"})
    assert dispatch is not None
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.FAILED and "410" in dispatch.last_error


def test_an_organisation_without_a_webhook_url_queues_nothing(
    organisation: Organisation, target: Target
) -> None:
    assert queue_webhook(organisation, "voucher.issued", {"code": "X"}) is None
    assert not Dispatch.objects.exists() and target.received == []
    # With a URL the same call is queued and delivered: the assertions above can fail.
    organisation.webhook_url = target.url
    organisation.save()
    with transaction.atomic():
        queue_webhook(organisation, "voucher.issued", {"code": "X"})
    assert len(target.delivered) == 1


def test_a_claim_of_a_sender_that_died_is_taken_over_after_the_lease(
    organisation: Organisation, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dispatch = queue_email(organisation, _email())
    # A sender claimed it and died before it could send: the row says "sending".
    Dispatch.objects.filter(pk=dispatch.pk).update(
        state=Dispatch.State.SENDING, claimed_at=timezone.now(), attempts=1
    )
    call_command("send_outbox", stdout=io.StringIO())
    assert mail.outbox == []  # the claim is young: its sender may still be busy
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.HALTE_OUTBOX_LEASE_SECONDS + 1)
    ):
        call_command("send_outbox", stdout=io.StringIO())
        call_command("send_outbox", stdout=io.StringIO())
    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"] == dispatch.key


def test_a_task_stuck_running_after_a_kill_is_run_again(
    organisation: Organisation, settings: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with transaction.atomic():
        dispatch = queue_email(organisation, _email())
    task = DBTaskResult.objects.get()
    assert task.task_path == send_dispatch.module_path
    # The worker took the task and was killed: it stays RUNNING for ever.
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=settings.HALTE_TASK_LEASE_SECONDS + 1),
    )
    Dispatch.objects.filter(pk=dispatch.pk).update(not_before=timezone.now() + timedelta(hours=1))
    call_command("send_outbox", stdout=io.StringIO())
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.READY
    Dispatch.objects.filter(pk=dispatch.pk).update(not_before=timezone.now())
    call_command("db_worker", "--batch", "--queue-name", "default", stdout=io.StringIO())
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


def test_the_admin_shows_what_waits_and_what_failed_and_sends_again(
    shop: Organisation, target: Target, admin_client: Client
) -> None:
    target.answers = [404]
    with transaction.atomic():
        failed = queue_webhook(shop, "voucher.issued", {"code": "X"})
    assert failed is not None
    waiting = queue_email(shop, _email(), not_before=timezone.now() + timedelta(hours=2))
    page = admin_client.get("/admin/outbox/dispatch/").content.decode()
    assert "1 waiting (0 due now)" in page or "1 wachtend (0 nu aan de beurt)" in page
    assert "1 failed for good" in page or "1 definitief mislukt" in page
    response = admin_client.post(
        "/admin/outbox/dispatch/",
        {"action": "send_again", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    assert Dispatch.objects.get(pk=failed.pk).state == Dispatch.State.SENT
    assert Dispatch.objects.get(pk=waiting.pk).state == Dispatch.State.WAITING


def test_a_dispatch_holding_a_code_forgets_it_once_sent(organisation: Organisation) -> None:
    with transaction.atomic():
        dispatch = queue_email(organisation, _email(text="Je code: 123456"), sensitive=True)
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.SENT
    assert "123456" in mail.outbox[0].body and "123456" not in dispatch.body
