"""Who may see what in the desk: members whose role may work cases see their organisations'
cases, nothing else. The roles' permissions live in organisations/permissions.py."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from halte.organisations.models import Organisation
from halte.organisations.permissions import WORK_CASES, organisations_where


def agent_organisations(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations whose cases this user may work (`halte.work_cases`)."""
    return organisations_where(user, WORK_CASES)


class AgentRequest(HttpRequest):
    """A request that passed `desk_view`: someone signed in, so `user` is never anonymous."""

    user: User


View = Callable[..., HttpResponseBase]


def desk_view(view: View) -> View:
    """Logged in, and a member of at least one organisation."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not agent_organisations(request.user).exists():
            raise PermissionDenied("may work no organisation's cases")
        return view(request, *args, **kwargs)

    return wrapper
