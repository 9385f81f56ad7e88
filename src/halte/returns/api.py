"""The shop's answers about a return: the label it made, and its refund decision."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints, field_validator

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.returns.actions import (
    AnswerRefusal,
    LabelAnswer,
    do_record_label,
    do_settle_return,
)
from halte.returns.error_codes import ReturnErrorCode
from halte.returns.models import Return
from halte.returns.queries import return_of_organisation
from halte.shipments.inputs import TRACKING_CODE_FIELD, StrictInput, TrackingCode
from halte.vocabulary.carriers import CARRIERS

router = Router(tags=["returns"], throttle=[TokenRateThrottle()])


class LabelIn(StrictInput):
    carrier: str = Field(
        description=f"The carrier of the return label, one of: {', '.join(CARRIERS)}.",
        examples=["postnl"],
    )
    tracking_code: TrackingCode = Field(description=TRACKING_CODE_FIELD, examples=["3SRETOUR0001"])
    label_url: Annotated[str, StringConstraints(max_length=500, pattern=r"^https://\S+$")] = Field(
        default="",
        description="Where the customer downloads the label (https). This, `qr`, or both.",
        examples=["https://shop.example/returns/0001/label.pdf"],
    )
    qr: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="",
        description="The text of the QR code the customer shows at a drop-off point.",
        examples=["RET-0001-7QX2"],
    )

    @field_validator("carrier")
    @classmethod
    def known_carrier(cls, value: str) -> str:
        slug = value.strip().lower()
        if slug not in CARRIERS:
            raise ValueError(f"unknown carrier '{value}'; known carriers: {', '.join(CARRIERS)}")
        return slug

    @field_validator("tracking_code")
    @classmethod
    def compact_code(cls, value: str) -> str:
        compact = value.replace(" ", "")
        if not compact.replace("-", "").isalnum() or not compact.isascii():
            raise ValueError("may contain only letters, digits and '-'")
        return compact


class RefundIn(StrictInput):
    state: Literal["refunded", "refused", "replacement_sent"] = Field(
        description="The shop's decision; the customer sees it on the return's page.",
        examples=["refunded"],
    )
    note: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="",
        description="Shown to the customer with the decision, e.g. why it was refused.",
        examples=["Refunded to your bank account within 3 working days."],
    )


class ReturnOut(Schema):
    id: int = Field(examples=[12])
    original_tracking_code: str = Field(examples=["3SHALT0101010"])
    carrier: str = Field(description="The return shipment's carrier.", examples=["postnl"])
    tracking_code: str = Field(
        description="The return shipment's code: Halte's own until the label names one.",
        examples=["3SRETOUR0001"],
    )
    reason: str = Field(examples=["damaged"])
    way_back: str = Field(examples=["drop_off"])
    refused_at_door: bool = Field(examples=[False])
    label: str = Field(
        description="requested, ready, not_requested (no webhook) or not_needed.",
        examples=["ready"],
    )
    refund: str = Field(
        description="requested, refunded, refused or replacement_sent.", examples=["requested"]
    )
    opened_at: datetime = Field(examples=["2026-11-22T09:00:00+01:00"])
    settled_at: datetime | None = Field(examples=[None])


class ReturnErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.", examples=["No return with id 12."]
    )
    code: ReturnErrorCode = Field(examples=[ReturnErrorCode.RETURN_NOT_FOUND])


def _out(ret: Return) -> ReturnOut:
    return ReturnOut(
        id=ret.pk,
        original_tracking_code=ret.original.tracking_code,
        carrier=ret.shipment.carrier,
        tracking_code=ret.shipment.tracking_code,
        reason=ret.reason,
        way_back=ret.way_back,
        refused_at_door=ret.refused_at_door,
        label=ret.label,
        refund=ret.refund,
        opened_at=ret.opened_at,
        settled_at=ret.settled_at,
    )


def _not_found(return_id: int) -> Status[ReturnOut | ReturnErrorOut]:
    return Status(
        404,
        ReturnErrorOut(
            detail=f"No return with id {return_id}.", code=ReturnErrorCode.RETURN_NOT_FOUND
        ),
    )


_REFUSALS = {
    AnswerRefusal.TRACKING_CODE_TAKEN: (
        ReturnErrorCode.LABEL_CODE_TAKEN,
        "Another shipment already has this carrier and tracking code.",
    ),
    AnswerRefusal.LABEL_NOT_EXPECTED: (
        ReturnErrorCode.LABEL_NOT_EXPECTED,
        "This return needs no label: it was refused at the door, or it is settled.",
    ),
    AnswerRefusal.ALREADY_SETTLED: (
        ReturnErrorCode.ALREADY_SETTLED,
        "This return is settled already with another decision.",
    ),
}


def _refused(refusal: AnswerRefusal) -> Status[ReturnOut | ReturnErrorOut]:
    code, detail = _REFUSALS[refusal]
    return Status(409, ReturnErrorOut(detail=detail, code=code))


ERRORS = {
    404: ReturnErrorOut,
    409: ReturnErrorOut,
    422: ReturnErrorOut | RequestErrorOut,
    **COMMON_ERRORS,
}


@router.get(
    "/returns/{return_id}",
    response={200: ReturnOut, 404: ReturnErrorOut, 422: RequestErrorOut, **COMMON_ERRORS},
    summary="A return and its label and refund state",
)
def get_return(request: OrganisationRequest, return_id: int) -> Status[ReturnOut | ReturnErrorOut]:
    ret = return_of_organisation(request.auth, return_id)
    if ret is None:
        return _not_found(return_id)
    return Status(200, _out(ret))


@router.post(
    "/returns/{return_id}/label",
    response={200: ReturnOut, **ERRORS},
    summary="Answer return_label.requested with the label",
)
def record_label(
    request: OrganisationRequest, return_id: int, payload: LabelIn
) -> Status[ReturnOut | ReturnErrorOut]:
    ret = return_of_organisation(request.auth, return_id)
    if ret is None:
        return _not_found(return_id)
    if not payload.label_url and not payload.qr:
        empty: Status[ReturnOut | ReturnErrorOut] = Status(
            422,
            ReturnErrorOut(
                detail="A label needs a label_url, a qr text, or both.",
                code=ReturnErrorCode.LABEL_EMPTY,
            ),
        )
        return empty
    refusal = do_record_label(
        ret,
        LabelAnswer(
            carrier=payload.carrier,
            tracking_code=payload.tracking_code,
            label_url=payload.label_url,
            qr=payload.qr,
        ),
    )
    if refusal is not None:
        return _refused(refusal)
    ret.refresh_from_db()
    ret.shipment.refresh_from_db()
    return Status(200, _out(ret))


@router.post(
    "/returns/{return_id}/refund",
    response={200: ReturnOut, **ERRORS},
    summary="Set the refund state: refunded, refused or replacement sent",
)
def settle_return(
    request: OrganisationRequest, return_id: int, payload: RefundIn
) -> Status[ReturnOut | ReturnErrorOut]:
    ret = return_of_organisation(request.auth, return_id)
    if ret is None:
        return _not_found(return_id)
    refusal = do_settle_return(ret, refund=payload.state, note=payload.note)
    if refusal is not None:
        return _refused(refusal)
    ret.refresh_from_db()
    return Status(200, _out(ret))
