"""A customer saying the problem is gone closes the case; saying it is not, never does."""

import pytest

from halte.understanding.reading import read_message


def wants_to_close(text: str) -> bool:
    reading = read_message(text)
    return reading.intent == "close_case" and not reading.needs_person


@pytest.mark.parametrize(
    "text",
    [
        "Found it in the garden under a tarp, you can close this.",
        "Never mind, it was delivered after all",
        "Laat maar, ik heb het al gevonden!",
        "Gevonden in de tuin onder een zeil.",
        "Het pakket is toch bezorgd, opgelost.",
        "nevermind",
    ],
)
def test_solved_messages_close(text: str) -> None:
    assert wants_to_close(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ik heb het pakket niet gevonden.",
        "Still not found, where is my parcel?",
        "Het is nog steeds niet bezorgd",
        "Mijn pakket is niet opgelost en ik ben boos",
        "Where is my parcel? It says delivered.",
        "",
    ],
)
def test_other_messages_do_not_close(text: str) -> None:
    assert not wants_to_close(text)
