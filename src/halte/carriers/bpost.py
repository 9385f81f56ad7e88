"""bpost (Belgium): its Track & Trace item answers and pushes read into Halte's carrier events.

Formats read: bpost's `itemTracking` XML document (namespace http://schema.post.be/tracking/v1/,
the answer of GET /services/trackedmail/item/{itemCode}/trackingInfo), one `stateInfo` per scan
with `time`, `location`, `stateCode` and `stateDescription`. A push carries the same document:
either one `<itemTracking>` as the root, or any root element holding several `<itemTracking>`
children. Codes are bpost's `stateCode` exactly as sent (three characters, e.g. "U01"); no code
is composed. bpost gives no event id, so Halte digests each event's content.

The `stateDescription` reads "<State> - <qualifier>" (e.g. "DistributedNormally - regular"); a
qualifier naming a delivery place (neighbour, letterbox, safe place, pick-up point, parcel
locker) refines a delivered event's place. The neighbour's address or the safe place comes from
the scan's `location`; a pick-up point or bpack 24/7 locker from the document's `pickupPoint`.
"""

import base64
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import quote

import karrio.lib as karrio_lib
from karrio.mappers.bpost.settings import Settings as KarrioSettings
from karrio.providers.bpost.tracking import parse_tracking_response

from halte.carriers.feed import (
    HALTE_SECRET_HEADER,
    CarrierEvent,
    Credentials,
    ItemProblem,
    MalformedPayload,
    Mapped,
    OutgoingRequest,
    Parsed,
    code_entry,
    mapped,
    parse_moment,
    read_xml,
    with_window,
)
from halte.carriers.karrio_tracking import events_from_karrio
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

SLUG = "bpost"
SOURCE = (
    "bpost Track & Trace item XML (tracking_info_v1.xsd, shipped with the bpack integration "
    "manual: https://bpost.freshdesk.com/support/solutions/articles/4000037653) as read by "
    "karrio-bpost (github.com/karrioapi/karrio modules/connectors/bpost: tracking.py, units.py "
    "TrackingStatus/TrackingIncidentReason, tests/bpost/test_tracking.py). bpost publishes no "
    "state-code table: the wording of T00, L00 and U01 is bpost's own (karrio's sample answer); "
    "every other code is karrio's list, with a meaning read from karrio's grouping, the code "
    "family (B blocked/not delivered, N not delivered today, U handed over) and bpost's public "
    "status names (bpost.be FAQ, My bpost app). Where karrio disagrees with bpost's own wording "
    "(L00 'BoundToRound - out_for_distribution' is out for delivery, not on hold), the wording "
    "wins. Most uncertain: which U code is which place, and U08 (delivered back to the sender). "
    "bpost documents no push format or push authentication: a push is taken to carry the same "
    "itemTracking XML, proven by a shared secret in the X-Halte-Webhook-Secret header (Halte's "
    "choice, configured on the relay or bpost subscription that calls the webhook)."
)
PARSER = "karrio-bpost (parse_tracking_response)"
TIMEZONE = "Europe/Brussels"
WEBHOOK_AUTH = HALTE_SECRET_HEADER

_S = Status
_P = DeliveryPlace
_R = FailureReason

STATUS_MAP: dict[str, Mapped] = {
    # B: the parcel is blocked or could not be handed over, with the reason in the code.
    "B00": mapped("Held by customs", _S.EXCEPTION),
    "B01": mapped("Held by customs: clearance documents missing", _S.EXCEPTION),
    "B02": mapped("Held by customs: import duties to be paid", _S.EXCEPTION),
    "B03": mapped("Not delivered: refused by the addressee", _S.DELIVERY_FAILED, reason=_R.REFUSED),
    "B04": mapped("Not delivered: addressee absent", _S.DELIVERY_FAILED, reason=_R.NOT_HOME),
    "B05": mapped("Not delivered: parcel damaged", _S.DELIVERY_FAILED, reason=_R.DAMAGED),
    "B06": mapped(
        "Not delivered: address incomplete", _S.DELIVERY_FAILED, reason=_R.ADDRESS_INCORRECT
    ),
    "B07": mapped(
        "Not delivered: address unknown", _S.DELIVERY_FAILED, reason=_R.ADDRESS_INCORRECT
    ),
    "B08": mapped("Not delivered: contents damaged", _S.DELIVERY_FAILED, reason=_R.DAMAGED),
    "B09": mapped(
        "Not delivered: addressee has moved", _S.DELIVERY_FAILED, reason=_R.ADDRESS_INCORRECT
    ),
    "B10": mapped(
        "Not delivered: addressee unknown at this address",
        _S.DELIVERY_FAILED,
        reason=_R.ADDRESS_INCORRECT,
    ),
    "B11": mapped("Held at the depot", _S.EXCEPTION),
    "B12": mapped("Held at the depot awaiting instructions", _S.EXCEPTION),
    "B13": mapped("Held at the depot: cash on delivery not paid", _S.EXCEPTION),
    "B18": mapped("Held: delivery blocked", _S.EXCEPTION),
    "B23": mapped(
        "Not delivered: refused (charges not accepted)", _S.DELIVERY_FAILED, reason=_R.REFUSED
    ),
    "B24": mapped("Held: delivery suspended", _S.EXCEPTION),
    "B28": mapped("Held: parcel under investigation", _S.EXCEPTION),
    # C, I: customs and international exchange scans, the parcel moving on.
    "C00": mapped("Customs clearance in progress", _S.IN_TRANSIT),
    "I03": mapped("International: dispatched to the destination country", _S.IN_TRANSIT),
    "I10": mapped("International: arrived in the exchange office", _S.IN_TRANSIT),
    "I11": mapped("International: presented to customs", _S.IN_TRANSIT),
    "I12": mapped("International: released by customs", _S.IN_TRANSIT),
    "I18": mapped("International: held in the exchange office", _S.IN_TRANSIT),
    "I19": mapped("International: leaving the exchange office", _S.IN_TRANSIT),
    "I58": mapped("International: handed to the partner carrier", _S.IN_TRANSIT),
    "I61": mapped("International: received from the partner carrier", _S.IN_TRANSIT),
    "I66": mapped("International: awaiting transport", _S.IN_TRANSIT),
    "I67": mapped("International: in transport", _S.IN_TRANSIT),
    "I68": mapped("International: arrived in the destination country", _S.IN_TRANSIT),
    "I72": mapped("International: customs information received", _S.IN_TRANSIT),
    "I88": mapped("International: in transit", _S.IN_TRANSIT),
    # L: on the postman's round.
    "L00": mapped("BoundToRound - out_for_distribution", _S.OUT_FOR_DELIVERY),
    # N: not delivered today; the parcel stays in bpost's hands.
    "N01": mapped("Not delivered: addressee absent", _S.DELIVERY_FAILED, reason=_R.NOT_HOME),
    "N02": mapped(
        "Not delivered: addressee absent, notice left", _S.DELIVERY_FAILED, reason=_R.NOT_HOME
    ),
    "N03": mapped("Not delivered: business closed", _S.DELIVERY_FAILED, reason=_R.NOT_HOME),
    "N04": mapped("Delivery delayed", _S.IN_TRANSIT),
    "N05": mapped("Delivery delayed: no access to the address", _S.IN_TRANSIT),
    "N06": mapped("Delivery delayed: round not completed", _S.IN_TRANSIT),
    "N07": mapped("Delivery delayed: weather conditions", _S.IN_TRANSIT),
    "N08": mapped("Delivery delayed: vehicle problem", _S.IN_TRANSIT),
    "N10": mapped("Delivery delayed: arrived too late for the round", _S.IN_TRANSIT),
    "N11": mapped("Delivery delayed: wrongly sorted, sent on", _S.IN_TRANSIT),
    "N12": mapped("Delivery delayed: at the addressee's request", _S.IN_TRANSIT),
    "N13": mapped("Delivery delayed: new delivery date set", _S.IN_TRANSIT),
    "N14": mapped("In transit to the delivery office", _S.IN_TRANSIT),
    "N16": mapped("Delivery delayed: second presentation planned", _S.IN_TRANSIT),
    "N28": mapped("Delivery delayed: held for the addressee", _S.IN_TRANSIT),
    "N32": mapped("Delivery delayed: operational reasons", _S.IN_TRANSIT),
    "N74": mapped(
        "Available at the pick-up point for collection", _S.DELIVERED, place=_P.PICKUP_POINT
    ),
    "N91": mapped("Delivery delayed: strike", _S.IN_TRANSIT),
    "N92": mapped("Delivery delayed: force majeure", _S.IN_TRANSIT),
    "N93": mapped("Delivery delayed: capacity", _S.IN_TRANSIT),
    "N94": mapped("Delivery delayed: technical problem", _S.IN_TRANSIT),
    "N95": mapped("Delivery delayed: public holiday", _S.IN_TRANSIT),
    "N96": mapped("Delivery delayed: other reason", _S.IN_TRANSIT),
    # P: delivery postponed.
    "P00": mapped("Delivery postponed", _S.IN_TRANSIT),
    # R: routing in bpost's network; R13 is a bpack 24/7 locker holding the parcel.
    "R00": mapped("In transit", _S.IN_TRANSIT),
    "R01": mapped("In transit to the sorting centre", _S.IN_TRANSIT),
    "R02": mapped("In transit between sorting centres", _S.IN_TRANSIT),
    "R03": mapped("In transit to the delivery office", _S.IN_TRANSIT),
    "R04": mapped("Redirected to a new address", _S.IN_TRANSIT),
    "R05": mapped("Redirected to a pick-up point", _S.IN_TRANSIT),
    "R11": mapped("Not delivered to the pick-up point", _S.DELIVERY_FAILED),
    "R12": mapped("Not delivered to the parcel locker", _S.DELIVERY_FAILED),
    "R13": mapped("Available in the bpack 24/7 parcel locker", _S.DELIVERED, place=_P.PICKUP_POINT),
    # S, T: sorting.
    "S00": mapped("Missing after sorting, under investigation", _S.EXCEPTION),
    "T00": mapped("Sorted - sorted_out", _S.AT_DEPOT),
    "T03": mapped("Sorting problem, parcel set aside", _S.EXCEPTION),
    # U: handed over.
    "U00": mapped("Delivered", _S.DELIVERED),
    "U01": mapped("DistributedNormally - regular", _S.DELIVERED, place=_P.RECIPIENT),
    "U02": mapped("Delivered in the letterbox", _S.DELIVERED, place=_P.MAILBOX),
    "U03": mapped("Delivered to a neighbour", _S.DELIVERED, place=_P.NEIGHBOUR),
    "U04": mapped("Delivered at the safe place", _S.DELIVERED, place=_P.SAFE_PLACE),
    "U05": mapped(
        "Collected by the addressee at the pick-up point", _S.DELIVERED, place=_P.COLLECTED
    ),
    "U06": mapped(
        "Collected by the addressee from the bpack 24/7 parcel locker",
        _S.DELIVERED,
        place=_P.COLLECTED,
    ),
    "U07": mapped("Delivered abroad by the partner carrier", _S.DELIVERED),
    "U08": mapped("Delivered back to the sender", _S.RETURNED),
}

# Words in a stateDescription's qualifier (English, Dutch, French as bpost writes them) that
# name where a parcel was left; checked in this order, so "parcel_locker" is not a "letterbox".
_QUALIFIER_PLACES: tuple[tuple[re.Pattern[str], DeliveryPlace], ...] = (
    (re.compile(r"neighbou?r|buren|buur|voisin"), DeliveryPlace.NEIGHBOUR),
    (re.compile(r"safe[ _-]?place|veilige[ _-]?plaats|lieu[ _-]?s[uû]r"), DeliveryPlace.SAFE_PLACE),
    (
        re.compile(
            r"locker|24[ _/-]?7|automaat|distributeur|pick[ _-]?up|pugo|post[ _-]?point|afhaal"
        ),
        DeliveryPlace.PICKUP_POINT,
    ),
    (re.compile(r"letter[ _-]?box|mail[ _-]?box|brievenbus|bo[iî]te"), DeliveryPlace.MAILBOX),
)
# Places whose detail is where exactly: the neighbour's address, the safe place.
_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M:%S")


@dataclass(frozen=True)
class _Scan:
    """One readable stateInfo as the raw document gives it, for what karrio drops."""

    moment: datetime
    location: str
    description: str


@dataclass(frozen=True)
class _Item:
    tracking_code: str
    element: ET.Element
    scans: list[_Scan]
    pickup_point: str
    # deliveryTimeWindow's plannedDeliveryDateWindowStart and …End, as sent (or None).
    window: tuple[str | None, str | None] = (None, None)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ET.Element, name: str) -> str:
    found = _child(element, name)
    return " ".join((found.text or "").split()) if found is not None else ""


def _document(body: bytes) -> ET.Element:
    return read_xml(body, "bpost itemTracking XML")


def _bpost_error(root: ET.Element) -> str | None:
    if _local(root.tag) not in ("systemException", "businessException"):
        return None
    what = " ".join(p for p in (_local(root.tag), _text(root, "code")) if p)
    return f"bpost answered with {what}: {_text(root, 'message') or 'no message'}"


def _pickup_point(item: ET.Element) -> str:
    point = _child(item, "pickupPoint")
    if point is None:
        return ""
    street = " ".join(p for p in (_text(point, "streetName"), _text(point, "houseNumber")) if p)
    town = " ".join(p for p in (_text(point, "postalCode"), _text(point, "city")) if p)
    return ", ".join(p for p in (_text(point, "name"), street, town) if p)


def _read_item(element: ET.Element, tracking_code: str, start: int, parsed: Parsed) -> _Item:
    """The item's readable scans; an unreadable one becomes a problem and leaves the document."""
    scans: list[_Scan] = []
    index = start
    for state in [c for c in element if _local(c.tag) == "stateInfo"]:
        time_element = _child(state, "time")
        try:
            if not _text(state, "stateCode"):
                raise ValueError("stateInfo has no stateCode")
            if time_element is None or not _text(state, "time"):
                raise ValueError("stateInfo has no time")
            moment = parse_moment(_text(state, "time"), _TIME_FORMATS, TIMEZONE)
        except ValueError as exc:
            parsed.problems.append(ItemProblem(index, f"{tracking_code}: {exc}"))
            element.remove(state)
        else:
            # karrio's datetime reader only knows ISO 8601; give it the moment already read.
            time_element.text = moment.isoformat()
            location, description = _text(state, "location"), _text(state, "stateDescription")
            scans.append(_Scan(moment, location, description))
        index += 1
    pickup_point = _pickup_point(element)
    planned = _child(element, "deliveryTimeWindow")
    window: tuple[str | None, str | None] = (None, None)
    if planned is not None:
        window = (
            _text(planned, "plannedDeliveryDateWindowStart") or None,
            _text(planned, "plannedDeliveryDateWindowEnd") or None,
        )
    # karrio is handed only what Halte takes from it: a malformed weight or delivery time
    # (which Halte never shows) would otherwise make its reader refuse the whole item.
    for extra in [c for c in element if _local(c.tag) not in ("itemCode", "stateInfo")]:
        element.remove(extra)
    return _Item(tracking_code, element, scans, pickup_point, window)


@cache
def _settings() -> Any:
    # Parsing needs no account: these only satisfy the settings' required fields.
    return KarrioSettings(account_id="halte", passphrase="parse-only")  # noqa: S106 - no secret


def _karrio_details(items: list[_Item]) -> list[Any]:
    documents = [(i.tracking_code, ET.tostring(i.element, encoding="unicode")) for i in items]
    response = karrio_lib.Deserializable(
        documents, lambda docs: [(code, karrio_lib.to_element(text)) for code, text in docs]
    )
    try:
        details, _messages = parse_tracking_response(response, _settings())
    except Exception as exc:  # generateDS raises its own GDSParseError besides ValueError
        raise MalformedPayload(f"bpost itemTracking could not be read: {exc}") from exc
    return list(details)


def _place_from_qualifier(description: str) -> DeliveryPlace | None:
    _, _, qualifier = description.partition(" - ")
    lowered = qualifier.lower()
    return next((place for pattern, place in _QUALIFIER_PLACES if pattern.search(lowered)), None)


def _enriched(event: CarrierEvent, scan: _Scan, item: _Item) -> CarrierEvent:
    entry = code_entry(STATUS_MAP, event.code)
    # karrio drops the scan's location and its UTC offset; both come from the document.
    enriched = replace(
        event,
        tracking_code=item.tracking_code,
        occurred_at=scan.moment,
        location=scan.location or event.location,
    )
    if entry is None or entry.meaning.status != Status.DELIVERED:
        return enriched
    told = _place_from_qualifier(scan.description)
    place = told or entry.meaning.place
    detail = ""
    # A scan's location is the sorting office ("LEUVEN X"), never the neighbour's address, so
    # only a pick-up point has a detail: its name and address from the document.
    if place in (DeliveryPlace.PICKUP_POINT, DeliveryPlace.COLLECTED):
        detail = item.pickup_point
    if (told is None or told == entry.meaning.place) and not detail:
        return enriched
    return replace(enriched, delivery_place=place, delivery_place_detail=detail)


def _events(items: list[_Item], parsed: Parsed) -> Parsed:
    readable = [i for i in items if i.scans]
    if not readable:
        return parsed
    details = _karrio_details(readable)
    for item, detail in zip(readable, details, strict=True):
        from_karrio = events_from_karrio([detail], TIMEZONE)
        if len(from_karrio.events) != len(item.scans):
            raise MalformedPayload(f"{item.tracking_code}: stateInfo could not be read in full")
        events = [
            _enriched(event, scan, item)
            for event, scan in zip(from_karrio.events, item.scans, strict=True)
        ]
        # bpost's planned window belongs to the item as it stands: on its latest scan.
        with_window(events, *item.window, _TIME_FORMATS, TIMEZONE)
        parsed.events.extend(events)
    return parsed


def _items(elements: list[ET.Element], fallback_code: str = "") -> Parsed:
    parsed = Parsed()
    items: list[_Item] = []
    start = 0
    for number, element in enumerate(elements, start=1):
        tracking_code = _text(element, "itemCode") or fallback_code
        if not tracking_code:
            raise MalformedPayload(f"itemTracking #{number} has no itemCode")
        states = sum(1 for c in element if _local(c.tag) == "stateInfo")
        items.append(_read_item(element, tracking_code, start, parsed))
        start += states
    return _events(items, parsed)


def parse_webhook(body: bytes, content_type: str) -> Parsed:
    root = _document(body)
    error = _bpost_error(root)
    if error:
        raise MalformedPayload(error)
    if _local(root.tag) == "itemTracking":
        return _items([root])
    elements = [c for c in root if _local(c.tag) == "itemTracking"]
    if not elements:
        raise MalformedPayload(
            f"expected an <itemTracking> document or a list of them, got <{_local(root.tag)}>"
        )
    return _items(elements)


def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest:
    # bpost's trackedmail service takes the account id and passphrase as HTTP Basic.
    pair = f"{account.api_user}:{account.api_key}".encode()
    return OutgoingRequest(
        "GET",
        f"{account.api_url.rstrip('/')}/services/trackedmail/item/"
        f"{quote(tracking_code.strip(), safe='')}/trackingInfo",
        {"Authorization": f"Basic {base64.b64encode(pair).decode('ascii')}"},
    )


def parse_tracking(body: bytes, tracking_code: str) -> Parsed:
    root = _document(body)
    error = _bpost_error(root)
    if error:
        raise MalformedPayload(error)
    if _local(root.tag) != "itemTracking":
        raise MalformedPayload(f"expected an <itemTracking> document, got <{_local(root.tag)}>")
    return _items([root], fallback_code=tracking_code.strip())
