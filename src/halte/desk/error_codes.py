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
