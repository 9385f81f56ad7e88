"""Halte's generic carrier format: for a carrier or integrator that normalises its own feed.

A push is `{"events": [...]}` with the same fields as `POST /api/v1/carrier-events` (without
`carrier`), signed with HMAC-SHA256 over the raw body; a tracking-API answer has the same shape.
"""

from datetime import datetime
from typing import Any

from halte.carriers.feed import (
    CarrierEvent,
    Credentials,
    HmacSignature,
    Mapped,
    OutgoingRequest,
    Parsed,
    events_listed,
    read_json,
)
from halte.vocabulary.carriers import HALTE_CODES
from halte.vocabulary.status import DeliveryPlace

SLUG = "generic"
SOURCE = (
    'Halte\'s own format: `{"events": [...]}` with the item fields of '
    "`POST /api/v1/carrier-events` (docs/openapi.json) without `carrier`; times need an offset."
)
PARSER = "Halte"
TIMEZONE = "Europe/Amsterdam"
WEBHOOK_AUTH = HmacSignature(header="X-Halte-Signature", prefix="sha256=")

_DESCRIPTIONS = {code: code.replace("_", " ").replace(".", ": ") for code in HALTE_CODES}
STATUS_MAP: dict[str, Mapped] = {
    code: Mapped(_DESCRIPTIONS[code], meaning) for code, meaning in HALTE_CODES.items()
}


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string")
    return value.strip()


def _event(item: Any, position: int) -> CarrierEvent:
    if not isinstance(item, dict):
        raise ValueError("must be an object")
    for key in ("tracking_code", "code", "occurred_at"):
        if not _text(item, key):
            raise ValueError(f"'{key}' is missing")
    place = item.get("delivery_place") or {}
    if not isinstance(place, dict):
        raise ValueError("'delivery_place' must be an object with 'kind' and 'detail'")
    kind = place.get("kind")
    if kind is not None and kind not in DeliveryPlace.values:
        raise ValueError(f"'delivery_place.kind' must be one of {', '.join(DeliveryPlace.values)}")
    window = [item.get("window_start"), item.get("window_end")]
    event_id = item.get("event_id")
    return CarrierEvent(
        tracking_code=_text(item, "tracking_code"),
        code=_text(item, "code"),
        occurred_at=_aware(_text(item, "occurred_at"), "occurred_at"),
        description=_text(item, "description"),
        location=_text(item, "location"),
        delivery_place=DeliveryPlace(kind) if kind else None,
        delivery_place_detail=str(place.get("detail") or "").strip(),
        window_start=_aware(str(window[0]), "window_start") if window[0] else None,
        window_end=_aware(str(window[1]), "window_end") if window[1] else None,
        event_id=str(event_id) if event_id else None,
        position=position,
    )


def _aware(text: str, key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{key}' is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise ValueError(f"'{key}' needs a time zone offset, e.g. 2026-11-20T16:58:00+01:00")
    return moment


def _events(document: Any) -> Parsed:
    return events_listed(document, _event)


def _json(body: bytes) -> Any:
    return read_json(body, "Halte's generic JSON")


def parse_webhook(body: bytes, content_type: str) -> Parsed:
    return _events(_json(body))


def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest:
    return OutgoingRequest(
        "GET",
        f"{account.api_url.rstrip('/')}/{tracking_code}",
        {"Authorization": f"Bearer {account.api_key}", "Accept": "application/json"},
    )


def parse_tracking(body: bytes, tracking_code: str) -> Parsed:
    return _events(_json(body))
