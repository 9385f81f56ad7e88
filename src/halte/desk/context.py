"""The organisations a signed-in agent works for, named in the desk's header."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from halte.desk.access import agent_organisations
from halte.organisations.voice import shop_name

# A superuser may see every organisation; the header names a few.
SHOWN = 3


def working_for(request: HttpRequest) -> dict[str, object]:
    return {"working_for": SimpleLazyObject(lambda: _names(request))}


def _names(request: HttpRequest) -> list[str]:
    user = getattr(request, "user", None)
    if user is None:
        return []
    return [shop_name(o) for o in agent_organisations(user).order_by("name")[: SHOWN + 1]]
