"""What a shop may set as its brand, checked before it reaches a page or a mail header.

A brand colour ends up in a style sheet, a logo in an `<img>` on a public page and a sender
name in a `From:` header: each is refused unless it is exactly the harmless thing it claims
to be.
"""

import re
from typing import Any
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

MAX_LOGO_BYTES = 256 * 1024
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
# Recognised by their first bytes, not by the name or the browser's word for it.
_RASTER_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
# SVG elements that run code, pull in other documents or embed HTML.
_SVG_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
)


def validate_brand_colour(value: str) -> None:
    if not _COLOUR.match(value):
        raise ValidationError(
            _("Enter a colour as # followed by 6 (or 3) hexadecimal digits, like #0a7d3b."),
            code="brand_colour_invalid",
        )


def brand_hex(value: str) -> str:
    """A valid colour as `#rrggbb`; anything else as ''."""
    if not _COLOUR.match(value):
        return ""
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.x) of a `#rrggbb` colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    black, white = "#000000", "#ffffff"
    if contrast_ratio(background, black) >= contrast_ratio(background, white):
        return black
    return white


def validate_web_address(value: str) -> None:
    """Only https: a page of ours links or loads it, so no javascript:, data: or plain http."""
    if value and not value.lower().startswith("https://"):
        raise ValidationError(
            _("Enter an address that starts with https://."), code="web_address_not_https"
        )


def validate_sender_name(value: str) -> None:
    """A name that goes into a mail header: one line, no address brackets or quotes."""
    if any(c in value for c in '\r\n<>"@') or any(ord(c) < 32 for c in value):
        raise ValidationError(
            _("Enter a name without line breaks, quotes, <, > or @."), code="sender_name_invalid"
        )


def logo_type(head: bytes) -> str | None:
    """The image type the first bytes say, or None when they are no image we show."""
    for signature, content_type in _RASTER_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"<?xml", b"<svg")):
        return "image/svg+xml"
    return None


def _head_of(file: File[Any]) -> bytes:
    """The first MAX_LOGO_BYTES + 1 bytes: enough to know it is too large, never more."""
    if file.size is not None and file.size > MAX_LOGO_BYTES:
        return b"\0" * (MAX_LOGO_BYTES + 1)
    file.open("rb")
    file.seek(0)
    data = file.read(MAX_LOGO_BYTES + 1)
    file.seek(0)
    return bytes(data)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_is_harmless(data: bytes) -> bool:
    """No DTD (entity bombs), no scripts, no event handlers, no links other than to itself."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return False
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD, so no entities to expand
    except ET.ParseError:
        return False
    if _local(root.tag) != "svg":
        return False
    for element in root.iter():
        if _local(element.tag) in _SVG_FORBIDDEN_ELEMENTS:
            return False
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name.startswith("on"):
                return False
            if name == "href" and not value.strip().startswith("#"):
                return False
            if "javascript:" in value.lower().replace(" ", "") or "url(http" in value.lower():
                return False
    return True


def validate_logo_file(file: File[Any]) -> None:
    try:
        data = _head_of(file)
    except OSError as gone:
        # A stored logo checked again on a later save, whose file went missing.
        raise ValidationError(
            _("The logo file cannot be read any more; upload it again."), code="logo_missing"
        ) from gone
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is larger than %(kb)s KB; save it smaller."),
            code="logo_too_large",
            params={"kb": MAX_LOGO_BYTES // 1024},
        )
    kind = logo_type(data[:64])
    if kind is None:
        raise ValidationError(
            _("The logo must be a PNG, JPEG, WebP, GIF or SVG image."), code="logo_type"
        )
    if kind == "image/svg+xml" and not svg_is_harmless(data):
        raise ValidationError(
            _("This SVG contains scripts, event handlers or outside links; it is refused."),
            code="logo_svg_unsafe",
        )
