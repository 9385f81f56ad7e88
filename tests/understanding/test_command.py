"""`python -m halte understand`: JSON lines in, one result a line out, in input order."""

import json
from io import BytesIO, StringIO
from typing import Any

from django.core.management import call_command

from halte.understanding.reading import read_message


def _run(lines: list[str | bytes]) -> list[dict[str, Any]]:
    out = StringIO()
    call_command("understand", stdin=lines, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_line_gets_its_reading_in_input_order() -> None:
    texts = [
        "Ik wil mijn bestelling annuleren",
        "The box arrived crushed and the vase is broken",
        "Waar blijft mijn pakket?",
    ]
    results = _run([json.dumps({"text": text}) + "\n" for text in texts])
    assert [result["intent"] for result in results] == [
        "cancel_order",
        "damaged",
        "where_is_my_parcel",
    ]
    assert results[1] == read_message(texts[1]).as_json()


def test_a_malformed_line_gets_an_error_in_its_place_and_the_rest_is_read() -> None:
    results = _run(
        [
            '{"text": "Waar blijft mijn pakket?"}\n',
            "{not json\n",
            "\n",
            '["a list"]\n',
            '{"txt": "typo in the field"}\n',
            '{"text": 42}\n',
            '{"text": "Où est mon colis ?", "language": "fr"}\n',
            b'{"text": "\xff\xfe"}\n',
            '{"text": "Please cancel my order", "language": "en"}\n',
        ]
    )
    assert len(results) == 9
    assert results[0]["intent"] == "where_is_my_parcel"
    assert [result["error"]["code"] for result in results[1:8]] == [
        "invalid_json",
        "required",
        "not_an_object",
        "unknown_field",
        "invalid_value",
        "unsupported_language",
        "invalid_utf8",
    ]
    assert [result["error"]["line"] for result in results[1:8]] == [2, 3, 4, 5, 6, 7, 8]
    assert results[8]["intent"] == "cancel_order"


def test_standard_input_is_read_as_bytes_when_no_lines_are_given(monkeypatch: Any) -> None:
    stdin = type("Stdin", (), {"buffer": BytesIO(b'{"text": "Waar is mijn pakket?"}\n')})()
    monkeypatch.setattr("sys.stdin", stdin)
    out = StringIO()
    call_command("understand", stdout=out)
    assert json.loads(out.getvalue())["intent"] == "where_is_my_parcel"
