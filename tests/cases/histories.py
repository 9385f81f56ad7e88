"""Cases and parcels with a long history, built through the real actions, for the pages and
API routes that show them (query counts must not grow with the history)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from halte.cases.actions import (
    CustomerMessage,
    IncomingAttachment,
    do_add_customer_message,
    do_add_note,
    do_change_state,
    do_open_case,
    do_reply,
)
from halte.cases.models import Case, Channel
from halte.organisations.models import Organisation
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from tests.factories import event_payload, make_shipment

PHOTO = b"\xff\xd8\xff\xe0fake-jpeg"
# A parcel's way from hand-over to the mailbox; longer journeys repeat the middle scans.
MIDDLE_SCANS = ["in_transit", "at_depot"]


def parcel_with_scans(organisation: Organisation, scans: int) -> Shipment:
    """A delivered parcel whose timeline holds `scans` carrier events (at least two)."""
    shipment = make_shipment(organisation=organisation, recipient_email="lotte@example.nl")
    codes = [MIDDLE_SCANS[n % len(MIDDLE_SCANS)] for n in range(scans - 2)]
    codes = ["received_by_carrier", *codes, "delivered.mailbox"]
    start = timezone.now() - timedelta(days=2)
    do_record_carrier_events(
        organisation,
        [
            CarrierEventInput.model_validate(
                event_payload(shipment.tracking_code, code, start + timedelta(minutes=10 * n))
            )
            for n, code in enumerate(codes)
        ],
    )
    return shipment


def customer_writes(n: int, *files: str) -> CustomerMessage:
    return CustomerMessage(
        channel=Channel.EMAIL,
        body=f"Bericht {n}: mijn pakket is nog steeds zoek.",
        from_address="lotte@example.nl",
        attachments=[IncomingAttachment(name, "image/jpeg", PHOTO) for name in files],
    )


def case_with_history(organisation: Organisation, agent: Any, rounds: int) -> Case:
    """A case about a parcel with `rounds` of: the customer writes with two photos, an agent
    answers, notes something and moves the case on."""
    case, _ = do_open_case(
        organisation,
        customer_writes(0, "doos.jpg"),
        customer_email="lotte@example.nl",
        shipment=parcel_with_scans(organisation, 4),
    )
    for n in range(1, rounds + 1):
        do_add_customer_message(case, customer_writes(n, f"voor-{n}.jpg", f"achter-{n}.jpg"))
        do_reply(case, by=agent, body=f"Antwoord {n}: we zoeken het uit.")
        do_add_note(case, by=agent, body=f"Notitie {n}")
        do_change_state(case, state=Case.State.OPEN, reason=f"nog bezig {n}", by=agent)
    return case
