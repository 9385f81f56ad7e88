"""A view decorator: at most HALTE_FORM_SUBMISSIONS_PER_HOUR POSTs per client per view."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from halte.limits import Limit, allowance, client_of, note


def limit_submissions(
    name: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                limit = Limit(f"form:{name}", settings.HALTE_FORM_SUBMISSIONS_PER_HOUR, 3600)
                client = client_of(request)
                if not allowance(limit, client).allowed:
                    response = render(
                        request,
                        "too_many.html",
                        {
                            "message": _(
                                "You sent this form very often. Please try again in an hour, "
                                "or reply to one of our e-mails."
                            )
                        },
                        status=429,
                    )
                    response["Retry-After"] = "3600"
                    return response
                note(limit, client)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
