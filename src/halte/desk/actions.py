"""The desk's own verbs: an agent turns two-step sign-in on and off, and gives a code to sign in.

A time-based code (TOTP, RFC 6238) from an authenticator app, kept in django-otp's TOTPDevice.
django-otp refuses a code twice (replay) and makes each wrong code cost more waiting time.
"""

import enum
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from halte.desk.queries import DEVICE_NAME


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong codes just now: not even checked


@dataclass(frozen=True)
class CodeAnswer:
    check: CodeCheck
    wait_seconds: int = 0


def _verify(device: TOTPDevice, code: str) -> CodeAnswer:
    """Check one code against a device row locked for this transaction."""
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        locked_until = (extra or {}).get("locked_until")
        wait = int((locked_until - timezone.now()).total_seconds()) + 1 if locked_until else 1
        return CodeAnswer(CodeCheck.WAIT, max(1, wait))
    if device.verify_token(code.strip().replace(" ", "")):
        return CodeAnswer(CodeCheck.ACCEPTED)
    return CodeAnswer(CodeCheck.WRONG)


def do_verify_code(device_id: int, code: str) -> CodeAnswer:
    """One sign-in code for a confirmed device; the row lock makes two tries at once count twice."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device_id, confirmed=True)
        return _verify(device, code)


def do_begin_two_step(user: AbstractBaseUser) -> TOTPDevice:
    """A fresh secret for the agent to scan; it counts only once a code from it is confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
        device: TOTPDevice = TOTPDevice.objects.create(
            user_id=user.pk, name=DEVICE_NAME, confirmed=False
        )
    return device


def do_confirm_two_step(user: AbstractBaseUser, code: str) -> tuple[CodeAnswer, TOTPDevice | None]:
    """Turn two-step sign-in on with the first code from the new secret."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user_id=user.pk, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            return CodeAnswer(CodeCheck.WRONG), None
        answer = _verify(device, code)
        if answer.check is CodeCheck.ACCEPTED:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # One device per agent: an older one (if any) stops working now.
            TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
            return answer, device
    return answer, None


def do_turn_off_two_step(user: AbstractBaseUser, code: str) -> CodeAnswer:
    """Turn two-step sign-in off; only with a current code, so a borrowed session cannot."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user_id=user.pk, confirmed=True)
            .order_by("-pk")
            .first()
        )
        if device is None:
            return CodeAnswer(CodeCheck.ACCEPTED)
        answer = _verify(device, code)
        if answer.check is CodeCheck.ACCEPTED:
            TOTPDevice.objects.filter(user_id=user.pk).delete()
    return answer
