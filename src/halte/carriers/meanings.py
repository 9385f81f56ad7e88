"""What the codes in a batch of carrier events mean, in one query for the whole batch.

A code means, in this order: what an admin mapped it to (so a wrong or missing built-in
mapping is fixed without a deploy), what the carrier's adapter maps it to (its STATUS_MAP),
what it means in Halte's generic format — or nothing yet (unmapped).

Codes are compared as `normalise_code` says (no surrounding space, any case): the admin's
CarrierCode rows hold the normalised code, events keep the code as the carrier sent it.
"""

from collections.abc import Iterable

from halte.carriers.adapters import adapter_for
from halte.carriers.feed import code_entry
from halte.carriers.models import CarrierCode
from halte.vocabulary.carriers import HALTE_CODES, Meaning, normalise_code
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

CodeKey = tuple[str, str]


def halte_meaning(code: str) -> Meaning | None:
    return HALTE_CODES.get(normalise_code(code))


def built_in_meaning(carrier: str, code: str) -> Meaning | None:
    """The adapter's meaning of a carrier's code, else its meaning in the generic format."""
    adapter = adapter_for(carrier)
    entry = code_entry(adapter.STATUS_MAP, code) if adapter else None
    return entry.meaning if entry else halte_meaning(code)


def admin_meaning(row: CarrierCode) -> Meaning | None:
    if row.status == Status.UNMAPPED:
        return None
    return Meaning(
        Status(row.status),
        place=DeliveryPlace(row.delivery_place) if row.delivery_place else None,
        reason=FailureReason(row.failure_reason) if row.failure_reason else None,
    )


def meaning_of(row: CarrierCode) -> Meaning | None:
    """What a stored code means now: the admin's mapping, else the built-in one."""
    return admin_meaning(row) or built_in_meaning(row.carrier, row.code)


def is_carrier_specific(carrier: str, code: str) -> bool:
    """A carrier's own codes, which an admin may map or re-map; Halte's generic ones are fixed."""
    if halte_meaning(code) is None:
        return True
    adapter = adapter_for(carrier)
    return bool(
        adapter and adapter.SLUG != "generic" and code_entry(adapter.STATUS_MAP, code) is not None
    )


def meanings_for(keys: Iterable[CodeKey]) -> dict[CodeKey, Meaning | None]:
    """Each (carrier, code) with its meaning; None where nobody has mapped it yet."""
    result: dict[CodeKey, Meaning | None] = {}
    carrier_specific: set[CodeKey] = set()
    for key in set(keys):
        result[key] = built_in_meaning(*key)
        if is_carrier_specific(*key):
            carrier_specific.add(key)
    if carrier_specific:
        rows = CarrierCode.objects.filter(
            carrier__in={c for c, _ in carrier_specific},
            code__in={normalise_code(code) for _, code in carrier_specific},
        ).only("carrier", "code", "status", "delivery_place", "failure_reason")
        admin = {(row.carrier, row.code): admin_meaning(row) for row in rows}
        for carrier, code in carrier_specific:
            key = (carrier, code)
            result[key] = admin.get((carrier, normalise_code(code))) or result[key]
    return result
