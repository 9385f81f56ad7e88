"""POST /api/v1/understand: what a customer's message is about, for chat widgets and the like."""

from django.conf import settings
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from halte.api_common import COMMON_ERRORS, OrganisationRequest, RequestErrorOut, TokenRateThrottle
from halte.understanding.error_codes import UnderstandingErrorCode
from halte.understanding.intents import Intent
from halte.understanding.reading import UnsupportedLanguage, read_message
from halte.understanding.wording import LANGUAGES

router = Router(tags=["understanding"], throttle=[TokenRateThrottle()])


class UnderstandIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        description="The customer's message as written: plain text or HTML. Only its first "
        "part is read; quoted earlier mail is ignored.",
        examples=["Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen"],
    )
    language: str | None = Field(
        default=None,
        description="nl or en (a region such as nl-BE is fine); guessed when left out.",
        examples=["nl"],
    )


class TrackingCodeOut(Schema):
    code: str = Field(examples=["3SABCD1234567"])
    carrier: str = Field(description="The carrier the format names; empty if none.")
    format: str = Field(description="Which carrier format it matched.")
    checked: bool = Field(description="A check digit proved it.")


class AddressOut(Schema):
    country: str = Field(examples=["NL"])
    postcode: str = Field(description="Compact: 3511AB, 1000; empty if only a house number.")
    house_number: str = Field(examples=["12"])
    addition: str = Field(examples=["A"])


class TimeWindowOut(Schema):
    start: str | None = Field(examples=["13:00"])
    end: str | None = Field(examples=["14:00"])


class DetailsOut(Schema):
    """What the message already gives, so nobody asks for it again. Nothing is invented:
    a number failing its check digit or a date that does not exist is left out."""

    tracking_codes: list[TrackingCodeOut]
    addresses: list[AddressOut]
    case_numbers: list[str]
    order_numbers: list[str]
    emails: list[str]
    phones: list[str] = Field(description="E.164.", examples=[["+31612345678"]])
    dates: list[str] = Field(description="ISO 8601 dates.", examples=[["2026-12-04"]])
    times: list[TimeWindowOut]


class ReadingOut(Schema):
    intent: Intent = Field(description="What the customer wants.")
    confidence: float = Field(
        description="Probability of `intent`, 0–1.", examples=[0.93], ge=0, le=1
    )
    scores: dict[str, float] = Field(
        description="Probability of every intent, in a fixed order; they add up to 1 (all 0 "
        "when there were no words to read).",
        examples=[{"delivered_not_received": 0.93, "where_is_my_parcel": 0.04, "other": 0.03}],
    )
    sentiment: int = Field(
        description="-2 very unhappy, -1 unhappy, 0 neutral, 1 happy, 2 very happy.",
        examples=[-1],
        ge=-2,
        le=2,
    )
    urgent: bool = Field(
        description="A deadline today or tomorrow, or a threat to leave, go public or to law."
    )
    needs_person: bool = Field(
        description="The confidence is below the installation's threshold: a person decides "
        "the intent."
    )
    language: str = Field(description="nl or en: as given or guessed.", examples=["nl"])
    details: DetailsOut


class UnderstandingErrorOut(Schema):
    detail: str = Field(
        description="What is wrong, in English.",
        examples=["language 'fr' is not read; send one of: nl, en, or leave it out"],
    )
    code: UnderstandingErrorCode = Field(examples=[UnderstandingErrorCode.UNSUPPORTED_LANGUAGE])


@router.post(
    "/understand",
    response={
        200: ReadingOut,
        422: UnderstandingErrorOut | RequestErrorOut,
        **COMMON_ERRORS,
    },
    summary="Read a customer's message: intent, sentiment, urgency",
)
def understand(
    request: OrganisationRequest, payload: UnderstandIn
) -> Status[ReadingOut | UnderstandingErrorOut]:
    limit = int(settings.HALTE_UNDERSTANDING_MAX_TEXT_CHARS)
    if len(payload.text) > limit:
        return Status(
            422,
            UnderstandingErrorOut(
                detail=f"text has {len(payload.text):,} characters; at most {limit:,} are read",
                code=UnderstandingErrorCode.TEXT_TOO_LONG,
            ),
        )
    try:
        reading = read_message(payload.text, language=payload.language)
    except UnsupportedLanguage:
        return Status(
            422,
            UnderstandingErrorOut(
                detail=f"language '{payload.language}' is not read; send one of: "
                f"{', '.join(LANGUAGES)}, or leave it out",
                code=UnderstandingErrorCode.UNSUPPORTED_LANGUAGE,
            ),
        )
    return Status(200, ReadingOut(**reading.as_json()))
