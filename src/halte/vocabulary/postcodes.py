"""Checks on Dutch and Belgian postal addresses that need no registry."""

import re

_NL_POSTCODE = re.compile(r"^[1-9][0-9]{3}(?!SA|SD|SS)[A-Z]{2}$")
_BE_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


class InvalidPostcode(ValueError):
    pass


def normalise_postcode(country: str, raw: str) -> str:
    """The postcode as stored and looked up: `1234AB` in NL, `1000` in BE."""
    compact = compact_postcode(raw)
    if country == "NL":
        if not _NL_POSTCODE.match(compact):
            raise InvalidPostcode(
                f"'{raw}' is not a Dutch postcode; expected four digits and two letters, "
                "e.g. 3511 AB"
            )
        return compact
    if country == "BE":
        if not _BE_POSTCODE.match(compact):
            raise InvalidPostcode(
                f"'{raw}' is not a Belgian postcode; expected four digits, e.g. 1000"
            )
        return compact
    raise InvalidPostcode(f"country '{country}' is not supported; use NL or BE")


def compact_postcode(raw: str) -> str:
    """A postcode typed by a customer, in the stored form, without judging it: "3731-hk"."""
    return re.sub(r"[\s.-]+", "", raw).upper()[:8]


def display_postcode(stored: str) -> str:
    """A stored postcode as people write it: `3511 AB` (Dutch, six characters), `1000` as is."""
    return f"{stored[:4]} {stored[4:]}" if len(stored) == 6 else stored
