"""API for a person's rights: export everything held on them, erase them.

POST, never GET: an e-mail address in a query string ends up in access logs.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, field_validator

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.privacy.actions import do_erase_person, do_export_person
from halte.privacy.error_codes import PrivacyErrorCode
from halte.privacy.queries import Person, find_person

router = Router(tags=["privacy"], throttle=[TokenRateThrottle()])


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str = Field(
        "",
        max_length=254,
        description="The person's e-mail address.",
        examples=["lotte@example.nl"],
    )
    phone: str = Field(
        "",
        max_length=32,
        pattern=r"^[+0-9 ()\-.]*$",
        description="The person's phone number, spaces and dashes allowed.",
        examples=["+31 6 12345678"],
    )

    @field_validator("email")
    @classmethod
    def an_email_address(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError("value is not a valid email address") from None
        return value


class PrivacyErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.", examples=["Nothing is held on this person."]
    )
    code: PrivacyErrorCode = Field(examples=[PrivacyErrorCode.PERSON_NOT_FOUND])


class ErasureOut(Schema):
    shipments: int = Field(description="Shipments pseudonymised now.", examples=[2])
    cases: int = Field(description="Cases pseudonymised now.", examples=[1])
    messages_sent: int = Field(
        description="Sent e-mails, text messages and webhooks wiped now.", examples=[3]
    )


def _person(request: OrganisationRequest, body: PersonIn) -> Person | None:
    if not body.email and not body.phone:
        return None
    return find_person(request.auth, email=body.email, phone=body.phone)


def _not_given() -> Status[PrivacyErrorOut]:
    return Status(
        422,
        PrivacyErrorOut(
            detail="Give the person's email or phone.", code=PrivacyErrorCode.PERSON_NOT_GIVEN
        ),
    )


@router.post(
    "/privacy/exports",
    response={
        200: dict[str, Any],
        404: PrivacyErrorOut,
        422: PrivacyErrorOut | RequestErrorOut,
        **COMMON_ERRORS,
    },
    summary="Everything held on one person (by e-mail address or phone), as JSON",
)
def export_person(request: OrganisationRequest, body: PersonIn) -> Any:
    person = _person(request, body)
    if person is None:
        return _not_given()
    if not person.found:
        return Status(
            404,
            PrivacyErrorOut(
                detail="Nothing is held on anyone with this email or phone.",
                code=PrivacyErrorCode.PERSON_NOT_FOUND,
            ),
        )
    return do_export_person(person, actor=None, token=getattr(request, "api_token", None))


@router.post(
    "/privacy/erasures",
    response={200: ErasureOut, 422: PrivacyErrorOut | RequestErrorOut, **COMMON_ERRORS},
    summary="Erase one person (by e-mail address or phone): pseudonymised now, figures kept",
    description=(
        "Idempotent: erasing a person already erased (or never known) answers 200 with zeros."
    ),
)
def erase_person(request: OrganisationRequest, body: PersonIn) -> Any:
    person = _person(request, body)
    if person is None:
        return _not_given()
    erased = do_erase_person(person, actor=None, token=getattr(request, "api_token", None))
    return ErasureOut(
        shipments=erased.shipments, cases=erased.cases, messages_sent=erased.messages_sent
    )
