"""Checking an address for consistency: does this postcode and number belong to this street?

Two sources, same answer shape: the imported table (`halte import_addresses FILE`), and PDOK's
public Locatieserver for installations with internet (HALTE_ADDRESS_REGISTRY=pdok).
"""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.conf import settings

from halte.addresses.models import RegisteredAddress
from halte.vocabulary.postcodes import display_postcode


@dataclass(frozen=True)
class KnownAddress:
    postcode: str
    house_number: int
    addition: str
    street: str
    city: str

    @property
    def postcode_display(self) -> str:
        return display_postcode(self.postcode)


class AddressProblem(StrEnum):
    """Which part of an address does not fit the register."""

    # The postcode and number belong to another street: story 01's old postcode, new street.
    POSTCODE_STREET = "postcode_street"
    # The street and number exist, but not at this postcode.
    POSTCODE_UNKNOWN = "postcode_unknown"
    # Neither is in the register (a new house), or there is no register for the country.
    NOT_LISTED = "not_listed"


@dataclass(frozen=True)
class AddressCheck:
    """The verdict: consistent, or which part does not fit, with suggestions to choose from."""

    consistent: bool
    problem: AddressProblem | None = None  # None when consistent
    registered: KnownAddress | None = None
    suggestions: list[KnownAddress] = field(default_factory=list)


class Registry(Protocol):
    def at(self, postcode: str, house_number: int) -> list[KnownAddress]: ...
    def on_street(self, street: str, city: str, house_number: int) -> list[KnownAddress]: ...


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


class TableRegistry:
    def at(self, postcode: str, house_number: int) -> list[KnownAddress]:
        rows = RegisteredAddress.objects.filter(postcode=postcode, house_number=house_number)
        return [_known(r) for r in rows[:20]]

    def on_street(self, street: str, city: str, house_number: int) -> list[KnownAddress]:
        rows = RegisteredAddress.objects.filter(
            street__iexact=street.strip(), house_number=house_number
        )
        if city:
            exact = [r for r in rows[:50] if _same(r.city, city)]
            if exact:
                return [_known(r) for r in exact]
        return [_known(r) for r in rows[:20]]


def _known(row: RegisteredAddress) -> KnownAddress:
    return KnownAddress(row.postcode, row.house_number, row.addition, row.street, row.city)


class PdokRegistry:
    """PDOK Locatieserver (free search), read-only and without a key."""

    def __init__(self, base_url: str, timeout: float = 3.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _search(self, query: str) -> list[KnownAddress]:
        params = urllib.parse.urlencode({"q": query, "fq": "type:adres", "rows": 20})
        url = f"{self.base_url}/free?{params}"
        with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - configured https URL
            docs = json.load(response).get("response", {}).get("docs", [])
        return [
            KnownAddress(
                postcode=str(d.get("postcode", "")).replace(" ", "").upper(),
                house_number=int(d.get("huisnummer", 0)),
                addition=str(d.get("huisletter", "") or "")
                + str(d.get("huisnummertoevoeging", "") or ""),
                street=str(d.get("straatnaam", "")),
                city=str(d.get("woonplaatsnaam", "")),
            )
            for d in docs
            if d.get("huisnummer")
        ]

    def at(self, postcode: str, house_number: int) -> list[KnownAddress]:
        return self._search(f"postcode:{postcode} and huisnummer:{house_number}")

    def on_street(self, street: str, city: str, house_number: int) -> list[KnownAddress]:
        query = f'straatnaam:"{street}" and huisnummer:{house_number}'
        if city:
            query += f' and woonplaatsnaam:"{city}"'
        return self._search(query)


def registry() -> Registry:
    if settings.HALTE_ADDRESS_REGISTRY == "pdok":
        return PdokRegistry(settings.HALTE_PDOK_URL)
    return TableRegistry()


def check_address(
    *, country: str, postcode: str, house_number: int, street: str, city: str
) -> AddressCheck:
    """Story 01 in one call: an old postcode with a new street is caught with suggestions."""
    if country != "NL":
        # No Belgian registry yet: the customer confirms the address and an agent checks it
        # with the carrier, rather than Halte re-routing a driver to an address nobody checked.
        return AddressCheck(consistent=False, problem=AddressProblem.NOT_LISTED)
    source = registry()
    at_postcode = source.at(postcode, house_number)
    match = next((a for a in at_postcode if _same(a.street, street)), None)
    if match:
        return AddressCheck(consistent=True, registered=match)
    on_street = source.on_street(street, city, house_number)
    if at_postcode:
        return AddressCheck(
            consistent=False,
            problem=AddressProblem.POSTCODE_STREET,
            registered=at_postcode[0],
            suggestions=on_street + at_postcode,
        )
    if on_street:
        return AddressCheck(
            consistent=False, problem=AddressProblem.POSTCODE_UNKNOWN, suggestions=on_street
        )
    return AddressCheck(consistent=False, problem=AddressProblem.NOT_LISTED)
