"""Self-service verbs: each checks what the parcel's state allows, changes it, and tells the
customer what happens next by e-mail from a repliable address, as a case of its own."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone, translation

from halte.addresses.registry import AddressCheck, check_address
from halte.cases.actions import (
    CustomerMessage,
    IncomingAttachment,
    do_add_customer_message,
    do_open_case,
    do_resolve_case,
)
from halte.cases.contact import DOUBLE_SUBMIT_WINDOW
from halte.cases.links import customer_case_url
from halte.cases.models import Case, Channel
from halte.journey.actions import record_touchpoint
from halte.journey.models import Touchpoint
from halte.selfservice import letters
from halte.selfservice.rules import CorrectionPath, address_correction, reroute_window
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.addresses import InvalidPostcode, normalise_postcode
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.shipments.status import Status
from halte.webhooks.actions import queue_webhook

# After this many corrections of one parcel a person takes over: reply or contact form.
MAX_CORRECTIONS = 3


@dataclass(frozen=True)
class NewAddress:
    postcode: str
    house_number: int
    addition: str
    street: str
    city: str
    country: str = "NL"


@dataclass(frozen=True)
class Correction:
    # invalid | inconsistent | not_listed | refused | unchanged | carrier_told | rerouted |
    # needs_review
    outcome: str
    shipment: Shipment
    detail: str = ""
    check: AddressCheck | None = None
    window: tuple[datetime, datetime] | None = None
    case: Case | None = None


def _self_service_case(
    shipment: Shipment,
    *,
    email: str,
    summary: str,
    tags: Sequence[str],
    confirmation: Callable[[Case], str],
    language: str,
    attachments: Sequence[IncomingAttachment] = (),
) -> Case | None:
    """A case holding the action and the confirmation, so a reply to it reaches a person."""
    if not email:
        return None

    def acknowledge(case: Case) -> tuple[str, str]:
        with translation.override(case.language):
            body = confirmation(case) + "\n\n" + customer_case_url(case)
            return letters.confirmation_subject(shipment, case.number), body

    case, _ = do_open_case(
        shipment.organisation,
        CustomerMessage(
            channel=Channel.WEB, body=summary, from_address=email, attachments=attachments
        ),
        customer_email=email,
        customer_name=shipment.recipient_name,
        shipment=shipment,
        language=language,
        tags=tags,
        acknowledge_with=acknowledge,
    )
    return case


def do_correct_address(
    shipment: Shipment,
    new: NewAddress,
    *,
    confirm_unlisted: bool = False,
    email: str = "",
    language: str = "nl",
) -> Correction:
    """Story 01 without a phone call: check the address, then apply what the parcel allows."""
    try:
        postcode = normalise_postcode(new.country, new.postcode)
    except InvalidPostcode as problem:
        return Correction("invalid", shipment, detail=str(problem))
    decision = address_correction(shipment.status)
    if decision.path is CorrectionPath.REFUSED:
        return Correction("refused", shipment, detail=decision.reason)
    corrections = Touchpoint.objects.filter(
        shipment=shipment,
        kind=Touchpoint.Kind.SELF_SERVICE,
        summary__startswith="address corrected",
    ).count()
    if corrections >= MAX_CORRECTIONS:
        return Correction("too_many", shipment)
    check = check_address(
        country=new.country,
        postcode=postcode,
        house_number=new.house_number,
        street=new.street,
        city=new.city,
    )
    if not check.consistent and check.problem != "not_listed":
        return Correction("inconsistent", shipment, check=check)
    if check.problem == "not_listed" and not confirm_unlisted:
        return Correction("not_listed", shipment, check=check)
    same = (
        postcode == shipment.postcode
        and new.house_number == shipment.house_number
        and new.addition.strip().upper() == shipment.house_number_addition.upper()
        and new.street.strip().lower() == shipment.street.lower()
    )
    if same:
        return Correction("unchanged", shipment)

    email = email or shipment.recipient_email
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        old = letters.address_line(shipment)
        registered = check.registered
        shipment.postcode = postcode
        shipment.house_number = new.house_number
        shipment.house_number_addition = new.addition.strip().upper()
        shipment.street = registered.street if registered else new.street.strip()
        shipment.city = registered.city if registered else new.city.strip()
        shipment.country = new.country
        shipment.save(
            update_fields=[
                "postcode",
                "house_number",
                "house_number_addition",
                "street",
                "city",
                "country",
                "updated_at",
            ]
        )
        window = None
        if check.problem == "not_listed":
            outcome = "needs_review"
        elif decision.path is CorrectionPath.REROUTED:
            outcome = "rerouted"
            window = reroute_window(timezone.now(), country=shipment.organisation.country)
            do_record_carrier_events(
                shipment.organisation,
                [
                    CarrierEventInput(
                        carrier=shipment.carrier,
                        tracking_code=shipment.tracking_code,
                        code=Status.WINDOW_CHANGED.value,
                        description="re-routed after an address correction",
                        occurred_at=timezone.now(),
                        window_start=window[0],
                        window_end=window[1],
                        event_id=f"halte-reroute-{uuid.uuid4().hex}",
                    )
                ],
            )
        else:
            outcome = "carrier_told"
        queue_webhook(
            shipment.organisation,
            "shipment.address_corrected",
            {
                "carrier": shipment.carrier,
                "tracking_code": shipment.tracking_code,
                "old_address": old,
                "address": {
                    "postcode": shipment.postcode,
                    "house_number": shipment.house_number,
                    "addition": shipment.house_number_addition,
                    "street": shipment.street,
                    "city": shipment.city,
                    "country": shipment.country,
                },
                "path": outcome,
                "window": {"start": window[0], "end": window[1]} if window else None,
            },
        )
        record_touchpoint(
            organisation_id=shipment.organisation_id,
            shipment_id=shipment.pk,
            customer_email=email,
            kind=Touchpoint.Kind.SELF_SERVICE,
            sentiment=Touchpoint.Sentiment.GOOD,
            summary=f"address corrected: {old} → {letters.address_line(shipment)}",
        )

        def confirmation(case: Case) -> str:
            if outcome == "rerouted" and window:
                return letters.rerouted(shipment, *window)
            if outcome == "needs_review" and case.first_response_due:
                return letters.needs_review(shipment, case.first_response_due)
            return letters.carrier_told(shipment)

        case = _self_service_case(
            shipment,
            email=email,
            summary=letters.in_language(
                language, lambda: letters.corrected_summary(old, letters.address_line(shipment))
            ),
            tags=["address-correction"]
            + (["unlisted-address"] if outcome == "needs_review" else []),
            confirmation=confirmation,
            language=language,
        )
        if case is not None and outcome != "needs_review":
            # Nothing left for a person to do; a reply to the confirmation reopens it.
            case = do_resolve_case(
                case, by=Case.ResolvedBy.CUSTOMER, reason="address corrected online", confirm=False
            )
    return Correction(outcome, shipment, check=check, window=window, case=case)


def _recent_open_case(shipment: Shipment, tag: str, email: str = "") -> Case | None:
    """An open case of this report, or any open case of this customer about this parcel."""
    open_cases = Case.objects.filter(shipment=shipment).exclude(
        state__in=[Case.State.RESOLVED, Case.State.CLOSED]
    )
    for case in open_cases:
        if tag in case.tags or (email and case.customer_email == email.lower()):
            return case
    return None


def _report_problem(
    shipment: Shipment,
    *,
    email: str,
    sentiment: int,
    touchpoint: str,
    summary: str,
    tags: list[str],
    confirmation: Callable[[Case], str],
    language: str,
    attachments: Sequence[IncomingAttachment] = (),
) -> Case | None:
    """A problem reported on the tracking page: a journey touchpoint and a case, at once."""
    with transaction.atomic():
        record_touchpoint(
            organisation_id=shipment.organisation_id,
            shipment_id=shipment.pk,
            customer_email=email,
            kind=Touchpoint.Kind.SELF_SERVICE,
            sentiment=sentiment,
            summary=touchpoint,
        )
        return _self_service_case(
            shipment,
            email=email,
            summary=summary,
            tags=tags,
            confirmation=confirmation,
            language=language,
            attachments=attachments,
        )


def _due(case: Case) -> datetime:
    return case.first_response_due or timezone.now()


def do_report_not_received(
    shipment: Shipment, *, email: str, note: str = "", language: str = "nl"
) -> Case | None:
    """Story 03: "delivered" but not here. Opens a case at once; the same report twice is one."""
    if shipment.status != Status.DELIVERED:
        return None
    existing = _recent_open_case(shipment, "not-received", email)
    if existing is not None:
        if "not-received" not in existing.tags:
            # She already asked about this parcel: the report joins that case, not a new one.
            do_add_customer_message(
                existing,
                CustomerMessage(
                    channel=Channel.WEB,
                    body="Reported online: delivered but not received."
                    + (f"\n\n{note}" if note else ""),
                    from_address=email,
                ),
            )
            existing.tags = [*existing.tags, "not-received"]
            existing.save(update_fields=["tags", "updated_at"])
        return existing
    return _report_problem(
        shipment,
        email=email,
        sentiment=Touchpoint.Sentiment.POOR,
        touchpoint="reported: delivered but not received",
        summary=letters.in_language(language, letters.not_received_summary)
        + (f"\n\n{note}" if note else ""),
        tags=["not-received"],
        confirmation=lambda case: letters.not_received(shipment, _due(case)),
        language=language,
    )


def do_report_damage(
    shipment: Shipment,
    *,
    email: str,
    description: str,
    remedy: str,
    photos: Sequence[IncomingAttachment],
    language: str = "nl",
) -> Case | None:
    """A damaged parcel with photos becomes a case with the remedy the shop's policy offers."""
    if shipment.status != Status.DELIVERED:
        return None
    existing = _recent_open_case(shipment, "damage")
    if existing is not None and existing.created_at > timezone.now() - DOUBLE_SUBMIT_WINDOW:
        return existing
    return _report_problem(
        shipment,
        email=email,
        sentiment=Touchpoint.Sentiment.BAD,
        touchpoint=f"reported damage; wants {remedy}",
        summary=letters.in_language(language, lambda: letters.damage_summary(remedy))
        + f"\n\n{description}",
        tags=["damage", f"wants-{remedy}"],
        confirmation=lambda case: letters.damage(shipment, remedy, _due(case)),
        language=language,
        attachments=photos,
    )


def _recipients_cases(shipment: Shipment) -> "models.QuerySet[Case]":
    # Someone else may ask about this parcel (a sender, a neighbour): an agent sees that case
    # on the parcel, but the recipient's tracking link shows and closes only the recipient's.
    if not shipment.recipient_email:
        return Case.objects.none()
    return Case.objects.filter(shipment=shipment, customer_email__iexact=shipment.recipient_email)


def cases_of_shipment(shipment: Shipment) -> list[Case]:
    """The cases a recipient holding the tracking link may see and close."""
    return list(_recipients_cases(shipment).order_by("-created_at")[:10])


def do_close_from_tracking_page(shipment: Shipment, case_id: int) -> Case | None:
    case = _recipients_cases(shipment).filter(pk=case_id).first()
    if case is None:
        return None
    return do_resolve_case(
        case, by=Case.ResolvedBy.CUSTOMER, reason="closed by the customer on the tracking page"
    )
