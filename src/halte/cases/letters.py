"""The words of the messages Halte writes itself, in the customer's language."""

from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.models import Case


def acknowledgement(case: Case, case_url: str) -> tuple[str, str]:
    """Subject and text confirming a new case; it says the customer can simply reply."""
    with translation.override(case.language):
        subject = _("We received your question [%(number)s]") % {"number": case.number}
        body = _(
            "Hello %(name)s,\n\n"
            "Thank you for your message. We have opened case %(number)s for it and a person "
            "will answer you within %(promise)s.\n\n"
            "You can simply reply to this e-mail: to add information, or to tell us the "
            'problem is solved — for example "found it" — and we will close the case.\n'
            "You can also follow and close your case here: %(url)s\n\n"
            "Kind regards,\nCustomer service"
        ) % {
            "name": case.customer_name or _("there"),
            "number": case.number,
            "promise": _("one working day"),
            "url": case_url,
        }
    return subject, body


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
