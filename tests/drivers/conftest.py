"""A carrier organisation with a driver on today's route, and a phone signed in as that driver."""

import io
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from halte.drivers.actions import do_issue_sign_in_code
from halte.drivers.models import Driver, Stop
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from tests.factories import make_shipment


@dataclass
class Route:
    organisation: Organisation
    driver: Driver
    shipment: Shipment
    stop: Stop


def plan(organisation: Organisation, reference: str = "D-017", order: int = 1) -> Route:
    driver, _ = Driver.objects.get_or_create(
        organisation=organisation,
        reference=reference,
        defaults={"name": f"Sem {reference}", "depot": "Depot Utrecht-Noord"},
    )
    shipment = make_shipment(organisation=organisation, carrier="dhl")
    stop = Stop.objects.create(
        organisation=organisation,
        driver=driver,
        shipment=shipment,
        route_date=timezone.localdate(),
        route_order=order,
    )
    return Route(organisation, driver, shipment, stop)


@pytest.fixture
def route(organisation: Organisation) -> Route:
    return plan(organisation)


def signed_in(driver: Driver) -> Client:
    phone = Client()
    code = do_issue_sign_in_code(driver).code
    response = phone.post("/driver/", {"code": code})
    assert response.status_code == 302, response.content
    return phone


@pytest.fixture
def phone(route: Route) -> Client:
    return signed_in(route.driver)


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 120, 60)).save(out, "JPEG")
    return out.getvalue()
