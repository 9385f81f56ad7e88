"""The driver's phone page as a carrier: each tap at the door read like a carrier's push.

A driver drives for a carrier, so what they tap is that carrier's scan: the events are stored
under the shipment's own carrier (the stop names it), which lets a tap and the carrier's own
scan of the same moment be one event (`shipments.scans`). The codes are therefore Halte's
generic codes, which mean the same under every carrier; this table is the subset a driver can
send. The document is built by `halte.drivers` from a stored tap, never posted by outsiders:
there is no webhook route and no tracking API.
"""

from typing import Any

from halte.carriers.feed import (
    CarrierEvent,
    Credentials,
    HmacSignature,
    Mapped,
    OutgoingRequest,
    Parsed,
    events_listed,
    parse_moment,
    read_json,
)
from halte.vocabulary.carriers import HALTE_CODES
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

SLUG = "halte-driver"
NAME = "Halte driver page"
SOURCE = (
    "Halte's driver page (docs/drivers.md): one JSON document per tap, "
    '`{"events": [{"tap_id", "tracking_code", "code", "occurred_at", "place_detail", '
    '"note", "depot"}]}`, written by halte.drivers from the stored tap. The codes are '
    "Halte's generic codes, stored under the carrier the driver drives for."
)
PARSER = "Halte"
TIMEZONE = "Europe/Amsterdam"
# Never used to verify anything: taps reach ingestion from the driver's own session.
WEBHOOK_AUTH = HmacSignature(header="X-Halte-Signature", prefix="sha256=")

_PLACES = [
    DeliveryPlace.RECIPIENT,
    DeliveryPlace.NEIGHBOUR,
    DeliveryPlace.MAILBOX,
    DeliveryPlace.SAFE_PLACE,
    DeliveryPlace.PICKUP_POINT,
]
_REASONS = list(FailureReason)

STATUS_MAP: dict[str, Mapped] = {
    **{
        f"{Status.DELIVERED.value}.{place.value}": Mapped(
            f"Driver: delivered {place.value.replace('_', ' ')}",
            HALTE_CODES[f"{Status.DELIVERED.value}.{place.value}"],
        )
        for place in _PLACES
    },
    **{
        f"{Status.DELIVERY_FAILED.value}.{reason.value}": Mapped(
            f"Driver: not delivered, {reason.value.replace('_', ' ')}",
            HALTE_CODES[f"{Status.DELIVERY_FAILED.value}.{reason.value}"],
        )
        for reason in _REASONS
    },
    # Refused at the door (damaged, inspected while the driver waited): the driver takes it
    # back, so the parcel is on its way back, not a failed attempt to be tried again.
    Status.RETURNING_TO_SENDER.value: Mapped(
        "Driver: refused at the door, taken back",
        HALTE_CODES[Status.RETURNING_TO_SENDER.value],
    ),
}


def _text(item: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string")
    if required and not value.strip():
        raise ValueError(f"'{key}' is missing")
    return value.strip()


def _event(item: Any, position: int) -> CarrierEvent:
    if not isinstance(item, dict):
        raise ValueError("must be an object")
    code = _text(item, "code", required=True)
    meaning = STATUS_MAP.get(code)
    if meaning is None:
        raise ValueError(f"'{code[:40]}' is no driver code; known: {', '.join(STATUS_MAP)}")
    occurred_at = parse_moment(_text(item, "occurred_at", required=True), (), TIMEZONE)
    place = meaning.meaning.place
    detail = _text(item, "place_detail")
    note = _text(item, "note")
    description = meaning.description + (f"; {note}" if note else "")
    return CarrierEvent(
        tracking_code=_text(item, "tracking_code", required=True),
        code=code,
        occurred_at=occurred_at,
        description=description,
        location=_text(item, "depot"),
        delivery_place=place,
        delivery_place_detail=detail if place else "",
        # The tap's own id, made on the phone: a replayed tap is the same event.
        event_id=f"{SLUG}:{_text(item, 'tap_id', required=True)}",
        position=position,
    )


def _events(document: Any) -> Parsed:
    return events_listed(document, _event)


def parse_webhook(body: bytes, content_type: str) -> Parsed:
    return _events(read_json(body, "Halte driver tap JSON"))


def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest:
    # Nothing to ask: the page is Halte's own. Described for the shape and the docs only.
    return OutgoingRequest("GET", f"{account.api_url.rstrip('/')}/{tracking_code}")


def parse_tracking(body: bytes, tracking_code: str) -> Parsed:
    return _events(read_json(body, "Halte driver tap JSON"))
