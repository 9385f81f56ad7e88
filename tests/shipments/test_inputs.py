"""Validation of what integrators send, independent of HTTP."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from halte.shipments.inputs import AddressInput, CarrierEventInput


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


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_at", 1_800_000_000, "ISO 8601"),
        ("occurred_at", 0, "ISO 8601"),
        ("window_start", 1.5, "ISO 8601"),
    ],
)
def test_a_date_time_is_taken_only_as_the_iso_string_the_schema_documents(
    field: str, value: Any, message: str
) -> None:
    event = {
        "carrier": "postnl",
        "tracking_code": "3SHALT0101010",
        "code": "at_depot",
        "occurred_at": datetime.now(UTC).isoformat(),
        field: value,
    }
    with pytest.raises(ValidationError, match=message):
        CarrierEventInput.model_validate(event)


def test_a_house_number_is_taken_only_as_a_json_number() -> None:
    address = {"postcode": "3511AB", "street": "Oudegracht", "city": "Utrecht"}
    assert AddressInput.model_validate({**address, "house_number": 12}).house_number == 12
    for sent in ("12", 12.0, True):
        with pytest.raises(ValidationError, match="whole number"):
            AddressInput.model_validate({**address, "house_number": sent})
