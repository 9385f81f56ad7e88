"""Signing in to the desk and the admin: lockout per account and address, and two-step codes."""

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from halte.organisations.models import Membership, Organisation
from tests.form_errors import form_error_codes

pytestmark = pytest.mark.django_db
LOGIN = "/desk/login/"
ADMIN_LOGIN = "/admin/login/"
OFFICE = "198.51.100.7"
PASSWORD = "pw-natasja-123"


def _sign_in(client: Client, username: str, password: str, address: str = OFFICE) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client: Client) -> bool:
    return client.get("/desk/").status_code == 200


@pytest.fixture
def colleague(organisation: Organisation) -> Any:
    user = get_user_model().objects.create_user("bram", password="pw-bram-12345")
    Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def superuser(db: None) -> Any:
    return get_user_model().objects.create_superuser("beheer", "beheer@example.nl", "pw-beheer-123")


def _code(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 1) % 1_000_000:06d}"


# --- lockout -------------------------------------------------------------------------------


def test_fifth_wrong_password_locks_the_account_from_that_address(
    client: Client, agent: Any
) -> None:
    for _ in range(4):
        assert _sign_in(client, "natasja", "wrong-password").status_code == 200
    locked = _sign_in(client, "natasja", "wrong-password")
    assert locked.status_code == 429
    assert "Te veel aanmeldpogingen" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60


def test_right_password_during_lockout_is_refused(client: Client, agent: Any) -> None:
    for _ in range(5):
        _sign_in(client, "natasja", "wrong-password")
    assert _sign_in(client, "natasja", PASSWORD).status_code == 429
    assert not _signed_in(client)


def test_colleague_behind_the_same_address_still_signs_in(
    client: Client, agent: Any, colleague: Any
) -> None:
    for _ in range(5):
        _sign_in(client, "natasja", "wrong-password")
    assert _sign_in(client, "bram", "pw-bram-12345").status_code == 302
    assert _signed_in(client)


def test_locked_account_still_signs_in_from_another_address(client: Client, agent: Any) -> None:
    for _ in range(5):
        _sign_in(client, "natasja", "wrong-password")
    assert _sign_in(client, "natasja", PASSWORD, address="203.0.113.20").status_code == 302


def test_guessing_from_many_addresses_locks_the_account_everywhere(
    client: Client, agent: Any, settings: Any
) -> None:
    settings.HALTE_LOGIN_FAILURES_PER_ACCOUNT = 8
    for _ in range(4):
        assert _sign_in(client, "natasja", "wrong", address="192.0.2.1").status_code == 200
    for _ in range(3):
        assert _sign_in(client, "natasja", "wrong", address="192.0.2.2").status_code == 200
    # The eighth failure of the account, though only the fourth from this address.
    assert _sign_in(client, "natasja", "wrong", address="192.0.2.2").status_code == 429
    assert _sign_in(client, "natasja", PASSWORD, address="192.0.2.3").status_code == 429


def test_lockout_ends_after_the_cool_off(client: Client, agent: Any) -> None:
    for _ in range(5):
        _sign_in(client, "natasja", "wrong-password")
    assert _sign_in(client, "natasja", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, "natasja", PASSWORD).status_code == 302


def test_lockout_page_speaks_english_when_chosen(client: Client, agent: Any) -> None:
    client.cookies["django_language"] = "en"
    for _ in range(5):
        response = _sign_in(client, "natasja", "wrong-password")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_admin_sign_in_is_throttled_too(client: Client, superuser: Any) -> None:
    for _ in range(4):
        response = client.post(
            ADMIN_LOGIN, {"username": "beheer", "password": "nope"}, REMOTE_ADDR=OFFICE
        )
        assert response.status_code == 200
    assert (
        client.post(
            ADMIN_LOGIN, {"username": "beheer", "password": "nope"}, REMOTE_ADDR=OFFICE
        ).status_code
        == 429
    )
    right = client.post(
        ADMIN_LOGIN, {"username": "beheer", "password": "pw-beheer-123"}, REMOTE_ADDR=OFFICE
    )
    assert right.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_lockout_follows_the_client_behind_a_trusted_proxy(
    client: Client, agent: Any, colleague: Any, settings: Any
) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2"]
    proxy: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "natasja", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="192.0.2.66",
            **proxy,
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.66"}
    # The same account through the same proxy from the real agent's address still gets in.
    other = client.post(
        LOGIN,
        {"username": "natasja", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.67",
        **proxy,
    )
    assert other.status_code == 302


# --- two-step sign-in ----------------------------------------------------------------------


@pytest.fixture
def device(agent: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=agent, name="Halte desk", confirmed=True)


def test_agent_without_a_device_signs_in_with_the_password_alone(
    client: Client, agent: Any
) -> None:
    response = _sign_in(client, "natasja", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    assert _signed_in(client)


def test_agent_with_a_device_needs_the_code_after_the_password(
    client: Client, device: TOTPDevice
) -> None:
    response = _sign_in(client, "natasja", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/desk/login/code/"
    assert not _signed_in(client)
    answer = client.post("/desk/login/code/", {"code": _code(device)})
    assert answer.status_code == 302
    assert answer["Location"] == "/desk/"
    assert _signed_in(client)


def test_wrong_code_is_refused_and_then_even_the_right_one_must_wait(
    client: Client, device: TOTPDevice
) -> None:
    _sign_in(client, "natasja", PASSWORD)
    wrong = client.post("/desk/login/code/", {"code": _wrong_code(device)})
    assert wrong.status_code == 422
    assert "niet juist" in wrong.content.decode()
    assert not _signed_in(client)
    waiting = client.post("/desk/login/code/", {"code": _code(device)})
    assert waiting.status_code == 429
    assert int(waiting["Retry-After"]) >= 1
    assert not _signed_in(client)
    # Once the wait is over the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )
    assert client.post("/desk/login/code/", {"code": _code(device)}).status_code == 302
    assert _signed_in(client)


def test_a_code_cannot_be_used_twice(client: Client, device: TOTPDevice) -> None:
    code = _code(device)
    _sign_in(client, "natasja", PASSWORD)
    assert client.post("/desk/login/code/", {"code": code}).status_code == 302
    client.post("/desk/logout/")
    _sign_in(client, "natasja", PASSWORD)
    replay = client.post("/desk/login/code/", {"code": code})
    assert replay.status_code == 422
    assert not _signed_in(client)


def test_code_step_without_the_password_step_goes_back_to_login(
    client: Client, device: TOTPDevice
) -> None:
    response = client.post("/desk/login/code/", {"code": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/desk/login/"
    assert not _signed_in(client)


def test_agent_turns_two_step_on_with_a_code_and_off_only_with_a_code(
    client: Client, agent: Any
) -> None:
    client.force_login(agent)
    assert "Tweestapsaanmelding" in client.get("/desk/").content.decode()  # header link
    client.post("/desk/two-step/", {"step": "begin"})
    pending = TOTPDevice.objects.get(user=agent, confirmed=False)
    page = client.get("/desk/two-step/").content.decode()
    assert "<svg" in page
    secret = page.split('id="two-step-secret">')[1].split("<")[0].replace(" ", "")
    assert secret and secret in pending.config_url
    assert client.post("/desk/two-step/", {"step": "confirm", "code": "000000"}).status_code in (
        422,
        429,
    )
    assert not TOTPDevice.objects.filter(user=agent, confirmed=True).exists()
    TOTPDevice.objects.filter(pk=pending.pk).update(throttling_failure_count=0)
    pending.refresh_from_db()
    assert (
        client.post("/desk/two-step/", {"step": "confirm", "code": _code(pending)}).status_code
        == 302
    )
    device = TOTPDevice.objects.get(user=agent, confirmed=True)
    # Turning it off needs a current code: a wrong one leaves it on.
    off = client.post("/desk/two-step/", {"step": "off", "code": _wrong_code(device)})
    assert off.status_code == 422
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, last_t=-1)
    device.refresh_from_db()
    assert client.post("/desk/two-step/", {"step": "off", "code": _code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=agent).exists()


def test_admin_asks_the_code_of_an_account_with_two_step(client: Client, superuser: Any) -> None:
    device = TOTPDevice.objects.create(user=superuser, name="Halte desk", confirmed=True)
    login = {"username": "beheer", "password": "pw-beheer-123"}
    without = client.post(ADMIN_LOGIN, login)
    assert without.status_code == 200
    assert "tweestapsaanmelding" in without.content.decode()
    assert form_error_codes(without) == {"code_required"}
    assert client.get("/admin/").status_code == 302
    wrong = client.post(ADMIN_LOGIN, {**login, "code": _wrong_code(device)})
    assert wrong.status_code == 200
    assert form_error_codes(wrong) == {"code_wrong"}
    waiting = client.post(ADMIN_LOGIN, {**login, "code": _code(device)})
    assert form_error_codes(waiting) == {"code_wait"}
    assert client.get("/admin/").status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(ADMIN_LOGIN, {**login, "code": _code(device)})
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_refuses_a_session_that_never_gave_the_code(client: Client, superuser: Any) -> None:
    TOTPDevice.objects.create(user=superuser, name="Halte desk", confirmed=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302


def test_admin_without_a_device_signs_in_as_before(client: Client, superuser: Any) -> None:
    response = client.post(ADMIN_LOGIN, {"username": "beheer", "password": "pw-beheer-123"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
