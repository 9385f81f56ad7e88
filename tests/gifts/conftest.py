"""A gift on a delivered parcel, as a shop sets it: what every gifts test starts from."""

import base64
import io
from typing import Any

import pytest
from PIL import Image

from halte.gifts.models import Gift
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.vocabulary.status import Status
from tests.factories import make_shipment

SENDER_EMAIL = "ans.devries@example.nl"
SENDER_NAME = "Tante Ans"
RECIPIENT_EMAIL = "fleur@example.nl"
MESSAGE = "Fijne kinderboekenweek! Veel leesplezier."


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


TINY_PNG = base64.b64encode(png_bytes())


def gift_parcel(
    organisation: Organisation, choice: Gift.SenderChoice, **shipment: Any
) -> tuple[Gift, Shipment]:
    parcel = make_shipment(
        organisation=organisation,
        recipient_name="Fleur Rhemrev",
        recipient_email=RECIPIENT_EMAIL,
        status=Status.DELIVERED,
        **shipment,
    )
    assert parcel.order is not None
    gift = Gift.objects.create(
        organisation=organisation,
        order=parcel.order,
        message=MESSAGE,
        sender_name=SENDER_NAME,
        sender_choice=choice,
        sender_email=SENDER_EMAIL,
    )
    return gift, parcel


@pytest.fixture
def anonymous_gift(organisation: Organisation) -> tuple[Gift, Shipment]:
    return gift_parcel(organisation, Gift.SenderChoice.ANONYMOUS)


@pytest.fixture
def ask_gift(organisation: Organisation) -> tuple[Gift, Shipment]:
    return gift_parcel(organisation, Gift.SenderChoice.ASK)


@pytest.fixture
def shown_gift(organisation: Organisation) -> tuple[Gift, Shipment]:
    return gift_parcel(organisation, Gift.SenderChoice.SHOW)
