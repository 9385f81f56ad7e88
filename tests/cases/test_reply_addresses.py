"""Reply addresses thread mail back into its case, and a guessed case number reaches nothing."""

import pytest

from halte.cases.reply_addresses import SpoofedReplyAddress, case_id_from_addresses, reply_address


def test_a_reply_address_leads_back_to_its_case_even_with_a_display_name() -> None:
    assert case_id_from_addresses([f"Support <{reply_address(42)}>"]) == 42


def test_a_reply_address_is_found_among_other_recipients() -> None:
    assert case_id_from_addresses(["support@halte.test", reply_address(7)]) == 7


def test_a_reply_address_with_another_case_number_is_refused_as_forged() -> None:
    forged = reply_address(42).replace("case+42-", "case+43-")

    with pytest.raises(SpoofedReplyAddress):
        case_id_from_addresses([forged])


def test_an_ordinary_address_names_no_case() -> None:
    assert case_id_from_addresses(["support@halte.test"]) is None
