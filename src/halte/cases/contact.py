"""The web contact form as a domain verb: one free-text box becomes a case, or extends one.

Whoever fills in the form proves nothing but that they can type an e-mail address. So a
message that joins an open case is stored for the agent as unproven (it never closes or
changes the case) and the case's own address is told by e-mail; the sender's answer is the
same whatever happened, so the form never reveals whether an address has a case.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from halte.cases.actions import (
    CustomerMessage,
    do_add_unproven_message,
    do_open_case,
)
from halte.cases.letters import web_form_notice
from halte.cases.links import customer_case_url
from halte.cases.models import Case, CaseMessage, Channel
from halte.organisations.queries import default_organisation
from halte.shipments.detection import find_shipment_in_text

# A second press of "send" with the same words is the same question, not a new one.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class ContactResult:
    """What happened, for the caller's records; never shown to the sender."""

    case: Case
    created: bool
    duplicate: bool


class NoOrganisation(LookupError):
    pass


def _notice(case: Case) -> tuple[str, str]:
    return web_form_notice(case, customer_case_url(case))


def do_receive_contact_form(
    *, text: str, email: str, name: str = "", tracking_code: str = "", language: str = "nl"
) -> ContactResult:
    """Open a case with its acknowledgement, or add the message to the open case of this
    address (and parcel) as unproven and tell that address; a double submit does nothing.

    Either way exactly one e-mail with the case link goes to the address given, and only there.
    """
    email = email.strip().lower()
    shipment = find_shipment_in_text(f"{tracking_code}\n{text}")
    organisation = shipment.organisation if shipment else default_organisation()
    if organisation is None:
        raise NoOrganisation("no organisation is set up to receive questions")
    incoming = CustomerMessage(channel=Channel.WEB, body=text, from_address=email)
    with transaction.atomic():
        open_cases = (
            Case.objects.select_for_update()
            .filter(organisation=organisation, customer_email=email)
            .exclude(state__in=[Case.State.RESOLVED, Case.State.CLOSED])
        )
        if shipment:
            open_cases = open_cases.filter(shipment=shipment)
        existing = open_cases.order_by("-created_at").first()
        if existing is not None:
            recent = existing.messages.filter(
                direction=CaseMessage.Direction.INBOUND,
                channel=Channel.WEB,
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
                body_text=text,
            )
            if recent.exists():
                return ContactResult(existing, created=False, duplicate=True)
            do_add_unproven_message(
                existing, incoming, sender=CaseMessage.Sender.UNPROVEN, notify_with=_notice
            )
            return ContactResult(existing, created=False, duplicate=False)
        case, _ = do_open_case(
            organisation,
            incoming,
            customer_email=email,
            customer_name=name,
            shipment=shipment,
            language=language,
            case_url_for=customer_case_url,
        )
    return ContactResult(case, created=True, duplicate=False)
