"""What the codes in a batch of carrier events mean, in one query for the whole batch."""

from collections.abc import Iterable

from halte.carriers.models import CarrierCode
from halte.carriers.registry import HALTE_CODES, Meaning
from halte.shipments.status import DeliveryPlace, FailureReason, Status

CodeKey = tuple[str, str]


def halte_meaning(code: str) -> Meaning | None:
    return HALTE_CODES.get(code) or HALTE_CODES.get(code.strip().lower())


def meaning_of(row: CarrierCode) -> Meaning | None:
    if row.status == Status.UNMAPPED:
        return None
    return Meaning(
        Status(row.status),
        place=DeliveryPlace(row.delivery_place) if row.delivery_place else None,
        reason=FailureReason(row.failure_reason) if row.failure_reason else None,
    )


def meanings_for(keys: Iterable[CodeKey]) -> dict[CodeKey, Meaning | None]:
    """Each (carrier, code) with its meaning; None where nobody has mapped it yet."""
    result: dict[CodeKey, Meaning | None] = {}
    carrier_specific: set[CodeKey] = set()
    for key in set(keys):
        meaning = halte_meaning(key[1])
        if meaning:
            result[key] = meaning
        else:
            carrier_specific.add(key)
            result[key] = None
    if carrier_specific:
        rows = CarrierCode.objects.filter(
            carrier__in={c for c, _ in carrier_specific},
            code__in={code for _, code in carrier_specific},
        ).only("carrier", "code", "status", "delivery_place", "failure_reason")
        for row in rows:
            if (row.carrier, row.code) in carrier_specific:
                result[(row.carrier, row.code)] = meaning_of(row)
    return result
