"""Error codes of the self-service forms: address correction, the proof code, damage photos."""

from enum import StrEnum


class SelfServiceErrorCode(StrEnum):
    # The proof code step.
    WRONG_CODE = "wrong_code"
    CODE_EXPIRED = "code_expired"
    # Address correction.
    EMAIL_REQUIRED = "email_required"
    INVALID_POSTCODE = "invalid_postcode"
    TOO_MANY_CORRECTIONS = "too_many_corrections"
    CONFIRMATION_INVALID = "confirmation_invalid"
    # Damage report photos.
    TOO_MANY_PHOTOS = "too_many_photos"
    PHOTO_TOO_LARGE = "photo_too_large"
    NOT_A_PHOTO = "not_a_photo"
