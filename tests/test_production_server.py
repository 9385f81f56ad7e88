"""The production server: `scripts/serve.sh` (`make serve`) with production settings, gunicorn,
static files with far-future caching, and a cache every process shares."""

import importlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from halte import gunicorn_conf
from tests.test_security_headers import CHECK_DEPLOY, _production

ROOT = Path(__file__).resolve().parents[1]
SERVE = ROOT / "scripts" / "serve.sh"
SECRET_KEY = "k3Yq9-vTzL0pXw2R8mN4sB6dF1hJ7cG5aE-uI0oP3yW8tQ2xZ9vK4nM1bV6cR5e"


@pytest.mark.parametrize("per_process", ["locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_that_lives_in_one_process(
    tmp_path: Path, per_process: str
) -> None:
    result = _production(tmp_path, HALTE_CACHE_URL=per_process)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "a cache that lives inside one process" in result.stderr


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("", "halte.limits.CountingDatabaseCache"),
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_production_takes_the_database_cache_by_default_and_redis_when_told(
    tmp_path: Path, cache_url: str, backend: str
) -> None:
    show = ["-c", "import django; django.setup(); from django.conf import settings as s; "]
    show[1] += "print(s.CACHES['default']['BACKEND'])"
    result = _production(tmp_path, show, HALTE_CACHE_URL=cache_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend
    assert _production(tmp_path, CHECK_DEPLOY, HALTE_CACHE_URL=cache_url).returncode == 0


def test_the_server_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gunicorn_conf.worker_class == "sync"
    assert gunicorn_conf.accesslog is None  # no log line per page unless asked
    assert gunicorn_conf.max_requests > 0 and gunicorn_conf.max_requests_jitter > 0
    assert gunicorn_conf.control_socket_disable
    monkeypatch.setenv("HALTE_WEB_WORKERS", "7")
    monkeypatch.setenv("PORT", "18999")
    monkeypatch.setenv("HALTE_WEB_ACCESS_LOG", "-")
    configured = importlib.reload(gunicorn_conf)
    try:
        assert configured.workers == 7
        assert configured.bind == ["127.0.0.1:18999"]
        assert configured.accesslog == "-"
    finally:
        monkeypatch.undo()
        importlib.reload(gunicorn_conf)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback http
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HALTE_", "DJANGO_"))}
    env.update(
        {
            "PYTHON": sys.executable,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'halte.sqlite3'}",
            "HALTE_SECRET_KEY": SECRET_KEY,
            "HALTE_ANYMAIL_WEBHOOK_SECRET": "mailgun:Jq8x2Lr5Vt9Wz3Yb6Nc1",
            "HALTE_ALLOWED_HOSTS": "127.0.0.1",
            "HALTE_VAR_DIR": str(tmp_path),
            "HALTE_SSL_REDIRECT": "false",
            "HALTE_WEB_WORKERS": "2",
        }
    )
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own script
            [str(SERVE)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240  # migrate and collectstatic (brotli) come first
    try:
        while True:
            if server.poll() is not None:
                pytest.fail(f"serve.sh stopped: {log.read_text()}")
            try:
                if _get(f"{base}/track/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the production server did not answer in 240 s: {log.read_text()}")
            time.sleep(0.5)
        yield base, env
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)


def test_serve_runs_gunicorn_with_hashed_compressed_static_files_cached_for_good(
    served: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    base, env = served
    status, headers, page = _get(f"{base}/track/")
    assert status == 200
    assert headers["Server"] == "gunicorn"
    # The page links its style sheet by a name that changes with its content.
    linked = re.search(r'href="(/static/halte/[^"]+\.[0-9a-f]{12}\.css)"', page.decode())
    assert linked, page.decode()[:500]

    status, headers, _ = _get(base + linked.group(1), **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 86400  # type: ignore[union-attr]
    headers = _get(base + linked.group(1), **{"Accept-Encoding": "gzip"})[1]
    assert headers["Content-Encoding"] == "gzip"
    assert (tmp_path / "static" / "staticfiles.json").exists()

    # A second server on the same port is a loud stop, before it touches anything.
    second = subprocess.run(  # noqa: S603 - our own script
        [str(SERVE)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 1
    assert f"Port {env['PORT']} on 127.0.0.1 is already in use" in second.stderr
