"""The depot's CSV upload in the admin: every line checked first, nothing half-written."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from halte.drivers.models import Driver, Stop
from halte.organisations.models import Organisation
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/drivers/stop/upload/"


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("depot", password="pw-12345"))
    return client


def _upload(staff: Client, organisation: Organisation, content: bytes) -> Any:
    upload = SimpleUploadedFile("stops.csv", content, content_type="text/csv")
    return staff.post(UPLOAD, {"organisation": organisation.pk, "file": upload})


def test_a_good_file_plans_every_stop(staff: Client, organisation: Organisation) -> None:
    Driver.objects.create(organisation=organisation, reference="D-1", name="Sem")
    first, second = (make_shipment(organisation=organisation, carrier="dhl") for _ in range(2))
    day = timezone.localdate().isoformat()
    content = (
        "\ufeffdriver;carrier;tracking_code;route_order;date\n"
        f"D-1;dhl;{first.tracking_code};2;{day}\n"
        f"D-1;DHL;{second.tracking_code.lower()};1;{day}\n\n"
    ).encode()
    response = _upload(staff, organisation, content)
    assert response.status_code == 302
    assert [s.shipment for s in Stop.objects.order_by("route_order")] == [second, first]


def test_one_bad_line_stores_nothing_and_names_every_bad_line(
    staff: Client, organisation: Organisation
) -> None:
    Driver.objects.create(organisation=organisation, reference="D-1", name="Sem")
    good = make_shipment(organisation=organisation, carrier="dhl")
    day = timezone.localdate().isoformat()
    content = (
        "driver,carrier,tracking_code,route_order,date\n"
        f"D-1,dhl,{good.tracking_code},1,{day}\n"
        f"D-9,dhl,{good.tracking_code},2,{day}\n"
        f"D-1,dhl,{good.tracking_code},drie,{day}\n"
    ).encode()
    response = _upload(staff, organisation, content)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Regel 3" in body and "D-9" in body and "Regel 4" in body and "route_order" in body
    assert not Stop.objects.exists()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfe\x00d\x00r", "UTF-8"),
        (b"driver,carrier\nD-1,dhl\n", "tracking_code"),
        (b"driver,carrier,tracking_code,route_order,date\n", "geen stops"),
    ],
    ids=["not-utf8", "missing-columns", "empty"],
)
def test_an_unreadable_file_is_refused_with_its_reason(
    staff: Client, organisation: Organisation, content: bytes, says: str
) -> None:
    response = _upload(staff, organisation, content)
    assert response.status_code == 422 and says in response.content.decode()
    assert not Stop.objects.exists()


def test_the_admin_gives_a_driver_a_sign_in_code(staff: Client, organisation: Organisation) -> None:
    driver = Driver.objects.create(organisation=organisation, reference="D-1", name="Sem")
    response = staff.post(
        "/admin/drivers/driver/",
        {"action": "issue_sign_in_code", "_selected_action": [driver.pk]},
        follow=True,
    )
    assert driver.sign_in_codes.count() == 1
    assert "Aanmeldcode voor" in response.content.decode()
