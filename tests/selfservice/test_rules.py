"""What may still change depends on where the parcel is; a re-route gets an honest window."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from halte.selfservice.rules import CorrectionPath, address_correction, reroute_window
from halte.vocabulary.status import Status

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("status", "path"),
    [
        (Status.ANNOUNCED, CorrectionPath.CARRIER_TOLD),
        (Status.AT_DEPOT, CorrectionPath.CARRIER_TOLD),
        (Status.DELIVERY_FAILED, CorrectionPath.CARRIER_TOLD),
        (Status.OUT_FOR_DELIVERY, CorrectionPath.REROUTED),
        (Status.WINDOW_SET, CorrectionPath.REROUTED),
        (Status.DELIVERED, CorrectionPath.REFUSED),
        (Status.RETURNING_TO_SENDER, CorrectionPath.REFUSED),
    ],
)
def test_correction_path_follows_the_parcel(status: str, path: CorrectionPath) -> None:
    assert address_correction(status).path is path


def test_reroute_during_the_day_is_about_an_hour_ahead() -> None:
    start, end = reroute_window(datetime(2026, 11, 24, 12, 43, tzinfo=AMS))
    assert (start.astimezone(AMS).strftime("%H:%M"), end.astimezone(AMS).strftime("%H:%M")) == (
        "13:30",
        "14:30",
    )


def test_reroute_late_on_friday_moves_to_monday_morning() -> None:
    start, _ = reroute_window(datetime(2026, 11, 27, 20, 30, tzinfo=AMS))
    assert start.astimezone(AMS) == datetime(2026, 11, 30, 9, 0, tzinfo=AMS)
