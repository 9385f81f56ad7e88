"""Error codes of the customer's case forms."""

from enum import StrEnum


class CaseErrorCode(StrEnum):
    # The contact form was sent to an installation without an organisation to receive it.
    NOT_SET_UP = "not_set_up"
