"""Which language a page speaks: the visitor's explicit choice, otherwise Dutch.

Django's LocaleMiddleware would follow the browser's Accept-Language; many Dutch recipients
run an English browser yet expect their parcel in Dutch, so only a choice counts: `?lang=`
(used in links from e-mails: this page in that language), or the language cookie, which the
language switch sets with `?language=` (a plain link, so a public page needs no form, no CSRF
token and therefore no cookie of its own).

A language is a preference, not a protected change: a link that sets it on someone else's
browser (the login-CSRF pattern) changes only which of our two languages the pages speak, shows
nothing of anyone, and the switch on every page sets it back.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# The language switch's own parameter: the visitor chose, so it is remembered.
CHOICE_PARAMETER = "language"


def chosen_language(request: HttpRequest) -> str:
    supported = dict(settings.LANGUAGES)
    for candidate in (
        request.GET.get(CHOICE_PARAMETER),
        request.GET.get("lang"),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if candidate in supported:
            return str(candidate)
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The body depends on the language cookie.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        choice = request.GET.get(CHOICE_PARAMETER)
        if choice == language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != choice:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                choice,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
