"""Validation of what integrators send, independent of HTTP."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from halte.shipments.inputs import CarrierEventInput


def _event(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "carrier": "postnl",
        "tracking_code": "3stest123",
        "code": "delivered",
        "occurred_at": "2026-11-20T16:58:00+01:00",
    }
    event.update(overrides)
    return event


def test_tracking_code_is_upper_cased_and_compacted() -> None:
    assert CarrierEventInput.model_validate(_event()).tracking_code == "3STEST123"


def test_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        CarrierEventInput.model_validate(_event(occurred_at="2026-11-20T16:58:00"))


def test_event_far_in_the_future_is_refused() -> None:
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    with pytest.raises(ValidationError, match="future"):
        CarrierEventInput.model_validate(_event(occurred_at=future))


def test_unknown_carrier_names_the_known_ones() -> None:
    with pytest.raises(ValidationError, match=r"unknown carrier 'fedup'.*postnl"):
        CarrierEventInput.model_validate(_event(carrier="fedup"))


def test_window_must_end_after_it_starts() -> None:
    with pytest.raises(ValidationError, match="window_end must be after"):
        CarrierEventInput.model_validate(
            _event(window_start="2026-11-20T17:00:00+01:00", window_end="2026-11-20T16:00:00+01:00")
        )


def test_unexpected_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        CarrierEventInput.model_validate(_event(status="delivered"))


def test_hostile_tracking_code_is_refused() -> None:
    with pytest.raises(ValidationError, match="letters, digits"):
        CarrierEventInput.model_validate(_event(tracking_code="<script>alert(1)</script>"))
