"""Error codes of the desk's and the admin's forms."""

from enum import StrEnum


class DeskErrorCode(StrEnum):
    TOO_MANY_TAGS = "too_many_tags"
    # A hand-over names neither a person nor a team.
    NO_NEW_OWNER = "no_new_owner"
    # Two-step sign-in in the admin's sign-in form.
    CODE_REQUIRED = "code_required"
    CODE_WAIT = "code_wait"
    CODE_WRONG = "code_wrong"
    # Acting on the case's parcel or order from the case screen.
    NO_PARCEL = "no_parcel"
    NO_ORDER = "no_order"
    INVALID_POSTCODE = "invalid_postcode"
    ADDRESS_TOO_LATE = "address_too_late"
    TOO_MANY_CORRECTIONS = "too_many_corrections"
    ADDRESS_INCONSISTENT = "address_inconsistent"
    ADDRESS_NOT_LISTED = "address_not_listed"
    NO_WEBHOOK = "no_webhook"
    REMEDY_NOT_OFFERED = "remedy_not_offered"
    VOUCHER_OVER_LIMIT = "voucher_over_limit"
    # The case's parcel carries no gift: nothing to relay, nobody to show.
    NO_GIFT = "no_gift"
