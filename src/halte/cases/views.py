"""Customer pages: the contact form and the case page behind a signed link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from halte.cases.actions import (
    CustomerMessage,
    NoOrganisation,
    do_add_customer_message,
    do_receive_contact_form,
    do_resolve_case,
)
from halte.cases.error_codes import CaseErrorCode
from halte.cases.forms import ContactForm, CustomerReplyForm
from halte.cases.links import case_for_token
from halte.cases.models import Attachment, Case, CaseMessage, Channel
from halte.cases.queries import attachment_response, customer_thread, parcel_of_case_url
from halte.cases.reading import FORM_FIELDS, FormQuestions, contact_form_questions
from halte.limits import limit_submissions
from halte.organisations.context import speak_for


@require_http_methods(["GET", "POST"])
@limit_submissions("contact")
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"tracking_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        language = get_language() or "nl"
        asking = None
        if not request.POST.get("asked"):
            # Before a case exists: at most two facts the words still need, nothing more.
            asking = contact_form_questions(
                form.cleaned_data["text"], form.cleaned_data["tracking_code"], language
            )
        if asking is not None:
            return render(
                request,
                "cases/contact.html",
                {"form": form, "shown": _fields_shown(form, asking), "asking": asking},
            )
        try:
            do_receive_contact_form(
                text=_with_answers(form),
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                tracking_code=form.cleaned_data["tracking_code"],
                language=language,
            )
        except NoOrganisation:
            form.add_error(
                None,
                ValidationError(
                    _("This service is not set up to receive questions yet."),
                    code=CaseErrorCode.NOT_SET_UP,
                ),
            )
        else:
            # The same page whatever happened (new case, joined an open one, pressed twice):
            # the form proves nothing about the sender, so it reveals nothing of any case.
            return render(
                request,
                "cases/contact_received.html",
                {"text": form.cleaned_data["text"], "email": form.cleaned_data["email"]},
            )
    return render(request, "cases/contact.html", {"form": form, "shown": _fields_shown(form)})


def _fields_shown(form: ContactForm, asking: FormQuestions | None = None) -> list[BoundField]:
    """The first page's fields, or the words and contact plus only the fields asked for."""
    if asking is None:
        return [form[name] for name in ContactForm.FIRST]
    asked = {FORM_FIELDS[fact] for fact in asking.facts}
    names = [
        "text",
        "email",
        "name",
        *(n for n in ("tracking_code", "new_address", "moment") if n in asked),
    ]
    return [form[name] for name in names]


def _with_answers(form: ContactForm) -> str:
    """The customer's words, with the answers to what the form asked underneath."""
    answers = [
        f"{form.fields[name].label}: {form.cleaned_data[name]}"
        for name in ("new_address", "moment")
        if form.cleaned_data[name]
    ]
    return (
        "\n\n".join([form.cleaned_data["text"], *answers]) if answers else form.cleaned_data["text"]
    )


@require_http_methods(["GET", "POST"])
@limit_submissions("customer-case")
def customer_case(request: HttpRequest, token: str) -> HttpResponse:
    case = case_for_token(token)
    if case is None:
        return render(request, "cases/link_invalid.html", status=404)
    speak_for(request, case.organisation)
    form = CustomerReplyForm(request.POST if request.POST.get("action") == "reply" else None)
    if request.method == "POST":
        if request.POST.get("action") == "close":
            if case.is_open:
                do_resolve_case(
                    case, by=Case.ResolvedBy.CUSTOMER, reason=_("Closed by the customer online")
                )
                messages.success(request, _("Your case is closed. Thank you for letting us know."))
            return redirect(request.path)
        if form.is_valid():
            do_add_customer_message(
                case,
                CustomerMessage(
                    channel=Channel.WEB,
                    body=form.cleaned_data["text"],
                    from_address=case.customer_email,
                ),
            )
            messages.success(request, _("Your message was added to the case."))
            return redirect(request.path)
    # Before the refresh, which forgets the parcel read with the case.
    parcel_url = parcel_of_case_url(case)
    case.refresh_from_db()
    return render(
        request,
        "cases/customer_case.html",
        {
            "case": case,
            "thread": customer_thread(case),
            "form": form,
            "token": token,
            "parcel_url": parcel_url,
        },
    )


@require_http_methods(["GET"])
def customer_attachment(request: HttpRequest, token: str, attachment_id: int) -> HttpResponseBase:
    case = case_for_token(token)
    attachment = (
        Attachment.objects.filter(pk=attachment_id, message__case=case)
        .exclude(message__direction=CaseMessage.Direction.NOTE)
        .exclude(message__sender=CaseMessage.Sender.OTHER)
        .first()
        if case
        else None
    )
    if attachment is None:
        return render(request, "cases/link_invalid.html", status=404)
    return attachment_response(attachment)
