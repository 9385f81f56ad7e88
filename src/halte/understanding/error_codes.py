"""Error codes of POST /api/v1/understand and of `python -m halte understand`."""

from enum import StrEnum


class UnderstandingErrorCode(StrEnum):
    # `text` is longer than HALTE_UNDERSTANDING_MAX_TEXT_CHARS.
    TEXT_TOO_LONG = "text_too_long"
    # `language` is given and is not one Halte reads (nl, en, with or without a region).
    UNSUPPORTED_LANGUAGE = "unsupported_language"
