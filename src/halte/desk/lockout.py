"""Sign-in lockout for the desk and the admin: failures per account and address, and per account.

django-axes records each failed sign-in in the database (so every web worker sees it) under the
account's username and the client's address (`halte.limits.client_of`). Axes compares one
number with one limit; this handler gives it the number that says whether either of Halte's
two rules is broken.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class SignInLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no types
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Failures of this account from this address; the limit once the account is over its own.

        AXES_LOCKOUT_PARAMETERS yields the attempts per (username, address) first and per
        username second; each has its own limit.
        """
        per_client, per_account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_account >= settings.HALTE_LOGIN_FAILURES_PER_ACCOUNT:
            return int(settings.HALTE_LOGIN_FAILURES_PER_CLIENT)
        return int(per_client)


class SignInLockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes ships no types
    """Axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every sign-in form (desk, admin) passes its request. A sign-in without one (a management
    command, the test client's login()) has no client address to count, so it is let through
    to the next backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        super().authenticate(request, *args, **kwargs)
        return None


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a sign-in while locked out: a page in the visitor's language, HTTP 429."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    answer = render(
        request,
        "desk/locked_out.html",
        {"minutes": max(1, seconds // 60)},
        status=429,
    )
    answer["Retry-After"] = str(seconds)
    return answer
