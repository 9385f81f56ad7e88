"""Every status reads as a plain sentence in Dutch and English, never as a carrier code."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import translation

from halte.shipments.sentences import event_sentence, headline
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

AT = datetime(2026, 11, 22, 15, 58, tzinfo=UTC)  # 16:58 in Amsterdam

CASES = (
    [(s, "", "") for s in Status]
    + [(Status.DELIVERED, p, "") for p in DeliveryPlace]
    + [(Status.DELIVERY_FAILED, "", r) for r in FailureReason]
)


@pytest.mark.parametrize(("status", "place", "reason"), CASES)
def test_each_status_has_its_own_dutch_and_english_sentence(
    status: str, place: str, reason: str
) -> None:
    kwargs: dict[str, Any] = {
        "place": place,
        "detail": "nr. 14",
        "reason": reason,
        "window_start": AT,
        "window_end": AT,
    }
    with translation.override("en"):
        english = event_sentence(status, **kwargs)
    with translation.override("nl"):
        dutch = event_sentence(status, **kwargs)
    assert english != dutch
    assert english.endswith(".") and dutch.endswith(".")
    assert status not in dutch.split()


def test_different_places_read_differently() -> None:
    with translation.override("nl"):
        sentences = {event_sentence(Status.DELIVERED, place=p) for p in DeliveryPlace}
    assert len(sentences) == len(DeliveryPlace)


def test_delivered_headline_says_when_and_where_in_dutch() -> None:
    with translation.override("nl"):
        text = headline(Status.DELIVERED, status_at=AT, place="safe_place", detail="in de tuin")
    assert text == "Bezorgd om 16:58 op een veilige plek: in de tuin."


def test_unmapped_code_gets_an_honest_generic_sentence() -> None:
    with translation.override("nl"):
        text = event_sentence(Status.UNMAPPED)
    assert "nog niet" in text


def test_window_sentence_uses_local_time() -> None:
    with translation.override("nl"):
        text = event_sentence(Status.WINDOW_SET, window_start=AT, window_end=AT)
    assert "16:58" in text
