"""The agent desk: thin views that parse, call a case action or query, and render."""

import json
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from halte.audit.actions import record_access
from halte.audit.models import AccessRecord
from halte.audit.queries import AuditSearch, search_access
from halte.audit.subjects import case_subject, shipment_subject
from halte.cases.actions import (
    do_add_note,
    do_change_state,
    do_correct_intent,
    do_hand_over,
    do_reply,
    do_triage,
)
from halte.cases.models import Attachment, Case
from halte.cases.outgoing import agent_sign_off
from halte.cases.queries import (
    activities,
    attachment_response,
    earlier_cases,
    journey,
    parcel_codes_mentioned,
    queue,
    sla_badge,
)
from halte.cases.suggestions import suggested_reply
from halte.desk.access import AgentRequest, agent_organisations, desk_view
from halte.desk.actions import (
    CodeAnswer,
    CodeCheck,
    do_begin_two_step,
    do_confirm_two_step,
    do_turn_off_two_step,
    do_verify_code,
)
from halte.desk.error_codes import DeskErrorCode
from halte.desk.forms import (
    WRONG_CODE,
    AddressForm,
    AuditSearchForm,
    CarrierRequestForm,
    CodeForm,
    GiftSenderForm,
    GiftThanksForm,
    HandOverForm,
    IntentForm,
    NoteForm,
    RemedyForm,
    ReplyForm,
    StateForm,
    TriageForm,
    VoucherForm,
    wait_for_code,
)
from halte.desk.queries import pending_device, readable_secret, secret_qr_svg, two_step_device
from halte.effort.queries import effort_figures
from halte.gifts.actions import do_thank_sender
from halte.gifts.models import Gift, GiftNote
from halte.gifts.queries import GiftForRecipient, for_recipient, gift_of_shipment
from halte.limits import client_of
from halte.organisations.permissions import (
    ERASE_PERSONAL_DATA,
    EXPORT_PERSONAL_DATA,
    SEARCH_AUDIT,
    SEE_FIGURES,
    SEE_GIFT_SENDER,
    WORK_CASES,
    organisations_where,
)
from halte.privacy.actions import do_erase_person, do_export_person
from halte.privacy.forms import PersonForm
from halte.privacy.queries import find_person
from halte.promises.actions import VoucherIssue, do_issue_voucher
from halte.promises.queries import desk_voucher_limit, vouchers_of_order
from halte.remedies.actions import RequestResult, Sent, do_ask_carrier, do_request_remedy
from halte.remedies.models import CaseRequest
from halte.remedies.queries import offered_remedies, requests_of
from halte.returns.queries import reason_counts, recent_returns, return_panel
from halte.selfservice import letters as selfservice_letters
from halte.selfservice.actions import (
    ByAgent,
    Correction,
    CorrectionOutcome,
    NewAddress,
    do_correct_address,
)
from halte.shipments.models import Shipment
from halte.shipments.queries import shipment_story
from halte.shipments.sentences import local_time
from halte.understanding.intents import Intent

# The password step leaves these in the session when the account also needs a code.
PENDING_USER = "halte_two_step_user"
PENDING_BACKEND = "halte_two_step_backend"
PENDING_UNTIL = "halte_two_step_until"
PENDING_NEXT = "halte_two_step_next"
# Time between the right password and the code: enough to open the app, too short to linger.
PENDING_SECONDS = 5 * 60
# The effort figures page shows this many weeks, this one included.
EFFORT_WEEKS = 8


class LoginView(auth_views.LoginView):
    template_name = "desk/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_step_device(user) is None:
            return super().form_valid(form)
        # The password was right; the account is not signed in until the code is too.
        self.request.session[PENDING_USER] = user.pk
        self.request.session[PENDING_BACKEND] = getattr(user, "backend", "")
        self.request.session[PENDING_UNTIL] = int(time.time()) + PENDING_SECONDS
        self.request.session[PENDING_NEXT] = self.get_success_url()
        return redirect("desk:login_code")


def _pending_user(request: HttpRequest) -> User | None:
    if int(request.session.get(PENDING_UNTIL, 0)) < time.time():
        return None
    pending = int(request.session.get(PENDING_USER) or 0)
    return get_user_model().objects.filter(is_active=True, pk=pending).first()


@require_http_methods(["GET", "POST"])
def login_code_view(request: HttpRequest) -> HttpResponse:
    """Second sign-in step for agents with two-step sign-in: the code from their app."""
    user = _pending_user(request)
    device = two_step_device(user) if user is not None else None
    if user is None or device is None:
        for key in (PENDING_USER, PENDING_BACKEND, PENDING_UNTIL, PENDING_NEXT):
            request.session.pop(key, None)
        return redirect("desk:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = do_verify_code(device.pk, form.cleaned_data["code"])
        if answer.check is CodeCheck.ACCEPTED:
            destination = str(request.session.get(PENDING_NEXT) or resolve_url("desk:queue"))
            backend = str(request.session.get(PENDING_BACKEND) or "")
            for key in (PENDING_USER, PENDING_BACKEND, PENDING_UNTIL, PENDING_NEXT):
                request.session.pop(key, None)
            auth_login(request, user, backend=backend or None)
            otp_login(request, device)
            return redirect(destination)
        return _code_refused(request, "desk/login_code.html", {"form": form}, answer)
    return render(request, "desk/login_code.html", {"form": form})


def _code_refused(
    request: HttpRequest, template: str, context: dict[str, Any], answer: CodeAnswer
) -> HttpResponse:
    if answer.check is CodeCheck.WAIT:
        error = wait_for_code(answer.wait_seconds)
        response = render(request, template, {**context, "error": error}, status=429)
        response["Retry-After"] = str(answer.wait_seconds)
        return response
    error = str(WRONG_CODE)
    return render(request, template, {**context, "error": error}, status=422)


@require_http_methods(["GET", "POST"])
@desk_view
def two_step_view(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in on (scan the secret, confirm one code) or off (with a code)."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)  # noqa: S101 - desk_view requires a login
    template = "desk/two_step.html"
    step = request.POST.get("step", "")
    form = CodeForm(request.POST if step in ("confirm", "off") else None)
    if step == "begin" and two_step_device(user) is None:
        do_begin_two_step(user)
        return redirect("desk:two_step")
    if step == "confirm" and form.is_valid():
        answer, device = do_confirm_two_step(user, form.cleaned_data["code"])
        if device is not None:
            # This session proved the code just now; the admin lets it in without asking again.
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("desk:two_step")
        return _code_refused(request, template, _two_step_context(user, form), answer)
    if step == "off" and form.is_valid():
        answer = do_turn_off_two_step(user, form.cleaned_data["code"])
        if answer.check is CodeCheck.ACCEPTED:
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("desk:two_step")
        return _code_refused(request, template, _two_step_context(user, form), answer)
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, template, _two_step_context(user, form), status=status)


def _two_step_context(user: AbstractBaseUser, form: CodeForm) -> dict[str, Any]:
    device = two_step_device(user)
    pending = pending_device(user) if device is None else None
    return {
        "device": device,
        "pending": pending,
        "secret": readable_secret(pending) if pending else "",
        "qr_svg": mark_safe(secret_qr_svg(pending)) if pending else "",  # noqa: S308 - our own SVG
        "form": form,
    }


@desk_view
def queue_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "active")
    if state not in ("active", "", *Case.State.values):
        state = "active"
    intent = request.GET.get("intent", "")
    if intent not in ("", "undecided", *Intent.values):
        intent = ""
    rows = queue(
        agent_organisations(request.user),
        state=state,
        owner_id=request.user.pk if request.GET.get("mine") else None,
        unassigned=bool(request.GET.get("unassigned")),
        breached=bool(request.GET.get("breached")),
        intent=intent,
    )
    return render(
        request,
        "desk/queue.html",
        {
            "rows": rows,
            "state": state,
            "states": Case.State.choices,
            "params": request.GET,
            "intent": intent,
            "intents": Intent.choices,
        },
    )


# Returns are counted over the last month: long enough to see a pattern, short enough to act.
RETURNS_PERIOD = timedelta(days=30)


@desk_view
@require_http_methods(["GET"])
def returns_view(request: HttpRequest) -> HttpResponse:
    """Returns per reason for the agent's organisations, and the latest returns with whether
    the shop's system got its requests: where the journey hurts, and what needs a person."""
    since = timezone.now() - RETURNS_PERIOD
    language = get_language() or "nl"
    organisations = [
        {
            "organisation": organisation,
            "counts": reason_counts(organisation, since=since, language=language),
            "returns": [return_panel(ret) for ret in recent_returns(organisation, limit=20)],
        }
        for organisation in agent_organisations(request.user).order_by("name")
    ]
    return render(request, "desk/returns.html", {"organisations": organisations, "since": since})


def _case_for(request: HttpRequest, case_id: int) -> Case:
    case = (
        Case.objects.select_related("organisation", "owner", "shipment", "order")
        .filter(pk=case_id, organisation__in=agent_organisations(request.user))
        .first()
    )
    # The list above and this check come from the same table; the check is what a reader of
    # a view looks for, and it holds if the list ever widens.
    if case is None or not request.user.has_perm(WORK_CASES, case.organisation):
        raise Http404("no such case")
    return case


def _drafts(request: HttpRequest, *, sent: str = "") -> dict[str, Any]:
    """Unsent text in the reply and note boxes survives any other action on the case."""
    drafts: dict[str, Any] = {}
    if request.method == "POST":
        if sent != "reply":
            drafts["reply_form"] = ReplyForm(initial={"body": request.POST.get("body", "")})
        if sent != "note":
            drafts["note_form"] = NoteForm(
                initial={"internal_note": request.POST.get("internal_note", "")}
            )
    return drafts


def _context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    offered = offered_remedies(case.organisation)
    requests = list(requests_of(case))
    order_id = case.order_id or (case.shipment.order_id if case.shipment else None)
    return {
        "case": case,
        "badge": sla_badge(case, timezone.now()),
        "thread": list(
            case.messages.select_related("author", "dispatch").prefetch_related("attachments")
        ),
        "story": shipment_story(case.shipment) if case.shipment else None,
        "codes_mentioned": [] if case.shipment else parcel_codes_mentioned(case),
        "earlier": earlier_cases(case),
        "journey": journey(case),
        "activities": activities(case),
        # The draft for the case's reason; the agent edits it before sending.
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial={"body": "" if case.first_response_at else suggested_reply(case)}),
        "intent_form": forms.get("intent_form") or IntentForm(initial={"intent": case.intent}),
        "signed_as": agent_sign_off(case, request.user if request.user.is_authenticated else None),
        "note_form": forms.get("note_form") or NoteForm(),
        "state_form": forms.get("state_form") or StateForm(initial={"state": case.state}),
        "triage_form": forms.get("triage_form")
        or TriageForm(initial={"priority": case.priority, "tags": ", ".join(case.tags)}),
        "handover_form": forms.get("handover_form")
        or HandOverForm(organisation_id=case.organisation_id),
        "address_form": forms.get("address_form")
        or AddressForm(initial=_address_on_file(case.shipment)),
        "carrier_form": forms.get("carrier_form") or CarrierRequestForm(),
        "remedy_form": forms.get("remedy_form") or RemedyForm(offered=offered),
        "voucher_form": forms.get("voucher_form") or VoucherForm(),
        "offered_remedies": offered,
        "requests": requests,
        "waiting_on": _waiting_on(requests),
        "has_webhook": bool(case.organisation.webhook_url),
        "has_order": order_id is not None,
        "vouchers": vouchers_of_order(order_id),
        "voucher_limit": Decimal(desk_voucher_limit(case.organisation_id)) / 100,
        # The gift as the recipient sees it: the sender's name only where the sender allowed.
        "gift": _gift_of(case),
        "gift_thanks_form": forms.get("gift_thanks_form") or GiftThanksForm(),
        "gift_sender_form": forms.get("gift_sender_form") or GiftSenderForm(),
        "may_see_gift_sender": request.user.has_perm(SEE_GIFT_SENDER, case.organisation),
        "gift_sender": forms.get("gift_sender"),
    }


def _gift_of(case: Case) -> GiftForRecipient | None:
    gift = gift_of_shipment(case.shipment) if case.shipment else None
    return for_recipient(gift, case.shipment) if gift and case.shipment else None


def _address_on_file(shipment: Shipment | None) -> dict[str, object]:
    if shipment is None:
        return {}
    return {
        "postcode": shipment.postcode_display,
        "house_number": shipment.house_number,
        "addition": shipment.house_number_addition,
        "street": shipment.street,
        "city": shipment.city,
    }


def _waiting_on(requests: list[CaseRequest]) -> dict[str, bool]:
    """What the case header says it waits for, and whether a request never arrived."""
    return {
        "carrier": any(r.waiting and r.to_carrier for r in requests),
        "shop": any(r.waiting and not r.to_carrier for r in requests),
        "not_delivered": any(r.not_delivered for r in requests),
    }


def _answer(
    request: HttpRequest, case: Case, status: int = 200, sent: str = "", **forms: Any
) -> HttpResponse:
    """htmx gets the refreshed case panel; a plain browser goes back to the case page."""
    if request.headers.get("HX-Request") or status != 200:
        case.refresh_from_db()
        forms = {**_drafts(request, sent=sent), **forms}
        return render(
            request, "desk/_case_panel.html", _context(request, case, **forms), status=status
        )
    return redirect("desk:case", case_id=case.pk)


# Rows per page of the audit trail search.
AUDIT_PAGE_SIZE = 50


@require_GET
@desk_view
def audit_view(request: HttpRequest) -> HttpResponse:
    """A supervisor searches who saw or changed personal data, in their own organisations."""
    organisations = organisations_where(request.user, SEARCH_AUDIT)
    if not organisations.exists():
        raise PermissionDenied("searching the audit trail is for supervisors")
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        records = search_access(
            organisations,
            AuditSearch(
                case_id=data["case"],
                email=data["email"] or "",
                actor=data["actor"].strip(),
                since=data["since"],
                until=data["until"],
            ),
        )
        page = Paginator(records, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    elif not form.is_bound:
        page = Paginator(search_access(organisations, AuditSearch()), AUDIT_PAGE_SIZE).get_page(1)
    query = request.GET.copy()
    query.pop("page", None)
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "desk/audit.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@desk_view
def privacy_view(request: AgentRequest) -> HttpResponse:
    """Export or erase one person of an organisation the user may do that for (admins)."""
    organisations = (
        (
            organisations_where(request.user, EXPORT_PERSONAL_DATA)
            | organisations_where(request.user, ERASE_PERSONAL_DATA)
        )
        .distinct()
        .order_by("name")
    )
    if not organisations.exists():
        raise PermissionDenied("may export or erase nobody's data")
    if request.method != "POST":
        form = PersonForm(organisations=organisations)
        return render(request, "desk/privacy.html", {"form": form})
    form = PersonForm(request.POST, organisations=organisations)
    action = request.POST.get("action")
    if form.is_valid() and action == "erase" and not form.cleaned_data["confirm"]:
        form.add_error("confirm", _("Tick this to erase: erasure cannot be undone."))
    if not form.is_valid() or action not in ("export", "erase"):
        return render(request, "desk/privacy.html", {"form": form}, status=422)
    organisation = form.cleaned_data["organisation"]
    permission = EXPORT_PERSONAL_DATA if action == "export" else ERASE_PERSONAL_DATA
    if not request.user.has_perm(permission, organisation):
        raise PermissionDenied("may not do this for this organisation")
    person = find_person(
        organisation, email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
    )
    if action == "erase":
        erased = do_erase_person(person, actor=request.user)
        fresh = PersonForm(organisations=organisations, initial={"organisation": organisation})
        return render(request, "desk/privacy.html", {"form": fresh, "erased": erased})
    if not person.found:
        return render(request, "desk/privacy.html", {"form": form, "not_found": True}, status=404)
    exported = do_export_person(person, actor=request.user)
    response = HttpResponse(
        json.dumps(exported, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="halte-export-{stamp}.json"'
    return response


@require_GET
@desk_view
def effort_view(request: HttpRequest) -> HttpResponse:
    """Average effort score and response rate per week, for each organisation whose figures
    the user may see (supervisors and admins: `halte.see_figures`)."""
    organisations = organisations_where(request.user, SEE_FIGURES).order_by("name")
    if not organisations.exists():
        raise PermissionDenied("may see no organisation's figures")
    now = timezone.now()
    figures = [
        effort_figures(organisation, weeks=EFFORT_WEEKS, now=now) for organisation in organisations
    ]
    return render(request, "desk/effort.html", {"figures": figures, "weeks": EFFORT_WEEKS})


@desk_view
def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    _record(request, case, AccessRecord.Action.VIEW)
    return render(request, "desk/case.html", _context(request, case))


def _record(request: HttpRequest, case: Case, action: str, *, detail: str = "") -> None:
    """The audit trail: this person saw or changed the personal data of this case."""
    record_access(
        organisation=case.organisation,
        actor=request.user if isinstance(request.user, User) else None,
        action=action,
        subject=case_subject(case.pk),
        detail=detail,
        client_address=client_of(request),
    )


@require_POST
@desk_view
def reply_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, reply_form=form)
    do_reply(case, by=request.user, body=form.cleaned_data["body"])
    _record(request, case, AccessRecord.Action.CHANGE, detail="reply")
    return _answer(request, case, sent="reply")


@require_POST
@desk_view
def note_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, note_form=form)
    do_add_note(case, by=request.user, body=form.cleaned_data["internal_note"])
    _record(request, case, AccessRecord.Action.CHANGE, detail="note")
    return _answer(request, case, sent="note")


@require_POST
@desk_view
def state_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = StateForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, state_form=form)
    do_change_state(
        case,
        state=form.cleaned_data["state"],
        reason=form.cleaned_data["reason"],
        by=request.user,
    )
    return _answer(request, case)


@require_POST
@desk_view
def handover_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = HandOverForm(request.POST, organisation_id=case.organisation_id)
    if not form.is_valid():
        return _answer(request, case, status=422, handover_form=form)
    do_hand_over(
        case,
        to=form.cleaned_data["owner"],
        team=form.cleaned_data["team"],
        note=form.cleaned_data["note"],
        by=request.user,
    )
    return _answer(request, case)


@require_POST
@desk_view
def triage_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = TriageForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, triage_form=form)
    do_triage(
        case,
        priority=form.cleaned_data["priority"],
        tags=form.cleaned_data["tags"],
        by=request.user,
    )
    return _answer(request, case)


@require_POST
@desk_view
def intent_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = IntentForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, intent_form=form)
    do_correct_intent(case, intent=form.cleaned_data["intent"], by=request.user)
    return _answer(request, case)


@desk_view
def attachment_view(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    attachment = (
        Attachment.objects.select_related("message__case__organisation")
        .filter(pk=attachment_id, message__case__organisation__in=agent_organisations(request.user))
        .first()
    )
    if attachment is None or not request.user.has_perm(
        WORK_CASES, attachment.message.case.organisation
    ):
        raise Http404("no such attachment")
    return attachment_response(attachment)


# The outcomes in which the address was saved (or was the one on file already).
ADDRESS_SAVED = frozenset(
    {
        CorrectionOutcome.UNCHANGED,
        CorrectionOutcome.CARRIER_TOLD,
        CorrectionOutcome.REROUTED,
        CorrectionOutcome.NEEDS_REVIEW,
    }
)


def _refuse(
    request: HttpRequest, case: Case, name: str, form: Any, message: Any, code: str
) -> HttpResponse:
    """The action changed nothing: say why on its own form, in the agent's language."""
    form.add_error(None, ValidationError(message, code=code))
    return _answer(request, case, status=422, **{name: form})


@require_POST
@desk_view
def correct_address_view(request: AgentRequest, case_id: int) -> HttpResponse:
    """Story 01 from the desk: the agent corrects the address with the recipient's own verb."""
    case = _case_for(request, case_id)
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, address_form=form)
    if case.shipment is None:
        return _refuse(
            request,
            case,
            "address_form",
            form,
            _("This case has no parcel."),
            DeskErrorCode.NO_PARCEL,
        )
    data = form.cleaned_data
    result = do_correct_address(
        case.shipment,
        NewAddress(
            postcode=data["postcode"],
            house_number=data["house_number"],
            addition=data["addition"],
            street=data["street"],
            city=data["city"],
            country=case.shipment.country,
        ),
        confirm_unlisted=data["confirm_unlisted"],
        language=case.language,
        by=ByAgent(request.user, case),
    )
    if result.outcome in ADDRESS_SAVED:
        record_access(
            organisation=case.organisation,
            actor=request.user,
            action=AccessRecord.Action.CHANGE,
            subject=shipment_subject(case.shipment.pk),
            detail=f"address corrected from {case_subject(case.pk)}",
            client_address=client_of(request),
        )
        messages.success(request, _address_saved(result))
        return _answer(request, case)
    message, code = _address_refused(result)
    return _refuse(request, case, "address_form", form, message, code)


def _address_saved(result: Correction) -> str:
    address = selfservice_letters.address_line(result.shipment)
    if result.outcome is CorrectionOutcome.UNCHANGED:
        return _("That is the address on file already; nothing changed.")
    told = _("The recipient on file was told, with a link to undo it.")
    if not result.passed_on:
        return (
            _(
                "Address changed to %(address)s. No webhook is set up, so nothing was passed on: "
                "tell the carrier yourself."
            )
            % {"address": address}
            + " "
            + told
        )
    if result.outcome is CorrectionOutcome.REROUTED and result.window:
        start, end = result.window
        return (
            _(
                "Address changed to %(address)s and queued for the shop's system. The driver has "
                "the parcel; new expected stop %(start)s–%(end)s."
            )
            % {"address": address, "start": local_time(start), "end": local_time(end)}
            + " "
            + told
        )
    return (
        _("Address changed to %(address)s and queued for the shop's system.") % {"address": address}
        + " "
        + told
    )


def _address_refused(result: Correction) -> tuple[str, str]:
    if result.outcome is CorrectionOutcome.INVALID:
        return _(
            "This is not a valid postcode for the parcel's country."
        ), DeskErrorCode.INVALID_POSTCODE
    if result.outcome is CorrectionOutcome.REFUSED:
        return (
            _("Too late to change the address: the parcel is delivered or on its way back."),
            DeskErrorCode.ADDRESS_TOO_LATE,
        )
    if result.outcome is CorrectionOutcome.TOO_MANY:
        return (
            _("This address was corrected several times already; settle it with the carrier."),
            DeskErrorCode.TOO_MANY_CORRECTIONS,
        )
    if result.outcome is CorrectionOutcome.NOT_LISTED:
        return (
            _(
                "This address is not in the address register. Tick the box once you have "
                "checked it with the customer."
            ),
            DeskErrorCode.ADDRESS_NOT_LISTED,
        )
    suggestions = result.check.suggestions if result.check else []
    known = ", ".join(
        f"{a.street} {a.house_number}{a.addition}, {a.postcode_display} {a.city}"
        for a in suggestions[:3]
    )
    message = _("Postcode, house number and street do not belong together in the address register.")
    if known:
        message += " " + _("The register knows: %(addresses)s.") % {"addresses": known}
    return message, DeskErrorCode.ADDRESS_INCONSISTENT


def _request_refused(result: RequestResult) -> tuple[str, str]:
    if result.outcome is Sent.NO_WEBHOOK:
        return (
            _(
                "Nothing was sent: this organisation has no webhook to pass requests on. Phone "
                "the carrier or the shop, and add a note."
            ),
            DeskErrorCode.NO_WEBHOOK,
        )
    if result.outcome is Sent.NO_PARCEL:
        return _("This case has no parcel."), DeskErrorCode.NO_PARCEL
    if result.outcome is Sent.NO_ORDER:
        return _("This case has no parcel or order."), DeskErrorCode.NO_ORDER
    return _("The shop does not offer this remedy."), DeskErrorCode.REMEDY_NOT_OFFERED


@require_POST
@desk_view
def ask_carrier_view(request: AgentRequest, case_id: int) -> HttpResponse:
    """Proof of delivery or an investigation, sent to the organisation's system."""
    case = _case_for(request, case_id)
    form = CarrierRequestForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, carrier_form=form)
    result = do_ask_carrier(
        case, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"], by=request.user
    )
    if result.outcome is not Sent.REQUESTED:
        message, code = _request_refused(result)
        return _refuse(request, case, "carrier_form", form, message, code)
    messages.success(
        request,
        _("Request queued for the carrier; the case waits for the answer."),
    )
    return _answer(request, case)


@require_POST
@desk_view
def remedy_view(request: AgentRequest, case_id: int) -> HttpResponse:
    """Replacement, refund or return label, sent to the shop's system as a typed request."""
    case = _case_for(request, case_id)
    form = RemedyForm(request.POST, offered=offered_remedies(case.organisation))
    if not form.is_valid():
        return _answer(request, case, status=422, remedy_form=form)
    result = do_request_remedy(
        case, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"], by=request.user
    )
    if result.outcome is not Sent.REQUESTED:
        message, code = _request_refused(result)
        return _refuse(request, case, "remedy_form", form, message, code)
    messages.success(request, _("Request queued for the shop; the case waits for the answer."))
    return _answer(request, case)


@require_POST
@desk_view
def voucher_view(request: AgentRequest, case_id: int) -> HttpResponse:
    """A voucher on the case's order, within the limit; the customer is told by e-mail."""
    case = _case_for(request, case_id)
    form = VoucherForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, voucher_form=form)
    cents = int(form.cleaned_data["amount"] * 100)
    result = do_issue_voucher(
        case, amount_cents=cents, reason=form.cleaned_data["reason"], by=request.user
    )
    if result.outcome is VoucherIssue.NO_ORDER:
        return _refuse(
            request,
            case,
            "voucher_form",
            form,
            _("This case has no order to give a voucher on."),
            DeskErrorCode.NO_ORDER,
        )
    if result.outcome is not VoucherIssue.ISSUED or result.voucher is None:
        limit = Decimal(result.limit_cents) / 100
        form.add_error(
            "amount",
            ValidationError(
                _("At most € %(limit)s from the desk.") % {"limit": limit},
                code=DeskErrorCode.VOUCHER_OVER_LIMIT,
            ),
        )
        return _answer(request, case, status=422, voucher_form=form)
    messages.success(
        request,
        _("Voucher %(code)s issued; the customer is e-mailed.") % {"code": result.voucher.code},
    )
    return _answer(request, case)


def _case_gift(case: Case) -> Gift | None:
    return gift_of_shipment(case.shipment) if case.shipment else None


@require_POST
@desk_view
def gift_thanks_view(request: AgentRequest, case_id: int) -> HttpResponse:
    """Story 04 from the desk: the recipient asked by phone or mail; the agent relays the
    thank-you to the sender without seeing who they are."""
    case = _case_for(request, case_id)
    form = GiftThanksForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, gift_thanks_form=form)
    gift = _case_gift(case)
    if gift is None or case.shipment is None:
        return _refuse(
            request,
            case,
            "gift_thanks_form",
            form,
            _("This case's parcel carries no gift."),
            DeskErrorCode.NO_GIFT,
        )
    do_thank_sender(gift, case.shipment, text=form.cleaned_data["text"], via=GiftNote.Via.DESK)
    messages.success(request, _("The thank-you is queued to the sender, without any address."))
    return _answer(request, case)


@require_POST
@desk_view
def gift_sender_view(request: AgentRequest, case_id: int) -> HttpResponse:
    """Who sent the gift, for a role that may see it, with the reason on the audit trail; shown
    in this answer only, never kept on the page."""
    case = _case_for(request, case_id)
    if not request.user.has_perm(SEE_GIFT_SENDER, case.organisation):
        raise PermissionDenied("seeing a gift's sender is for supervisors")
    form = GiftSenderForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, gift_sender_form=form)
    gift = _case_gift(case)
    if gift is None:
        return _refuse(
            request,
            case,
            "gift_sender_form",
            form,
            _("This case's parcel carries no gift."),
            DeskErrorCode.NO_GIFT,
        )
    record_access(
        organisation=case.organisation,
        actor=request.user if isinstance(request.user, User) else None,
        action=AccessRecord.Action.REVEAL,
        subject=f"gift:{gift.pk}",
        reason=form.cleaned_data["reason"],
        client_address=client_of(request),
    )
    case.refresh_from_db()
    return render(
        request,
        "desk/_case_panel.html",
        _context(
            request,
            case,
            gift_sender={"name": gift.sender_name, "email": gift.sender_email},
        ),
    )
