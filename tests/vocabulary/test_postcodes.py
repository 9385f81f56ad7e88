"""Dutch and Belgian postcodes: stored compact, refused with an example when malformed."""

import pytest

from halte.vocabulary.postcodes import InvalidPostcode, compact_postcode, normalise_postcode


@pytest.mark.parametrize(
    ("country", "raw", "stored"),
    [("NL", "3511 ab", "3511AB"), ("NL", " 1000AA ", "1000AA"), ("BE", "1000", "1000")],
)
def test_valid_postcodes_are_stored_compact(country: str, raw: str, stored: str) -> None:
    assert normalise_postcode(country, raw) == stored


@pytest.mark.parametrize(
    ("country", "raw"),
    [
        ("NL", "0123 AB"),
        ("NL", "1234 SS"),
        ("NL", "12345"),
        ("NL", "1234"),
        ("BE", "0999"),
        ("BE", "1000 AB"),
        ("DE", "10115"),
    ],
)
def test_invalid_postcodes_are_refused_with_an_example(country: str, raw: str) -> None:
    with pytest.raises(InvalidPostcode, match=r"postcode|not supported"):
        normalise_postcode(country, raw)


def test_a_typed_postcode_is_compacted_without_being_judged() -> None:
    assert compact_postcode(" 3731-hk ") == "3731HK"
    assert compact_postcode("1234 SS") == "1234SS"
    assert compact_postcode("12345678 90") == "12345678"
