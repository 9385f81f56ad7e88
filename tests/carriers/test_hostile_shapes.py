"""Carrier payloads with a value of the wrong shape anywhere: the bad part gets a clear reason,
the good parts are read, and no Python error text ever reaches a carrier or the admin."""

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from halte.carriers.adapters import adapter_for
from halte.carriers.feed import MalformedPayload, Parsed, read_payload

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers"
# What a reason must never contain: the words of Python's own errors.
PYTHON_WORDS = ("Error:", "object has no attribute", "not subscriptable", "NoneType")
WRONG_SHAPES: tuple[Any, ...] = ("x", 1, [], None, {})


def _json_fixtures() -> Iterator[tuple[str, str]]:
    for manifest in sorted(FIXTURES.glob("*/manifest.json")):
        for name in json.loads(manifest.read_text()):
            if name.endswith(".json"):
                yield manifest.parent.name, name


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in the document, the first two items of each list standing for all."""
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node[:2])
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _read(carrier: str, name: str, document: Any) -> Parsed:
    meta = json.loads((FIXTURES / carrier / "manifest.json").read_text())[name]
    adapter = adapter_for(carrier)
    assert adapter is not None
    body = json.dumps(document).encode()
    if meta["kind"] == "webhook":
        return read_payload(adapter.parse_webhook, body, meta["content_type"], "push")
    return read_payload(adapter.parse_tracking, body, meta["tracking_code"], "answer")


@pytest.mark.parametrize(("carrier", "name"), list(_json_fixtures()))
def test_a_value_of_the_wrong_shape_anywhere_never_shows_a_python_error(
    carrier: str, name: str
) -> None:
    document = json.loads((FIXTURES / carrier / name).read_text())
    tried = 0
    for path in _paths(document):
        for value in WRONG_SHAPES:
            mutated = copy.deepcopy(document)
            target = mutated
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
            tried += 1
            try:
                parsed = _read(carrier, name, mutated)
            except MalformedPayload as refused:
                reason = str(refused)
                assert not any(word in reason for word in PYTHON_WORDS), (path, value, reason)
                continue
            for problem in parsed.problems:
                assert not any(word in problem.message for word in PYTHON_WORDS), (
                    path,
                    value,
                    problem.message,
                )
    assert tried > 20


def test_a_dhl_push_with_a_text_location_loses_that_event_only() -> None:
    document = json.loads((FIXTURES / "dhl" / "tracking-unified-in-transit.json").read_text())
    events = document["shipments"][0]["events"]
    assert len(events) >= 2
    events[0]["location"] = "Utrecht"
    adapter = adapter_for("dhl")
    assert adapter is not None
    parsed = read_payload(
        adapter.parse_webhook, json.dumps(document).encode(), "application/json", "push"
    )
    assert [(p.index, p.message) for p in parsed.problems] == [
        (0, "'location' must be an object with an 'address'")
    ]
    assert len(parsed.events) == len(events) - 1
