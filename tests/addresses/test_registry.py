"""Story 01's mix of old postcode and new street is caught, with the right suggestion."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from halte.addresses.models import RegisteredAddress
from halte.addresses.registry import PdokRegistry, check_address
from tests.conftest import LoopbackHTTP

pytestmark = pytest.mark.django_db


def test_old_postcode_with_new_street_is_caught_with_a_suggestion(address_registry: None) -> None:
    check = check_address(
        country="NL", postcode="3572KT", house_number=12, street="Lindelaan", city="De Bilt"
    )
    assert not check.consistent
    assert check.problem == "postcode_street"
    assert check.registered is not None and check.registered.street == "Biltstraat"
    first = check.suggestions[0]
    assert (first.postcode, first.street, first.city) == ("3731HK", "Lindelaan", "De Bilt")


def test_matching_address_is_consistent(address_registry: None) -> None:
    check = check_address(
        country="NL", postcode="3731HK", house_number=12, street="lindelaan ", city="De Bilt"
    )
    assert check.consistent


def test_unknown_address_is_not_listed(address_registry: None) -> None:
    check = check_address(
        country="NL", postcode="9999ZZ", house_number=1, street="Nieuwbouwweg", city="Almere"
    )
    assert (check.consistent, check.problem) == (False, "not_listed")


def test_import_skips_bad_rows_and_names_them(tmp_path: Path) -> None:
    csv = tmp_path / "bag.csv"
    csv.write_text(
        "postcode,house_number,addition,street,city\n"
        "3731 HK,12,,Lindelaan,De Bilt\n"
        "0000XX,1,,Nergens,Nergens\n"
        "3731HK,twelve,,Lindelaan,De Bilt\n"
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("import_addresses", str(csv), stdout=out, stderr=err)
    assert RegisteredAddress.objects.count() == 1
    assert "skipped 2" in out.getvalue()
    assert "line 3" in err.getvalue() and "line 4" in err.getvalue()


def test_import_refuses_a_file_without_the_columns(tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text("pc,nr\n1234AB,1\n")
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_addresses", str(csv))


def test_pdok_adapter_reads_the_locatieserver_answer(
    loopback_http: LoopbackHTTP, settings: Any
) -> None:
    loopback_http.body = json.dumps(
        {
            "response": {
                "numFound": 1,
                "docs": [
                    {
                        "type": "adres",
                        "straatnaam": "Biltstraat",
                        "huisnummer": 12,
                        "huisletter": "A",
                        "postcode": "3572KT",
                        "woonplaatsnaam": "Utrecht",
                    }
                ],
            }
        }
    ).encode()
    found = PdokRegistry(loopback_http.url).at("3572KT", 12)
    assert [(a.street, a.addition, a.city) for a in found] == [("Biltstraat", "A", "Utrecht")]
    method, path, _, _ = loopback_http.requests[0]
    assert method == "GET" and "postcode%3A3572KT" in path and "type%3Aadres" in path
