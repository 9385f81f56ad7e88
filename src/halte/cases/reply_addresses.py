"""Reply addresses that thread back into their case: `case+<id>-<signature>@<domain>`.

The signature is an HMAC of the case id under the secret key, so nobody can write into a case
by guessing its number.
"""

import hashlib
import hmac
import re
from email.utils import getaddresses

from django.conf import settings

_TOKEN = re.compile(r"^case\+(\d{1,12})-([0-9a-f]{16})@", re.IGNORECASE)


class SpoofedReplyAddress(ValueError):
    """A reply address for a case whose signature does not match."""


def _signature(case_id: int) -> str:
    key = f"halte.case-reply:{settings.SECRET_KEY}".encode()
    return hmac.new(key, str(case_id).encode(), hashlib.sha256).hexdigest()[:16]


def reply_address(case_id: int) -> str:
    return f"case+{case_id}-{_signature(case_id)}@{settings.HALTE_MAIL_DOMAIN}"


def case_id_from_addresses(addresses: list[str]) -> int | None:
    """The case a message was sent to, if any address is a genuine reply address."""
    spoofed = False
    for _, address in getaddresses(addresses):
        match = _TOKEN.match(address.strip())
        if not match:
            continue
        case_id = int(match.group(1))
        if hmac.compare_digest(match.group(2).lower(), _signature(case_id)):
            return case_id
        spoofed = True
    if spoofed:
        raise SpoofedReplyAddress("reply address with a wrong signature")
    return None
