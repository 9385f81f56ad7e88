"""Signed links in the effort mail: one per question and score, and one to the question page.

The token names the question and (for a tap in the mail) the score; the signature carries the
moment it was made, so a link older than ANSWERABLE_FOR is refused as expired.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.urls import reverse

from halte.effort.models import EffortQuestion
from halte.effort.rules import ANSWERABLE_FOR, SCORES, is_score

_SALT = "halte.effort.question"


def question_path(question: EffortQuestion, score: int | None = None) -> str:
    token = signing.dumps({"q": question.pk, "s": score or 0}, salt=_SALT, compress=True)
    return reverse("effort:question", kwargs={"token": token})


def question_url(question: EffortQuestion, score: int | None = None) -> str:
    base = str(settings.HALTE_BASE_URL).rstrip("/")
    return f"{base}{question_path(question, score)}?lang={question.language}"


def score_urls(question: EffortQuestion) -> dict[int, str]:
    return {score: question_url(question, score) for score in SCORES}


class LinkProblem(StrEnum):
    FORGED = "forged"  # not ours, or altered
    EXPIRED = "expired"  # ours, but too old to answer


@dataclass(frozen=True)
class Opened:
    question: EffortQuestion | None
    score: int | None = None  # the score tapped in the mail, if the link carries one
    problem: LinkProblem | None = None


def open_link(token: str) -> Opened:
    try:
        data = signing.loads(token, salt=_SALT, max_age=ANSWERABLE_FOR)
    except signing.SignatureExpired:
        return Opened(None, problem=LinkProblem.EXPIRED)
    except signing.BadSignature:
        return Opened(None, problem=LinkProblem.FORGED)
    if not isinstance(data, dict) or not isinstance(data.get("q"), int):
        return Opened(None, problem=LinkProblem.FORGED)
    question = (
        EffortQuestion.objects.select_related("organisation", "case", "shipment")
        .filter(pk=data["q"])
        .first()
    )
    if question is None:
        return Opened(None, problem=LinkProblem.FORGED)
    score = data.get("s")
    return Opened(question, score if is_score(score) else None)
