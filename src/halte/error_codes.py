"""Error codes any API request may meet before it reaches an app: its body, its fields."""

from enum import StrEnum


class RequestErrorCode(StrEnum):
    """What was wrong with the request as a whole."""

    # The body is larger than the route accepts (Content-Length or what was read).
    REQUEST_TOO_LARGE = "request_too_large"
    INVALID_JSON = "invalid_json"
    INVALID_UTF8 = "invalid_utf8"
    # The body or a parameter does not match the schema; `errors` names each field.
    INVALID_INPUT = "invalid_input"


class FieldErrorCode(StrEnum):
    """What was wrong with one field of an input, or one item of a batch."""

    REQUIRED = "required"
    UNKNOWN_FIELD = "unknown_field"
    INVALID_VALUE = "invalid_value"
    # A batch item that is not a JSON object at all.
    NOT_AN_OBJECT = "not_an_object"
