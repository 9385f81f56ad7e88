"""Read-side of the desk's own data: an agent's two-step sign-in device and how to show it."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Halte desk"


def two_step_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    """The confirmed device that guards this user's sign-in, if they turned it on."""
    if not user.is_authenticated:
        return None
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("-pk").first()
    )
    return device


def pending_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    """A secret shown to the agent but not yet confirmed with a code."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()
    )
    return device


def readable_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def secret_qr_svg(device: TOTPDevice) -> str:
    """An SVG QR code of the otpauth:// address, for the authenticator app's camera."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))
