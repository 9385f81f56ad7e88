"""One physical scan, whichever road it came by: when two event records are the same scan.

A parcel's scans reach Halte by several roads — the carrier's push, an answer of its tracking
API, the batch API — and each road names the same scan with its own code and id (DPD's push
says `delivery_customer` with a push id, its tracking answer `Delivered` without one; PostNL
reports a status code and an event code for one moment). Matching on the carrier's id or on
the content digest cannot see that, so the timeline showed the scan twice.

Two records are one scan when they are of the same carrier and parcel, happened within
`SAME_MOMENT` of each other and mean the same: the same status, and no contradiction in where
it was delivered or why it failed (one may say more than the other, never something else).
Their union keeps every detail either gives; which record arrived first does not matter.
"""

from datetime import datetime, timedelta

from halte.shipments.storage import EventRecord
from halte.vocabulary.status import Status

# Carriers round differently: DHL's German answers and some pushes give whole minutes, others
# seconds or milliseconds, and a truncated minute is up to 59 s before the exact time. Two
# minutes covers a truncated and a rounded time of one scan with room for a lagging clock,
# while no parcel is scanned twice with the same meaning within two minutes for real.
SAME_MOMENT = timedelta(minutes=2)


def same_scan(a: EventRecord, b: EventRecord) -> bool:
    """Whether two records of one parcel describe one physical scan."""
    return (
        a.status == b.status
        and a.status != Status.UNMAPPED
        and abs(a.occurred_at - b.occurred_at) <= SAME_MOMENT
        and _agree(a.delivery_place, b.delivery_place)
        and _agree(a.failure_reason, b.failure_reason)
    )


def _agree(a: str, b: str) -> bool:
    # An empty value says nothing; two different values contradict each other.
    return not a or not b or a == b


def _fuller(a: str, b: str) -> str:
    # The longer text says more ("Dorpsstraat 14, Utrecht" over "Dorpsstraat 14"); the tie is
    # broken by the text itself so that arrival order never decides.
    return max(a, b, key=lambda text: (len(text), text))


def _window(a: EventRecord, b: EventRecord) -> tuple[datetime | None, datetime | None]:
    windows: list[tuple[datetime, datetime]] = [
        (r.window_start, r.window_end)
        for r in (a, b)
        if r.window_start is not None and r.window_end is not None
    ]
    if not windows:
        return (a.window_start or b.window_start, a.window_end or b.window_end)
    # The narrower window is the more precise promise; the same width goes to the earlier.
    return min(windows, key=lambda w: (w[1] - w[0], w[0]))


def _richness(record: EventRecord) -> tuple[int, int, int, int, int, int]:
    return (
        bool(record.delivery_place),
        bool(record.delivery_place_detail),
        bool(record.failure_reason),
        record.window_start is not None,
        bool(record.location),
        len(record.raw_description),
    )


def merge_scan(kept: EventRecord, other: EventRecord) -> EventRecord:
    """One record with everything two records of the same scan say.

    The kept record's key stays (it is how a resend is recognised); the carrier's code and
    wording come from the richer record. The moment is the earlier of the two: a carrier that
    rounds never makes a scan seem later than it was.
    """
    richer = other if _richness(other) > _richness(kept) else kept
    window_start, window_end = _window(kept, other)
    return kept._replace(
        raw_code=richer.raw_code,
        raw_description=richer.raw_description,
        delivery_place=kept.delivery_place or other.delivery_place,
        delivery_place_detail=_fuller(kept.delivery_place_detail, other.delivery_place_detail),
        failure_reason=kept.failure_reason or other.failure_reason,
        window_start=window_start,
        window_end=window_end,
        location=_fuller(kept.location, other.location),
        occurred_at=min(kept.occurred_at, other.occurred_at),
    )
