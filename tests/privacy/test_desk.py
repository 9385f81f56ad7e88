"""The desk's page for a person's data: admins export and erase; nobody else gets in."""

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from halte.audit.models import AccessRecord
from halte.organisations.models import Membership, Organisation
from halte.shipments.models import Shipment
from tests.privacy.world import LOTTE, PIETER, give, traces_of

pytestmark = pytest.mark.django_db
PAGE = "/desk/privacy/"


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def _member(organisation: Organisation, role: str) -> Client:
    user = get_user_model().objects.create_user(f"{role}-{organisation.slug}", password="pw-x-123")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, organisation: Organisation, **data: Any) -> Any:
    return client.post(PAGE, {"organisation": organisation.pk, **data})


def test_an_admin_downloads_the_export_as_a_file(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    give(organisation, PIETER)
    admin = _member(organisation, Membership.Role.ADMIN)
    assert f'href="{PAGE}"' in admin.get("/desk/").content.decode()
    response = _post(admin, organisation, email=LOTTE.email, action="export")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.content)
    assert exported["shipments"][0]["fields"]["recipient_name"] == LOTTE.name
    assert PIETER.name not in response.content.decode()
    assert AccessRecord.objects.get(action="export").actor is not None


def test_an_admin_erases_after_confirming(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    admin = _member(organisation, Membership.Role.ADMIN)
    unconfirmed = _post(admin, organisation, email=LOTTE.email, action="erase")
    assert unconfirmed.status_code == 422
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2
    response = _post(admin, organisation, email=LOTTE.email, action="erase", confirm="on")
    assert response.status_code == 200
    assert 'id="erased"' in response.content.decode()
    assert traces_of(LOTTE) == []
    assert AccessRecord.objects.filter(action="erase").count() == 1


@pytest.mark.parametrize("role", [Membership.Role.AGENT, Membership.Role.SUPERVISOR])
def test_agents_and_supervisors_are_refused(organisation: Organisation, role: str) -> None:
    give(organisation, LOTTE)
    client = _member(organisation, role)
    assert f'href="{PAGE}"' not in client.get("/desk/").content.decode()
    assert client.get(PAGE).status_code == 403
    response = _post(client, organisation, email=LOTTE.email, action="erase", confirm="on")
    assert response.status_code == 403
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2


def test_an_admin_of_another_organisation_cannot_choose_this_one(
    organisation: Organisation,
) -> None:
    give(organisation, LOTTE)
    other = Organisation.objects.create(name="Ander", slug="ander")
    admin = _member(other, Membership.Role.ADMIN)
    response = _post(admin, organisation, email=LOTTE.email, action="export")
    assert response.status_code == 422
    assert LOTTE.name not in response.content.decode()
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"action": "export"},
        {"email": "no address", "action": "export"},
        {"phone": "06-abc", "action": "export"},
        {"email": LOTTE.email, "action": "delete-everything"},
        {"email": "x" * 300 + "@example.nl", "action": "erase", "confirm": "on"},
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(
    organisation: Organisation, data: dict[str, str]
) -> None:
    give(organisation, LOTTE)
    admin = _member(organisation, Membership.Role.ADMIN)
    response = _post(admin, organisation, **data)
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode() or data["action"] not in (
        "export",
        "erase",
    )
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2


def test_nobody_found_says_so(organisation: Organisation) -> None:
    admin = _member(organisation, Membership.Role.ADMIN)
    response = _post(admin, organisation, email="nobody@example.nl", action="export")
    assert response.status_code == 404
    assert 'id="not-found"' in response.content.decode()
