"""Real `drain_pushes` processes: one killed while it holds a batch, two at once.

They run against a database of their own, the way `make run` does: on PostgreSQL (when the
suite runs on it, `scripts/pg.sh run`) a fresh database beside the test one, so the drainers'
row locks and SKIP LOCKED are PostgreSQL's own; otherwise a SQLite file.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PARCELS = 40

# Announces PARCELS parcels and pushes each one's journey through the real webhook.
PUSH_JOURNEYS = """
import json
import os
from datetime import timedelta
from django.test import Client
from django.utils import timezone
from halte.carriers import generic
from halte.carriers.models import CarrierAccount
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from tests.factories import make_shipment
organisation, _ = Organisation.objects.get_or_create(slug="shop", defaults={"name": "Shop"})
CarrierAccount.objects.get_or_create(
    organisation=organisation, carrier="generic", defaults={"webhook_secret": "s-1"}
)
start = Shipment.objects.count()
now = timezone.now()
for n in range(start, start + int(os.environ["JOURNEYS"])):
    code = f"3SDRAIN{n:07d}"
    make_shipment(organisation=organisation, carrier="generic", tracking_code=code)
    events = [
        {"tracking_code": code, "code": c, "event_id": f"{code}-{i}",
          "occurred_at": (now - timedelta(hours=5 - i)).isoformat()}
        for i, c in enumerate(["received_by_carrier", "out_for_delivery", "delivered"])
    ]
    body = json.dumps({"events": events}).encode()
    answer = Client().post(
        "/api/v1/carriers/generic/webhook", body, content_type="application/json",
        headers=generic.WEBHOOK_AUTH.headers_for(body, "s-1"),
    )
    assert answer.status_code == 200, answer.content
print("pushed")
"""


def _database_url(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'drain.sqlite3'}"
        return
    name = f"halte_drain_{os.getpid()}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    for url in _database_url(tmp_path):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "halte.settings.dev",
            "DATABASE_URL": url,
            "HALTE_VAR_DIR": str(tmp_path),
            "HALTE_DEBUG": "false",
            "HALTE_ALLOWED_HOSTS": "testserver",
            "HALTE_API_RATE": "1000000/m",
            # No worker runs: the drainers are what is tested.
            "HALTE_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        }
        _halte(environment, "migrate", "-v0")
        _halte(environment, "createcachetable")
        yield environment


def _halte(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "halte", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _count(env: dict[str, str], query: str) -> int:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return int(conn.execute(query).fetchone()[0])
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        row = conn.execute(query).fetchone()
        assert row is not None
        return int(row[0])


WAITING = "SELECT count(*) FROM feeds_receivedpush"
EVENTS = "SELECT count(*) FROM shipments_trackingevent"
DISTINCT_EVENTS = "SELECT count(DISTINCT event_key) FROM shipments_trackingevent"
DELIVERED = "SELECT count(*) FROM shipments_shipment WHERE status = 'delivered'"


def _drainer(env: dict[str, str], *args: str, **extra: str) -> "subprocess.Popen[str]":
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "halte", "drain_pushes", *args],
        env={**env, **extra},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _drained(output: str) -> int:
    """Pushes a drainer says it stored, over all its lines."""
    return sum(
        int(line.split()[2]) for line in output.splitlines() if line.startswith("pushes drained")
    )


def _stop(process: "subprocess.Popen[Any]") -> None:
    if process.poll() is None:
        process.kill()
    process.wait(10)
    if process.stdout is not None:
        process.stdout.close()


def test_a_drainer_killed_while_it_holds_the_batch_loses_nothing(env: dict[str, str]) -> None:
    _halte({**env, "JOURNEYS": str(PARCELS)}, "shell", "-v0", "-c", PUSH_JOURNEYS)
    assert _count(env, WAITING) == PARCELS
    # It records every event, then holds the transaction open: killed there, all is undone.
    drainer = _drainer(env, "--batch", "1000", HALTE_DRAIN_HOLD_SECONDS="120")
    try:
        assert drainer.stdout is not None
        line = drainer.stdout.readline()
        assert line.startswith(f"holding {PARCELS} pushes"), line
        os.kill(drainer.pid, signal.SIGKILL)
        drainer.wait(10)
    finally:
        _stop(drainer)
    assert _count(env, WAITING) == PARCELS
    assert _count(env, EVENTS) == 0

    # A second drainer stores every push once, as soon as PostgreSQL has noticed the dead
    # drainer's connection and let go of its row locks (until then SKIP LOCKED passes them).
    drained = 0
    deadline = time.monotonic() + 60
    while _count(env, WAITING) and time.monotonic() < deadline:
        drained += _drained(_halte(env, "drain_pushes", "--once").stdout)
    assert drained == PARCELS
    assert "pushes drained: 0 " in _halte(env, "drain_pushes", "--once").stdout
    assert _count(env, WAITING) == 0
    assert _count(env, EVENTS) == _count(env, DISTINCT_EVENTS) == 3 * PARCELS
    assert _count(env, DELIVERED) == PARCELS


def test_a_drainer_told_to_stop_while_it_holds_the_batch_commits_and_reports_it(
    env: dict[str, str],
) -> None:
    _halte({**env, "JOURNEYS": str(PARCELS)}, "shell", "-v0", "-c", PUSH_JOURNEYS)
    drainer = _drainer(env, "--batch", "1000", HALTE_DRAIN_HOLD_SECONDS="1")
    try:
        assert drainer.stdout is not None
        assert drainer.stdout.readline().startswith(f"holding {PARCELS} pushes")
        drainer.send_signal(signal.SIGTERM)  # what a service manager sends to stop it
        out, _ = drainer.communicate(timeout=30)
    finally:
        _stop(drainer)
    assert drainer.returncode == 0
    assert _drained(out) == PARCELS
    assert _count(env, WAITING) == 0
    assert _count(env, EVENTS) == 3 * PARCELS


def test_two_drainers_at_once_store_each_push_once(env: dict[str, str]) -> None:
    _halte({**env, "JOURNEYS": str(2 * PARCELS)}, "shell", "-v0", "-c", PUSH_JOURNEYS)
    assert _count(env, WAITING) == 2 * PARCELS
    # Small batches held a moment each, so the two overlap for the whole run.
    drainers = [
        _drainer(env, "--batch", "5", "--every", "0.05", HALTE_DRAIN_HOLD_SECONDS="0.1")
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 120
        while _count(env, WAITING) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for drainer in drainers:
            drainer.send_signal(signal.SIGTERM)
        outputs = []
        for drainer in drainers:
            out, _ = drainer.communicate(timeout=30)
            outputs.append(out)
    assert _count(env, WAITING) == 0
    assert _count(env, EVENTS) == _count(env, DISTINCT_EVENTS) == 3 * 2 * PARCELS
    assert _count(env, DELIVERED) == 2 * PARCELS
    drained = [_drained(out) for out in outputs]
    assert sum(drained) == 2 * PARCELS
    if env["DATABASE_URL"].startswith("postgres"):
        # SKIP LOCKED: each takes what the other does not hold (SQLite has one writer at once).
        assert all(drained), f"both drainers took pushes: {drained}"
