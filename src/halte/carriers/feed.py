"""The shape every carrier adapter has, and the pieces they share.

An adapter is one module per carrier (`halte.carriers.postnl`, `…dhl`, …) that turns the
carrier's own payloads — webhook pushes and tracking-API responses — into `CarrierEvent`s,
and says in `STATUS_MAP` what each of the carrier's codes means in Halte's vocabulary. It
does no I/O: the webhook endpoint hands it bytes, the poller fetches what `tracking_request`
describes and hands the answer to `parse_tracking`. That keeps every adapter testable with
nothing but the fixture files.

Every adapter module defines:

    SLUG: str                         # key in halte.vocabulary.carriers.CARRIERS
    SOURCE: str                       # where its formats and codes come from (docs/carriers.md)
    PARSER: str                       # "karrio-dpd (parse_tracking_response)" or "Halte"
    TIMEZONE: str                     # how to read the carrier's timestamps without an offset
    STATUS_MAP: dict[str, Mapped]     # every documented code → meaning, with its description
    WEBHOOK_AUTH: WebhookAuth         # how a push proves it comes from the carrier
    def parse_webhook(body: bytes, content_type: str) -> Parsed
    def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest
    def parse_tracking(body: bytes, tracking_code: str) -> Parsed

and, where the tracking API wants a short-lived token instead of the account's own secret:

    def token_request(account: Credentials) -> OutgoingRequest   # e.g. OAuth2, a SOAP login
    def read_token(body: bytes) -> AccessToken                    # MalformedPayload if none
"""

import base64
import hashlib
import hmac
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from halte.vocabulary.carriers import Meaning, normalise_code
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status


class MalformedPayload(ValueError):
    """The payload as a whole cannot be read; the message says why, for the sender."""


@dataclass(frozen=True)
class Mapped:
    """One carrier code: what the carrier calls it, and what it means to a recipient."""

    description: str
    meaning: Meaning


def mapped(
    description: str,
    status: Status,
    *,
    place: DeliveryPlace | None = None,
    reason: FailureReason | None = None,
) -> Mapped:
    """A STATUS_MAP entry, written as one readable line per code."""
    return Mapped(description, Meaning(status, place=place, reason=reason))


# Each table's codes by their normalised form, built once per table (the tables are constants).
_NORMALISED: dict[int, tuple[Mapping[str, Mapped], dict[str, Mapped]]] = {}


def code_entry(table: Mapping[str, Mapped], code: str) -> Mapped | None:
    """A code's entry in a STATUS_MAP, the code compared as `normalise_code` says.

    The code's own spelling (without surrounding space) is tried first: a few tables document
    two codes that differ only in case (DHL `delivered` and `DELIVERED`, DPD `Delivered` and
    `DELIVERED`) and each keeps its own meaning. Any other case or padding of a code means
    the code; of two codes differing only in case, another spelling means the first listed.
    """
    exact = table.get(code.strip())
    if exact is not None:
        return exact
    cached = _NORMALISED.get(id(table))
    if cached is None or cached[0] is not table or len(cached[1]) > len(table):
        index: dict[str, Mapped] = {}
        for key, entry in table.items():
            index.setdefault(normalise_code(key), entry)
        cached = (table, index)
        _NORMALISED[id(table)] = cached
    return cached[1].get(normalise_code(code))


@dataclass(frozen=True)
class CarrierEvent:
    """One event as the carrier told it; Halte's meaning comes from STATUS_MAP later."""

    tracking_code: str
    code: str
    occurred_at: datetime
    description: str = ""
    location: str = ""
    # Only where the payload says more than the code: the neighbour's house number, the
    # safe place ("achter het huis"), the pickup point's name.
    delivery_place: DeliveryPlace | None = None
    delivery_place_detail: str = ""
    window_start: datetime | None = None
    window_end: datetime | None = None
    # The carrier's own id for the event, where it has one; otherwise Halte digests the content.
    event_id: str | None = None
    # Where the event stood in the payload, so an error about it names the same index as the
    # adapter's own ItemProblems; None where the adapter does not track it.
    position: int | None = None


@dataclass(frozen=True)
class ItemProblem:
    """One event in an otherwise readable payload that could not be read."""

    index: int
    message: str


@dataclass
class Parsed:
    events: list[CarrierEvent] = field(default_factory=list)
    problems: list[ItemProblem] = field(default_factory=list)


def events_listed(document: Any, read_event: Callable[[Any, int], CarrierEvent]) -> Parsed:
    """`{"events": [...]}`, each item read by `read_event(item, index)`; an item it refuses
    (ValueError) is a problem of its own, the rest are read."""
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise MalformedPayload("expected a JSON object with a list under 'events'")
    parsed = Parsed()
    for index, item in enumerate(document["events"]):
        try:
            parsed.events.append(read_event(item, index))
        except ValueError as exc:
            parsed.problems.append(ItemProblem(index, str(exc)))
    return parsed


@dataclass(frozen=True)
class Credentials:
    """What an organisation's account with a carrier gives the poller."""

    api_url: str
    api_key: str = ""
    api_user: str = ""


@dataclass(frozen=True)
class AccessToken:
    """A token a carrier's login gave, and how long the carrier says it holds."""

    value: str
    valid_for: timedelta


@dataclass(frozen=True)
class OutgoingRequest:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


class WebhookAuth(Protocol):
    """How a carrier proves a push is its own; `headers_for` signs a body the same way."""

    header: str
    query_param: str

    def verify(self, headers: Mapping[str, str], body: bytes, secret: str) -> bool: ...

    def headers_for(self, body: bytes, secret: str) -> dict[str, str]: ...


def _header(headers: Mapping[str, str], name: str) -> str:
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), "")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def secret_digest(secret: str) -> bytes:
    """What a shared secret is looked up by: its digest, never the secret compared as text."""
    return _digest(secret)


@dataclass(frozen=True)
class SharedSecret:
    """The carrier sends the agreed secret itself in a header.

    `query_param`: for a carrier that cannot add headers (DPD), the URL parameter the secret
    may come in instead; it then shows in access logs, so only where there is no other way.
    """

    header: str
    prefix: str = ""
    query_param: str = ""

    def given_secret(self, headers: Mapping[str, str]) -> str:
        """The secret the push carries (without the prefix), or "" when it carries none."""
        given = _header(headers, self.header)
        return given[len(self.prefix) :] if given.startswith(self.prefix) else ""

    def verify(self, headers: Mapping[str, str], body: bytes, secret: str) -> bool:
        given = _header(headers, self.header)
        if not secret or not given.startswith(self.prefix):
            return False
        # Digests of equal length: the comparison reveals neither content nor length.
        return hmac.compare_digest(_digest(given[len(self.prefix) :]), _digest(secret))

    def headers_for(self, body: bytes, secret: str) -> dict[str, str]:
        return {self.header: self.prefix + secret}


@dataclass(frozen=True)
class HmacSignature:
    """The carrier signs the raw body with HMAC-SHA256 under the agreed secret."""

    header: str
    prefix: str = ""
    encoding: str = "hex"  # or "base64"
    query_param: str = ""

    def _digest(self, body: bytes, secret: str) -> str:
        raw = hmac.new(secret.encode(), body, hashlib.sha256).digest()
        return raw.hex() if self.encoding == "hex" else base64.b64encode(raw).decode()

    def verify(self, headers: Mapping[str, str], body: bytes, secret: str) -> bool:
        given = _header(headers, self.header).strip()
        if not secret or not given.startswith(self.prefix):
            return False
        expected = self._digest(body, secret)
        return hmac.compare_digest(given[len(self.prefix) :].encode(), expected.encode())

    def headers_for(self, body: bytes, secret: str) -> dict[str, str]:
        return {self.header: self.prefix + self._digest(body, secret)}


# For carriers that document no scheme of their own: Halte's one header for the shared secret.
HALTE_SECRET_HEADER = SharedSecret(header="X-Halte-Webhook-Secret")


def local_moment(naive: datetime, timezone_name: str) -> datetime:
    """A carrier's wall-clock time (no offset given) as an aware moment in its own zone."""
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(timezone_name))


def parse_moment(text: str, formats: tuple[str, ...], timezone_name: str) -> datetime:
    """Read a timestamp in one of the carrier's formats; ValueError names what was given."""
    value = text.strip()
    try:
        return local_moment(datetime.fromisoformat(value), timezone_name)
    except ValueError:
        pass
    for fmt in formats:
        try:
            return local_moment(datetime.strptime(value, fmt), timezone_name)  # noqa: DTZ007 - zone added next
        except ValueError:
            continue
    raise ValueError(f"unreadable timestamp '{value[:40]}'")


# A carrier's window spans hours, never more than a day (the event input refuses longer), and
# lies near the event that brings it: a start further off than this is a garbled date.
LONGEST_WINDOW = timedelta(hours=24)
WINDOW_REACH = timedelta(days=60)


def delivery_window(
    start: object, end: object, formats: tuple[str, ...], timezone_name: str, *, near: datetime
) -> tuple[datetime, datetime] | None:
    """A carrier's delivery window, read like its other timestamps; None if it is no window.

    A value without a time of day ("2026-11-20") is a day, not a window: Halte invents no hours
    for it. A window that ends before it starts, lasts over a day, cannot be read or lies far
    from the event `near` it is left out, so the event it came with is still stored.
    """
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    if ":" not in start or ":" not in end:
        return None
    try:
        window_start = parse_moment(start, formats, timezone_name)
        window_end = parse_moment(end, formats, timezone_name)
        if not window_start < window_end <= window_start + LONGEST_WINDOW:
            return None
        if abs(window_start - near) > WINDOW_REACH:
            return None
    except (ValueError, OverflowError):
        # A start in year 1 or 9999 cannot even be compared once its offset is applied.
        return None
    return window_start, window_end


def with_window(
    events: list[CarrierEvent],
    start: object,
    end: object,
    formats: tuple[str, ...],
    timezone_name: str,
) -> None:
    """Put the carrier's window on the latest of `events` (the one it was told with), if usable."""
    if not events:
        return
    latest = max(range(len(events)), key=lambda i: events[i].occurred_at)
    window = delivery_window(start, end, formats, timezone_name, near=events[latest].occurred_at)
    if window is not None:
        events[latest] = replace(events[latest], window_start=window[0], window_end=window[1])


def read_json(body: bytes | str, expected: str) -> Any:
    """A carrier's JSON document; `expected` names it in the error ("PostNL status JSON")."""
    raw = body.encode() if isinstance(body, str) else body
    if not raw.strip():
        raise MalformedPayload(f"the body is empty; expected {expected}")
    if raw.lstrip().startswith(b"<"):
        raise MalformedPayload(f"expected {expected}, got XML or HTML")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedPayload(f"not valid JSON ({expected}): {exc}") from exc
    except RecursionError:
        raise MalformedPayload(f"JSON nested too deeply ({expected})") from None


# What a reading of untrusted bytes may raise besides MalformedPayload: a shape the adapter
# did not foresee, a date beyond year 9999, nesting deeper than Python recurses.
UNFORESEEN = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OverflowError,
    RecursionError,
)


def read_payload(read: Callable[[bytes, str], Parsed], body: bytes, arg: str, what: str) -> Parsed:
    """An adapter's reading of untrusted bytes; anything unforeseen is a malformed payload."""
    try:
        return read(body, arg)
    except MalformedPayload:
        raise
    except UNFORESEEN as exc:
        raise MalformedPayload(f"unreadable {what} ({type(exc).__name__}: {exc})"[:300]) from exc


_DECLARATION_REFUSED = "XML with a DOCTYPE or ENTITY declaration is refused"


def read_xml(body: bytes | str, expected: str) -> ET.Element:
    """A carrier's XML document; `expected` names it in the error ("bpost itemTracking XML").

    A DTD can expand entities without bound or reach for external files, and no carrier's
    tracking XML carries one: defusedxml refuses any DOCTYPE, ENTITY or external reference
    whatever the document's encoding (a byte search misses them in UTF-16).
    """
    raw = body.encode() if isinstance(body, str) else body
    if not raw.strip():
        raise MalformedPayload(f"the body is empty; expected {expected}")
    # Named early where the bytes show it (a stray ENTITY is not even well-formed XML);
    # defusedxml is what holds in every encoding.
    if re.search(rb"<!(DOCTYPE|ENTITY)", raw, re.IGNORECASE):
        raise MalformedPayload(_DECLARATION_REFUSED)
    try:
        root: ET.Element = defused_fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        raise MalformedPayload(_DECLARATION_REFUSED) from None
    except ET.ParseError as exc:
        raise MalformedPayload(f"not well-formed XML ({expected}): {exc}") from exc
    except ValueError as exc:  # e.g. UTF-16 declared without a byte order mark
        raise MalformedPayload(f"unreadable XML ({expected}): {exc}") from exc
    return root
