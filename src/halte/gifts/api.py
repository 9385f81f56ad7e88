"""The shop's gift fields for an order: `PUT /api/v1/orders/{order_reference}/gift`.

Idempotent: the same body twice leaves one gift. The answer carries what the shop sent, back
to the shop that owns the order; another organisation's token gets the same 404 as an order
that does not exist."""

from typing import Annotated, Literal

from ninja import Field, Router, Schema, Status
from pydantic import EmailStr, StringConstraints

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.gifts.actions import GiftDetails, do_set_gift
from halte.gifts.error_codes import GiftErrorCode
from halte.gifts.models import Gift
from halte.gifts.queries import order_of_organisation
from halte.shipments.inputs import StrictInput

router = Router(tags=["gifts"], throttle=[TokenRateThrottle()])


class GiftIn(StrictInput):
    message: Annotated[str, StringConstraints(max_length=1000)] = Field(
        default="",
        description="The gift message the recipient reads on the tracking page.",
        examples=["Fijne kinderboekenweek! Veel leesplezier."],
    )
    sender_name: Annotated[str, StringConstraints(max_length=100)] = Field(
        default="",
        description="How the sender wants to be named, e.g. 'Tante Ans'. Needed for `show` "
        "and `ask`.",
        examples=["Tante Ans"],
    )
    sender_choice: Literal["show", "anonymous", "ask"] = Field(
        description="show: the recipient sees the name; anonymous: never; ask: the sender "
        "decides when the recipient thanks them.",
        examples=["ask"],
    )
    sender_email: EmailStr = Field(
        description="The buyer's e-mail: thank-yous are relayed here. Never shown to the "
        "recipient.",
        examples=["ans@example.nl"],
    )


class GiftOut(Schema):
    reference: str = Field(examples=["BOL-1001"])
    message: str = Field(examples=["Fijne kinderboekenweek! Veel leesplezier."])
    sender_name: str = Field(examples=["Tante Ans"])
    sender_choice: str = Field(examples=["ask"])
    sender_email: str = Field(examples=["ans@example.nl"])
    name_shown: bool = Field(
        description="Whether the recipient may see the sender's name now.", examples=[False]
    )
    thanks_relayed: int = Field(
        description="Thank-yous relayed to the sender so far.", examples=[1]
    )


class GiftErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.", examples=["No order with reference BOL-1."]
    )
    code: GiftErrorCode = Field(examples=[GiftErrorCode.ORDER_NOT_FOUND])


def _out(gift: Gift, reference: str) -> GiftOut:
    return GiftOut(
        reference=reference,
        message=gift.message,
        sender_name=gift.sender_name,
        sender_choice=gift.sender_choice,
        sender_email=gift.sender_email,
        name_shown=gift.name_allowed,
        thanks_relayed=gift.notes.filter(direction="to_sender").count(),
    )


def _error(status: int, code: GiftErrorCode, detail: str) -> Status[GiftOut | GiftErrorOut]:
    return Status(status, GiftErrorOut(detail=detail, code=code))


def _no_order(reference: str) -> Status[GiftOut | GiftErrorOut]:
    return _error(404, GiftErrorCode.ORDER_NOT_FOUND, f"No order with reference {reference}.")


ERRORS = {404: GiftErrorOut, 422: GiftErrorOut | RequestErrorOut, **COMMON_ERRORS}


@router.put(
    "/orders/{order_reference}/gift",
    url_name="order_gift",
    response={200: GiftOut, **ERRORS},
    summary="Set or replace an order's gift fields",
)
def put_gift(
    request: OrganisationRequest, order_reference: str, payload: GiftIn
) -> Status[GiftOut | GiftErrorOut]:
    order = order_of_organisation(request.auth.pk, order_reference)
    if order is None:
        return _no_order(order_reference)
    if payload.sender_choice != "anonymous" and not payload.sender_name:
        return _error(
            422,
            GiftErrorCode.SENDER_NAME_REQUIRED,
            f"sender_choice '{payload.sender_choice}' needs a sender_name to show.",
        )
    gift = do_set_gift(
        order,
        GiftDetails(
            message=payload.message,
            sender_name=payload.sender_name,
            sender_choice=Gift.SenderChoice(payload.sender_choice),
            sender_email=str(payload.sender_email),
        ),
    )
    return Status(200, _out(gift, order.reference))
