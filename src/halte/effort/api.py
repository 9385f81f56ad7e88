"""API for the effort figures: average Customer Effort Score and response rate per week."""

from datetime import date

from django.utils import timezone
from ninja import Field, P, QueryEx, Router, Schema

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.effort.queries import effort_figures

router = Router(tags=["effort"], throttle=[TokenRateThrottle()])


class EffortWeekOut(Schema):
    week: date = Field(
        description="The Monday the week starts (Europe/Amsterdam).", examples=["2026-11-23"]
    )
    asked: int = Field(description="Questions asked in the week.", examples=[40])
    answered: int = Field(description="Of those, answered (at any time).", examples=[22])
    response_percent: float | None = Field(
        description="answered / asked × 100; None in a week without questions.", examples=[55.0]
    )
    average_score: float | None = Field(
        description="Mean answer, 1 (very hard) to 7 (very easy); None without answers.",
        examples=[5.4],
    )


class EffortMetricsOut(Schema):
    asked: int = Field(description="Questions asked in all the weeks counted.", examples=[300])
    answered: int = Field(examples=[171])
    response_percent: float | None = Field(examples=[57.0])
    average_score: float | None = Field(
        description="Mean of all answers in the weeks counted.", examples=[5.2]
    )
    weeks: list[EffortWeekOut] = Field(description="Newest week first, empty weeks included.")


@router.get(
    "/metrics/effort",
    response={200: EffortMetricsOut, 422: RequestErrorOut, **COMMON_ERRORS},
    summary="Customer Effort Score and response rate per week",
)
def effort_metrics(
    request: OrganisationRequest,
    weeks: QueryEx[
        int, P(ge=1, le=104, description="Count this many weeks, this one included.", example=8)
    ] = 8,
) -> EffortMetricsOut:
    figures = effort_figures(request.auth, weeks=weeks, now=timezone.now())
    return EffortMetricsOut(
        asked=figures.asked,
        answered=figures.answered,
        response_percent=figures.response_percent,
        average_score=figures.average,
        weeks=[
            EffortWeekOut(
                week=w.week,
                asked=w.asked,
                answered=w.answered,
                response_percent=w.response_percent,
                average_score=w.average,
            )
            for w in figures.weeks
        ],
    )
