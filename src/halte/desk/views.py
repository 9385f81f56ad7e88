"""The agent desk: thin views that parse, call a case action or query, and render."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

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
from halte.desk.access import agent_organisations, desk_view
from halte.desk.forms import HandOverForm, NoteForm, ReplyForm, StateForm, TriageForm
from halte.shipments.queries import shipment_story


class LoginView(auth_views.LoginView):
    template_name = "desk/login.html"
    redirect_authenticated_user = True


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
    from django.utils import timezone

    return {
        "case": case,
        "badge": sla_badge(case, timezone.now()),
        "thread": list(case.messages.select_related("author").prefetch_related("attachments")),
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


@desk_view
def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    return render(request, "desk/case.html", _context(request, case))


@require_POST
@desk_view
def reply_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, reply_form=form)
    do_reply(case, by=request.user, body=form.cleaned_data["body"])  # type: ignore[arg-type]
    return _answer(request, case, sent="reply")


@require_POST
@desk_view
def note_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, note_form=form)
    do_add_note(case, by=request.user, body=form.cleaned_data["internal_note"])  # type: ignore[arg-type]
    return _answer(request, case, sent="note")


@require_POST
@desk_view
def state_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = StateForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, state_form=form)
    do_change_state(
        case,
        state=form.cleaned_data["state"],
        reason=form.cleaned_data["reason"],
        by=request.user,  # type: ignore[arg-type]
    )
    return _answer(request, case)


@require_POST
@desk_view
def handover_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = HandOverForm(request.POST, organisation_id=case.organisation_id)
    if not form.is_valid():
        return _answer(request, case, status=422, handover_form=form)
    do_hand_over(
        case,
        to=form.cleaned_data["owner"],
        team=form.cleaned_data["team"],
        note=form.cleaned_data["note"],
        by=request.user,  # type: ignore[arg-type]
    )
    return _answer(request, case)


@require_POST
@desk_view
def triage_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = TriageForm(request.POST)
    if not form.is_valid():
        return _answer(request, case, status=422, triage_form=form)
    do_triage(
        case,
        priority=form.cleaned_data["priority"],
        tags=form.cleaned_data["tags"],
        by=request.user,  # type: ignore[arg-type]
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
