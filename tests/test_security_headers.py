"""Every page carries the Content-Security-Policy; production passes `check --deploy` clean."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from halte.cases.links import customer_case_path
from halte.mail.actions import do_receive_email
from halte.organisations.models import Membership, Organisation
from halte.tracking.links import tracking_url
from tests.factories import make_shipment, raw_email

REQUIRED_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
]


def _policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()
    }


def _assert_strict(response: Any, path: str) -> None:
    policy = _policy(response)
    for directive in REQUIRED_DIRECTIVES:
        assert policy.get(directive.split(" ", 1)[0]) == directive, (path, policy)
    assert "unsafe-inline" not in response["Content-Security-Policy"], path
    assert "unsafe-eval" not in response["Content-Security-Policy"], path


@pytest.mark.django_db
def test_every_public_page_desk_and_admin_page_sends_the_policy(
    client: Client, organisation: Organisation
) -> None:
    shipment = make_shipment(organisation=organisation)
    case = do_receive_email(raw_email()).case
    track = tracking_url(shipment)
    public = [
        "/",
        "/track/",
        track,
        track + "address/",
        track + "not-received/",
        track + "damage/",
        "/contact/",
        customer_case_path(case),
        "/desk/login/",
        "/admin/login/",
        "/api/v1/openapi.json",
        "/no/such/page/",
    ]
    for path in public:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        _assert_strict(response, path)

    user = get_user_model().objects.create_user(
        "natasja", password="pw-natasja-123", is_staff=True, is_superuser=True
    )
    Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)
    for path in [
        "/desk/",
        f"/desk/case/{case.pk}/",
        "/admin/",
        "/admin/cases/case/",
        f"/admin/cases/case/{case.pk}/change/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_strict(response, path)


@pytest.mark.django_db
def test_refusals_carry_the_policy_too(client: Client) -> None:
    response = client.post("/contact/", {}, CONTENT_LENGTH=str(10**10))
    assert response.status_code == 413
    _assert_strict(response, "/contact/ (413)")


def test_the_api_docs_page_allows_only_data_images_beyond_the_policy(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["img-src"] == "img-src 'self' data:"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"


CHECK_DEPLOY = ["-m", "halte", "check", "--deploy", "--fail-level", "WARNING"]
SHOW_SETTINGS = [
    "-c",
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS)",
]


def _production(
    tmp_path: Path, command: list[str] = CHECK_DEPLOY, **overrides: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HALTE_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "halte.settings.production",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'halte.sqlite3'}",
            "HALTE_SECRET_KEY": "k3Yq9-vTzL0pXw2R8mN4sB6dF1hJ7cG5aE-uI0oP3yW8tQ2xZ9vK4nM1bV6cR5e",
            "HALTE_ANYMAIL_WEBHOOK_SECRET": "mailgun:Jq8x2Lr5Vt9Wz3Yb6Nc1",
            "HALTE_ALLOWED_HOSTS": "halte.example.nl",
            "HALTE_VAR_DIR": str(tmp_path),
        }
    )
    env.update(overrides)
    env = {k: v for k, v in env.items() if v != ""}
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path: Path) -> None:
    result = _production(tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_switched_off(tmp_path: Path) -> None:
    result = _production(tmp_path, HALTE_SSL_REDIRECT="false", HALTE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("HALTE_ANYMAIL_WEBHOOK_SECRET", "HALTE_ANYMAIL_WEBHOOK_SECRET"),
        ("HALTE_SECRET_KEY", "HALTE_SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_a_secret(
    tmp_path: Path, missing: str, message: str
) -> None:
    result = _production(tmp_path, CHECK_DEPLOY, **{missing: ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


@pytest.mark.parametrize("weak", ["short-key", "a" * 60, "django-insecure-" + "x1y2z3" * 10])
def test_production_refuses_a_weak_secret_key(tmp_path: Path, weak: str) -> None:
    result = _production(tmp_path, HALTE_SECRET_KEY=weak)
    assert result.returncode != 0
    assert "HALTE_SECRET_KEY is too weak" in result.stderr


def test_a_tls_terminating_proxy_header_is_configurable(tmp_path: Path) -> None:
    result = _production(tmp_path, HALTE_PROXY_SSL_HEADER="X_FORWARDED_PROTO=https")
    assert result.returncode != 0
    assert "HALTE_PROXY_SSL_HEADER must look like" in result.stderr
    assert (
        _production(tmp_path, HALTE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https").returncode == 0
    )
