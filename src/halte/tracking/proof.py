"""A browser that proved to be the parcel's recipient: it entered the one-time code Halte sent
to the e-mail address or phone on file. Code and postcode show a parcel; only this proof lets a
visitor see the recipient's cases or change anything of theirs."""

import time

from django.http import HttpRequest

from halte.shipments.models import Shipment

# How long an entered code counts for this browser.
PROOF_MINUTES = 30


def _key(shipment: Shipment) -> str:
    return f"halte.recipient-proven.{shipment.pk}"


def is_proven(request: HttpRequest, shipment: Shipment) -> bool:
    proven_at = request.session.get(_key(shipment))
    return isinstance(proven_at, int | float) and time.time() - proven_at < PROOF_MINUTES * 60


def remember_proof(request: HttpRequest, shipment: Shipment) -> None:
    request.session[_key(shipment)] = time.time()
    # A new session key: whoever saw the old cookie does not inherit the proof.
    request.session.cycle_key()
