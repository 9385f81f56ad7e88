"""Answering the effort question: one tap and a confirm, change within a day, a comment;
forged, expired and replayed links; mail scanners that open every link."""

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from halte.cases.actions import CustomerMessage, do_open_case, do_resolve_case
from halte.cases.models import Case, Channel
from halte.effort.links import question_path
from halte.effort.models import EffortQuestion
from halte.effort.rules import sentiment_of, smiley_of
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation

pytestmark = pytest.mark.django_db
QUESTION_PAGE_QUERIES = 1


@pytest.fixture
def question(organisation: Organisation, django_capture_on_commit_callbacks: Any) -> EffortQuestion:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Pakket kwijt", from_address="an@example.nl"),
        customer_email="an@example.nl",
        customer_name="An Secretname",
        language="en",
    )
    with django_capture_on_commit_callbacks(execute=True):
        do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason="found at the neighbour")
    return EffortQuestion.objects.get()


def _links(question: EffortQuestion) -> dict[int, str]:
    (letter,) = [m for m in mail.outbox if "how easy" in m.subject.lower()]
    return {
        int(s): url for s, url in re.findall(r"^(\d) \S+.*: (http\S+)$", str(letter.body), re.M)
    }


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_opening_every_link_like_a_mail_scanner_records_nothing(
    client: Client, question: EffortQuestion
) -> None:
    links = _links(question)
    for url in links.values():
        assert client.get(_path(url)).status_code == 200
    question.refresh_from_db()
    assert question.score is None and question.answered_at is None
    assert not Touchpoint.objects.filter(kind=Touchpoint.Kind.EFFORT_SCORE).exists()


def test_the_tapped_link_shows_its_score_with_one_confirm_button(
    client: Client, question: EffortQuestion
) -> None:
    page = client.get(_path(_links(question)[2])).content.decode()
    assert "Send my answer: 2 of 7 😖" in page
    assert 'name="score" value="2"' in page


def test_confirming_records_the_score_as_a_touchpoint_with_its_smiley(
    client: Client, question: EffortQuestion
) -> None:
    path = _path(_links(question)[6])
    response = client.post(path, {"score": "6"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.score == 6 and question.answered_at is not None
    touchpoint = Touchpoint.objects.get(kind=Touchpoint.Kind.EFFORT_SCORE)
    assert touchpoint == question.touchpoint
    assert touchpoint.case_id == question.case_id
    assert touchpoint.sentiment == Touchpoint.Sentiment.GREAT
    assert touchpoint.summary == "6/7"
    page = client.get(response["Location"]).content.decode()
    assert "Your answer: 6 of 7 😃" in page and 'id="comment-form"' in page


@pytest.mark.parametrize(
    ("score", "face"), [(1, "😖"), (2, "😖"), (3, "🙁"), (4, "😐"), (5, "🙂"), (6, "😃"), (7, "😃")]
)
def test_the_seven_scores_map_onto_the_journeys_five_smileys(score: int, face: str) -> None:
    assert smiley_of(score) == face
    assert sentiment_of(score).label == face


def test_a_second_tap_within_a_day_changes_the_answer_and_its_touchpoint(
    client: Client, question: EffortQuestion
) -> None:
    links = _links(question)
    client.post(_path(links[2]), {"score": "2"})
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        response = client.post(_path(links[5]), {"score": "5"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.score == 5 and question.changed_at is not None
    (touchpoint,) = Touchpoint.objects.filter(kind=Touchpoint.Kind.EFFORT_SCORE)
    assert touchpoint.sentiment == Touchpoint.Sentiment.GOOD and touchpoint.summary == "5/7"


def test_after_a_day_the_answer_stands_and_a_new_tap_is_refused_politely(
    client: Client, question: EffortQuestion
) -> None:
    links = _links(question)
    client.post(_path(links[3]), {"score": "3"})
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.post(_path(links[7]), {"score": "7"})
        page = client.get(_path(links[7])).content.decode()
    assert response.status_code == 409
    assert "stands as it is" in response.content.decode()
    question.refresh_from_db()
    assert question.score == 3
    # Replayed later: the page shows the answer given, no button to change it.
    assert "Your answer: 3 of 7" in page and 'name="score"' not in page


def test_a_replayed_confirm_is_the_same_answer_once(
    client: Client, question: EffortQuestion
) -> None:
    path = _path(_links(question)[4])
    client.post(path, {"score": "4"})
    again = client.post(path, {"score": "4"}, follow=True)
    assert "We had this answer already" in again.content.decode()
    assert Touchpoint.objects.filter(kind=Touchpoint.Kind.EFFORT_SCORE).count() == 1


def test_a_forged_link_is_refused_and_shows_nothing(
    client: Client, question: EffortQuestion
) -> None:
    path = _path(_links(question)[5])
    token = path.split("/")[2]
    payload, _, signature = token.rpartition(":")
    forged = path.replace(token, f"{payload}:{'A' if signature[:1] != 'A' else 'B'}{signature[1:]}")
    assert forged != path
    for response in (client.get(forged), client.post(forged, {"score": "5"})):
        assert response.status_code == 404
        page = response.content.decode()
        assert "not one of ours" in page
        assert question.case is not None and question.case.number not in page
        assert "an@example.nl" not in page and "Secretname" not in page
    question.refresh_from_db()
    assert question.score is None


def test_a_link_for_a_question_that_does_not_exist_is_refused(
    client: Client, question: EffortQuestion
) -> None:
    other = EffortQuestion(pk=question.pk + 1000)
    assert client.get(question_path(other, 5)).status_code == 404


def test_an_expired_link_is_refused_with_a_clear_page(
    client: Client, question: EffortQuestion
) -> None:
    path = _path(_links(question)[6])
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(path, {"score": "6"})
        looked = client.get(path)
    assert response.status_code == 410 and looked.status_code == 410
    page = looked.content.decode()
    assert "This question has closed" in page
    assert question.case is not None and question.case.number not in page
    question.refresh_from_db()
    assert question.score is None


@pytest.mark.parametrize("score", ["0", "8", "seven", ""])
def test_a_score_off_the_scale_is_refused_with_a_reason(
    client: Client, question: EffortQuestion, score: str
) -> None:
    response = client.post(question_path(question) + "?lang=en", {"score": score})
    assert response.status_code == 422
    assert "Choose a number from 1 to 7" in response.content.decode()
    question.refresh_from_db()
    assert question.score is None


def test_a_comment_after_the_score_joins_the_touchpoint(
    client: Client, question: EffortQuestion
) -> None:
    path = question_path(question) + "?lang=en"
    client.post(path, {"score": "5"})
    response = client.post(path, {"comment": "Quick, but I had to call twice."}, follow=True)
    assert response.status_code == 200
    assert "Thank you, that was all" in response.content.decode()
    question.refresh_from_db()
    assert question.comment == "Quick, but I had to call twice."
    touchpoint = Touchpoint.objects.get(kind=Touchpoint.Kind.EFFORT_SCORE)
    assert touchpoint.summary == "5/7: Quick, but I had to call twice."


def test_a_comment_too_long_is_refused_and_nothing_is_stored(
    client: Client, question: EffortQuestion
) -> None:
    path = question_path(question) + "?lang=en"
    client.post(path, {"score": "5"})
    response = client.post(path, {"comment": "x" * 1001})
    assert response.status_code == 422
    assert "keep your comment to 1000 characters (it has 1001)" in response.content.decode()
    question.refresh_from_db()
    assert question.comment == ""


def test_a_comment_before_any_score_is_refused(client: Client, question: EffortQuestion) -> None:
    response = client.post(question_path(question) + "?lang=en", {"comment": "hello"})
    assert response.status_code == 409
    question.refresh_from_db()
    assert question.comment == "" and question.score is None


def test_html_in_a_comment_is_kept_as_text_and_never_rendered(
    client: Client, question: EffortQuestion, agent: Any
) -> None:
    path = question_path(question) + "?lang=en"
    client.post(path, {"score": "1"})
    hostile = '<script>alert("x")</script><b>hard</b>'
    client.post(path, {"comment": hostile})
    question.refresh_from_db()
    assert question.comment == hostile
    page = client.get(path + "&done=1").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    desk = Client()
    desk.force_login(agent)
    case_page = desk.get(f"/desk/case/{question.case_id}/").content.decode()
    assert "<script>alert" not in case_page and "&lt;script&gt;alert" in case_page


def test_the_page_speaks_the_language_of_the_link(client: Client, question: EffortQuestion) -> None:
    question.language = "nl"
    question.save()
    page = client.get(question_path(question, 7) + "?lang=nl").content.decode()
    assert "Stuur mijn antwoord: 7 van 7 😃" in page


def test_the_question_page_reads_a_fixed_number_of_queries(
    client: Client, question: EffortQuestion, django_assert_num_queries: Any
) -> None:
    path = _path(_links(question)[5])
    # The question with its case, parcel and organisation: one query, answered or not.
    with django_assert_num_queries(QUESTION_PAGE_QUERIES):
        assert client.get(path).status_code == 200
    client.post(path, {"score": "5"})
    with django_assert_num_queries(QUESTION_PAGE_QUERIES):
        assert client.get(path).status_code == 200
