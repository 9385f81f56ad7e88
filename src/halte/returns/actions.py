"""Return verbs: start a return, refuse a parcel at the door, and the shop's answers (label,
refund). Each writes in one transaction and announces itself after commit."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from halte.cases.actions import (
    CustomerMessage,
    IncomingAttachment,
    do_add_customer_message,
    do_open_case,
    do_record_request,
    do_resolve_case,
    do_send_notice,
)
from halte.cases.links import customer_case_url
from halte.cases.models import Case, Channel
from halte.journey.actions import record_touchpoint
from halte.journey.models import Touchpoint
from halte.outbox.actions import queue_email
from halte.returns import letters
from halte.returns.models import RefusalRemedy, Return, WayBack
from halte.returns.photos import MAX_PHOTOS
from halte.returns.queries import open_return_of, policy_for
from halte.returns.rules import DAMAGED, NotReturnable, Policy, Reason, returnable
from halte.returns.signals import return_opened, return_settled
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.webhooks.actions import queue_webhook


class StartRefusal(StrEnum):
    """Why a customer's return was not started; the parcel and its returns are unchanged."""

    NOT_DELIVERED = NotReturnable.NOT_DELIVERED.value
    WINDOW_PASSED = NotReturnable.WINDOW_PASSED.value
    IS_A_RETURN = NotReturnable.IS_A_RETURN.value
    ALREADY_OPEN = "already_open"
    UNKNOWN_REASON = "unknown_reason"
    PHOTO_REQUIRED = "photo_required"
    TOO_MANY_PHOTOS = "too_many_photos"
    WAY_BACK_NOT_OFFERED = "way_back_not_offered"
    NO_EMAIL = "no_email"


@dataclass(frozen=True)
class StartOutcome:
    """`ret` is the new return, or for ALREADY_OPEN the one that is open already."""

    ret: Return | None
    refused: StartRefusal | None = None

    @property
    def started(self) -> bool:
        return self.refused is None


def _original_payload(original: Shipment) -> dict[str, Any]:
    return {
        "carrier": original.carrier,
        "tracking_code": original.tracking_code,
        "order": original.order.reference if original.order else None,
        "delivered_at": original.delivered_at,
    }


def _return_payload(ret: Return) -> dict[str, Any]:
    return {
        "return_id": ret.pk,
        "return_tracking_code": ret.shipment.tracking_code,
        "original": _original_payload(ret.original),
        "reason": ret.reason,
        "text": ret.text,
        "way_back": ret.way_back,
        "refused_at_door": ret.refused_at_door,
        "photos": ret.photos,
    }


def _return_shipment(original: Shipment) -> Shipment:
    """The return's own shipment: the customer's address (so code and postcode find it, like
    the parcel it returns), a Halte code until the shop's label names the carrier's."""
    number = Return.objects.filter(original=original).count() + 1
    code = f"RET{number}-{original.tracking_code}"[:64]
    if Shipment.objects.filter(carrier="generic", tracking_code=code).exists():
        # The same code at two carriers, both returned: the parcel's id keeps them apart.
        code = f"RET{number}-{original.pk}-{original.tracking_code}"[:64]
    return Shipment.objects.create(
        organisation=original.organisation,
        order=original.order,
        carrier="generic",
        tracking_code=code,
        kind=Shipment.Kind.RETURN,
        recipient_name=original.recipient_name,
        recipient_email=original.recipient_email,
        recipient_phone=original.recipient_phone,
        postcode=original.postcode,
        house_number=original.house_number,
        house_number_addition=original.house_number_addition,
        street=original.street,
        city=original.city,
        country=original.country,
    )


def _announce_opened(ret: Return) -> None:
    transaction.on_commit(
        partial(return_opened.send, sender=Return, return_id=ret.pk, reason=ret.reason)
    )


def _check_start(
    original: Shipment,
    policy: Policy,
    *,
    reason: str,
    way_back: str,
    photos: Sequence[IncomingAttachment],
    email: str,
) -> tuple[Reason | None, StartRefusal | None]:
    not_returnable = returnable(original, policy, timezone.now())
    if not_returnable is not None:
        return None, StartRefusal(not_returnable.value)
    chosen = policy.reason(reason)
    if chosen is None:
        return None, StartRefusal.UNKNOWN_REASON
    if chosen.needs_photo and not photos:
        return chosen, StartRefusal.PHOTO_REQUIRED
    if len(photos) > MAX_PHOTOS:
        return chosen, StartRefusal.TOO_MANY_PHOTOS
    if way_back not in policy.ways_back:
        return chosen, StartRefusal.WAY_BACK_NOT_OFFERED
    if not email:
        return chosen, StartRefusal.NO_EMAIL
    return chosen, None


def do_start_return(
    shipment: Shipment,
    *,
    reason: str,
    text: str,
    way_back: str,
    photos: Sequence[IncomingAttachment],
    language: str,
    email: str = "",
) -> StartOutcome:
    """A return the recipient starts on the tracking page, after proving to be the recipient.

    Photos must already be checked to be real images (`returns.photos`); this verb checks what
    the policy and the parcel allow. A second start while one is open is refused and names the
    open return, so a double press or a second tab never makes two.
    """
    email = (email or shipment.recipient_email).strip()
    policy = policy_for(shipment.organisation)
    with transaction.atomic():
        # Locked: two starts at once for one parcel are taken one after the other.
        original = (
            Shipment.objects.select_for_update(of=("self",))
            .select_related("order", "organisation")
            .get(pk=shipment.pk)
        )
        chosen, refused = _check_start(
            original, policy, reason=reason, way_back=way_back, photos=photos, email=email
        )
        if refused is not None:
            return StartOutcome(None, refused)
        assert chosen is not None  # noqa: S101 - _check_start returns a reason when it passes
        existing = open_return_of(original)
        if existing is not None:
            return StartOutcome(existing, StartRefusal.ALREADY_OPEN)
        ret = Return.objects.create(
            organisation=original.organisation,
            original=original,
            shipment=_return_shipment(original),
            reason=chosen.code,
            reason_label=chosen.label(language),
            text=text,
            way_back=way_back,
            photos=len(photos),
            language=language,
            label=Return.Label.REQUESTED,
            opened_at=timezone.now(),
        )
        payload = _return_payload(ret)
        queue_webhook(original.organisation, "return.created", payload)
        label_request = queue_webhook(
            original.organisation,
            "return_label.requested",
            {**payload, "answer": f"/api/v1/returns/{ret.pk}/label"},
        )
        ret.label_request = label_request
        if label_request is None:
            ret.label = Return.Label.NOT_REQUESTED
        ret.case = _case_for_start(ret, email=email, photos=photos, asked=label_request is not None)
        if label_request is not None:
            do_record_request(ret.case, label_request, "return_label.requested")
        ret.save(update_fields=["label_request", "label", "case"])
        record_touchpoint(
            organisation_id=original.organisation_id,
            case_id=ret.case.pk,
            shipment_id=original.pk,
            customer_email=email,
            kind=Touchpoint.Kind.SELF_SERVICE,
            sentiment=Touchpoint.Sentiment.NEUTRAL
            if chosen.code == "changed_mind"
            else Touchpoint.Sentiment.POOR,
            summary=f"return started: {chosen.code}" + (f" — {text}" if text else ""),
        )
        _announce_opened(ret)
    return StartOutcome(ret)


def _case_for_start(
    ret: Return, *, email: str, photos: Sequence[IncomingAttachment], asked: bool
) -> Case:
    """The recipient's open case about the parcel takes the return; otherwise a new one."""
    original = ret.original
    summary = f"Return requested: {ret.reason_label} ({ret.reason}); way back: {ret.way_back}."
    body = summary + (f"\n\n{ret.text}" if ret.text else "")
    incoming = CustomerMessage(
        channel=Channel.WEB, body=body, from_address=email, attachments=photos
    )
    # The recipient proved to be the recipient (code or our own link), so their open case on
    # this parcel is theirs to add to; an address that is not theirs gets a case of its own.
    joined = (
        Case.objects.filter(shipment=original, customer_email=email.lower())
        .still_open()
        .order_by("-created_at")
        .first()
    )
    with translation.override(ret.language):
        letter = letters.started(ret, label_asked=asked)
        if joined is not None:
            do_add_customer_message(joined, incoming)
            joined.tags = sorted({*joined.tags, "return"})
            joined.save(update_fields=["tags", "updated_at"])
            do_send_notice(
                joined,
                subject=letters.started_subject(ret, joined.number),
                body=letter + "\n\n" + customer_case_url(joined),
            )
            return joined

    def acknowledge(case: Case) -> tuple[str, str]:
        with translation.override(ret.language):
            return (
                letters.started_subject(ret, case.number),
                letter + "\n\n" + customer_case_url(case),
            )

    case, _ = do_open_case(
        original.organisation,
        incoming,
        customer_email=email,
        customer_name=original.recipient_name
        if original.recipient_email and email.lower() == original.recipient_email.lower()
        else "",
        shipment=original,
        language=ret.language,
        tags=["return", f"return-{ret.reason}"],
        acknowledge_with=acknowledge,
    )
    return case


def do_refuse_at_door(
    shipment: Shipment,
    *,
    reason: str = DAMAGED,
    note: str = "",
    photo: IncomingAttachment | None = None,
    at: datetime | None = None,
) -> Return:
    """Story 02: the recipient refuses the parcel at the door and the driver takes it back.

    On the spot: a return shipment (the driver has it), a case opened and resolved in the same
    minute, the shop told (webhook `return.created` and an e-mail to its returns address), the
    remedy the policy names asked for (webhook `remedy.requested`), and the recipient told by
    mail exactly what was asked. Idempotent: a repeated tap gets the same return.
    """
    at = at or timezone.now()
    policy = policy_for(shipment.organisation)
    with transaction.atomic():
        original = (
            Shipment.objects.select_for_update(of=("self",))
            .select_related("order", "organisation")
            .get(pk=shipment.pk)
        )
        existing = open_return_of(original) or (
            Return.objects.filter(original=original, refused_at_door=True).first()
        )
        if existing is not None:
            return existing
        known = policy.reason(reason)
        ret = Return.objects.create(
            organisation=original.organisation,
            original=original,
            shipment=_return_shipment(original),
            reason=reason[:40],
            # The recipient is written to in Dutch; the shop's webhook carries the code.
            reason_label=known.label_nl if known else reason[:100],
            text=note,
            way_back=WayBack.DRIVER,
            refused_at_door=True,
            photos=1 if photo else 0,
            language="nl",
            label=Return.Label.NOT_NEEDED,
            opened_at=at,
        )
        # The driver has the parcel: the return's own timeline starts with that scan.
        do_record_carrier_events(
            original.organisation,
            [
                CarrierEventInput(
                    carrier="generic",
                    tracking_code=ret.shipment.tracking_code,
                    code="received_by_carrier",
                    description="Refused at the door; taken back by the driver.",
                    occurred_at=at,
                )
            ],
        )
        _tell_shop_of_refusal(ret, policy, photo)
        record_touchpoint(
            organisation_id=original.organisation_id,
            case_id=ret.case.pk if ret.case else None,
            shipment_id=original.pk,
            customer_email=original.recipient_email,
            kind=Touchpoint.Kind.DELIVERY,
            sentiment=Touchpoint.Sentiment.POOR,
            summary=f"refused at the door: {reason}",
            at=at,
        )
        _announce_opened(ret)
    return ret


def _tell_shop_of_refusal(ret: Return, policy: Policy, photo: IncomingAttachment | None) -> None:
    original = ret.original
    organisation = original.organisation
    payload = _return_payload(ret)
    created = queue_webhook(organisation, "return.created", payload)
    remedy = policy.on_refusal
    automatic = remedy in (RefusalRemedy.REFUND, RefusalRemedy.REPLACEMENT)
    remedy_request = (
        queue_webhook(organisation, "remedy.requested", {**payload, "remedy": remedy})
        if automatic
        else None
    )
    emailed = False
    if policy.returns_email:
        subject, body = letters.shop_notice(ret, remedy=remedy, remedy_asked=automatic)
        queue_email(
            organisation, EmailMessage(subject=subject, body=body, to=[policy.returns_email])
        )
        emailed = True
    shop_told = created is not None or emailed
    # Asked for only when something really carried the request to the shop.
    asked = (
        remedy if automatic and (remedy_request is not None or emailed) else RefusalRemedy.ASK_SHOP
    )
    ret.remedy_request = remedy_request
    ret.case = _door_case(ret, remedy=asked, shop_told=shop_told, photo=photo)
    ret.save(update_fields=["remedy_request", "case"])
    for request, what in ((created, "return.created"), (remedy_request, "remedy.requested")):
        if request is not None:
            do_record_request(ret.case, request, what)
    if shop_told:
        do_resolve_case(
            ret.case,
            by=Case.ResolvedBy.SYSTEM,
            reason=f"refused at the door: {ret.reason}",
            confirm=False,
        )


def _door_case(
    ret: Return, *, remedy: str, shop_told: bool, photo: IncomingAttachment | None
) -> Case:
    original = ret.original
    email = original.recipient_email

    def tell_recipient(case: Case) -> tuple[str, str]:
        with translation.override(case.language):
            return (
                letters.refused_subject(ret, case.number),
                letters.refused_at_door(ret, remedy=remedy, shop_told=shop_told)
                + "\n\n"
                + customer_case_url(case),
            )

    case, _ = do_open_case(
        original.organisation,
        CustomerMessage(
            # Recorded on the driver's page, a web page.
            channel=Channel.WEB,
            body=f"Refused at the door: {ret.reason}." + (f"\n\n{ret.text}" if ret.text else ""),
            from_address=email,
            attachments=[photo] if photo else [],
            # Without an address there is nobody to acknowledge: stored, not answered.
            automated=not email,
        ),
        customer_email=email,
        customer_name=original.recipient_name,
        shipment=original,
        tags=["return", "refused-at-door"] + ([] if shop_told else ["tell-shop"]),
        acknowledge_with=tell_recipient,
    )
    return case


class AnswerRefusal(StrEnum):
    """Why the shop's answer about a return changed nothing."""

    TRACKING_CODE_TAKEN = "tracking_code_taken"
    LABEL_NOT_EXPECTED = "label_not_expected"
    ALREADY_SETTLED = "already_settled"


@dataclass(frozen=True)
class LabelAnswer:
    carrier: str
    tracking_code: str
    label_url: str
    qr: str


def do_record_label(ret: Return, answer: LabelAnswer) -> AnswerRefusal | None:
    """The shop's answer to `return_label.requested`: the label, and the carrier's code, which
    becomes the return shipment's code so the carrier's scans land on its timeline.

    The same label sent twice changes nothing and tells the customer once; a corrected label
    (another URL or code) replaces the first and is sent again.
    """
    with transaction.atomic():
        ret = (
            Return.objects.select_for_update(of=("self",))
            .select_related("shipment", "original", "case")
            .get(pk=ret.pk)
        )
        if ret.refused_at_door or ret.is_settled:
            return AnswerRefusal.LABEL_NOT_EXPECTED
        shipment = ret.shipment
        taken = (
            Shipment.objects.filter(carrier=answer.carrier, tracking_code=answer.tracking_code)
            .exclude(pk=shipment.pk)
            .exists()
        )
        if taken:
            return AnswerRefusal.TRACKING_CODE_TAKEN
        same = ret.label == Return.Label.READY and (
            shipment.carrier,
            shipment.tracking_code,
            ret.label_url,
            ret.label_qr,
        ) == (answer.carrier, answer.tracking_code, answer.label_url, answer.qr)
        if same:
            return None
        shipment.carrier, shipment.tracking_code = answer.carrier, answer.tracking_code
        shipment.save(update_fields=["carrier", "tracking_code", "updated_at"])
        ret.label, ret.label_at = Return.Label.READY, timezone.now()
        ret.label_carrier = answer.carrier
        ret.label_tracking_code = answer.tracking_code
        ret.label_url, ret.label_qr = answer.label_url, answer.qr
        ret.save(
            update_fields=[
                "label",
                "label_at",
                "label_carrier",
                "label_tracking_code",
                "label_url",
                "label_qr",
            ]
        )
        if ret.case is not None:
            with translation.override(ret.language):
                do_send_notice(
                    ret.case,
                    subject=letters.label_ready_subject(ret),
                    body=letters.label_ready(ret) + "\n\n" + customer_case_url(ret.case),
                )
    return None


SETTLING = (Return.Refund.REFUNDED, Return.Refund.REFUSED, Return.Refund.REPLACEMENT_SENT)


def do_settle_return(ret: Return, *, refund: str, note: str = "") -> AnswerRefusal | None:
    """The shop's decision: refunded, refused or replacement sent. Shown to the customer on the
    return's page and by mail; the return's case is resolved; `return_settled` after commit.

    The same decision twice is one; a different decision after settling is refused.
    """
    if refund not in SETTLING:
        raise ValueError(f"not a settled refund state: {refund}")
    with transaction.atomic():
        ret = (
            Return.objects.select_for_update(of=("self",))
            .select_related("shipment", "original", "case")
            .get(pk=ret.pk)
        )
        if ret.is_settled:
            return None if ret.refund == refund else AnswerRefusal.ALREADY_SETTLED
        ret.refund, ret.refund_note, ret.settled_at = refund, note[:500], timezone.now()
        ret.save(update_fields=["refund", "refund_note", "settled_at"])
        if ret.case is not None:
            with translation.override(ret.language):
                do_send_notice(
                    ret.case,
                    subject=letters.settled_subject(ret),
                    body=letters.settled(ret) + "\n\n" + customer_case_url(ret.case),
                )
            do_resolve_case(
                ret.case, by=Case.ResolvedBy.SYSTEM, reason=f"return {refund}", confirm=False
            )
        transaction.on_commit(partial(return_settled.send, sender=Return, return_id=ret.pk))
    return None
