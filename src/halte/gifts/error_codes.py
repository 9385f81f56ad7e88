"""Error codes of gifts: the shop's gift API and the recipient's thank-you form."""

from enum import StrEnum


class GiftErrorCode(StrEnum):
    # API: no order with this reference for the token's organisation.
    ORDER_NOT_FOUND = "order_not_found"
    # API: "show my name" or "ask me" without a name to show.
    SENDER_NAME_REQUIRED = "sender_name_required"


class GiftFormErrorCode(StrEnum):
    """Errors of the thank-you form on the tracking page (never an API answer)."""

    PHOTO_TOO_LARGE = "photo_too_large"
    NOT_A_PHOTO = "not_a_photo"
    TOO_MANY_THANKS = "too_many_thanks"
