"""Karrio's parsed tracking details turned into Halte's carrier events.

Karrio's `parse_tracking_response` of a carrier gives `TrackingDetails` with events whose
`code` is the carrier's own code — which Halte keeps as the raw code and maps itself with the
adapter's STATUS_MAP (karrio's own coarse status is not used: it has no delivery place and
folds distinct codes together).

Karrio writes each event's `timestamp` as "YYYY-MM-DDTHH:MM:SS.000Z", but the "Z" is not UTC:
it is the carrier's wall-clock time with any offset dropped. So the time is read as wall-clock
time in the carrier's zone; `date` + `time` are the fallback when there is no timestamp.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from halte.carriers.feed import CarrierEvent, ItemProblem, Parsed, local_moment


def _wall_clock(event: Any) -> datetime:
    stamp = str(getattr(event, "timestamp", "") or "")
    if stamp:
        return datetime.fromisoformat(stamp.removesuffix("Z").split(".")[0])
    day = str(getattr(event, "date", "") or "")
    clock = str(getattr(event, "time", "") or "00:00").split(" ")[0]
    return datetime.fromisoformat(f"{day}T{clock}")


def events_from_karrio(details: Iterable[Any], timezone_name: str) -> Parsed:
    """Every event of every parsed shipment; an event without a readable time is a problem."""
    parsed = Parsed()
    index = 0
    for detail in details:
        tracking_code = str(detail.tracking_number or "").strip()
        for event in detail.events or []:
            code = str(event.code or "").strip()
            try:
                occurred_at = local_moment(_wall_clock(event), timezone_name)
            except ValueError:
                parsed.problems.append(ItemProblem(index, "event has no readable date and time"))
                index += 1
                continue
            if not code:
                parsed.problems.append(ItemProblem(index, "event has no status code"))
            else:
                parsed.events.append(
                    CarrierEvent(
                        tracking_code=tracking_code,
                        code=code,
                        occurred_at=occurred_at,
                        description=str(event.description or "").strip(),
                        location=str(event.location or "").strip(),
                    )
                )
            index += 1
    return parsed
