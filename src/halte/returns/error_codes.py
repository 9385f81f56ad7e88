"""Error codes of returns: the API the shop answers with, and the return form."""

from enum import StrEnum


class ReturnErrorCode(StrEnum):
    # API: no return with this id for the token's organisation.
    RETURN_NOT_FOUND = "return_not_found"
    # API: the label names a carrier tracking code another shipment already has.
    LABEL_CODE_TAKEN = "label_code_taken"
    # API: a label needs a URL or a QR text (or both).
    LABEL_EMPTY = "label_empty"
    # API: the refund is settled already and says something else.
    ALREADY_SETTLED = "already_settled"
    # API: a label for a return that needs none (refused at the door), or after it settled.
    LABEL_NOT_EXPECTED = "label_not_expected"


class ReturnFormErrorCode(StrEnum):
    """Errors of the return form on the tracking page (never an API answer)."""

    UNKNOWN_REASON = "unknown_reason"
    PHOTO_REQUIRED = "photo_required"
    TOO_MANY_PHOTOS = "too_many_photos"
    PHOTO_TOO_LARGE = "photo_too_large"
    NOT_A_PHOTO = "not_a_photo"
    WAY_BACK_NOT_OFFERED = "way_back_not_offered"
