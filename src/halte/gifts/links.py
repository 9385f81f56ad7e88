"""Signed links in relay mail: the sender's "show my name", and a thank-you's photo."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

_REVEAL = "halte.gifts.reveal"
_PHOTO = "halte.gifts.photo"
# A gift is thanked within weeks; a link from an old mail stops working after that.
MAX_AGE = timedelta(days=90)


def _absolute(path: str) -> str:
    return str(settings.HALTE_BASE_URL).rstrip("/") + path


def reveal_link(gift_id: int, shipment_id: int) -> str:
    token = signing.dumps({"g": gift_id, "s": shipment_id}, salt=_REVEAL, compress=True)
    return _absolute(reverse("gifts:reveal", kwargs={"token": token}))


def reveal_for_token(token: str) -> tuple[int, int] | None:
    """(gift id, shipment id) a genuine, fresh reveal link names."""
    try:
        data = signing.loads(token, salt=_REVEAL, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "gs"):
        return None
    return int(data["g"]), int(data["s"])


def photo_link(note_id: int) -> str:
    token = signing.dumps({"n": note_id}, salt=_PHOTO, compress=True)
    return _absolute(reverse("gifts:photo", kwargs={"token": token}))


def note_for_photo_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=_PHOTO, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("n"), int):
        return None
    return int(data["n"])
