"""Request bodies over their route's limit are refused by Content-Length, before being read."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from halte.cases.models import Case
from halte.organisations.models import Organisation
from halte.request_limits import body_limit
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db
TWO_GB = 2 * 1024**3


class UnreadableInput:
    """A wsgi.input that fails the test if anyone reads the body."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, *args: Any) -> bytes:
        self.reads += 1
        raise AssertionError("the request body was read")

    readline = read


def _delivered(organisation: Organisation) -> Shipment:
    shipment = make_shipment(organisation=organisation, carrier="dpd")
    do_record_carrier_events(
        organisation,
        [
            CarrierEventInput(
                carrier="dpd",
                tracking_code=shipment.tracking_code,
                code="delivered",
                occurred_at=timezone.now() - timedelta(minutes=5),
            )
        ],
    )
    return shipment


def _huge_post(client: Client, path: str, length: int, **extra: Any) -> tuple[Any, UnreadableInput]:
    body = UnreadableInput()
    environ: dict[str, Any] = {"wsgi.input": body, "CONTENT_LENGTH": str(length), **extra}
    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=XX",
        **environ,
    )
    return response, body


def test_a_2_gb_damage_upload_is_refused_before_its_body_is_read(
    client: Client, organisation: Organisation
) -> None:
    path = tracking_url(_delivered(organisation)) + "damage/"
    response, body = _huge_post(client, path, TWO_GB)
    assert response.status_code == 413
    assert body.reads == 0
    assert response["Content-Type"].startswith("text/html")
    assert "te groot" in response.content.decode()
    assert not Case.objects.exists()


def test_the_refusal_speaks_the_visitors_chosen_language(
    client: Client, organisation: Organisation
) -> None:
    path = tracking_url(_delivered(organisation)) + "damage/?lang=en"
    response, _ = _huge_post(client, path, TWO_GB)
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_the_damage_route_takes_five_photos_of_8_mb_and_no_more(
    client: Client, organisation: Organisation, settings: Any
) -> None:
    path = tracking_url(_delivered(organisation)) + "damage/"
    assert body_limit(path) == 5 * 8 * 1024 * 1024 + 1024 * 1024
    response, body = _huge_post(client, path, body_limit(path) + 1)
    assert (response.status_code, body.reads) == (413, 0)


def test_a_photo_larger_than_the_general_limit_still_uploads(
    client: Client, organisation: Organisation, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    photo = b"\xff\xd8\xff\xe0" + b"0" * (3 * 1024 * 1024)
    shipment = _delivered(organisation)
    response = client.post(
        tracking_url(shipment) + "damage/",
        {
            "email": "hans@example.nl",
            "description": "Doos ingedeukt",
            "remedy": "replacement",
            "photos": [SimpleUploadedFile("doos.jpg", photo, content_type="image/jpeg")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    case = Case.objects.get(shipment=shipment)
    (attachment,) = case.messages.get(direction="in").attachments.all()
    assert attachment.size == len(photo)


def test_other_pages_take_no_more_than_the_general_limit(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response, body = _huge_post(client, "/contact/", 10_001)
    assert (response.status_code, body.reads) == (413, 0)
    assert body_limit("/desk/") == body_limit("/no/such/page/") == 10_000


def test_the_api_answers_a_too_large_body_in_json(client: Client) -> None:
    response, body = _huge_post(client, "/api/v1/carrier-events", TWO_GB)
    assert (response.status_code, body.reads) == (413, 0)
    assert response.json() == {
        "detail": "Request body too large: at most 2.0\xa0MB.",
        "code": "request_too_large",
    }


def test_inbound_mail_webhooks_take_the_largest_mail_plus_encoding(settings: Any) -> None:
    settings.HALTE_MAX_INBOUND_WEBHOOK_BYTES = 50_000_000
    assert body_limit("/anymail/mailgun/inbound_mime/") == 50_000_000
    assert body_limit("/anymail/postmark/inbound/") == 50_000_000
    assert body_limit("/anymail/postmark/tracking/") == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_a_body_within_the_limit_is_passed_on(client: Client) -> None:
    response = client.post(
        "/api/v1/carrier-events", {"events": []}, content_type="application/json"
    )
    assert response.status_code == 401  # reached the API, which wants a token
