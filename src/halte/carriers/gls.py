"""GLS adapter: GLS Group Track and Trace answers and pushes as Halte carrier events.

Reads JSON in the shape of GLS Group's Track And Trace API v1 (`ParcelsResponseDTO`):
`{"parcels": [{"requested", "unitno", "status", "statusDateTime", "events": [...]}]}`,
events newest first, each with `code`, `description`, `city`, `postalCode`, `country` and
`eventDateTime` ("2026-11-18T09:12:00+0100"; without an offset it is Amsterdam wall-clock
time). A push carries the same document, or one ParcelDTO on its own. A parcel GLS does not
know comes back as `{"requested", "errorCode", "errorMessage"}` and is reported as a problem.

Codes are GLS's own "EVENTTYPE.REASON" strings exactly as sent (e.g. "DELIVD.PARCELSHOP",
"INTIAL.PREADVICE"); GLS composes them itself, so Halte never splits or rebuilds them. A
delivery event may carry a `deliveryInfo` object saying where the parcel went, which the
code alone does not: `parcelshopDelivery` (name and address of the ParcelShop),
`neighbourDelivery` (the neighbour's street and house number) or `depositDelivery`
(`location`, the agreed safe place).
"""

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import quote

import karrio.lib as karrio_lib
from karrio.mappers.gls.settings import Settings as KarrioGlsSettings
from karrio.providers.gls.tracking import parse_tracking_response

from halte.carriers.feed import (
    HALTE_SECRET_HEADER,
    AccessToken,
    CarrierEvent,
    Credentials,
    ItemProblem,
    MalformedPayload,
    Mapped,
    OutgoingRequest,
    Parsed,
    mapped,
    parse_moment,
    read_json,
)
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

SLUG = "gls"
SOURCE = (
    "GLS Group Track And Trace API v1 (OpenAPI 1.0.7, api.gls-group.net/track-and-trace-v1, "
    "vendored as modules/connectors/gls/vendor/ecitrackandtrace.yaml in github.com/karrioapi/"
    "karrio) for the answer shape, the parcel statuses and the codes INTIAL.PREADVICE, "
    "INTIAL.E48_DATA, INTIAL.NORMAL, DELIVD.PARCELSHOP, CANCEL.NORMAL, CHANGD.MONEWADDR and "
    "CHANGD.PARCELBOX; live answers quoted in public integrations for INBOUD.NORMAL, "
    "OUTBOD.NORMAL, OUTDEL.NORMAL, DELIVD.NORMAL and DELIVD.DEL_BY_PSAPP. GLS publishes its "
    "full code list only behind OAuth (GET /tracking/events/codes), so the other codes "
    "(neighbour, letterbox, deposit, not delivered, stored, return) are Halte's reading of "
    "GLS's documented tracking texts (gls-group.com, paketda.de/paketstatus-gls.html) written "
    "in GLS's EVENTTYPE.REASON form: check them against /tracking/events/codes. GLS documents "
    "no push/webhook or push authentication publicly: Halte accepts the Track and Trace "
    "document as push body, authenticated by a shared secret in X-Halte-Webhook-Secret."
)
PARSER = "karrio-gls (parse_tracking_response)"
TIMEZONE = "Europe/Amsterdam"
WEBHOOK_AUTH = HALTE_SECRET_HEADER

_D = Status.DELIVERED
_F = Status.DELIVERY_FAILED

# Codes GLS itself shows in its API specification or in live answers, with its own text.
_DOCUMENTED: dict[str, Mapped] = {
    "INTIAL.PREADVICE": mapped(
        "The parcel data was entered into the GLS IT system; the parcel was not yet handed "
        "over to GLS.",
        Status.ANNOUNCED,
    ),
    "INTIAL.E48_DATA": mapped(
        "The parcel was provided by the sender for collection by GLS.", Status.ANNOUNCED
    ),
    "INTIAL.NORMAL": mapped("The parcel was handed over to GLS.", Status.RECEIVED_BY_CARRIER),
    "OUTBOD.NORMAL": mapped("The parcel has left the parcel center.", Status.IN_TRANSIT),
    "INBOUD.NORMAL": mapped("The parcel has reached the parcel center.", Status.AT_DEPOT),
    "OUTDEL.NORMAL": mapped(
        "The parcel is expected to be delivered during the day.", Status.OUT_FOR_DELIVERY
    ),
    "DELIVD.NORMAL": mapped("The parcel has been delivered.", _D, place=DeliveryPlace.RECIPIENT),
    "DELIVD.PARCELSHOP": mapped(
        "The parcel has been delivered at the ParcelShop (see ParcelShop information).",
        _D,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    # Collected by the recipient in the ParcelShop: delivered, but neither "at your door"
    # nor "waiting at a pickup point" would be true any more.
    "DELIVD.DEL_BY_PSAPP": mapped(
        "The parcel has been handed over to the consignee in the ParcelShop (ParcelShop app).",
        _D,
        place=DeliveryPlace.COLLECTED,
    ),
    "CANCEL.NORMAL": mapped(
        "The parcel data have been deleted from the GLS IT system.", Status.EXCEPTION
    ),
    "CHANGD.MONEWADDR": mapped("Change completed for - Delivery at new address", Status.IN_TRANSIT),
    "CHANGD.PARCELBOX": mapped("Change completed for - ParcelLocker", Status.IN_TRANSIT),
}

# GLS's documented tracking situations whose exact code string is not public (see SOURCE).
_ASSUMED: dict[str, Mapped] = {
    "INBOUD.MANUAL": mapped(
        "The parcel has reached the parcel center and was sorted manually.", Status.AT_DEPOT
    ),
    "INBOUD.LABEL_UNREADABLE": mapped(
        "The parcel has reached the parcel center; the parcel label is not readable.",
        Status.AT_DEPOT,
    ),
    "CHANGD.PARCELSHOP": mapped("Change completed for - Delivery to ParcelShop", Status.IN_TRANSIT),
    "CHANGD.NEWDATE": mapped("Change completed for - Delivery on a new date", Status.IN_TRANSIT),
    "CHANGD.DEPOSIT": mapped("Change completed for - Deposit permission", Status.IN_TRANSIT),
    "DELIVD.NEIGHBOUR": mapped(
        "The parcel has been delivered at the neighbour's.", _D, place=DeliveryPlace.NEIGHBOUR
    ),
    "DELIVD.DEPOSIT": mapped(
        "The parcel has been delivered / dropped off.", _D, place=DeliveryPlace.SAFE_PLACE
    ),
    "DELIVD.LETTERBOX": mapped(
        "The parcel has been delivered in the letterbox.", _D, place=DeliveryPlace.MAILBOX
    ),
    "DELIVD.PARCELBOX": mapped(
        "The parcel has been delivered to the ParcelLocker.", _D, place=DeliveryPlace.PICKUP_POINT
    ),
    "NOTDEL.ABSENT": mapped(
        "The parcel could not be delivered as the consignee was absent.",
        _F,
        reason=FailureReason.NOT_HOME,
    ),
    "NOTDEL.NOTIFICATIONCARD": mapped(
        "The consignee was informed by notification card about the delivery/pickup attempt.",
        _F,
        reason=FailureReason.NOT_HOME,
    ),
    "NOTDEL.CLOSED": mapped(
        "The parcel could not be delivered due to closed goods receipt.",
        _F,
        reason=FailureReason.NOT_HOME,
    ),
    "NOTDEL.HOLIDAY": mapped(
        "The parcel could not be delivered as the consignee is on holiday.",
        _F,
        reason=FailureReason.NOT_HOME,
    ),
    "NOTDEL.ADDRESS": mapped(
        "The parcel could not be delivered as further address information is needed.",
        _F,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "NOTDEL.REFUSED": mapped(
        "Not delivered due to declined acceptance", _F, reason=FailureReason.REFUSED
    ),
    "NOTDEL.DAMAGED": mapped(
        "Acceptance refused because the parcel is damaged.", _F, reason=FailureReason.DAMAGED
    ),
    "NOTDEL.TRAFFIC": mapped("The parcel could not be delivered due to traffic problems.", _F),
    "NOTDEL.CASHSERVICE": mapped(
        "The parcel is stored in the GLS depot as Cash-Service data are missing.",
        Status.EXCEPTION,
    ),
    "STORED.NORMAL": mapped("The parcel is stored in the GLS depot.", Status.AT_DEPOT),
    "STORED.AGREED_DATE": mapped(
        "The parcel is stored in the parcel center until the agreed delivery date.",
        Status.AT_DEPOT,
    ),
    "STORED.PS_STORAGETIME": mapped(
        "The parcel is stored in the GLS depot; the storage time in the ParcelShop was exceeded.",
        Status.AT_DEPOT,
    ),
    "RETURN.NORMAL": mapped(
        "The parcel is on its way back to the shipper.", Status.RETURNING_TO_SENDER
    ),
    "RETURN.STORAGETIME": mapped(
        "The parcel has reached the maximum storage time in the ParcelShop.",
        Status.RETURNING_TO_SENDER,
    ),
    "RETURN.DELIVERED": mapped("The parcel has been returned to the shipper.", Status.RETURNED),
    "DISPOS.NORMAL": mapped(
        "The parcel is disposed of on the instructions of the shipper.", Status.EXCEPTION
    ),
}

STATUS_MAP: dict[str, Mapped] = {**_DOCUMENTED, **_ASSUMED}
DOCUMENTED_CODES = frozenset(_DOCUMENTED)

_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
)
_EVENT_FIELDS = ("code", "city", "postalCode", "country", "description", "eventDateTime")
# The one timestamp layout karrio-gls reads; anything else makes it raise for the whole answer.
_KARRIO_STAMP = "%Y-%m-%dT%H:%M:%S%z"
_TT_PREFIX = "/track-and-trace-v1"


@dataclass(frozen=True)
class _Event:
    """An event that passed Halte's checks: what karrio drops is kept here."""

    occurred_at: datetime
    place: DeliveryPlace | None
    detail: str
    fields: dict[str, str]


@cache
def _karrio_settings() -> Any:
    # Parsing needs no credentials; karrio's settings type insists on having some.
    return KarrioGlsSettings(client_id="halte", client_secret="")


def _string(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string")
    return value.strip()


def _section(info: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = info.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"'deliveryInfo.{key}' must be an object")
    return value


def _street(address: dict[str, Any]) -> str:
    return " ".join(p for p in (_string(address, "street"), _string(address, "houseNumber")) if p)


def _delivery(code: str, info: Any) -> tuple[DeliveryPlace | None, str]:
    if info is None:
        return None, ""
    if not isinstance(info, dict):
        raise ValueError("'deliveryInfo' must be an object")
    # Only a delivery has a place; a ParcelShop named on a failed attempt is not one.
    if not code.startswith("DELIVD."):
        return None, ""
    shop = _section(info, "parcelshopDelivery")
    if shop is not None:
        town = " ".join(p for p in (_string(shop, "postalCode"), _string(shop, "city")) if p)
        parts = (_string(shop, "name"), _street(shop), town)
        return DeliveryPlace.PICKUP_POINT, ", ".join(p for p in parts if p)
    neighbour = _section(info, "neighbourDelivery")
    if neighbour is not None:
        street = _string(neighbour, "street")
        number = _string(neighbour, "houseNumber")
        # The neighbour's name stays out: the address is what the recipient needs.
        detail = _street(neighbour) if street else (f"huisnummer {number}" if number else "")
        return DeliveryPlace.NEIGHBOUR, detail
    deposit = _section(info, "depositDelivery")
    if deposit is not None:
        return DeliveryPlace.SAFE_PLACE, _string(deposit, "location")
    return None, ""


def _event(item: Any) -> _Event:
    if not isinstance(item, dict):
        raise ValueError("must be an object")
    fields = {key: _string(item, key) for key in _EVENT_FIELDS}
    for key in ("code", "eventDateTime"):
        if not fields[key]:
            raise ValueError(f"'{key}' is missing")
    try:
        occurred_at = parse_moment(fields["eventDateTime"], _FORMATS, TIMEZONE)
    except ValueError as exc:
        raise ValueError(f"'eventDateTime': {exc}") from None
    place, detail = _delivery(fields["code"], item.get("deliveryInfo"))
    fields["eventDateTime"] = occurred_at.strftime(_KARRIO_STAMP)
    return _Event(occurred_at, place, detail, fields)


def _karrio_events(tracking_code: str, status: str, events: list[_Event]) -> list[Any]:
    """Karrio's reading of one parcel, fed only the fields of its schema."""
    document = {
        "parcels": [
            {
                "requested": tracking_code,
                "unitno": tracking_code,
                "status": status,
                "events": [e.fields for e in events],
            }
        ]
    }
    details, _messages = parse_tracking_response(
        karrio_lib.Deserializable(json.dumps(document), karrio_lib.to_dict), _karrio_settings()
    )
    return list(details[0].events or []) if details else []


def _parcel_code(parcel: dict[str, Any], fallback: str) -> str:
    # `requested` is what was asked for (the code the shipment is known by); a push may only
    # carry the GLS parcel number.
    return _string(parcel, "requested") or _string(parcel, "unitno") or fallback.strip()


def _read(parcels: list[Any], fallback_code: str) -> Parsed:
    parsed = Parsed()
    index = 0
    for p, parcel in enumerate(parcels):
        where = f"parcels[{p}]"
        try:
            if not isinstance(parcel, dict):
                raise ValueError("must be an object")
            tracking_code = _parcel_code(parcel, fallback_code)
            error = parcel.get("errorCode")
            if error:
                message = str(parcel.get("errorMessage") or "no message")
                raise ValueError(f"GLS reports {error} ({message}) for '{tracking_code}'")
            if not tracking_code:
                raise ValueError("has neither 'requested' nor 'unitno'")
            raw_events = parcel.get("events")
            if raw_events is None:
                raw_events = []
            if not isinstance(raw_events, list):
                raise ValueError("'events' must be a list")
            status = _string(parcel, "status")
        except ValueError as exc:
            parsed.problems.append(ItemProblem(index, f"{where}: {exc}"))
            index += 1
            continue
        good: list[_Event] = []
        for e, item in enumerate(raw_events):
            try:
                good.append(_event(item))
            except ValueError as exc:
                parsed.problems.append(ItemProblem(index, f"{where}.events[{e}]: {exc}"))
            index += 1
        if not good:
            continue
        for raw, read in zip(good, _karrio_events(tracking_code, status, good), strict=True):
            parsed.events.append(
                CarrierEvent(
                    tracking_code=tracking_code,
                    code=str(read.code or "").strip(),
                    occurred_at=raw.occurred_at,
                    description=str(read.description or "").strip(),
                    location=str(read.location or "").strip(),
                    delivery_place=raw.place,
                    delivery_place_detail=raw.detail,
                )
            )
    return parsed


def _document(body: bytes) -> Any:
    return read_json(body, "a GLS Track and Trace JSON document")


def _error_answer(document: dict[str, Any]) -> str | None:
    """GLS's own error bodies (Spring problem details, Apigee faults), said plainly."""
    fault = document.get("fault")
    if isinstance(fault, dict) and fault.get("faultstring"):
        return f"GLS API gateway refused the request: {fault['faultstring']}"
    if "title" in document and "status" in document:
        detail = document.get("detail") or "no detail"
        return f"GLS answered {document['status']} {document['title']}: {detail}"
    return None


def _parcels(document: Any, *, single_parcel: bool) -> list[Any]:
    if isinstance(document, dict):
        if isinstance(document.get("parcels"), list):
            return list(document["parcels"])
        if single_parcel and ("unitno" in document or "requested" in document):
            return [document]
        error = _error_answer(document)
        if error:
            raise MalformedPayload(error)
    raise MalformedPayload(
        "expected a JSON object with a list under 'parcels' (GLS Track and Trace answer)"
    )


def parse_webhook(body: bytes, content_type: str) -> Parsed:
    return _read(_parcels(_document(body), single_parcel=True), "")


def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest:
    base = account.api_url.rstrip("/")
    if not base.endswith(_TT_PREFIX):
        base += _TT_PREFIX
    code = quote(tracking_code.strip(), safe="")
    return OutgoingRequest(
        "GET",
        f"{base}/tracking/simple/trackids/{code}?showEvents=true",
        {
            # The OAuth2 token the poller got with token_request, not the client secret.
            "Authorization": f"Bearer {account.api_key}",
            "Accept": "application/json",
            "Accept-Language": "EN",
        },
    )


def parse_tracking(body: bytes, tracking_code: str) -> Parsed:
    return _read(_parcels(_document(body), single_parcel=False), tracking_code)


def token_request(account: Credentials) -> OutgoingRequest:
    """OAuth2 client credentials: `api_user` is the client id, `api_key` the client secret."""
    base = account.api_url.rstrip("/").removesuffix(_TT_PREFIX)
    basic = base64.b64encode(f"{account.api_user}:{account.api_key}".encode()).decode()
    return OutgoingRequest(
        "POST",
        f"{base}/oauth2/v2/token",
        {
            "Authorization": f"Basic {basic}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        },
        b"grant_type=client_credentials",
    )


def read_token(body: bytes) -> AccessToken:
    document = _document(body)
    token = document.get("access_token") if isinstance(document, dict) else None
    if not isinstance(token, str) or not token:
        raise MalformedPayload("the OAuth2 answer holds no access_token")
    seconds = document.get("expires_in")
    valid_for = int(seconds) if isinstance(seconds, int | str) and str(seconds).isdigit() else 3600
    return AccessToken(token, timedelta(seconds=valid_for))
