"""API tokens: the key is shown once and never stored, a revoked or odd key opens nothing."""

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from halte.organisations.actions import do_issue_api_token, do_revoke_api_token, hash_api_key
from halte.organisations.models import ApiToken, Organisation
from halte.organisations.queries import organisation_for_api_key
from tests.conftest import ApiClient
from tests.factories import make_organisation, make_shipment


def test_an_issued_key_is_stored_only_as_its_hash(organisation: Organisation) -> None:
    token, key = do_issue_api_token(organisation, name="webshop")

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(key in str(value) for value in stored.values())
    assert stored["key_hash"] == hash_api_key(key)
    # Enough of the key to tell tokens apart in a list, far too little to use.
    assert key.startswith(stored["prefix"]) and len(stored["prefix"]) <= 10 < len(key)


def test_every_issued_key_is_new(organisation: Organisation) -> None:
    keys = {do_issue_api_token(organisation, name=f"token {n}")[1] for n in range(5)}

    assert len(keys) == 5
    assert all(key.startswith("halte_") for key in keys)


def test_an_issued_key_opens_its_own_organisation_only(organisation: Organisation) -> None:
    other = make_organisation()
    _, key = do_issue_api_token(organisation, name="webshop")
    _, other_key = do_issue_api_token(other, name="webshop")

    assert organisation_for_api_key(key) == organisation
    assert organisation_for_api_key(other_key) == other


def test_the_key_is_never_shown_again_in_the_admin(
    organisation: Organisation, admin_client: Client
) -> None:
    token, key = do_issue_api_token(organisation, name="webshop")

    listing = admin_client.get("/admin/organisations/apitoken/").content.decode()
    change = admin_client.get(f"/admin/organisations/apitoken/{token.pk}/change/").content.decode()

    assert token.prefix in listing
    assert key not in listing and key not in change
    assert str(token) == f"{organisation} · webshop ({token.prefix}…)"


def test_a_revoked_key_is_refused(organisation: Organisation) -> None:
    token, key = do_issue_api_token(organisation, name="webshop")

    do_revoke_api_token(token)

    assert organisation_for_api_key(key) is None
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_api_refuses_a_revoked_key_and_still_takes_a_live_one(
    organisation: Organisation,
) -> None:
    shipment = make_shipment(organisation=organisation)
    revoked, old_key = do_issue_api_token(organisation, name="old")
    _, new_key = do_issue_api_token(organisation, name="new")
    do_revoke_api_token(revoked)
    path = f"/api/v1/shipments/{shipment.tracking_code}"

    refused = ApiClient(old_key).get(path)
    answered = ApiClient(new_key).get(path)

    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert answered.status_code == 200


@pytest.mark.parametrize(
    "key",
    ["", "halte_not-a-key-anyone-was-given", "halte_" + "x" * 300],
    ids=["empty", "unknown", "oversized"],
)
def test_an_empty_unknown_or_oversized_key_opens_nothing(
    organisation: Organisation, key: str
) -> None:
    do_issue_api_token(organisation, name="webshop")

    assert organisation_for_api_key(key) is None


def test_an_oversized_key_is_refused_without_a_lookup(
    organisation: Organisation, django_assert_num_queries: Any
) -> None:
    # Even a key that was issued: past 200 characters nobody's key is read, let alone hashed.
    _, key = do_issue_api_token(organisation, name="odd", key="halte_" + "k" * 200)

    with django_assert_num_queries(0):
        assert organisation_for_api_key(key) is None
        assert organisation_for_api_key("") is None


def test_the_command_prints_the_key_once_and_the_key_works(organisation: Organisation) -> None:
    out = io.StringIO()

    call_command("issue_api_token", organisation.slug, "--name", "warehouse", stdout=out)

    (key,) = out.getvalue().split()
    assert organisation_for_api_key(key) == organisation
    token = ApiToken.objects.get(organisation=organisation)
    assert token.name == "warehouse"
    assert token.key_hash == hash_api_key(key) != key


def test_the_command_names_an_unknown_organisation_and_issues_nothing(db: None) -> None:
    out = io.StringIO()

    with pytest.raises(CommandError, match="No organisation with slug 'nobody'"):
        call_command("issue_api_token", "nobody", stdout=out)

    assert out.getvalue() == ""
    assert not ApiToken.objects.exists()
