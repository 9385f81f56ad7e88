"""The return form behind the tracking page, and the return's own tracking page."""

import io
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from halte.cases.models import Case
from halte.outbox.models import Dispatch
from halte.returns.actions import do_refuse_at_door
from halte.returns.models import Return
from halte.selfservice.models import RecipientCode
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.form_errors import form_error_codes
from tests.returns.conftest import png
from tests.tracking.queries import counted_queries

pytestmark = pytest.mark.django_db


def _prove(client: Client, shipment: Shipment) -> None:
    """Be the recipient: this browser entered the code (tests/selfservice enter a real one)."""
    session = client.session
    session[f"halte.recipient-proven.{shipment.pk}"] = time.time()
    session.save()


def test_the_return_form_first_sends_a_code_to_the_recipient(
    client: Client, delivered: Shipment
) -> None:
    response = client.post(tracking_url(delivered) + "return/", {"action": "send_code"})

    assert response.status_code == 200
    assert RecipientCode.objects.filter(shipment=delivered, used_at__isnull=True).count() == 1
    assert 'id="return-form"' not in response.content.decode()


def _upload(name: str, content: bytes, content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _form(**change: Any) -> dict[str, Any]:
    return {
        "reason": "damaged",
        "text": "Hoek ingedeukt",
        "way_back": "drop_off",
        "email": "lotte@example.nl",
        "photos": [_upload("doos.png", png())],
        **change,
    }


def test_the_tracking_page_offers_a_return_after_delivery(
    client: Client, delivered: Shipment
) -> None:
    page = client.get(tracking_url(delivered)).content.decode()
    assert 'id="start-return"' in page


def test_without_proof_the_form_asks_for_a_code_first(client: Client, delivered: Shipment) -> None:
    response = client.post(tracking_url(delivered) + "return/", _form())

    assert response.status_code == 422
    assert "code" in response.content.decode()
    assert not Return.objects.exists()


def test_a_proven_recipient_starts_a_return_and_lands_on_its_page(
    client: Client, delivered: Shipment
) -> None:
    _prove(client, delivered)

    response = client.post(tracking_url(delivered) + "return/", _form())

    ret = Return.objects.get()
    assert response.status_code == 302
    assert response["Location"] == tracking_url(ret.shipment)
    page = client.get(response["Location"]).content.decode()
    assert f"Retour van {delivered.tracking_code}" in page
    assert "We hebben de winkel om je retourlabel gevraagd" in page
    assert 'id="label-link"' not in page  # never a label before the shop sends one
    # The parcel's own page now points to the return.
    assert 'id="follow-return"' in client.get(tracking_url(delivered)).content.decode()


@pytest.mark.parametrize(
    ("photos", "message", "code"),
    [
        ([("virus.png", b"MZ\x90\x00 not an image")], "is geen foto", "not_a_photo"),
        # Starts like a PNG, is none: only opening it tells.
        ([("fake.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)], "is geen foto", "not_a_photo"),
        ([("big.png", png() + b"0" * (5 * 1024 * 1024))], "groter dan 5 MB", "photo_too_large"),
        ([(f"{n}.png", png()) for n in range(6)], "Hoogstens 5", "too_many_photos"),
        ([], "minstens één foto", "photo_required"),
    ],
)
def test_photo_problems_are_explained_and_nothing_is_written(
    client: Client,
    delivered: Shipment,
    photos: list[tuple[str, bytes]],
    message: str,
    code: str,
) -> None:
    _prove(client, delivered)

    response = client.post(
        tracking_url(delivered) + "return/",
        _form(photos=[_upload(name, content) for name, content in photos]),
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert form_error_codes(response) == {code}
    assert not Return.objects.exists()
    assert not Case.objects.exists()
    assert not Shipment.objects.filter(kind=Shipment.Kind.RETURN).exists()


def test_a_jpeg_and_a_webp_are_photos(client: Client, delivered: Shipment) -> None:
    _prove(client, delivered)
    photos = []
    for kind in ("JPEG", "WEBP"):
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format=kind)
        photos.append(_upload(f"p.{kind.lower()}", buffer.getvalue()))

    response = client.post(tracking_url(delivered) + "return/", _form(photos=photos))

    assert response.status_code == 302
    assert Return.objects.get().photos == 2


def test_a_reason_or_way_back_not_offered_is_explained(client: Client, delivered: Shipment) -> None:
    _prove(client, delivered)

    response = client.post(
        tracking_url(delivered) + "return/", _form(reason="bored", way_back="pickup")
    )

    assert response.status_code == 422
    assert form_error_codes(response) == {"invalid_choice"}
    assert not Return.objects.exists()


def test_after_the_window_the_page_says_so(client: Client, delivered: Shipment) -> None:
    Shipment.objects.filter(pk=delivered.pk).update(
        delivered_at=timezone.now() - timedelta(days=40)
    )

    response = client.post(tracking_url(delivered) + "return/", _form())

    assert response.status_code == 409
    assert "retourtermijn voor dit pakket is voorbij" in response.content.decode()
    assert not Return.objects.exists()


def test_never_delivered_the_page_says_so(client: Client, on_the_doorstep: Shipment) -> None:
    response = client.get(tracking_url(on_the_doorstep) + "return/")

    assert "zodra het pakket bezorgd is" in response.content.decode()


def test_a_second_return_while_one_is_open_is_refused(client: Client, delivered: Shipment) -> None:
    _prove(client, delivered)
    client.post(tracking_url(delivered) + "return/", _form())

    response = client.post(tracking_url(delivered) + "return/", _form(reason="changed_mind"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Er loopt al een retour voor dit pakket" in page
    assert tracking_url(Return.objects.get().shipment) in page
    assert Return.objects.count() == 1


def test_a_forged_link_shows_nothing(client: Client, delivered: Shipment) -> None:
    token = tracking_url(delivered).rstrip("/").split("/")[-1]
    response = client.get(f"/track/s/{token[:-2]}xx/return/")

    assert response.status_code == 404


def test_a_failed_label_request_is_visible_on_the_return(
    client: Client, delivered: Shipment
) -> None:
    _prove(client, delivered)
    client.post(tracking_url(delivered) + "return/", _form())
    ret = Return.objects.get()
    assert ret.label_request is not None
    Dispatch.objects.filter(pk=ret.label_request.pk).update(state=Dispatch.State.FAILED)

    page = client.get(tracking_url(ret.shipment)).content.decode()

    assert 'id="return-request-failed"' in page


def test_a_refusal_at_the_door_shows_on_the_returns_page(
    client: Client, on_the_doorstep: Shipment
) -> None:
    ret = do_refuse_at_door(on_the_doorstep)

    page = client.get(tracking_url(ret.shipment)).content.decode()

    assert "Geen label nodig: de bezorger heeft het pakket meegenomen." in page
    assert "De vervoerder heeft je pakket ontvangen." in page


@pytest.mark.parametrize("page", ["address/", "not-received/", "damage/"])
def test_a_returns_page_offers_no_parcel_self_service(
    client: Client, on_the_doorstep: Shipment, page: str
) -> None:
    ret = do_refuse_at_door(on_the_doorstep)
    _prove(client, ret.shipment)

    response = client.post(
        tracking_url(ret.shipment) + page,
        {"postcode": "3731 HK", "house_number": "12", "street": "Lindelaan", "city": "De Bilt"},
    )

    assert response.status_code == 302
    assert response["Location"] == tracking_url(ret.shipment)
    ret.shipment.refresh_from_db()
    assert ret.shipment.postcode == on_the_doorstep.postcode
    assert Case.objects.count() == 1  # the door's own case, nothing more


def test_the_returns_page_reads_a_fixed_number_of_queries(
    client: Client, on_the_doorstep: Shipment, django_assert_num_queries: Any
) -> None:
    ret = do_refuse_at_door(on_the_doorstep)
    url = tracking_url(ret.shipment)

    # The shipment with its order's gift and what it has beside it, events, the return with
    # its parcel and requests.
    with counted_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200
    assert len(counted.page) == 3, counted.page
