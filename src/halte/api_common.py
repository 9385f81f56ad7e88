"""What every API router shares: the error shapes, the statuses any call may answer, the
typed request of a token's organisation, and the throttle."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import BaseModel, ValidationError

from halte.error_codes import FieldErrorCode, RequestErrorCode
from halte.organisations.error_codes import AccessErrorCode
from halte.organisations.models import Organisation, Scope
from halte.organisations.queries import api_token_for_key


class OrganisationRequest(HttpRequest):
    """A request that passed the API token check: `auth` is the token's organisation.

    django-ninja sets `request.auth` to what the authenticator returned; every route with the
    default `auth` may annotate its request with this instead of reaching for an attribute
    the type checker cannot see.
    """

    auth: Organisation


class ScopeMissing(Exception):
    """A live token without the scope the route requires: refused with 403, never 401."""

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


class OrganisationToken(HttpBearer):
    """`Authorization: Bearer <token>`; ninja keeps the organisation as `request.auth`.

    With a `scope`, the token must also carry it (see `Scope`); each router is added with the
    scope its routes require, so no route is reachable by a token not issued for it.
    """

    def __init__(self, scope: Scope | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Organisation | None:
        api_token = api_token_for_key(token)
        if api_token is None:
            return None
        if self.scope is not None and self.scope not in api_token.scopes:
            raise ScopeMissing(self.scope)
        # Who acted, for the audit trail: the token, not only its organisation.
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.organisation


class FieldError(Schema):
    field: str = Field(
        description="Dotted path of the field in the request body or the parameter's name; "
        "`(item)` for a batch item as a whole.",
        examples=["recipient.email"],
    )
    code: FieldErrorCode = Field(examples=[FieldErrorCode.INVALID_VALUE])
    message: str = Field(
        description="What is wrong, in English.",
        examples=["value is not a valid email address"],
    )


class ItemError(FieldError):
    """One problem with one item of a batch; the other items are not affected by it."""

    index: int = Field(description="Position of the item in the batch, from 0.", examples=[2])


class RequestErrorOut(Schema):
    """The request as a whole was refused; nothing was stored."""

    detail: str = Field(
        description="What is wrong, in English.",
        examples=["Request body is not valid JSON: Expecting value at line 1 column 12."],
    )
    code: RequestErrorCode = Field(examples=[RequestErrorCode.INVALID_JSON])
    errors: list[FieldError] = Field(
        default_factory=list,
        description="For `invalid_input`: each field that is wrong. Empty otherwise.",
    )


class AccessErrorOut(Schema):
    """The API token is missing or unknown (401), lacks the route's scope (403), or sent too
    many requests (429)."""

    detail: str = Field(
        description="What is wrong, in English.",
        examples=["Too many requests for this token; slow down and retry."],
    )
    code: AccessErrorCode = Field(examples=[AccessErrorCode.THROTTLED])


# Every operation behind a token may answer these; documented so clients (and the fuzzer)
# know them. 422 is added per operation, with the operation's own codes where it has some.
COMMON_ERRORS: dict[int, Any] = {
    401: AccessErrorOut,
    403: AccessErrorOut,
    413: RequestErrorOut,
    429: AccessErrorOut,
}


def field_code(pydantic_type: str) -> FieldErrorCode:
    """The code of one pydantic error type; the message keeps pydantic's precise wording."""
    if pydantic_type == "missing":
        return FieldErrorCode.REQUIRED
    if pydantic_type == "extra_forbidden":
        return FieldErrorCode.UNKNOWN_FIELD
    return FieldErrorCode.INVALID_VALUE


def field_name(location: Iterable[Any]) -> str:
    return ".".join(str(part) for part in location) or "(item)"


def field_errors(errors: Iterable[Mapping[str, Any]], *, skip: int = 0) -> list[FieldError]:
    """pydantic's errors as field errors; `skip` drops leading parts of the location."""
    return [
        FieldError(
            field=field_name(list(error["loc"])[skip:]),
            code=field_code(str(error["type"])),
            message=str(error["msg"]),
        )
        for error in errors
    ]


ItemShape = TypeVar("ItemShape", bound=BaseModel)


def validated_items(
    items: Sequence[object], shape: type[ItemShape]
) -> tuple[list[tuple[int, ItemShape]], list[ItemError]]:
    """Each item of a batch checked on its own, so one bad item costs only itself: the valid
    ones with their position, and every problem of the others."""
    valid: list[tuple[int, ItemShape]] = []
    errors: list[ItemError] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(
                ItemError(
                    index=index,
                    field="(item)",
                    code=FieldErrorCode.NOT_AN_OBJECT,
                    message="must be an object",
                )
            )
            continue
        try:
            valid.append((index, shape.model_validate(item)))
        except ValidationError as exc:
            errors.extend(
                ItemError(index=index, **problem.model_dump())
                for problem in field_errors(exc.errors())
            )
    return valid, errors


class TokenRateThrottle(AuthRateThrottle):
    """Requests per API token, at the rate configured now (HALTE_API_RATE), not at import."""

    def __init__(self) -> None:
        super().__init__(settings.HALTE_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.HALTE_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
