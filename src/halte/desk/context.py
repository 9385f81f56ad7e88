"""The organisations a signed-in agent works for, named in the desk's header."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from halte.desk.access import agent_organisations
from halte.organisations.permissions import (
    ERASE_PERSONAL_DATA,
    EXPORT_PERSONAL_DATA,
    SEE_FIGURES,
    organisations_where,
)
from halte.organisations.voice import shop_name

# A superuser may see every organisation; the header names a few.
SHOWN = 3


def working_for(request: HttpRequest) -> dict[str, object]:
    return {
        "working_for": SimpleLazyObject(lambda: _names(request)),
        # The effort page is for supervisors and admins; an agent's menu does not offer it.
        "sees_figures": SimpleLazyObject(lambda: _sees_figures(request)),
        # The page for a person's data is for admins only.
        "handles_personal_data": SimpleLazyObject(lambda: _handles_personal_data(request)),
    }


def _sees_figures(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and organisations_where(user, SEE_FIGURES).exists()


def _names(request: HttpRequest) -> list[str]:
    user = getattr(request, "user", None)
    if user is None:
        return []
    return [shop_name(o) for o in agent_organisations(user).order_by("name")[: SHOWN + 1]]


def _handles_personal_data(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    # One query: the two permissions' organisations together.
    return (
        user is not None
        and (
            organisations_where(user, EXPORT_PERSONAL_DATA)
            | organisations_where(user, ERASE_PERSONAL_DATA)
        ).exists()
    )
