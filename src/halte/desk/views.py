"""The agent desk: thin views that parse, call a case action or query, and render."""

import time
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser, User
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from halte.cases.actions import do_add_note, do_change_state, do_hand_over, do_reply, do_triage
from halte.cases.models import Attachment, Case
from halte.cases.queries import (
    activities,
    attachment_response,
    earlier_cases,
    journey,
    parcel_codes_mentioned,
    queue,
    sla_badge,
)
from halte.desk.access import AgentRequest, agent_organisations, desk_view
from halte.desk.actions import (
    CodeAnswer,
    CodeCheck,
    do_begin_two_step,
    do_confirm_two_step,
    do_turn_off_two_step,
    do_verify_code,
)
from halte.desk.forms import (
    WRONG_CODE,
    CodeForm,
    HandOverForm,
    NoteForm,
    ReplyForm,
    StateForm,
    TriageForm,
    wait_for_code,
)
from halte.desk.queries import pending_device, readable_secret, secret_qr_svg, two_step_device
from halte.effort.queries import effort_figures
from halte.returns.queries import reason_counts, recent_returns, return_panel
from halte.shipments.queries import shipment_story

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
    rows = queue(
        agent_organisations(request.user),
        state=state,
        owner_id=request.user.pk if request.GET.get("mine") else None,
        unassigned=bool(request.GET.get("unassigned")),
        breached=bool(request.GET.get("breached")),
    )
    return render(
        request,
        "desk/queue.html",
        {"rows": rows, "state": state, "states": Case.State.choices, "params": request.GET},
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
    if case is None:
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
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "state_form": forms.get("state_form") or StateForm(initial={"state": case.state}),
        "triage_form": forms.get("triage_form")
        or TriageForm(initial={"priority": case.priority, "tags": ", ".join(case.tags)}),
        "handover_form": forms.get("handover_form")
        or HandOverForm(organisation_id=case.organisation_id),
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


@require_GET
@desk_view
def effort_view(request: HttpRequest) -> HttpResponse:
    """Average effort score and response rate per week, for each organisation of the agent."""
    now = timezone.now()
    figures = [
        effort_figures(organisation, weeks=EFFORT_WEEKS, now=now)
        for organisation in agent_organisations(request.user).order_by("name")
    ]
    return render(request, "desk/effort.html", {"figures": figures, "weeks": EFFORT_WEEKS})


@desk_view
def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    return render(request, "desk/case.html", _context(request, case))


@require_POST
@desk_view
def reply_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, reply_form=form)
    do_reply(case, by=request.user, body=form.cleaned_data["body"])
    return _answer(request, case, sent="reply")


@require_POST
@desk_view
def note_view(request: AgentRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, note_form=form)
    do_add_note(case, by=request.user, body=form.cleaned_data["internal_note"])
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


@desk_view
def attachment_view(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    attachment = Attachment.objects.filter(
        pk=attachment_id, message__case__organisation__in=agent_organisations(request.user)
    ).first()
    if attachment is None:
        raise Http404("no such attachment")
    return attachment_response(attachment)
