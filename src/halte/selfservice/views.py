"""Self-service pages behind the signed tracking link: parse, call an action, say what's next."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from halte.addresses.registry import AddressProblem
from halte.cases.actions import IncomingAttachment
from halte.limits import limit_submissions
from halte.returns.actions import StartRefusal, do_start_return
from halte.returns.queries import open_return_of, policy_for
from halte.returns.rules import returnable, window_end
from halte.selfservice import letters
from halte.selfservice.actions import (
    CodeCheck,
    CodeSent,
    Correction,
    CorrectionOutcome,
    NewAddress,
    Undo,
    do_check_recipient_code,
    do_close_from_tracking_page,
    do_correct_address,
    do_report_damage,
    do_report_not_received,
    do_send_recipient_code,
    do_undo_address_change,
)
from halte.selfservice.error_codes import SelfServiceErrorCode
from halte.selfservice.forms import AddressForm, CodeForm, DamageForm, NotReceivedForm, ReturnForm
from halte.selfservice.links import change_for_token
from halte.selfservice.queries import has_live_code
from halte.selfservice.rules import CorrectionPath, Decision, RefusalReason, address_correction
from halte.shipments.models import Shipment
from halte.shipments.queries import shipment_story
from halte.tracking.links import shipment_for_token, tracking_url
from halte.tracking.proof import is_proven, remember_proof
from halte.vocabulary.status import DeliveryPlace, Status


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "selfservice/link_invalid.html", status=404)


def _language() -> str:
    return get_language() or "nl"


def _known_email(request: HttpRequest, shipment: Shipment) -> dict[str, str]:
    """The recipient's e-mail address is filled in only for a visitor who proved to be them."""
    return {"email": shipment.recipient_email} if is_proven(request, shipment) else {}


def _prove(request: HttpRequest, shipment: Shipment) -> HttpResponse:
    """Step one of a correction: a code to the recipient's e-mail or phone on file."""
    form = CodeForm(request.POST if request.POST.get("action") == "check_code" else None)
    context: dict[str, object] = {"shipment": shipment, "form": form, "proof": True}
    status = 200
    sent: CodeSent | None = None
    if request.method == "POST" and request.POST.get("action") == "send_code":
        sent = do_send_recipient_code(shipment, language=_language())
        status = 200 if sent is CodeSent.SENT else 429 if sent is CodeSent.TOO_MANY else 409
    elif request.method == "POST" and form.is_valid():
        checked = do_check_recipient_code(shipment, form.cleaned_data["code"])
        if checked is CodeCheck.PROVEN:
            remember_proof(request, shipment)
            return redirect(request.path)
        sent = CodeSent.SENT
        form.add_error(
            "code",
            ValidationError(
                _("This code is not right. Check it, or ask for a new one."),
                code=SelfServiceErrorCode.WRONG_CODE,
            )
            if checked is CodeCheck.WRONG
            else ValidationError(
                _("This code has expired or was tried too often. Ask for a new one."),
                code=SelfServiceErrorCode.CODE_EXPIRED,
            ),
        )
        status = 422
    elif request.method == "POST":
        sent = CodeSent.SENT
        status = 422
    if sent is None and has_live_code(shipment):
        # Back from the mailbox: the code sent a minute ago can be entered, no new one needed.
        sent = CodeSent.SENT
    context["asked_for_code"] = sent is not None
    context["code_sent"] = sent is CodeSent.SENT
    context["too_many_codes"] = sent is CodeSent.TOO_MANY
    context["no_contact"] = not shipment.recipient_email and not shipment.recipient_phone
    return render(request, "selfservice/prove.html", context, status=status)


@require_http_methods(["GET", "POST"])
@limit_submissions("correct_address")
def correct_address(request: HttpRequest, token: str) -> HttpResponse:
    shipment = shipment_for_token(token)
    if shipment is None:
        return _invalid_link(request)
    if shipment.kind == Shipment.Kind.RETURN:
        # A return goes back to the shop: its page follows it, nothing here applies.
        return redirect(tracking_url(shipment))
    decision = address_correction(shipment.status)
    if decision.path is not CorrectionPath.REFUSED and not is_proven(request, shipment):
        return _prove(request, shipment)
    form = AddressForm(request.POST or None, initial=_address_on_file(shipment))
    context: dict[str, object] = {"shipment": shipment, "form": form, **_path_shown(decision)}
    if decision.path is CorrectionPath.REFUSED:
        return render(
            request, "selfservice/address.html", context, status=409 if request.POST else 200
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and not shipment.recipient_email
        and not form.cleaned_data["email"]
    ):
        form.add_error(
            "email",
            ValidationError(
                _("We need your e-mail address to confirm the change."),
                code=SelfServiceErrorCode.EMAIL_REQUIRED,
            ),
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = do_correct_address(
            shipment,
            NewAddress(
                postcode=data["postcode"],
                house_number=data["house_number"],
                addition=data["addition"],
                street=data["street"],
                city=data["city"],
                country=shipment.country,
            ),
            confirm_unlisted=data["confirm_unlisted"],
            email=data["email"],
            language=_language(),
        )
        if result.outcome in SAVED:
            messages.success(request, _outcome_message(result))
            return redirect(tracking_url(result.shipment))
        _show_what_stopped_it(result, form, context)
        return render(request, "selfservice/address.html", context, status=422)
    status = 422 if request.method == "POST" else 200  # a POST here had field errors
    return render(request, "selfservice/address.html", context, status=status)


# The outcomes in which the new address was saved (or was the one on file already).
SAVED = frozenset(
    {
        CorrectionOutcome.UNCHANGED,
        CorrectionOutcome.CARRIER_TOLD,
        CorrectionOutcome.REROUTED,
        CorrectionOutcome.NEEDS_REVIEW,
    }
)


def _address_on_file(shipment: Shipment) -> dict[str, object]:
    return {
        "postcode": shipment.postcode_display,
        "house_number": shipment.house_number,
        "addition": shipment.house_number_addition,
        "street": shipment.street,
        "city": shipment.city,
        "email": shipment.recipient_email,  # this visitor proved to be the recipient
    }


def _path_shown(decision: Decision) -> dict[str, object]:
    """What the page says about the parcel's state before anything is typed."""
    return {
        "refused": decision.path is CorrectionPath.REFUSED,
        "refused_delivered": decision.reason is RefusalReason.DELIVERED,
        "driver_has_it": decision.path is CorrectionPath.REROUTED,
    }


def _show_what_stopped_it(
    result: Correction, form: AddressForm, context: dict[str, object]
) -> None:
    """A correction that changed nothing: the reason, on the form or beside it."""
    if result.outcome is CorrectionOutcome.INVALID:
        form.add_error(
            "postcode",
            ValidationError(
                _(
                    "This is not a valid postcode; use four digits and two letters (1234 AB) "
                    "in the Netherlands, four digits (1000) in Belgium."
                ),
                code=SelfServiceErrorCode.INVALID_POSTCODE,
            ),
        )
    elif result.outcome is CorrectionOutcome.TOO_MANY:
        form.add_error(
            None,
            ValidationError(
                _(
                    "This address was already corrected several times. To be sure the "
                    "driver gets it right, please reply to our e-mail or use the contact form."
                ),
                code=SelfServiceErrorCode.TOO_MANY_CORRECTIONS,
            ),
        )
    elif (
        result.outcome in (CorrectionOutcome.INCONSISTENT, CorrectionOutcome.NOT_LISTED)
        and result.check is not None
    ):
        context["check"] = result.check
        context["postcode_of_other_street"] = result.check.problem is AddressProblem.POSTCODE_STREET
        context["postcode_not_of_street"] = result.check.problem is AddressProblem.POSTCODE_UNKNOWN
    elif result.outcome is CorrectionOutcome.REFUSED:
        context.update(_path_shown(address_correction(result.shipment.status)))


def _outcome_message(result: Correction) -> str:
    shipment = result.shipment
    due = result.case.first_response_due if result.case else None
    if result.outcome is CorrectionOutcome.NEEDS_REVIEW:
        return _(
            "We saved your address. It is not in the address register yet, so a colleague "
            "checks it with the carrier and e-mails you."
        )
    if result.outcome is CorrectionOutcome.UNCHANGED:
        return _("That is the address we already have; nothing changed.")
    if not result.passed_on:
        return letters.colleague_tells_carrier(shipment, due or timezone.now())
    if result.outcome is CorrectionOutcome.REROUTED and result.window:
        return letters.rerouted(shipment, *result.window)
    return letters.carrier_told(shipment)


@require_http_methods(["GET", "POST"])
@limit_submissions("undo_address")
def undo_address(request: HttpRequest, token: str) -> HttpResponse:
    """The one tap from the recipient's mail: "this was not me". GET asks, POST undoes."""
    change = change_for_token(token)
    if change is None:
        return _invalid_link(request)
    context: dict[str, object] = {
        "change": change,
        "shipment": change.shipment,
        "old": letters.address_line_of(change.old_address),
        "new": letters.address_line_of(change.new_address),
    }
    if request.method == "POST":
        result = do_undo_address_change(change, language=_language())
        context["result"] = result
        context["undone"] = result.outcome is Undo.UNDONE
        context["delivered"] = change.shipment.status == Status.DELIVERED
    return render(request, "selfservice/undo.html", context)


@require_http_methods(["GET", "POST"])
@limit_submissions("not_received")
def not_received(request: HttpRequest, token: str) -> HttpResponse:
    shipment = shipment_for_token(token)
    if shipment is None:
        return _invalid_link(request)
    if shipment.kind == Shipment.Kind.RETURN:
        # A return goes back to the shop: its page follows it, nothing here applies.
        return redirect(tracking_url(shipment))
    form = NotReceivedForm(request.POST or None, initial=_known_email(request, shipment))
    story = shipment_story(shipment)
    if shipment.status != Status.DELIVERED:
        return render(
            request,
            "selfservice/not_received.html",
            {"story": story, "form": None, "places": DeliveryPlace},
            status=409 if request.POST else 200,
        )
    if request.method == "POST" and form.is_valid():
        case = do_report_not_received(
            shipment,
            email=form.cleaned_data["email"],
            note=form.cleaned_data["note"],
            language=_language(),
        )
        if case is not None:
            asked = "ask-carrier" not in case.tags
            # The same answer whether this opened a case or joined one: the case number goes
            # by e-mail to the address typed here, which this page cannot trust.
            messages.success(
                request,
                (
                    _(
                        "We received your report and are asking the carrier where exactly it "
                        "was left. A confirmation with your case number is on its way to "
                        "%(email)s; you hear from us within one working day. Found it? Reply "
                        '"found it" to that e-mail.'
                    )
                    if asked
                    else _(
                        "We received your report; a colleague asks the carrier where exactly it "
                        "was left. A confirmation with your case number is on its way to "
                        "%(email)s; you hear from us within one working day. Found it? Reply "
                        '"found it" to that e-mail.'
                    )
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(tracking_url(shipment))
    return render(
        request,
        "selfservice/not_received.html",
        {"story": story, "form": form, "places": DeliveryPlace},
    )


@require_http_methods(["GET", "POST"])
@limit_submissions("report_damage")
def report_damage(request: HttpRequest, token: str) -> HttpResponse:
    shipment = shipment_for_token(token)
    if shipment is None:
        return _invalid_link(request)
    if shipment.kind == Shipment.Kind.RETURN:
        # A return goes back to the shop: its page follows it, nothing here applies.
        return redirect(tracking_url(shipment))
    remedies = [r.strip() for r in shipment.organisation.damage_remedies.split(",") if r.strip()]
    form = DamageForm(
        request.POST or None,
        request.FILES or None,
        remedies=remedies,
        initial=_known_email(request, shipment),
    )
    if shipment.status != Status.DELIVERED:
        return render(
            request,
            "selfservice/damage.html",
            {"shipment": shipment, "form": None},
            status=409 if request.POST else 200,
        )
    if request.method == "POST" and form.is_valid():
        case = do_report_damage(
            shipment,
            email=form.cleaned_data["email"],
            description=form.cleaned_data["description"],
            remedy=form.cleaned_data["remedy"],
            photos=[IncomingAttachment(*photo) for photo in form.cleaned_data["photos"]],
            language=_language(),
        )
        if case is not None:
            # The same page whatever happened: an address typed here proves nothing, so the
            # case and its number travel by e-mail to that address, never in this answer.
            messages.success(
                request,
                _(
                    "We received your report and photos; a colleague arranges it with the shop. "
                    "A confirmation with your case number is on its way to %(email)s."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(tracking_url(shipment))
    status = 422 if request.method == "POST" else 200
    return render(
        request, "selfservice/damage.html", {"shipment": shipment, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@limit_submissions("my_cases")
def my_cases(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's own questions about the parcel: after proof, shown on the tracking page."""
    shipment = shipment_for_token(token)
    if shipment is None:
        return _invalid_link(request)
    if not is_proven(request, shipment):
        return _prove(request, shipment)
    return redirect(tracking_url(shipment) + "#cases")


@require_POST
@limit_submissions("close_case")
def close_case(request: HttpRequest, token: str, case_id: int) -> HttpResponse:
    shipment = shipment_for_token(token)
    if shipment is None or not is_proven(request, shipment):
        # Code and postcode show a parcel; closing the recipient's case needs the proof.
        return _invalid_link(request)
    case = do_close_from_tracking_page(shipment, case_id)
    if case is None:
        return _invalid_link(request)
    messages.success(
        request, _("Your case %(number)s is closed. Thank you!") % {"number": case.number}
    )
    return redirect(tracking_url(shipment))


def _return_refusal(refusal: StartRefusal) -> str:
    """Why no return was started, for the page; a refusal never changes anything."""
    messages_by_refusal = {
        StartRefusal.NOT_DELIVERED: _(
            "A return can be started once the parcel has been delivered."
        ),
        StartRefusal.WINDOW_PASSED: _(
            "The return period for this parcel has passed. Ask the shop through our contact "
            "form if you still want to return it."
        ),
        StartRefusal.IS_A_RETURN: _("This is a return itself; it cannot be returned again."),
        StartRefusal.ALREADY_OPEN: _(
            "A return for this parcel is already under way; follow it on its own tracking page."
        ),
        StartRefusal.UNKNOWN_REASON: _("Choose one of the reasons listed."),
        StartRefusal.PHOTO_REQUIRED: _("For this reason the shop needs at least one photo."),
        StartRefusal.TOO_MANY_PHOTOS: _("At most 5 photos, please."),
        StartRefusal.WAY_BACK_NOT_OFFERED: _("Choose one of the ways back listed."),
        StartRefusal.NO_EMAIL: _("We need your e-mail address to send you the return label."),
    }
    return str(messages_by_refusal[refusal])


@require_http_methods(["GET", "POST"])
@limit_submissions("start_return")
def start_return(request: HttpRequest, token: str) -> HttpResponse:
    """A return from the tracking page: only for the proven recipient, within the window."""
    shipment = shipment_for_token(token)
    if shipment is None:
        return _invalid_link(request)
    policy = policy_for(shipment.organisation)
    not_returnable = returnable(shipment, policy, timezone.now())
    existing = open_return_of(shipment)
    if not_returnable is not None or existing is not None:
        refusal = (
            StartRefusal(not_returnable.value)
            if not_returnable is not None
            else StartRefusal.ALREADY_OPEN
        )
        # The open return is linked from the parcel's page too: its page shows what code and
        # postcode show of any parcel, the customer's case stays behind the proof.
        return render(
            request,
            "selfservice/return.html",
            {
                "shipment": shipment,
                "form": None,
                "refusal": _return_refusal(refusal),
                "open_return_url": tracking_url(existing.shipment) if existing else "",
            },
            status=409 if request.method == "POST" else 200,
        )
    if not is_proven(request, shipment):
        return _prove(request, shipment)
    language = _language()
    form = ReturnForm(
        request.POST or None,
        request.FILES or None,
        policy=policy,
        language=language,
        initial={"email": shipment.recipient_email},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = do_start_return(
            shipment,
            reason=data["reason"],
            text=data["text"],
            way_back=data["way_back"],
            photos=[IncomingAttachment(*photo) for photo in data["photos"]],
            language=language,
            email=data["email"],
        )
        if outcome.ret is not None and outcome.refused in (None, StartRefusal.ALREADY_OPEN):
            if outcome.started:
                messages.success(
                    request,
                    _(
                        "Your return is registered. A confirmation is on its way to %(email)s; "
                        "this page shows your return label as soon as the shop sends it."
                    )
                    % {"email": data["email"]},
                )
            else:
                messages.info(request, _return_refusal(StartRefusal.ALREADY_OPEN))
            return redirect(tracking_url(outcome.ret.shipment))
        assert outcome.refused is not None  # noqa: S101 - no return means a refusal
        form.add_error(None, _return_refusal(outcome.refused))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "selfservice/return.html",
        {
            "shipment": shipment,
            "form": form,
            "window_end": window_end(shipment, policy),
        },
        status=status,
    )
