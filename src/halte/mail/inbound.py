"""Reading a raw e-mail into what a case needs, and recognising automated mail."""

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

import nh3
from mailparser_reply import EmailReplyParser

MAX_TEXT_CHARS = 200_000
_AUTOMATED_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATED_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|auto-?reply)@", re.I)


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content_type: str
    content: bytes


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


def automated_because(message: Message) -> str:
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in _AUTOMATED_PRECEDENCE:
        return f"Precedence: {precedence}"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress-Loop"):
        if message.get(header):
            return header
    if message.get_content_type() == "multipart/report":
        return "delivery report (bounce)"
    if str(message.get("Return-Path", "")).strip() == "<>":
        return "empty Return-Path (bounce)"
    if _AUTOMATED_SENDERS.match(parseaddr(str(message.get("From", "")))[1]):
        return "automated sender address"
    return ""


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def _text_of(part: Message) -> str:
    try:
        if isinstance(part, EmailMessage):
            return str(part.get_content())
    except (LookupError, ValueError, AssertionError):
        pass
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        try:
            return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
        except LookupError:  # a charset nobody knows
            return payload.decode("utf-8", errors="replace")
    return str(payload or "")


def html_to_text(html: str) -> str:
    """Text of an HTML body with every tag, script and style removed."""
    without_code = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
    text = nh3.clean(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", without_code), tags=set())
    text = re.sub(r"&nbsp;", " ", text).replace("&amp;", "&").replace("&lt;", "<")
    return re.sub(r"\n{3,}", "\n\n", text.replace("&gt;", ">")).strip()


def parse_email(raw: bytes) -> InboundEmail:
    """Parse leniently: a malformed part loses itself, not the message."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text, html = "", ""
    attachments: list[InboundAttachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = str(part.get_content_disposition() or "")
        content_type = part.get_content_type()
        filename = part.get_filename()
        if disposition == "attachment" or (filename and disposition != "inline"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                attachments.append(
                    InboundAttachment(
                        filename=(filename or "attachment")[:255],
                        content_type=content_type[:100],
                        content=payload,
                    )
                )
        elif content_type == "text/plain" and not text:
            text = _text_of(part)
        elif content_type == "text/html" and not html:
            html = _text_of(part)
    if not text and html:
        text = html_to_text(html)
    name, address = parseaddr(str(message.get("From", "")))
    recipients = [
        addr
        for _, addr in getaddresses(
            [
                str(v)
                for h in ("To", "Cc", "Delivered-To", "X-Original-To")
                for v in message.get_all(h, [])
            ]
        )
        if addr
    ]
    return InboundEmail(
        message_id=(_ids(str(message.get("Message-ID", ""))) or [""])[0][:300],
        in_reply_to=_ids(str(message.get("In-Reply-To", "")))
        + _ids(str(message.get("References", ""))),
        from_address=address.lower()[:320],
        from_name=name[:200],
        recipients=recipients,
        subject=str(message.get("Subject", ""))[:300],
        text=text[:MAX_TEXT_CHARS],
        html=html[:MAX_TEXT_CHARS],
        attachments=attachments,
        automated_because=automated_because(message),
    )


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
