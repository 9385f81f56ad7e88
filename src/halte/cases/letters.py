"""The words of the messages Halte writes itself, in the customer's language and the shop's
voice (greeting, sign-off and links from `organisations.voice`)."""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.models import Case, CaseMessage
from halte.cases.reading import Missing
from halte.organisations.voice import greeting, link_line, sign_off

# "Re: ", "RE: ", "Antw: ", "Fwd: "… and our own "[HLT-000123]" tag, however often repeated.
_REPLY_PREFIX = re.compile(r"^\s*((re|antw|aw|fw|fwd|doorst)\s*:\s*)+", re.IGNORECASE)
_CASE_TAG = re.compile(r"\s*\[HLT-\d+\]\s*")
SUBJECT_CHARS = 120


def _case_link(case: Case, case_url: str) -> str:
    return link_line(_("Your case %(number)s") % {"number": case.number}, case_url)


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
            greeting(case.customer_name),
            _(
                "Thank you for your message. We have opened case %(number)s for it, and a "
                "person will answer you within %(promise)s."
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
                "You can simply reply to this e-mail: to add something, or to tell us the "
                'problem is solved — for example "found it" — and we will close the case.'
            )
        )
        if case_url:
            parts.append(_case_link(case, case_url))
        parts.append(sign_off(case.organisation))
    return subject, "\n\n".join(parts)


def web_form_notice(case: Case, case_url: str) -> tuple[str, str]:
    """Subject and text telling the case's own address that the web form added a message."""
    with translation.override(case.language):
        subject = _("A message was added to your case [%(number)s]") % {"number": case.number}
        parts = [
            greeting(case.customer_name),
            _(
                "Someone sent a message through a form on our website with your e-mail "
                "address, and we added it to your open case %(number)s."
            )
            % {"number": case.number},
            _(
                "Was it you? Then there is nothing more to do; you can read, add to or close "
                "your case with the link below. Was it not you? Then you can ignore this "
                "e-mail: a message from the form never closes your case."
            ),
            _case_link(case, case_url),
            sign_off(case.organisation),
        ]
    return subject, "\n\n".join(parts)


def close_confirmation(case: Case) -> tuple[str, str]:
    with translation.override(case.language):
        subject = _("Your case %(number)s is closed") % {"number": case.number}
        parts = [
            greeting(case.customer_name),
            _(
                "Good to hear it is solved. We have closed case %(number)s; nobody will call or "
                "write you about it."
            )
            % {"number": case.number},
            _("If you need us again, just reply to this e-mail and the case opens again."),
            sign_off(case.organisation),
        ]
    return subject, "\n\n".join(parts)


def customer_subject(case: Case) -> str:
    """What the customer called it: the subject of their latest mail, else the case's."""
    latest = (
        case.messages.filter(direction=CaseMessage.Direction.INBOUND)
        .exclude(subject="")
        .order_by("-created_at", "-pk")
        .values_list("subject", flat=True)
        .first()
    )
    subject = _CASE_TAG.sub(" ", _REPLY_PREFIX.sub("", latest or case.subject))
    # One line (a web form's "subject" is the start of its text), and not endless.
    subject = " ".join(subject.split())
    return subject if len(subject) <= SUBJECT_CHARS else subject[: SUBJECT_CHARS - 1] + "…"


def reply_subject(case: Case) -> str:
    """`Re: <their own subject> [HLT-000123]`: their mail client threads it, we find the case."""
    subject = customer_subject(case)
    with translation.override(case.language):
        if not subject:
            subject = _("your question")
        return f"Re: {subject} [{case.number}]"
