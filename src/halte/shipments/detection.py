"""Finding the parcel a customer means in what they wrote, instead of asking for it."""

import re

from halte.shipments.models import Shipment

# Tracking codes are 10-34 letters and digits with at least four digits (3S…, JVGL…, 14 digits).
_CANDIDATE = re.compile(r"\b(?=[A-Z0-9]*\d{4})[A-Z0-9]{10,34}\b")


def tracking_code_candidates(text: str) -> list[str]:
    compact = re.sub(r"(?<=\d) (?=\d)", "", text.upper())
    return list(dict.fromkeys(_CANDIDATE.findall(compact)))[:20]


def find_shipment_in_text(text: str) -> Shipment | None:
    """The one shipment the words name, or None when they name none or more than one.

    The writer proved nothing, so a code that matches parcels at two carriers (possibly of two
    shops) links neither: guessing would route the case, and show its parcel, to the wrong shop.
    """
    candidates = tracking_code_candidates(text)
    if not candidates:
        return None
    matches = list(
        Shipment.objects.select_related("organisation", "order").filter(
            tracking_code__in=candidates
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None
