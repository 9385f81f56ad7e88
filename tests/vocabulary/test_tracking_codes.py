"""Carrier formats and check digits: real-looking codes pass, one wrong digit fails."""

import pytest

from halte.vocabulary.tracking_codes import (
    code_shaped,
    fails_its_check,
    gls_check_digit,
    gs1_check_digit,
    iso7064_mod37_36_check,
    recognise,
    s10_check_digit,
)


def test_s10_check_digit_matches_the_upu_example() -> None:
    # UPU S10's worked example: AA 47312482 9 GB.
    assert s10_check_digit("47312482") == 9
    # A remainder of 1 gives 10, written 0; a remainder of 0 gives 11, written 5.
    assert s10_check_digit("00000000") == 5


def test_gs1_check_digit_matches_the_gs1_sscc_example() -> None:
    assert gs1_check_digit("10614141123456789") == 7


def test_iso7064_mod37_36_matches_the_isan_example() -> None:
    # ISAN 0000-0000-D07A-0090-Q is checked with the same system DPD prints on its labels.
    assert iso7064_mod37_36_check("00000000D07A0090") == "Q"


def test_gls_check_digit_weighs_three_one_from_the_left_plus_one() -> None:
    # 1*3+2+3*3+4+5*3+6+7*3+8+9*3+0+1*3 = 98, plus one is 99: the check digit is 1.
    assert gls_check_digit("12345678901") == 1


@pytest.mark.parametrize(
    ("code", "carrier", "name"),
    [
        ("RR123456785NL", "postnl", "UPU S10"),
        ("CD123456785BE", "bpost", "UPU S10"),
        ("AA473124829GB", "", "UPU S10"),
        ("3SHALT0101010", "postnl", "PostNL 3S"),
        ("3SDEVC123456789", "postnl", "PostNL 3S"),
        ("JVGL06290512000100000117", "dhl", "DHL Parcel Benelux"),
        ("JJD000390007827587766", "dhl", "DHL Parcel"),
        ("1234567891", "dhl", "DHL Express"),
        ("00340434161094000007", "dhl", "DHL Paket SSCC"),
        ("05222111830099", "dpd", "DPD"),
        ("05222111830099X", "dpd", "DPD"),
        ("123456789011", "gls", "GLS"),
        ("501612345675", "gls", "GLS"),
        ("323212345678901234567890", "bpost", "bpost"),
    ],
)
def test_valid_codes_are_recognised_with_their_carrier(code: str, carrier: str, name: str) -> None:
    recognised = recognise(code)
    assert recognised is not None
    assert (recognised.carrier, recognised.format) == (carrier, name)


@pytest.mark.parametrize(
    "code",
    [
        "RR123456784NL",  # S10 with a wrong check digit
        "AA473124828GB",
        "1234567892",  # DHL Express: 123456789 mod 7 is 1
        "00340434161094000008",  # SSCC off by one
        "05222111830099Y",  # DPD check character wrong
        "123456789012",  # GLS: the check digit is 1
        "3SHALT01010",  # 3S with five digits
        "3S12340101010",  # 3S needs a letter customer code
        "JVGL123",
        "HELLOWORLD12",
    ],
)
def test_codes_that_fail_their_format_or_check_are_not_codes(code: str) -> None:
    assert recognise(code) is None


def test_a_refuted_check_digit_drops_a_token_even_for_the_shipments_table() -> None:
    assert fails_its_check("RR123456784NL")
    assert fails_its_check("1234567892")
    assert not fails_its_check("3SSHOPA0000001")  # a shop's own code: no check to fail
    shaped = [span.code for span in code_shaped("RR123456784NL of RR123456785NL of SHOP00012345")]
    assert shaped == ["RR123456785NL", "SHOP00012345"]


def test_code_shaped_joins_grouped_digits_and_reports_where_they_were() -> None:
    text = "Mijn pakket 0522 2111 8300 99 is zoek"
    [span] = code_shaped(text)
    assert span.code == "05222111830099"
    assert text[span.start : span.end] == "0522 2111 8300 99"


def test_code_shaped_skips_e_mail_addresses_and_file_names() -> None:
    assert code_shaped("jan1234567890@example.nl en log_3SHALT0101010.txt") == []
