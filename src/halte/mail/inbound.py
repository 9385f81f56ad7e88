"""Reading a raw e-mail into what a case needs, and recognising automated mail.

Mail arrives from anyone: headers may be malformed, undecodable or hostile and attachment
names may try to climb out of the storage folder. The parser never raises on such input —
a part it cannot read is dropped and listed in `dropped`, so the message itself is kept —
except when the message as a whole cannot be taken (`UnreadableEmail`).
"""

import binascii
import email
import email.header
import email.policy
import logging
import mimetypes
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import errors as email_errors
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr
from typing import TYPE_CHECKING, Literal

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mailparser_reply import EmailReplyParser

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
# More MIME parts than any person attaches; parsing hundreds of thousands of tiny parts takes
# a minute of CPU, so such a message is refused before it is parsed at all.
MAX_PARTS = 1000
# Room for an extension; the storage folder prefix ("attachments/2026/11/") fits beside it.
MAX_FILENAME_CHARS = 100
_MAX_EXTENSION_CHARS = 10
_AUTOMATED_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATED_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|auto-?reply)@", re.I)
# Transfer encodings Python decodes; anything else would be stored still encoded.
_KNOWN_ENCODINGS = {"", "7bit", "8bit", "binary", "base64", "quoted-printable"}
_KNOWN_ENCODINGS |= {"x-uuencode", "uuencode", "uue", "x-uue"}
# Base64 defects that mean bytes were lost, not just padding forgotten.
_LOSSY_BASE64 = (
    email_errors.InvalidBase64CharactersDefect,
    email_errors.InvalidBase64LengthDefect,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class UnreadableEmail(ValueError):
    """The message as a whole cannot be taken in; retrying it would not help."""


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content_type: str
    content: bytes


DroppedBecause = Literal["undecodable", "too_large", "too_many"]
_DROPPED_BECAUSE: dict[DroppedBecause, "StrPromise"] = {
    "undecodable": gettext_lazy("its content could not be decoded"),
    "too_large": gettext_lazy("it is larger than the attachment limit"),
    "too_many": gettext_lazy("the message has more attachments than are kept"),
}


@dataclass(frozen=True)
class DroppedPart:
    """An attachment that was not kept, and why."""

    filename: str
    because: DroppedBecause


@dataclass(frozen=True)
class InboundEmail:
    message_id: str
    in_reply_to: list[str]
    from_address: str
    from_name: str
    recipients: list[str]
    subject: str
    text: str
    html: str
    attachments: list[InboundAttachment] = field(default_factory=list)
    # Why this mail was written by a machine, or "" for a person: never answer a machine.
    automated_because: str = ""
    # Attachments that were refused; the message itself is kept and says so.
    dropped: list[DroppedPart] = field(default_factory=list)


def _without_surrogates(value: str) -> str:
    """Raw 8-bit bytes Python kept as surrogates, read as UTF-8 where they are UTF-8."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return value.encode("utf-8", "replace").decode("utf-8")


def clean_text(value: str) -> str:
    """A header value safe to store and show: no control characters, NULs or lone surrogates."""
    value = _without_surrogates(value)
    value = unicodedata.normalize("NFC", value)
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", value)).strip()


def clean_body(value: str) -> str:
    """Body text safe for every database: PostgreSQL refuses NUL characters in text."""
    return _without_surrogates(value).replace("\x00", "")


def _decode_words(raw: str) -> str:
    """RFC 2047 encoded words decoded the forgiving way; unknown charsets read as UTF-8."""
    try:
        chunks = email.header.decode_header(raw)
    except (email_errors.HeaderParseError, ValueError, binascii.Error):
        return raw
    decoded: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            decoded.append(chunk)
            continue
        try:
            decoded.append(chunk.decode(charset or "utf-8", errors="replace"))
        except LookupError:  # a charset nobody knows
            decoded.append(chunk.decode("utf-8", errors="replace"))
    return "".join(decoded)


def header(message: Message, name: str) -> str:
    """One header as text; Python's strict header parser gives up on some, we do not."""
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except Exception:  # the stdlib parser raises IndexError, TypeError, …
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
        return _decode_words(str(raw))


def _all_headers(message: Message, name: str) -> list[str]:
    try:
        return [str(v) for v in message.get_all(name, [])]
    except Exception:  # see header()
        return [_decode_words(str(v)) for k, v in message.raw_items() if k.lower() == name.lower()]


def safe_filename(name: str, content_type: str = "") -> str:
    """An attachment name that cannot leave its folder, hide, or break a terminal or a database.

    Keeps the last path segment, drops control and direction-changing characters and leading
    dots, and shortens long names while keeping the extension.
    """
    name = clean_text(name).replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".").strip()
    if not name:
        extension = mimetypes.guess_extension(content_type or "") or ""
        return f"attachment{extension}"
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > _MAX_EXTENSION_CHARS or not stem:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    return stem[: MAX_FILENAME_CHARS - len(suffix)].rstrip() + suffix


def automated_because(message: Message) -> str:
    auto_submitted = header(message, "Auto-Submitted").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return clean_text(f"Auto-Submitted: {auto_submitted}")[:200]
    precedence = header(message, "Precedence").strip().lower()
    if precedence in _AUTOMATED_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress-Loop"):
        if header(message, name):
            return name
    if message.get_content_type() == "multipart/report":
        return "delivery report (bounce)"
    if header(message, "Return-Path").strip() == "<>":
        return "empty Return-Path (bounce)"
    if _AUTOMATED_SENDERS.match(parseaddr(header(message, "From"))[1]):
        return "automated sender address"
    return ""


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def _text_of(part: Message) -> str:
    try:
        if isinstance(part, EmailMessage):
            return clean_body(str(part.get_content()))
    except Exception:  # noqa: S110 - unknown charset, bad encoding: read the bytes below
        pass
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        try:
            return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
        except LookupError:  # a charset nobody knows
            return payload.decode("utf-8", errors="replace")
    return clean_body(str(payload or ""))


def html_to_text(html: str) -> str:
    """Text of an HTML body with every tag, script and style removed."""
    without_code = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
    text = nh3.clean(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", without_code), tags=set())
    text = re.sub(r"&nbsp;", " ", text).replace("&amp;", "&").replace("&lt;", "<")
    return re.sub(r"\n{3,}", "\n\n", text.replace("&gt;", ">")).strip()


def _leaves(message: Message) -> Iterator[Message]:
    """Every non-multipart part; a forwarded message (message/rfc822) is one part, not opened."""
    if message.get_content_type() == "message/rfc822":
        yield message
        return
    if not message.is_multipart():
        yield message
        return
    payload = message.get_payload()
    for child in payload if isinstance(payload, list) else []:
        if isinstance(child, Message):
            yield from _leaves(child)


def _attachment_content(part: Message) -> bytes | None:
    """The decoded bytes of an attachment, or None when they cannot be decoded faithfully."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        if not isinstance(inner, Message):
            return None
        try:
            return inner.as_bytes(policy=email.policy.compat32)
        except Exception:  # a forwarded message Python cannot write back
            return None
    encoding = header(part, "Content-Transfer-Encoding").strip().lower()
    if encoding not in _KNOWN_ENCODINGS:
        return None
    defects_before = len(part.defects)
    payload = part.get_payload(decode=True)
    if any(isinstance(d, _LOSSY_BASE64) for d in part.defects[defects_before:]):
        return None
    return payload if isinstance(payload, bytes) else None


def _is_attachment(part: Message, filename: str | None) -> bool:
    disposition = str(part.get_content_disposition() or "")
    if part.get_content_type() == "message/rfc822":
        return True
    return disposition == "attachment" or bool(filename and disposition != "inline")


def _filename_of(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # malformed RFC 2231 parameters
        return None
    return _decode_words(str(name)) if name else None


@dataclass
class _Body:
    """What the message's parts add up to, filled in part by part."""

    text: str = ""
    html: str = ""
    attachments: list[InboundAttachment] = field(default_factory=list)
    dropped: list[DroppedPart] = field(default_factory=list)


def parse_email(
    raw: bytes, *, max_attachment_bytes: int | None = None, max_attachments: int = 20
) -> InboundEmail:
    """Parse leniently: a malformed part loses itself, not the message."""
    if raw.count(b"\n--") > MAX_PARTS:
        raise UnreadableEmail(gettext_lazy("the message has too many MIME parts"))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = _Body()
    for part in _leaves(message):
        try:
            _take_part(
                body,
                part,
                max_attachment_bytes=max_attachment_bytes,
                max_attachments=max_attachments,
            )
        except Exception:  # a part the stdlib cannot read loses itself only
            logger.warning("Dropped an unreadable MIME part", exc_info=True)
            body.dropped.append(DroppedPart("attachment", "undecodable"))
    text = body.text or (html_to_text(body.html) if body.html else "")
    name, address = parseaddr(header(message, "From"))
    return InboundEmail(
        message_id=clean_text((_ids(header(message, "Message-ID")) or [""])[0])[:300],
        in_reply_to=[
            clean_text(i)[:300]
            for i in _ids(header(message, "In-Reply-To")) + _ids(header(message, "References"))
        ],
        from_address=sender_address(address),
        from_name=clean_text(name)[:200],
        recipients=_recipients(message),
        subject=clean_text(header(message, "Subject"))[:300],
        text=clean_body(text)[:MAX_TEXT_CHARS],
        html=clean_body(body.html)[:MAX_TEXT_CHARS],
        attachments=body.attachments,
        automated_because=automated_because(message),
        dropped=body.dropped,
    )


def _take_part(
    body: _Body, part: Message, *, max_attachment_bytes: int | None, max_attachments: int
) -> None:
    """One leaf of the message: an attachment (kept or dropped), or the first plain text or
    HTML body."""
    content_type = part.get_content_type()
    filename = _filename_of(part)
    if _is_attachment(part, filename):
        name = safe_filename(filename or "", content_type)
        if content_type == "message/rfc822" and not filename:
            name = "forwarded-message.eml"
        content = _attachment_content(part)
        if content is None:
            body.dropped.append(DroppedPart(name, "undecodable"))
        elif max_attachment_bytes is not None and len(content) > max_attachment_bytes:
            body.dropped.append(DroppedPart(name, "too_large"))
        elif len(body.attachments) >= max_attachments:
            body.dropped.append(DroppedPart(name, "too_many"))
        else:
            kind = clean_text(content_type)[:100]
            body.attachments.append(InboundAttachment(name, kind, content))
    elif content_type == "text/plain" and not body.text:
        body.text = _text_of(part)
    elif content_type == "text/html" and not body.html:
        body.html = _text_of(part)
    elif part.get_content_maintype() == "multipart" and not body.text:
        body.text = _text_of(part)  # multipart without a boundary: the body is plain text


def _recipients(message: Message) -> list[str]:
    """Every address the message was sent to, as the headers name them."""
    return [
        clean_text(addr)[:320]
        for _, addr in getaddresses(
            [
                v
                for h in ("To", "Cc", "Delivered-To", "X-Original-To")
                for v in _all_headers(message, h)
            ]
        )
        if addr
    ]


def sender_address(address: str) -> str:
    """The sender's address when it is one a reply can reach, otherwise ""."""
    address = clean_text(address).lower()
    if len(address) > 254:
        return ""
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def dropped_note(dropped: list[DroppedPart]) -> str:
    """What the agent reads under the message about attachments that were not kept.

    Written in the installation's language: it is stored once and read by its agents.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return "\n".join(
            _("[Attachment “%(name)s” was not kept: %(reason)s.]")
            % {"name": d.filename, "reason": _DROPPED_BECAUSE[d.because]}
            for d in dropped
        )


def with_dropped_note(text: str, dropped: list[DroppedPart]) -> str:
    return f"{text}\n\n{dropped_note(dropped)}".strip() if dropped else text


# Quote headers the parser library misses: Gmail's and Apple Mail's Dutch forms.
_QUOTE_HEADER = re.compile(
    r"^\s*(Op .{5,120} schreef .{1,200}:|Op .{5,120} heeft .{1,200} het volgende geschreven:)\s*$",
    re.MULTILINE,
)


def latest_reply(text: str) -> str:
    """The customer's new words, without the quoted earlier mail and the signature."""
    match = _QUOTE_HEADER.search(text)
    if match:
        text = text[: match.start()]
    try:
        reply = EmailReplyParser(languages=["nl", "en"]).parse_reply(text)
    except Exception:  # a parser hiccup must not lose the message
        return text.strip()
    return (reply or text).strip()
