"""Which language a page speaks: the visitor's explicit choice, otherwise Dutch.

Django's LocaleMiddleware would follow the browser's Accept-Language; many Dutch recipients
run an English browser yet expect their parcel in Dutch, so only a choice counts: `?lang=`
(used in links from e-mails) or the cookie the language switch sets.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    supported = dict(settings.LANGUAGES)
    for candidate in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
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
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
