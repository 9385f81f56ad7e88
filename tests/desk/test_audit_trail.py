"""The desk writes the audit trail where an agent sees or changes personal data, and a
supervisor searches it at /desk/audit/ — only their own organisations, never as an agent."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from halte.audit.actions import record_access
from halte.audit.models import AccessRecord
from halte.audit.subjects import person_subject
from halte.cases.models import Case
from halte.organisations.models import Membership, Organisation
from tests.desk.test_case_actions import HTMX, RIGHT, _remcos_case
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _supervisor(organisation: Organisation, name: str = "sanne") -> User:
    user = get_user_model().objects.create_user(name, password="pw-supervisor-123")
    Membership.objects.create(user=user, organisation=organisation, role="supervisor")
    return user


def test_opening_a_case_records_who_viewed_it_from_where(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _remcos_case(organisation)
    client.force_login(agent)

    response = client.get(f"/desk/case/{case.pk}/", REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.organisation, record.actor, record.token) == (organisation, agent, None)
    assert (record.action, record.subject) == ("view", f"case:{case.pk}")
    assert record.client_address == "198.51.100.4"
    # Only a name of the thing, never the customer's data itself.
    assert "remco" not in f"{record.subject} {record.detail}".lower()


def test_a_case_of_another_organisation_is_refused_and_leaves_no_record(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    other_case = _remcos_case(make_organisation(name="Ander", slug="ander"))
    client.force_login(agent)

    assert client.get(f"/desk/case/{other_case.pk}/").status_code == 404
    assert not AccessRecord.objects.exists()


def test_a_reply_a_note_and_an_address_correction_are_recorded_as_changes(
    client: Client,
    organisation: Organisation,
    agent: Any,
    address_registry: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _remcos_case(organisation, "received_by_carrier", "at_depot")
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(f"/desk/case/{case.pk}/reply/", {"body": "Komt goed."}).status_code == 302
        )
        note = {"internal_note": "Gebeld."}
        assert client.post(f"/desk/case/{case.pk}/note/", note).status_code == 302
        corrected = client.post(f"/desk/case/{case.pk}/address/", RIGHT, headers=HTMX)
    assert corrected.status_code == 200

    changes = list(
        AccessRecord.objects.filter(action="change").order_by("pk").values_list("subject", "detail")
    )
    assert changes == [
        (f"case:{case.pk}", "reply"),
        (f"case:{case.pk}", "note"),
        (f"shipment:{case.shipment_id}", f"address corrected from case:{case.pk}"),
    ]


def test_an_invalid_reply_changes_nothing_and_records_no_change(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _remcos_case(organisation)
    client.force_login(agent)

    response = client.post(f"/desk/case/{case.pk}/reply/", {"body": ""}, headers=HTMX)

    assert response.status_code == 422
    assert not AccessRecord.objects.filter(action="change").exists()


def test_an_agent_may_not_search_the_audit_trail(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    client.force_login(agent)
    assert client.get("/desk/audit/").status_code == 403


def _trail(organisation: Organisation, other: Organisation, agent: Any) -> tuple[Case, Case]:
    case = _remcos_case(organisation)
    other_case = _remcos_case(other)
    record_access(organisation=organisation, actor=agent, action="view", subject=f"case:{case.pk}")
    record_access(
        organisation=organisation,
        actor=agent,
        action="export",
        subject=person_subject("remco@example.nl"),
        detail="export",
    )
    record_access(organisation=other, actor=agent, action="view", subject=f"case:{other_case.pk}")
    return case, other_case


def test_a_supervisor_sees_their_own_organisations_trail_only(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    other = make_organisation(name="Ander", slug="ander")
    case, other_case = _trail(organisation, other, agent)
    client.force_login(_supervisor(organisation))

    page = client.get("/desk/audit/").content.decode()

    assert page.count('class="audit-record"') == 2
    assert f"case:{case.pk}" in page
    assert f"case:{other_case.pk}" not in page and "Ander" not in page


def test_a_supervisor_searches_by_case_person_actor_and_date(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case, _ = _trail(organisation, make_organisation(name="Ander", slug="ander"), agent)
    client.force_login(_supervisor(organisation))

    def rows(**query: str) -> int:
        response = client.get("/desk/audit/", query)
        assert response.status_code == 200
        return response.content.decode().count('class="audit-record"')

    assert rows(case=str(case.pk)) == 1
    # The address is hashed the same way as it was recorded, in any case or spacing.
    assert rows(email=" Remco@Example.nl ") == 1
    assert rows(email="someone.else@example.nl") == 0
    assert rows(actor="natasja") == 2
    assert rows(actor="sanne") == 0
    today = timezone.localdate()
    assert rows(since=str(today), until=str(today)) == 2
    assert rows(since=str(today + timedelta(days=1))) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-12-05", "until": "2026-12-01"}, "De eerste datum ligt na de laatste."),
        ({"case": "twaalf"}, "Voer een geheel getal in."),
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
    ],
)
def test_a_malformed_search_is_refused_in_the_supervisors_language(
    client: Client, organisation: Organisation, query: dict[str, str], message: str
) -> None:
    client.force_login(_supervisor(organisation))

    response = client.get("/desk/audit/", query, headers={"Accept-Language": "nl"})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'class="audit-record"' not in response.content.decode()


def test_the_trail_is_paginated(client: Client, organisation: Organisation, agent: Any) -> None:
    for n in range(55):
        record_access(organisation=organisation, actor=agent, action="view", subject=f"case:{n}")
    client.force_login(_supervisor(organisation))

    first = client.get("/desk/audit/").content.decode()
    second = client.get("/desk/audit/", {"actor": "natasja", "page": "2"}).content.decode()

    assert first.count('class="audit-record"') == 50
    assert second.count('class="audit-record"') == 5
    assert "actor=natasja&amp;page=1" in second
