"""The audit trail: what `record_access` writes, and that nothing can change or remove it."""

import hashlib
from typing import Any

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.test import Client

from halte.audit.actions import ReasonRequired, record_access
from halte.audit.models import AccessRecord, AuditTrailIsAppendOnly
from halte.audit.subjects import person_subject
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from tests.shipments.test_code_ownership import _payload

pytestmark = pytest.mark.django_db


def _record(organisation: Organisation, agent: Any, **fields: Any) -> AccessRecord:
    record_access(
        organisation=organisation,
        actor=agent,
        **{"action": "view", "subject": "case:12", **fields},
    )
    return AccessRecord.objects.get()


def test_a_view_is_written_with_who_what_when_and_from_where(
    organisation: Organisation, agent: Any
) -> None:
    record = _record(organisation, agent, detail="case screen", client_address="192.0.2.7")

    assert record.organisation == organisation
    assert record.actor == agent and record.token is None
    assert (record.action, record.subject, record.detail) == ("view", "case:12", "case screen")
    assert record.client_address == "192.0.2.7"
    assert record.at is not None


def test_a_token_is_recorded_as_the_actor_of_an_api_read(organisation: Organisation) -> None:
    token, _key = do_issue_api_token(organisation, name="shop system")

    record_access(
        organisation=organisation, actor=None, token=token, action="view", subject="shipment:3"
    )

    record = AccessRecord.objects.get()
    assert record.actor is None and record.token == token


def test_a_person_is_named_by_the_fingerprint_of_their_address_never_the_address(
    organisation: Organisation, agent: Any
) -> None:
    subject = person_subject("  Klant@Example.NL ")
    record = _record(organisation, agent, action="export", subject=subject)

    expected = hashlib.sha256(b"klant@example.nl").hexdigest()
    assert record.subject == f"person:{expected}"
    assert "example" not in record.subject.lower()


def test_a_reveal_without_a_reason_is_refused_and_nothing_is_written(
    organisation: Organisation, agent: Any
) -> None:
    with pytest.raises(ReasonRequired):
        record_access(
            organisation=organisation, actor=agent, action="reveal", subject="gift:5", reason=" "
        )
    assert not AccessRecord.objects.exists()

    record_access(
        organisation=organisation,
        actor=agent,
        action="reveal",
        subject="gift:5",
        reason="sender asked us to confirm",
    )
    assert AccessRecord.objects.get().reason == "sender asked us to confirm"


@pytest.mark.parametrize(
    "fields", [{"action": "peek"}, {"subject": ""}, {"subject": "case:" + "1" * 100}]
)
def test_an_unknown_action_or_a_bad_subject_is_refused(
    organisation: Organisation, agent: Any, fields: dict[str, str]
) -> None:
    given = {"action": "view", "subject": "case:1", **fields}
    with pytest.raises(ValueError):
        record_access(
            organisation=organisation,
            actor=agent,
            action=given["action"],
            subject=given["subject"],
        )
    assert not AccessRecord.objects.exists()


def test_the_orm_refuses_to_change_or_remove_a_record(
    organisation: Organisation, agent: Any
) -> None:
    record = _record(organisation, agent)

    record.reason = "rewritten afterwards"
    with pytest.raises(AuditTrailIsAppendOnly):
        record.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        record.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AccessRecord.objects.filter(pk=record.pk).update(reason="rewritten")
    with pytest.raises(AuditTrailIsAppendOnly):
        AccessRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AccessRecord.objects.bulk_update([record], ["reason"])

    stored = AccessRecord.objects.get()
    assert stored.reason == ""


def test_the_people_and_organisation_a_record_names_cannot_be_deleted_from_under_it(
    organisation: Organisation, agent: Any
) -> None:
    from django.db.models import ProtectedError

    _record(organisation, agent)
    with pytest.raises(ProtectedError):
        agent.delete()
    with pytest.raises(ProtectedError):
        organisation.delete()
    assert AccessRecord.objects.count() == 1


def test_raw_sql_cannot_change_or_remove_a_record_on_postgresql(
    organisation: Organisation, agent: Any
) -> None:
    """The trigger of migration 0002: only on PostgreSQL (SQLite has only the ORM's refusal)."""
    record = _record(organisation, agent)
    statements = [
        ("UPDATE audit_accessrecord SET reason = 'x' WHERE id = %s", [record.pk]),
        ("DELETE FROM audit_accessrecord WHERE id = %s", [record.pk]),
    ]
    for sql, params in statements:
        if connection.vendor == "postgresql":
            refusals = (InternalError, IntegrityError, ProgrammingError)
            with (
                pytest.raises(refusals) as refused,
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, params)
            assert "append-only" in str(refused.value)
        else:
            # SQLite has no trigger from us: the statement goes through, proving the test would
            # notice on PostgreSQL if the trigger were missing. Undo inside a savepoint.
            with pytest.raises(_RolledBack), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
                assert cursor.rowcount == 1
                raise _RolledBack
    assert AccessRecord.objects.get().reason == ""


class _RolledBack(Exception):
    pass


def test_the_api_records_the_token_that_wrote_and_read_a_recipients_shipment(
    organisation: Organisation,
) -> None:
    token, key = do_issue_api_token(organisation, name="shop system")
    client = Client(headers={"Authorization": f"Bearer {key}"})

    payload = _payload()
    created = client.post("/api/v1/shipments", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    code = payload["tracking_code"]
    assert client.get(f"/api/v1/shipments/{code}").status_code == 200
    assert client.get("/api/v1/shipments/NOSUCHCODE").status_code == 404

    rows = [
        (r.actor_id, r.token_id, r.action, r.detail) for r in AccessRecord.objects.order_by("pk")
    ]
    assert rows == [
        (None, token.pk, "change", "recipient created"),
        (None, token.pk, "view", "read by the API"),
    ]
    assert all(r.subject.startswith("shipment:") for r in AccessRecord.objects.all())
