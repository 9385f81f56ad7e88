"""API where the shop's or carrier's system answers a request Halte sent it."""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, P, PathEx, Router, Schema, Status
from pydantic import ConfigDict, field_validator

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.remedies.actions import Answered, do_answer_request
from halte.remedies.error_codes import RemedyErrorCode

router = Router(tags=["requests"], throttle=[TokenRateThrottle()])

MAX_ANSWER_CHARS = 5000


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outcome: Literal["answered", "confirmed", "refused"] = Field(
        description="`answered`: here is what you asked (proof of delivery, the investigation's "
        "finding); `confirmed`: the remedy is carried out; `refused`: it will not be.",
        examples=["answered"],
    )
    answer: str = Field(
        min_length=1,
        max_length=MAX_ANSWER_CHARS,
        description="The answer in words, shown to the agent on the case.",
        examples=["Delivered at 13:52, signed by a neighbour at number 14."],
    )
    document_url: str = Field(
        "",
        max_length=1000,
        pattern=r"^(https?://\S+)?$",
        description="A link to a document: the signed proof of delivery, a return label.",
        examples=["https://carrier.example/pod/05222111830001.pdf"],
    )

    @field_validator("answer", "document_url", mode="before")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character, which no text field may hold")
        return value


class AnswerOut(Schema):
    request_id: int = Field(examples=[42])
    kind: str = Field(
        description="proof_of_delivery, investigation, replacement, refund or return.",
        examples=["proof_of_delivery"],
    )
    state: str = Field(description="The request's state after the answer.", examples=["answered"])
    case: str = Field(description="The case the answer landed on.", examples=["HLT-000042"])
    answered_at: datetime = Field(examples=["2026-11-22T09:00:00+01:00"])


class RemedyErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.", examples=["No request 42 of yours."]
    )
    code: RemedyErrorCode = Field(examples=[RemedyErrorCode.REQUEST_NOT_FOUND])


@router.post(
    "/requests/{request_id}/answer",
    response={
        200: AnswerOut,
        404: RemedyErrorOut,
        409: RemedyErrorOut,
        422: RequestErrorOut,
        **COMMON_ERRORS,
    },
    summary="Answer a request Halte sent (carrier_request.created, remedy.requested)",
)
def answer_request(
    request: OrganisationRequest,
    request_id: PathEx[
        int, P(ge=1, le=2**62, description="`request_id` from the webhook.", example=42)
    ],
    payload: AnswerIn,
) -> Status[AnswerOut | RemedyErrorOut]:
    result = do_answer_request(
        request.auth,
        request_id,
        outcome=payload.outcome,
        answer=payload.answer,
        document_url=payload.document_url,
    )
    if result.outcome is Answered.NOT_FOUND or result.request is None:
        return Status(
            404,
            RemedyErrorOut(
                detail=f"No request {request_id} of yours.",
                code=RemedyErrorCode.REQUEST_NOT_FOUND,
            ),
        )
    answered = result.request
    if result.outcome is Answered.ALREADY_ANSWERED:
        return Status(
            409,
            RemedyErrorOut(
                detail=f"Request {request_id} was answered already ({answered.state}); the "
                "first answer stands.",
                code=RemedyErrorCode.ALREADY_ANSWERED,
            ),
        )
    assert answered.answered_at is not None  # noqa: S101 - set by the answer just recorded
    return Status(
        200,
        AnswerOut(
            request_id=answered.pk,
            kind=answered.kind,
            state=answered.state,
            case=answered.case.number,
            answered_at=answered.answered_at,
        ),
    )
