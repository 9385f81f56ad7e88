"""The driver's phone page: sign in with the depot's code, today's stops, one tap per door.

A tap comes as a form post, from the page's script (which queues it while the phone is
offline and answers JSON) or from the plain form without script (answered with the page).
"""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from halte.drivers.actions import (
    TapRefused,
    TapStored,
    code_of_link,
    do_record_tap,
    do_sign_in_with_code,
)
from halte.drivers.error_codes import DriverSignInError
from halte.drivers.forms import DETAIL_NEEDED, PLACES, SignInForm, TapForm
from halte.drivers.models import Driver, Stop
from halte.drivers.queries import driver_of_session, stops_of_the_day
from halte.limits import Limit, allowance, client_of, note
from halte.vocabulary.status import FailureReason

SESSION_KEY = "halte_driver"


def _code_limit() -> Limit:
    # Wrong codes per client per hour: 31^8 codes, 15 minutes each, so guessing gets nowhere.
    return Limit("driver-code", settings.HALTE_DRIVER_CODE_ATTEMPTS_PER_HOUR, 3600)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


DriverView = Callable[..., HttpResponse]


def driver_required(view: DriverView) -> DriverView:
    """Only a signed-in driver; anyone else is sent to the sign-in (or gets 401 as JSON)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        driver = driver_of_session(request.session.get(SESSION_KEY))
        if driver is None:
            if _wants_json(request):
                message = _("Your sign-in has ended. Sign in again with a code from the depot.")
                return JsonResponse({"code": "signed_out", "message": message}, status=401)
            return redirect("drivers:sign_in")
        return view(request, driver, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if driver_of_session(request.session.get(SESSION_KEY)) is not None:
        return redirect("drivers:stops")
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        client = client_of(request)
        limit = _code_limit()
        if not allowance(limit, client).allowed:
            form.add_error(
                "code",
                ValidationError(
                    _("Too many wrong codes from this phone. Ask the depot for help in an hour."),
                    code=DriverSignInError.TOO_MANY_ATTEMPTS,
                ),
            )
            status = 429
        else:
            driver = do_sign_in_with_code(form.cleaned_data["code"])
            if driver is not None:
                _start_session(request, driver)
                return redirect("drivers:stops")
            note(limit, client)
            form.add_error(
                "code",
                ValidationError(
                    _("This code is wrong, used or expired. Ask the depot for a new one."),
                    code=DriverSignInError.WRONG_CODE,
                ),
            )
            status = 422
    elif request.method == "POST":
        status = 422
    return render(request, "drivers/sign_in.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """The depot's signed link: a GET only asks, so a link preview never spends the code."""
    code = code_of_link(token)
    if code is None:
        return render(request, "drivers/link_invalid.html", status=404)
    if request.method == "GET":
        return render(request, "drivers/sign_in_link.html")
    driver = do_sign_in_with_code(code)
    if driver is None:
        return render(request, "drivers/link_invalid.html", status=404)
    _start_session(request, driver)
    return redirect("drivers:stops")


def _start_session(request: HttpRequest, driver: Driver) -> None:
    # A fresh session id: a session planted before sign-in is worth nothing after.
    request.session.cycle_key()
    request.session[SESSION_KEY] = driver.pk
    request.session.set_expiry(settings.HALTE_DRIVER_SESSION_HOURS * 3600)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("drivers:sign_in")


@require_http_methods(["GET"])
@driver_required
def stops(request: HttpRequest, driver: Driver) -> HttpResponse:
    day = timezone.localdate()
    return render(
        request,
        "drivers/stops.html",
        {
            "driver": driver,
            "day": day,
            "stops": list(stops_of_the_day(driver, day)),
            "places": PLACES,
            "detail_hints": DETAIL_NEEDED,
            "reasons": FailureReason.choices,
            # Each form gets its own id for a tap made without the page's script.
            "new_id": lambda: uuid.uuid4().hex,
        },
    )


def _answer(
    request: HttpRequest, status: int, code: str, message: str, stop: Stop | None
) -> HttpResponse:
    if _wants_json(request):
        body: dict[str, object] = {"code": code, "message": message}
        if stop is not None:
            body["state"] = stop.state
        return JsonResponse(body, status=status)
    if status >= 400:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return redirect("drivers:stops")


@require_POST
@driver_required
def tap(request: HttpRequest, driver: Driver, stop_id: int) -> HttpResponse:
    # Another driver's stop, or none at all: the same 404, so ids reveal nothing.
    if not Stop.objects.filter(pk=stop_id, driver=driver).exists():
        if _wants_json(request):
            return JsonResponse(
                {"code": "stop_not_found", "message": _("This stop is not on your route.")},
                status=404,
            )
        return render(request, "drivers/not_yours.html", status=404)
    form = TapForm(request.POST, request.FILES)
    if not form.is_valid():
        code, message = form.first_error()
        return _answer(request, 422, code, message, None)
    try:
        stored, outcome = do_record_tap(driver, stop_id, form.tap())
    except TapRefused as refused:
        return _answer(request, 409, refused.code, refused.message, None)
    if outcome is TapStored.ALREADY:
        return _answer(request, 200, "already_stored", _("Already stored."), stored.stop)
    return _answer(request, 201, "stored", _("Stored."), stored.stop)
