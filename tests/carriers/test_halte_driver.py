"""The driver page's adapter: a tap read like a carrier's push, and listed in the docs."""

import json

import pytest

from halte.carriers import halte_driver
from halte.carriers.docs import DOCS_PATH
from halte.carriers.feed import MalformedPayload
from halte.vocabulary.carriers import HALTE_CODES


def _document(**change: object) -> bytes:
    item = {
        "tap_id": "0b9f-tap",
        "tracking_code": "3SHALT0202020",
        "code": "delivered.neighbour",
        "occurred_at": "2026-11-21T14:02:00+01:00",
        "place_detail": "nr. 14",
        "note": "",
        "depot": "Utrecht-Noord",
        **change,
    }
    return json.dumps({"events": [item]}).encode()


def test_a_tap_reads_as_one_event_with_its_place_and_its_own_id() -> None:
    (event,) = halte_driver.parse_webhook(_document(), "application/json").events
    assert (event.code, event.delivery_place, event.delivery_place_detail) == (
        "delivered.neighbour",
        "neighbour",
        "nr. 14",
    )
    assert event.event_id == "halte-driver:0b9f-tap"
    assert event.occurred_at.isoformat() == "2026-11-21T14:02:00+01:00"


def test_every_driver_code_means_what_halte_s_generic_code_means() -> None:
    # Stored under the shipment's own carrier, a driver's code must read the same there.
    for code, entry in halte_driver.STATUS_MAP.items():
        assert HALTE_CODES[code] == entry.meaning


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"code": "teleported"}, "no driver code"),
        ({"tap_id": ""}, "'tap_id' is missing"),
        ({"occurred_at": "gisteren"}, "unreadable timestamp"),
        ({"tracking_code": 12}, "must be a string"),
    ],
)
def test_a_bad_tap_is_a_problem_of_its_own(change: dict[str, object], says: str) -> None:
    parsed = halte_driver.parse_webhook(_document(**change), "application/json")
    assert not parsed.events and says in parsed.problems[0].message


def test_a_document_that_is_no_tap_list_is_refused_whole() -> None:
    with pytest.raises(MalformedPayload):
        halte_driver.parse_webhook(b'{"taps": []}', "application/json")
    with pytest.raises(MalformedPayload):
        halte_driver.parse_webhook(b"<xml/>", "application/json")


def test_the_carrier_docs_list_every_driver_code() -> None:
    docs = DOCS_PATH.read_text()
    assert "(`halte-driver`)" in docs
    for code in halte_driver.STATUS_MAP:
        assert f"| `{code}` |" in docs
