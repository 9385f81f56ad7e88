"""A real redis-server on loopback for the limits and the Redis-backed tasks."""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Below 32768, outside Linux' ephemeral range, so no outgoing connection can be holding it.
REDIS_PORT = int(os.environ.get("HALTE_TEST_REDIS_PORT", "26379"))


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As redis-server does: connections of a previous run in TIME_WAIT do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server not found (Debian package 'redis-server')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if not _port_is_free(REDIS_PORT):
        pytest.fail(
            f"127.0.0.1:{REDIS_PORT} is taken; stop what listens there or set "
            "HALTE_TEST_REDIS_PORT to a free port below 32768"
        )
    workdir: Path = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(  # noqa: S603 - our own fixed arguments
        [
            server,
            "--bind", "127.0.0.1",
            "--port", str(REDIS_PORT),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        if process.poll() is not None:
            pytest.fail(f"redis-server exited with {process.returncode} on port {REDIS_PORT}")
        try:
            with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"redis-server did not answer on port {REDIS_PORT} within 10 s")
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    process.terminate()
    process.wait(timeout=10)
