"""Code and postcode prove nothing about who reports: a report never hands out another's case."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from halte.cases.links import case_for_token
from halte.cases.models import Case
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.tracking.links import shipment_for_token, tracking_url
from tests.selfservice.test_selfservice import JPEG, _parcel

pytestmark = pytest.mark.django_db(transaction=True)


def _report_damage(client: Client, shipment: Shipment, email: str, text: str) -> Any:
    return client.post(
        tracking_url(shipment) + "damage/",
        {
            "email": email,
            "description": text,
            "remedy": "replacement",
            "photos": [SimpleUploadedFile("doos.jpg", JPEG, content_type="image/jpeg")],
        },
    )


def _case_at(location: str) -> Case | None:
    return case_for_token(location.rstrip("/").rsplit("/", 1)[-1])


@pytest.fixture
def delivered(organisation: Organisation) -> Shipment:
    return _parcel(organisation, "delivered")


def test_a_second_damage_report_by_someone_else_is_not_sent_to_the_first_ones_case(
    delivered: Shipment,
) -> None:
    first = _report_damage(Client(), delivered, "remco@example.nl", "Glas gebroken")
    assert first.status_code == 302
    other = _report_damage(Client(), delivered, "mallory@example.com", "Ook kapot")
    assert other.status_code == 302
    # Nobody is sent to a case page: the page a report leads to is the parcel's, for everyone.
    # (Compared by the parcel they open: a signed link carries the second it was made in.)
    for location in (first["Location"], other["Location"]):
        assert resolve(location).url_name == "shipment"
        assert shipment_for_token(resolve(location).kwargs["token"]) == delivered
    assert _case_at(other["Location"]) is None
    remcos, others = (
        Case.objects.get(shipment=delivered, customer_email=address)
        for address in ("remco@example.nl", "mallory@example.com")
    )
    assert others.messages.filter(body_text__contains="Ook kapot").exists()
    assert not others.messages.filter(body_text__contains="Glas gebroken").exists()
    page = Client().get(other["Location"]).content.decode()
    assert "Glas gebroken" not in page and remcos.number not in page


def test_the_same_person_pressing_send_twice_is_still_one_report(delivered: Shipment) -> None:
    client = Client()
    _report_damage(client, delivered, "remco@example.nl", "Glas gebroken")
    again = _report_damage(client, delivered, "Remco@example.nl", "Glas gebroken")
    assert again.status_code == 302
    assert Case.objects.filter(shipment=delivered).count() == 1


def test_someone_typing_the_recipients_address_never_sees_her_case(delivered: Shipment) -> None:
    _report_damage(Client(), delivered, "remco@example.nl", "Glas gebroken")
    stranger = _report_damage(Client(), delivered, "remco@example.nl", "Ik doe alsof")
    page = Client().get(stranger["Location"]).content.decode()
    assert "Glas gebroken" not in page
    assert Case.objects.get(shipment=delivered).number not in page


def test_a_report_from_another_address_is_not_named_after_the_recipient(
    delivered: Shipment,
) -> None:
    Shipment.objects.filter(pk=delivered.pk).update(recipient_name="Remco de Waard")
    _report_damage(Client(), delivered, "mallory@example.com", "Kapot")
    _report_damage(Client(), delivered, "remco@example.nl", "Kapot")
    names = dict(Case.objects.values_list("customer_email", "customer_name"))
    assert names == {"mallory@example.com": "", "remco@example.nl": "Remco de Waard"}
