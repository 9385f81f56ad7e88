"""The web contact form as a domain verb: one free-text box becomes a case, or extends one."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from halte.cases.actions import CustomerMessage, do_add_customer_message, do_open_case
from halte.cases.links import customer_case_url
from halte.cases.models import Case, CaseMessage, Channel
from halte.mail.actions import default_organisation
from halte.shipments.detection import find_shipment_in_text

# A second press of "send" with the same words is the same question, not a new one.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class ContactResult:
    case: Case
    created: bool
    duplicate: bool


class NoOrganisation(LookupError):
    pass


def do_receive_contact_form(
    *, text: str, email: str, name: str = "", tracking_code: str = "", language: str = "nl"
) -> ContactResult:
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
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
                body_text=text,
            )
            if recent.exists():
                return ContactResult(existing, created=False, duplicate=True)
            do_add_customer_message(existing, incoming)
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
