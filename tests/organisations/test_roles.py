"""Roles: each permission is held by exactly the roles permissions.py names, in the member's
own organisation only; tokens reach only the routes of their scopes."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.management import CommandError, call_command
from django.test import Client

from halte.organisations.actions import do_issue_api_token
from halte.organisations.error_codes import AccessErrorCode
from halte.organisations.models import ApiToken, Membership, Organisation, Scope
from halte.organisations.permissions import (
    ERASE_PERSONAL_DATA,
    EXPORT_PERSONAL_DATA,
    MANAGE_ORGANISATION,
    ROLES_FOR,
    SEARCH_AUDIT,
    SEE_FIGURES,
    SEE_GIFT_SENDER,
    WORK_CASES,
    organisations_where,
)
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

Role = Membership.Role

# Written out here, not read from ROLES_FOR: a change to who may is a change to this test too.
EXPECTED: dict[str, set[str]] = {
    WORK_CASES: {Role.AGENT, Role.SUPERVISOR, Role.ADMIN},
    SEE_GIFT_SENDER: {Role.SUPERVISOR, Role.ADMIN},
    SEARCH_AUDIT: {Role.SUPERVISOR, Role.ADMIN},
    SEE_FIGURES: {Role.SUPERVISOR, Role.ADMIN},
    EXPORT_PERSONAL_DATA: {Role.ADMIN},
    ERASE_PERSONAL_DATA: {Role.ADMIN},
    MANAGE_ORGANISATION: {Role.ADMIN},
}


def _member(organisation: Organisation, role: str, name: str = "") -> User:
    user = get_user_model().objects.create_user(name or f"{role}-{organisation.slug}")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def test_the_table_names_every_permission_once() -> None:
    assert set(ROLES_FOR) == set(EXPECTED)
    assert all(permission.startswith("halte.") for permission in ROLES_FOR)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
@pytest.mark.parametrize("role", Role.values)
def test_a_role_holds_its_permissions_in_its_own_organisation_only(
    permission: str, role: str
) -> None:
    own, other = make_organisation(), make_organisation()
    user = _member(own, role)

    assert user.has_perm(permission, own) is (role in EXPECTED[permission])
    # A role somewhere is no role here, whatever it is.
    assert user.has_perm(permission, other) is False
    # Without an organisation there is nothing to hold the permission for.
    assert user.has_perm(permission) is False
    assert list(organisations_where(user, permission)) == (
        [own] if role in EXPECTED[permission] else []
    )


def test_strangers_and_inactive_members_hold_nothing() -> None:
    organisation = make_organisation()
    stranger = get_user_model().objects.create_user("stranger")
    inactive = _member(organisation, Role.ADMIN, name="left-the-shop")
    inactive.is_active = False
    inactive.save()

    for permission in EXPECTED:
        assert not stranger.has_perm(permission, organisation)
        assert not inactive.has_perm(permission, organisation)
        assert not AnonymousUser().has_perm(permission, organisation)
        assert not organisations_where(inactive, permission).exists()
        assert not organisations_where(AnonymousUser(), permission).exists()


def test_the_installations_staff_superuser_holds_every_permission_everywhere() -> None:
    organisation = make_organisation()
    superuser = get_user_model().objects.create_superuser("beheer", password="pw-beheer-123")

    assert all(superuser.has_perm(permission, organisation) for permission in EXPECTED)


def test_managers_become_supervisors_and_back() -> None:
    migration = import_module("halte.organisations.migrations.0005_roles_and_token_scopes")
    organisation = make_organisation()
    manager = _member(organisation, "manager", name="old-manager")
    agent = _member(organisation, Role.AGENT, name="old-agent")

    migration.managers_become_supervisors(apps, None)
    assert Membership.objects.get(user=manager).role == Role.SUPERVISOR
    assert Membership.objects.get(user=agent).role == Role.AGENT
    assert manager.has_perm(SEE_FIGURES, organisation)

    migration.supervisors_become_managers(apps, None)
    assert Membership.objects.get(user=manager).role == "manager"


def test_a_token_is_issued_with_every_scope_unless_told() -> None:
    organisation = make_organisation()
    token, _ = do_issue_api_token(organisation, name="all")
    narrow, _ = do_issue_api_token(organisation, name="narrow", scopes=[Scope.EVENTS, Scope.EVENTS])

    assert sorted(token.scopes) == sorted(Scope.values)
    assert ApiToken.objects.get(pk=narrow.pk).scopes == [Scope.EVENTS]


def test_an_unknown_scope_issues_no_token() -> None:
    organisation = make_organisation()
    with pytest.raises(ValueError, match="everything"):
        do_issue_api_token(organisation, name="typo", scopes=["events", "everything"])
    with pytest.raises(CommandError):
        call_command("issue_api_token", organisation.slug, "--scope", "everything")
    assert not ApiToken.objects.exists()


def test_the_command_issues_a_token_that_reaches_its_scopes_only() -> None:
    organisation = make_organisation()
    out = io.StringIO()
    call_command("issue_api_token", organisation.slug, "--scope", "promises", stdout=out)
    bearer = {"Authorization": f"Bearer {out.getvalue().strip()}"}
    client = Client()

    assert client.get("/api/v1/vouchers", headers=bearer).status_code == 200
    refused = client.get("/api/v1/shipments/3SNONE0001", headers=bearer)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "This API token lacks the scope 'shipments' this route requires; issue a "
        "token with it.",
        "code": AccessErrorCode.SCOPE_MISSING,
    }
