"""Finding the parcel a customer means in what they wrote, instead of asking for it."""

from halte.shipments.models import Shipment
from halte.vocabulary.tracking_codes import code_shaped


def tracking_code_candidates(text: str) -> list[str]:
    """Every token shaped like a tracking code (a shop's own generic codes too), without those a
    carrier's check digit refutes; the shipments table decides which one is real."""
    return [span.code for span in code_shaped(text)]


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
