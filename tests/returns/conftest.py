"""Shared pieces of the returns tests: a delivered parcel, a shop with a webhook, photos."""

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from halte.cases.actions import IncomingAttachment
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.shipments.models import Shipment
from tests.factories import make_shipment


def png(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def photo(name: str = "box.png") -> IncomingAttachment:
    return IncomingAttachment(name, "image/png", png())


def webhooks(organisation: Organisation, event: str) -> list[dict[str, Any]]:
    """The bodies of the webhooks queued for `event`, oldest first."""
    bodies = Dispatch.objects.filter(
        organisation=organisation, channel=Dispatch.Channel.WEBHOOK, subject=event
    ).order_by("pk")
    return [json.loads(d.body)["data"] for d in bodies]


def emails_to(address: str) -> list[Dispatch]:
    return list(
        Dispatch.objects.filter(channel=Dispatch.Channel.EMAIL, recipient=address).order_by("pk")
    )


@pytest.fixture
def shop(organisation: Organisation) -> Organisation:
    organisation.webhook_url = "https://shop.example/halte"
    organisation.webhook_secret = "s3cret"
    organisation.save()
    return organisation


@pytest.fixture
def delivered(shop: Organisation) -> Shipment:
    at = timezone.now() - timedelta(days=3)
    return make_shipment(organisation=shop, status="delivered", status_at=at, delivered_at=at)


@pytest.fixture
def on_the_doorstep(shop: Organisation) -> Shipment:
    return make_shipment(organisation=shop, status="out_for_delivery", status_at=timezone.now())
