"""Error codes of the privacy API: export and erasure of one person."""

from enum import StrEnum


class PrivacyErrorCode(StrEnum):
    # Neither an e-mail address nor a phone number was given.
    PERSON_NOT_GIVEN = "person_not_given"
    # The token's organisation holds nothing on anyone with this address or number.
    PERSON_NOT_FOUND = "person_not_found"
