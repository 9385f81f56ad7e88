"""Mail from an e-mail provider's inbound webhook (through django-anymail) joins the same path.

django-anymail accepts anything, with only a warning, when no webhook secret is configured,
and lets a payload it cannot read or a message Halte refuses end in a 500 — which providers
retry for hours. Halte serves anymail's views behind `guarded`: no secret, no entry (403);
a refused message or an unreadable payload gets a 4xx with the reason, and nothing is stored.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from anymail.exceptions import (
    AnymailConfigurationError,
    AnymailError,
    AnymailWebhookValidationFailure,
)
from anymail.urls import urlpatterns as anymail_urlpatterns
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from halte.mail.actions import MessageTooLarge, Undeliverable, do_take_email

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def receive_from_provider(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    message = event.message
    if message is None:
        raise Undeliverable(_("the provider's payload holds no message"))
    recipient = getattr(message, "envelope_recipient", None)
    recipients = [str(recipient)] if recipient else []
    try:
        raw = message.as_bytes()
    except (UnicodeError, ValueError, LookupError, TypeError) as unwritable:
        raise Undeliverable(_("the provider's message cannot be read")) from unwritable
    do_take_email(raw, envelope_recipients=recipients)


def webhook_secret_configured() -> bool:
    secret = settings.ANYMAIL.get("WEBHOOK_SECRET", "")
    return bool(secret if isinstance(secret, str) else [s for s in secret if s])


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def guarded(view: View) -> View:
    """Anymail's view, refused without a webhook secret, answering every refusal with a 4xx."""

    @wraps(view)
    def guarded_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not webhook_secret_configured():
            return _plain(
                403, _("The webhook secret is not configured (HALTE_ANYMAIL_WEBHOOK_SECRET).")
            )
        try:
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as failure:
            logger.warning("Refused an unproven provider webhook: %s", failure)
            return _plain(400, _("The webhook's credentials or signature are wrong."))
        except (MessageTooLarge, RequestDataTooBig):
            return _plain(413, _("The message is too large to be taken in."))
        except Undeliverable as refusal:
            return _plain(422, _("The message was refused: %(reason)s.") % {"reason": refusal})
        except AnymailConfigurationError as misdirected:
            logger.warning("A provider webhook Halte cannot use: %s", misdirected)
            return _plain(400, _("This webhook is not set up the way Halte expects it."))
        except (AnymailError, KeyError, ValueError) as unreadable:
            # anymail reading the provider's fields: a missing field, bad JSON, a bad number.
            logger.warning("An unreadable provider webhook: %r", unreadable)
            return _plain(400, _("The provider's payload could not be read."))

    return csrf_exempt(guarded_view)


def _guarded_patterns(patterns: list[URLPattern | URLResolver]) -> list[URLPattern]:
    guarded_patterns = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern) or pattern.callback is None:
            # anymail's routes are flat views today; an include() in a later release must
            # not slip through unguarded.
            raise ImproperlyConfigured(f"anymail's URL {pattern!r} is not a plain view.")
        view = guarded(pattern.callback)
        guarded_patterns.append(re_path(pattern.pattern.regex.pattern, view, name=pattern.name))
    return guarded_patterns


# Mounted under /anymail/ in halte.urls with anymail's own names ("anymail:…").
provider_webhook_urls = (_guarded_patterns(anymail_urlpatterns), "anymail")
