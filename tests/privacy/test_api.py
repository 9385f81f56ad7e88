"""The privacy API: export and erasure by a token with the `privacy` scope, audited."""

import pytest

from halte.audit.models import AccessRecord
from halte.audit.subjects import person_subject
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from tests.conftest import ApiClient
from tests.privacy.world import LOTTE, PIETER, give, traces_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def test_export_gives_the_persons_records_and_is_audited(
    api: ApiClient, organisation: Organisation
) -> None:
    give(organisation, LOTTE)
    give(organisation, PIETER)
    response = api.post("/api/v1/privacy/exports", {"email": LOTTE.email})
    assert response.status_code == 200
    body = response.content.decode()
    assert LOTTE.name in body and LOTTE.street in body
    assert PIETER.name not in body
    record = AccessRecord.objects.get(action="export")
    assert record.subject == person_subject(LOTTE.email)
    assert record.token is not None and record.organisation == organisation
    assert LOTTE.email not in record.detail


def test_erasure_by_phone_is_audited_and_idempotent(
    api: ApiClient, organisation: Organisation
) -> None:
    give(organisation, LOTTE)
    first = api.post("/api/v1/privacy/erasures", {"phone": "+31 6 1234 5678"})
    assert first.status_code == 200, first.content
    assert first.json()["shipments"] == 2 and first.json()["cases"] == 1
    assert traces_of(LOTTE) == []
    again = api.post("/api/v1/privacy/erasures", {"phone": "+31 6 1234 5678"})
    assert again.status_code == 200
    assert again.json() == {"shipments": 0, "cases": 0, "messages_sent": 0}
    assert AccessRecord.objects.filter(action="erase").count() == 2


def test_a_token_without_the_privacy_scope_is_refused(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    _, key = do_issue_api_token(organisation, name="shop", scopes=["shipments"])
    response = ApiClient(key).post("/api/v1/privacy/erasures", {"email": LOTTE.email})
    assert response.status_code == 403
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2


def test_another_organisations_token_finds_nobody(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    other = Organisation.objects.create(name="Ander", slug="ander")
    _, key = do_issue_api_token(other, name="other")
    response = ApiClient(key).post("/api/v1/privacy/exports", {"email": LOTTE.email})
    assert response.status_code == 404
    assert response.json()["code"] == "person_not_found"
    assert LOTTE.name not in response.content.decode()
    erased = ApiClient(key).post("/api/v1/privacy/erasures", {"email": LOTTE.email})
    assert erased.json()["shipments"] == 0
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "person_not_given"),
        ({"email": "", "phone": ""}, "person_not_given"),
        ({"email": "not an address"}, "invalid_input"),
        ({"phone": "06-abc"}, "invalid_input"),
        ({"phone": "0" * 40}, "invalid_input"),
        ({"email": LOTTE.email, "name": "Lotte"}, "invalid_input"),
    ],
)
def test_bad_input_is_refused_precisely(
    api: ApiClient, organisation: Organisation, body: dict[str, str], code: str
) -> None:
    give(organisation, LOTTE)
    response = api.post("/api/v1/privacy/erasures", body)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert Shipment.objects.filter(recipient_name=LOTTE.name).count() == 2
