"""Long-running commands outlive their failures, and `make run` stops loudly on a taken port."""

import io
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError

from halte.supervision import MAX_BACKOFF_SECONDS, backoff, run_every

ROOT = Path(__file__).resolve().parent.parent


def test_a_failing_step_is_logged_waited_on_and_tried_again() -> None:
    results = iter(
        [OperationalError("database is locked"), OperationalError("gone"), "ok 1", "ok 2"]
    )
    waits: list[float] = []

    def step() -> str:
        result = next(results)
        if isinstance(result, Exception):
            raise result
        return str(result)

    out = io.StringIO()
    run_every(step, every=10, name="watch_promises", out=out, sleep=waits.append, rounds=4)
    assert waits == [20.0, 40.0, 10.0]  # backing off, then back to the normal pace
    lines = out.getvalue().splitlines()
    assert lines[0] == "watch_promises: failed (1 in a row), next try in 20 s"
    assert lines[2:] == ["ok 1", "ok 2"]


def test_back_off_is_capped() -> None:
    assert backoff(60, 30) == MAX_BACKOFF_SECONDS


def test_once_lets_the_failure_through_for_cron_to_see() -> None:
    def step() -> str:
        raise OperationalError("no database")

    with pytest.raises(OperationalError):
        run_every(step, every=1, name="x", out=io.StringIO(), once=True)


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield int(holder.getsockname()[1])


@pytest.mark.parametrize("variable", ["PORT", "MAIL_PORT"])
def test_make_run_stops_loudly_when_a_port_is_taken(taken_port: int, variable: str) -> None:
    env = {**os.environ, "PORT": "18099", "MAIL_PORT": "18098", variable: str(taken_port)}
    result = subprocess.run(  # noqa: S603
        ["bash", str(ROOT / "scripts" / "run.sh")],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert f"Port {taken_port} on 127.0.0.1 is already in use" in result.stderr
    assert "Open http" not in result.stdout
