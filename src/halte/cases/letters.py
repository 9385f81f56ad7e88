"""The words of the messages Halte writes itself, in the customer's language."""

from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.models import Case
from halte.cases.reading import Missing


def acknowledgement(
    case: Case,
    case_url: str,
    *,
    missing: Missing | None = None,
    self_service: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """Subject and text confirming a new case; it says the customer can simply reply.

    `missing` says what the message already told us (repeated, so the customer sees it was
    read) and the one or two facts the reason still needs; `self_service` is one signed link
    (label, url) to do it right away. No fixed questionnaire: nothing is asked that was given.
    """
    with translation.override(case.language):
        subject = _("We received your question [%(number)s]") % {"number": case.number}
        parts = [
            _("Hello %(name)s,") % {"name": case.customer_name or _("there")},
            _(
                "Thank you for your message. We have opened case %(number)s for it and a person "
                "will answer you within %(promise)s."
            )
            % {"number": case.number, "promise": _("one working day")},
        ]
        if missing is not None and missing.known:
            parts.append(_("We noted: %(facts)s.") % {"facts": ", ".join(missing.known)})
        if missing is not None and missing.questions:
            parts.append(
                _("To help you at once, please reply with:")
                + "".join(f"\n- {question}" for question in missing.questions)
            )
        if self_service is not None:
            label, url = self_service
            parts.append(
                _("You can also do this yourself right away: %(label)s\n%(url)s")
                % {"label": label, "url": url}
            )
        parts.append(
            _(
                "You can simply reply to this e-mail: to add information, or to tell us the "
                'problem is solved — for example "found it" — and we will close the case.\n'
                "You can also follow and close your case here: %(url)s"
            )
            % {"url": case_url}
        )
        parts.append(_("Kind regards,\nCustomer service"))
    return subject, "\n\n".join(parts)


def web_form_notice(case: Case, case_url: str) -> tuple[str, str]:
    """Subject and text telling the case's own address that the web form added a message."""
    with translation.override(case.language):
        subject = _("A message was added to your case [%(number)s]") % {"number": case.number}
        body = _(
            "Hello %(name)s,\n\n"
            "Someone sent a message through a form on our website with your e-mail address, "
            "and we added it to your open case %(number)s for our customer service.\n\n"
            "Was it you? Then there is nothing more to do. You can read your case, add to it "
            "or close it here: %(url)s\n"
            "Was it not you? Then you can ignore this e-mail: a message from the form never "
            "closes your case.\n\n"
            "Kind regards,\nCustomer service"
        ) % {
            "name": case.customer_name or _("there"),
            "number": case.number,
            "url": case_url,
        }
    return subject, body


def close_confirmation(case: Case) -> tuple[str, str]:
    with translation.override(case.language):
        subject = _("Your case %(number)s is closed") % {"number": case.number}
        body = _(
            "Hello %(name)s,\n\n"
            "Good to hear it is solved. We have closed case %(number)s; nobody will call or "
            "write you about it.\n\n"
            "If you need us again, just reply to this e-mail and the case opens again.\n\n"
            "Kind regards,\nCustomer service"
        ) % {"name": case.customer_name or _("there"), "number": case.number}
    return subject, body


def reply_subject(case: Case) -> str:
    with translation.override(case.language):
        return _("Re: your question [%(number)s]") % {"number": case.number}
