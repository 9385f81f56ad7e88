"""Who may see what in the desk: members see their organisations' cases, nothing else."""

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


def agent_organisations(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    return Organisation.objects.filter(members__user_id=user.pk)


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
            raise PermissionDenied("not a member of any organisation")
        return view(request, *args, **kwargs)

    return wrapper
