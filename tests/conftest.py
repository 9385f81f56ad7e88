"""Shared fixtures: organisations with API tokens, an API client, and a real chromium."""

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from tests.factories import make_organisation
from tests.redis_server import redis_url  # noqa: F401 - one redis-server for every test that needs one

# Playwright's sync API runs an event loop in this thread; the ORM calls beside it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("HALTE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


# Every API request looks its bearer token up and counts it against the token's limit in the
# shared cache (a database table in tests): what a route reads comes on top of these.
API_AUTHENTICATION_QUERIES = 7


class ApiClient:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, key: str) -> None:
        self.client = Client()
        self.key = key

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def post(self, path: str, data: Any = None, *, raw: str | bytes | None = None) -> Any:
        body = raw if raw is not None else json.dumps(data)
        return self.client.post(
            path, body, content_type="application/json", headers=self._headers()
        )

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers())


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> None:
    # Limits live in the cache, a database table by default: each test that may use the
    # database starts with a clean slate (tests without one cannot reach the cache either).
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    cache.clear()


@pytest.fixture
def organisation(db: None) -> Organisation:
    org: Organisation = make_organisation()
    return org


@pytest.fixture
def api(organisation: Organisation) -> ApiClient:
    _, key = do_issue_api_token(organisation, name="test")
    return ApiClient(key)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        message = f"chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # An English browser on purpose: Halte speaks Dutch until the visitor chooses otherwise.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def agent(organisation: Organisation) -> Any:
    """A desk user who works for `organisation`."""
    from django.contrib.auth import get_user_model

    from halte.organisations.models import Membership

    user = get_user_model().objects.create_user(
        "natasja", password="pw-natasja-123", first_name="Natasja"
    )
    Membership.objects.create(user=user, organisation=organisation)
    return user


class LoopbackHTTP:
    """A real HTTP server on 127.0.0.1 that records requests and answers with a fixed body."""

    def __init__(self, body: bytes = b"{}", status: int = 200) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.body, self.status = body, status
        # Path prefix → (status, body), for a server that answers a login and a query apart.
        self.routes: dict[str, tuple[int, bytes]] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                outer.requests.append((self.command, self.path, dict(self.headers), data))
                status, body = next(
                    (
                        answer
                        for prefix, answer in outer.routes.items()
                        if self.path.startswith(prefix)
                    ),
                    (outer.status, outer.body),
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_http() -> Iterator[LoopbackHTTP]:
    server = LoopbackHTTP()
    yield server
    server.close()


SAMPLE_ADDRESSES = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "halte"
    / "addresses"
    / "data"
    / "sample-nl.csv"
)


@pytest.fixture
def address_registry(db: None) -> None:
    import io

    from django.core.management import call_command

    call_command("import_addresses", str(SAMPLE_ADDRESSES), stdout=io.StringIO())
