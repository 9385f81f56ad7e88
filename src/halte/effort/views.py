"""The effort question's page, reached only through the signed links in our own e-mail.

A mail scanner that fetches every link in a message (to check it for malware) must not answer
for the customer, so opening a link never records anything: the page shows the tapped score
with one button to confirm it, and only that POST records. See docs/effort.md.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from halte.effort.actions import Answer, do_answer, do_comment
from halte.effort.forms import AnswerForm, CommentForm
from halte.effort.letters import scale_labels
from halte.effort.links import LinkProblem, open_link
from halte.effort.models import EffortQuestion
from halte.effort.rules import CHANGEABLE_FOR, COMMENT_MAX_LENGTH, SCORES, smiley_of
from halte.limits import limit_submissions


def _choices() -> list[tuple[int, str, str]]:
    labels = scale_labels()
    return [(score, smiley_of(score), labels.get(score, "")) for score in SCORES]


def _page(
    request: HttpRequest,
    question: EffortQuestion,
    *,
    tapped: int | None,
    comment_form: CommentForm | None = None,
    answer_form: AnswerForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    changeable = question.answered_at is None or (
        timezone.now() - question.answered_at <= CHANGEABLE_FOR
    )
    return render(
        request,
        "effort/question.html",
        {
            "question": question,
            "tapped": tapped if question.score is None else None,
            "smiley": smiley_of(question.score) if question.score else "",
            "tapped_smiley": smiley_of(tapped) if tapped else "",
            "choices": _choices(),
            "hardest": scale_labels()[1],
            "easiest": scale_labels()[7],
            "changeable": changeable,
            "comment_form": comment_form or CommentForm(initial={"comment": question.comment}),
            "answer_form": answer_form,
            "comment_max": COMMENT_MAX_LENGTH,
            "problem": problem,
        },
        status=status,
    )


def _refused(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    """A clear page that names nothing: no question, no customer, no case."""
    return render(
        request,
        "effort/link_invalid.html",
        {"expired": problem is LinkProblem.EXPIRED},
        status=410 if problem is LinkProblem.EXPIRED else 404,
    )


@require_http_methods(["GET", "POST"])
@limit_submissions("effort")
def question_view(request: HttpRequest, token: str) -> HttpResponse:
    opened = open_link(token)
    if opened.question is None:
        return _refused(request, opened.problem or LinkProblem.FORGED)
    question = opened.question
    if request.method == "GET":
        return _page(request, question, tapped=opened.score)
    if "comment" in request.POST:
        return _comment(request, question, token)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, question, tapped=None, answer_form=form, status=422)
    outcome = do_answer(question.pk, form.cleaned_data["score"])
    if outcome is Answer.TOO_LATE:
        return _page(
            request,
            question,
            tapped=None,
            problem=_(
                "Your answer was given more than a day ago and stands as it is. Thank you for it."
            ),
            status=409,
        )
    messages.success(
        request,
        _("Thank you! Your answer is saved.")
        if outcome is Answer.RECORDED
        else _("Thank you! Your answer is changed.")
        if outcome is Answer.CHANGED
        else _("Thank you! We had this answer already."),
    )
    return redirect(request.path + f"?lang={question.language}")


def _comment(request: HttpRequest, question: EffortQuestion, token: str) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _page(request, question, tapped=None, comment_form=form, status=422)
    outcome = do_comment(question.pk, form.cleaned_data["comment"])
    if outcome is Answer.NOT_ANSWERED:
        return _page(
            request,
            question,
            tapped=None,
            comment_form=form,
            problem=_("Choose a number first; then you can add a comment."),
            status=409,
        )
    if outcome is Answer.TOO_LATE:
        return _page(
            request,
            question,
            tapped=None,
            problem=_(
                "Your answer was given more than a day ago and stands as it is. Thank you for it."
            ),
            status=409,
        )
    messages.success(request, _("Thank you for your comment. That was all."))
    return redirect(request.path + f"?lang={question.language}&done=1")
