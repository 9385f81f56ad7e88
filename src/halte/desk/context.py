"""The organisations a signed-in agent works for, named in the desk's header, and which of the
menu's pages their roles open."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from halte.desk.access import agent_organisations
from halte.organisations.models import Membership
from halte.organisations.permissions import (
    ERASE_PERSONAL_DATA,
    EXPORT_PERSONAL_DATA,
    ROLES_FOR,
    SEARCH_AUDIT,
    SEE_FIGURES,
)
from halte.organisations.voice import shop_name

# A superuser may see every organisation; the header names a few.
SHOWN = 3


def working_for(request: HttpRequest) -> dict[str, object]:
    held = SimpleLazyObject(lambda: _permissions_held(request))
    return {
        "working_for": SimpleLazyObject(lambda: _names(request)),
        # The effort page and the audit trail are for supervisors and admins; an agent's menu
        # does not offer them. One read of the user's roles answers both.
        "sees_figures": SimpleLazyObject(lambda: SEE_FIGURES in held),
        "sees_audit": SimpleLazyObject(lambda: SEARCH_AUDIT in held),
        # The page for a person's data is for admins only.
        "handles_personal_data": SimpleLazyObject(
            lambda: EXPORT_PERSONAL_DATA in held or ERASE_PERSONAL_DATA in held
        ),
    }


def _permissions_held(request: HttpRequest) -> frozenset[str]:
    """Every permission the user holds in at least one organisation (the same table as
    `organisations_where`, read once for the whole menu)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES_FOR)
    roles = set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True))
    return frozenset(permission for permission, allowed in ROLES_FOR.items() if roles & allowed)


def _names(request: HttpRequest) -> list[str]:
    user = getattr(request, "user", None)
    if user is None:
        return []
    return [shop_name(o) for o in agent_organisations(user).order_by("name")[: SHOWN + 1]]
