"""Relay addresses: `gift-<gift id>-<party>-<signature>@<HALTE_MAIL_DOMAIN>`.

Party `s` reaches the sender, `r` the recipient of one parcel. The signature is an HMAC
under the secret key over gift, party and parcel, so nobody can write to a sender by guessing
numbers, and the address says nothing of either person's own address.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from email.utils import getaddresses

from django.conf import settings

_ADDRESS = re.compile(r"^gift-(\d{1,12})-([sr])(\d{1,12})-([0-9a-f]{20})@(.+)$", re.IGNORECASE)


class ForgedRelayAddress(ValueError):
    """A relay address whose signature does not match."""


@dataclass(frozen=True)
class RelayTarget:
    gift_id: int
    to_sender: bool
    shipment_id: int


def _signature(gift_id: int, party: str, shipment_id: int) -> str:
    key = f"halte.gift-relay:{settings.SECRET_KEY}".encode()
    data = f"{gift_id}:{party}:{shipment_id}".encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()[:20]


def relay_address(gift_id: int, *, to_sender: bool, shipment_id: int) -> str:
    party = "s" if to_sender else "r"
    signature = _signature(gift_id, party, shipment_id)
    return f"gift-{gift_id}-{party}{shipment_id}-{signature}@{settings.HALTE_MAIL_DOMAIN}"


def relay_target(addresses: list[str]) -> RelayTarget | None:
    """The relay an e-mail was sent to, if any address is one of ours and genuine."""
    forged = False
    for _, address in getaddresses(addresses):
        match = _ADDRESS.match(address.strip())
        if not match or match.group(5).lower() != str(settings.HALTE_MAIL_DOMAIN).lower():
            continue
        gift_id, party, shipment_id = (
            int(match.group(1)),
            match.group(2).lower(),
            int(match.group(3)),
        )
        if hmac.compare_digest(match.group(4).lower(), _signature(gift_id, party, shipment_id)):
            return RelayTarget(gift_id, party == "s", shipment_id)
        forged = True
    if forged:
        raise ForgedRelayAddress("relay address with a wrong signature")
    return None
