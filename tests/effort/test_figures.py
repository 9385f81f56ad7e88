"""The weekly figures: average effort score and response rate, in the desk and the API; and
the answer on the desk's journey of the case."""

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from halte.cases.actions import CustomerMessage, do_open_case, do_resolve_case
from halte.cases.models import Case, Channel
from halte.effort.actions import do_answer, do_comment
from halte.effort.models import EffortQuestion
from halte.effort.queries import effort_figures
from halte.organisations.models import Organisation
from halte.vocabulary.calendar import AMSTERDAM
from tests.conftest import ApiClient
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

# A Wednesday; its week starts on Monday 23 November 2026.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=AMSTERDAM)


def _asked(organisation: Organisation, at: datetime, score: int | None = None) -> None:
    EffortQuestion.objects.create(
        organisation=organisation,
        customer_email=f"klant{EffortQuestion.objects.count()}@example.nl",
        occasion=EffortQuestion.Occasion.CASE_RESOLVED,
        asked_at=at,
        score=score,
        answered_at=at if score else None,
    )


@pytest.fixture
def weeks_of_questions(organisation: Organisation) -> Organisation:
    # This week: 3 asked, 2 answered (7 and 4).
    _asked(organisation, datetime(2026, 11, 23, 0, 30, tzinfo=AMSTERDAM), 7)  # Monday, early
    _asked(organisation, datetime(2026, 11, 24, 9, 0, tzinfo=AMSTERDAM), 4)
    _asked(organisation, datetime(2026, 11, 25, 9, 0, tzinfo=AMSTERDAM))
    # Last week: 1 asked, answered 2. Sunday night late still counts for last week.
    _asked(organisation, datetime(2026, 11, 22, 23, 30, tzinfo=AMSTERDAM), 2)
    # Another organisation's answers never count here.
    _asked(make_organisation(), datetime(2026, 11, 24, 9, 0, tzinfo=AMSTERDAM), 1)
    return organisation


def test_weekly_average_and_response_rate(weeks_of_questions: Organisation) -> None:
    figures = effort_figures(weeks_of_questions, weeks=3, now=NOW)
    this, last, before = figures.weeks
    assert (this.week, this.asked, this.answered, this.average) == (date(2026, 11, 23), 3, 2, 5.5)
    assert this.response_percent == 66.7
    assert (last.week, last.asked, last.answered, last.average) == (date(2026, 11, 16), 1, 1, 2.0)
    assert (before.asked, before.average, before.response_percent) == (0, None, None)
    assert (figures.asked, figures.answered, figures.average) == (4, 3, 4.33)
    assert figures.response_percent == 75.0


def test_the_desk_shows_the_figures_of_the_agents_organisations(
    client: Client, agent: Any, weeks_of_questions: Organisation
) -> None:
    # Team figures are a supervisor's (halte.see_figures); an agent is refused (permission sweep).
    agent.memberships.update(role="supervisor")
    client.force_login(agent)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/desk/effort/").content.decode()
    assert weeks_of_questions.name in page
    assert "5,5" in page and "67&nbsp;%" in page and "(3/4)" in page  # Dutch decimals
    assert page.count('class="card effort-figures"') == 1  # only the agent's organisation


def test_the_metrics_api_gives_the_weeks(api: ApiClient, weeks_of_questions: Organisation) -> None:
    with time_machine.travel(NOW, tick=False):
        response = api.get("/api/v1/metrics/effort", weeks=2)
    assert response.status_code == 200
    body = response.json()
    assert body["asked"] == 4 and body["answered"] == 3 and body["average_score"] == 4.33
    assert body["weeks"][0] == {
        "week": "2026-11-23",
        "asked": 3,
        "answered": 2,
        "response_percent": 66.7,
        "average_score": 5.5,
    }
    assert len(body["weeks"]) == 2


@pytest.mark.parametrize("weeks", ["0", "105", "many"])
def test_the_metrics_api_refuses_a_period_off_its_range(api: ApiClient, weeks: str) -> None:
    response = api.get("/api/v1/metrics/effort", weeks=weeks)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "weeks"


def test_the_answer_shows_on_the_desks_journey_of_the_case(
    client: Client, organisation: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Waar is het?", from_address="jo@example.nl"),
        customer_email="jo@example.nl",
    )
    with django_capture_on_commit_callbacks(execute=True):
        do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason="gevonden")
    question = EffortQuestion.objects.get(case=case)
    do_answer(question.pk, 3)
    do_comment(question.pk, "Drie keer gebeld")
    client.force_login(agent)
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "🙁 inspanningsscore" in page
    assert '<q class="effort">3/7: Drie keer gebeld</q>' in page
