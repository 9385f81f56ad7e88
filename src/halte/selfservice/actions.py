"""Self-service verbs: each checks what the parcel's state allows, changes it, and tells the
customer what happens next by e-mail from a repliable address, as a case of its own."""

import hmac
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from halte.addresses.registry import AddressCheck, AddressProblem, check_address
from halte.cases.actions import (
    DOUBLE_SUBMIT_WINDOW,
    CustomerMessage,
    IncomingAttachment,
    do_add_unproven_message,
    do_open_case,
    do_record_agent_action,
    do_record_request,
    do_resolve_case,
)
from halte.cases.letters import web_form_notice
from halte.cases.links import customer_case_url
from halte.cases.models import Case, CaseActivity, CaseMessage, Channel
from halte.cases.queries import recipients_cases
from halte.journey.actions import record_touchpoint
from halte.journey.models import Touchpoint
from halte.outbox.actions import queue_email, queue_text_message
from halte.outbox.models import Dispatch
from halte.selfservice import letters
from halte.selfservice.links import tracking_link, undo_url
from halte.selfservice.models import MAX_WRONG_TRIES, AddressChange, RecipientCode
from halte.selfservice.queries import (
    codes_sent_since,
    corrections_made,
    live_codes,
    open_case_of,
    recent_damage_report_of,
    request_followed_by_a_case,
)
from halte.selfservice.rules import CorrectionPath, address_correction, reroute_window
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.shipments.sentences import address_line_of
from halte.vocabulary.postcodes import InvalidPostcode, normalise_postcode
from halte.vocabulary.status import Status
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


class CorrectionOutcome(StrEnum):
    """What became of an address correction; all but the last three change nothing."""

    INVALID = "invalid"  # not a postcode of the parcel's country
    REFUSED = "refused"  # too late: delivered, or on its way back
    TOO_MANY = "too_many"  # corrected MAX_CORRECTIONS times already: a person takes over
    INCONSISTENT = "inconsistent"  # postcode, number and street do not fit the register
    NOT_LISTED = "not_listed"  # not in the register, and the customer has not confirmed it
    UNCHANGED = "unchanged"  # the address we already have
    # A confirmation made before another change of this parcel (a double submit, a replay).
    STALE = "stale"
    READY = "ready"  # checked, not saved: the customer confirms first (check_correction)
    CARRIER_TOLD = "carrier_told"  # saved; not with a driver yet, the carrier updates the label
    REROUTED = "rerouted"  # saved; the driver has it, the route changes and a window follows
    NEEDS_REVIEW = "needs_review"  # saved; not in the register, a colleague checks it first


@dataclass(frozen=True)
class Correction:
    outcome: CorrectionOutcome
    shipment: Shipment
    detail: str = ""  # why the postcode is invalid
    check: AddressCheck | None = None
    window: tuple[datetime, datetime] | None = None
    case: Case | None = None
    # True when the correction went out to the shop's system by itself; False: a person does it.
    passed_on: bool = False
    # The address as the register spells it: what a confirmation step shows before saving.
    proposed: NewAddress | None = None


@dataclass(frozen=True)
class ByAgent:
    """An agent corrects the address for the customer, from the desk, on this case."""

    agent: AbstractBaseUser
    case: Case


def _self_service_case(
    shipment: Shipment,
    *,
    email: str,
    summary: str,
    tags: Sequence[str],
    confirmation: Callable[[Case], str],
    language: str,
    sentiment: int,
    touchpoint: str,
    attachments: Sequence[IncomingAttachment] = (),
) -> Case | None:
    """A case holding the action and the confirmation, so a reply to it reaches a person; its
    first touchpoint is the self-service action itself, labelled as the tracking page."""
    if not email:
        return None

    def acknowledge(case: Case) -> tuple[str, str]:
        with translation.override(case.language):
            body = letters.confirmation(shipment, case, confirmation(case), customer_case_url(case))
            return letters.confirmation_subject(shipment, case.number), body

    case, _ = do_open_case(
        shipment.organisation,
        CustomerMessage(
            channel=Channel.TRACKING, body=summary, from_address=email, attachments=attachments
        ),
        customer_email=email,
        # The recipient's name belongs to the recipient's address only: a neighbour or a
        # stranger who reports on this parcel is not shown to the agent as the recipient.
        customer_name=shipment.recipient_name
        if shipment.recipient_email and email.lower() == shipment.recipient_email.lower()
        else "",
        shipment=shipment,
        language=language,
        tags=tags,
        acknowledge_with=acknowledge,
        sentiment=sentiment,
        touchpoint_summary=touchpoint,
    )
    return case


_ADDRESS_FIELDS = ["postcode", "house_number", "house_number_addition", "street", "city", "country"]


def _set_address(shipment: Shipment, fields: dict[str, Any]) -> None:
    shipment.postcode = str(fields["postcode"])
    shipment.house_number = int(fields["house_number"])
    shipment.house_number_addition = str(fields["addition"])
    shipment.street = str(fields["street"])
    shipment.city = str(fields["city"])
    shipment.country = str(fields["country"])
    shipment.save(update_fields=[*_ADDRESS_FIELDS, "updated_at"])


def _tell_recipient_on_file(
    shipment: Shipment, change: AddressChange, *, old: str, language: str, skip_email: str
) -> None:
    """Every change reaches the recipient on file, with a one-tap undo, whoever made it."""
    url = undo_url(change)
    told = []
    with translation.override(language):
        if shipment.recipient_email and shipment.recipient_email.lower() != skip_email.lower():
            subject, body = letters.change_notice(
                shipment, old, letters.address_line(shipment), url
            )
            queue_email(
                shipment.organisation,
                EmailMessage(subject=subject, body=body, to=[shipment.recipient_email]),
            )
            told.append(shipment.recipient_email)
        if shipment.recipient_phone:
            queue_text_message(
                shipment.organisation,
                to=shipment.recipient_phone,
                text=letters.change_notice_text(shipment, url),
            )
            told.append(shipment.recipient_phone)
    change.notified = ", ".join([*([skip_email] if skip_email else []), *told])[:500]
    change.save(update_fields=["notified"])


@dataclass(frozen=True)
class _Checked:
    """An address that passed every check: what would be saved, and how it travels."""

    proposed: NewAddress
    check: AddressCheck
    reroute: bool


def _check_correction(
    shipment: Shipment, new: NewAddress, *, confirm_unlisted: bool
) -> Correction | _Checked:
    try:
        postcode = normalise_postcode(new.country, new.postcode)
    except InvalidPostcode as problem:
        return Correction(CorrectionOutcome.INVALID, shipment, detail=str(problem))
    decision = address_correction(shipment.status)
    if decision.path is CorrectionPath.REFUSED:
        return Correction(CorrectionOutcome.REFUSED, shipment)
    if corrections_made(shipment) >= MAX_CORRECTIONS:
        return Correction(CorrectionOutcome.TOO_MANY, shipment)
    check = check_address(
        country=new.country,
        postcode=postcode,
        house_number=new.house_number,
        street=new.street,
        city=new.city,
    )
    if check.problem is AddressProblem.NOT_LISTED:
        if not confirm_unlisted:
            return Correction(CorrectionOutcome.NOT_LISTED, shipment, check=check)
    elif not check.consistent:
        return Correction(CorrectionOutcome.INCONSISTENT, shipment, check=check)
    if _is_current_address(shipment, new, postcode):
        return Correction(CorrectionOutcome.UNCHANGED, shipment)
    registered = check.registered
    proposed = NewAddress(
        postcode=postcode,
        house_number=new.house_number,
        addition=new.addition.strip().upper(),
        # Spelled as the register spells it.
        street=registered.street if registered else new.street.strip(),
        city=registered.city if registered else new.city.strip(),
        country=new.country,
    )
    return _Checked(proposed, check, reroute=decision.path is CorrectionPath.REROUTED)


def check_correction(
    shipment: Shipment, new: NewAddress, *, confirm_unlisted: bool = False
) -> Correction:
    """What `do_correct_address` would do, changing nothing: a stop with its reason, or
    READY with the address as it would be saved, for the customer to confirm first."""
    checked = _check_correction(shipment, new, confirm_unlisted=confirm_unlisted)
    if isinstance(checked, Correction):
        return checked
    return Correction(
        CorrectionOutcome.READY, shipment, check=checked.check, proposed=checked.proposed
    )


def do_correct_address(
    shipment: Shipment,
    new: NewAddress,
    *,
    confirm_unlisted: bool = False,
    email: str = "",
    language: str = "nl",
    expected_changes: int | None = None,
    by: ByAgent | None = None,
) -> Correction:
    """Story 01 without a phone call: check the address, then apply what the parcel allows.

    The caller has made sure the visitor is the recipient (a code sent to the recipient on
    file, or our own signed link): code and postcode alone only show a parcel. Or `by` an
    agent of the parcel's organisation, from the desk (story 01's Natasja): the same checks
    and rules; the change lands on the agent's case instead, and the recipient on file is
    told with the same one-tap undo.
    `expected_changes`: how many changes the parcel had when the customer was asked to
    confirm; a confirmation sent twice, or after another change, changes nothing (STALE).
    """
    if expected_changes is not None and corrections_made(shipment) != expected_changes:
        return Correction(CorrectionOutcome.STALE, shipment)  # checked again under the lock
    checked = _check_correction(shipment, new, confirm_unlisted=confirm_unlisted)
    if isinstance(checked, Correction):
        return checked
    return _correct(
        shipment,
        checked,
        email=email or shipment.recipient_email,
        language=language,
        by=by,
        expected_changes=expected_changes,
    )


def _is_current_address(shipment: Shipment, new: NewAddress, postcode: str) -> bool:
    return (
        postcode == shipment.postcode
        and new.house_number == shipment.house_number
        and new.addition.strip().upper() == shipment.house_number_addition.upper()
        and new.street.strip().lower() == shipment.street.lower()
    )


def _correct(
    shipment: Shipment,
    checked: _Checked,
    *,
    email: str,
    language: str,
    expected_changes: int | None,
    by: ByAgent | None = None,
) -> Correction:
    """The checked address in place and passed on to the shop, or to a person who does it or
    checks it first. A change that went out by itself is a touchpoint on the journey (on the
    customer's open case about the parcel, if any) and a confirmation mail, not a case; a
    change an agent made lands on the agent's case."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if expected_changes is not None and corrections_made(shipment) != expected_changes:
            return Correction(CorrectionOutcome.STALE, shipment)
        old = letters.address_line(shipment)
        change = _apply_new_address(shipment, checked.proposed)
        new_line = letters.address_line(shipment)
        window = reroute_window(timezone.now(), country=shipment.organisation.country)
        request = None
        # An unlisted address an agent confirmed has been checked by a person already.
        if checked.check.problem is AddressProblem.NOT_LISTED and by is None:
            outcome = CorrectionOutcome.NEEDS_REVIEW
        else:
            reroute = checked.reroute
            outcome = CorrectionOutcome.REROUTED if reroute else CorrectionOutcome.CARRIER_TOLD
            request = _pass_on_to_shop(
                shipment, outcome.value, old=old, window=window if reroute else None
            )
        passed_on = request is not None
        if passed_on and outcome is CorrectionOutcome.REROUTED:
            _estimate_new_stop(shipment, window)
        if request is not None:
            change.request = request
            change.save(update_fields=["request"])
        if by is not None:
            agents_case = _note_on_agents_case(shipment, change, by, old=old, request=request)
            _tell_recipient_on_file(shipment, change, old=old, language=language, skip_email="")
            return Correction(
                outcome,
                shipment,
                check=checked.check,
                window=window if passed_on and outcome is CorrectionOutcome.REROUTED else None,
                case=agents_case,
                passed_on=passed_on,
                proposed=checked.proposed,
            )
        text = _correction_text(
            shipment, change, outcome, passed_on=passed_on, window=window, email=email
        )
        case = None
        if passed_on:
            _record_correction(shipment, change, request, email=email, old=old, new=new_line)
            _send_correction_confirmation(shipment, text, email=email, language=language)
        else:
            case = _correction_case(
                shipment, outcome, text, email=email, old=old, new=new_line, language=language
            )
        _tell_recipient_on_file(shipment, change, old=old, language=language, skip_email=email)
    return Correction(
        outcome,
        shipment,
        check=checked.check,
        window=window if passed_on and outcome is CorrectionOutcome.REROUTED else None,
        case=case,
        passed_on=passed_on,
        proposed=checked.proposed,
    )


def _note_on_agents_case(
    shipment: Shipment, change: AddressChange, by: ByAgent, *, old: str, request: Dispatch | None
) -> Case:
    """The agent's case keeps who changed what, and whether the shop's system was told."""
    change.changed_by_id = by.agent.pk
    change.save(update_fields=["changed_by"])
    case = by.case
    do_record_agent_action(
        case,
        verb=CaseActivity.Verb.ADDRESS_CORRECTED,
        detail=f"{old} → {letters.address_line(shipment)}",
        by=by.agent,
        sentiment=Touchpoint.Sentiment.GOOD,
    )
    if request is not None:
        do_record_request(case, request, "shipment.address_corrected", by=by.agent)
    return case


def _apply_new_address(shipment: Shipment, new: NewAddress) -> AddressChange:
    """The new address on the parcel, and its change kept."""
    old_fields = letters.address_fields(shipment)
    _set_address(
        shipment,
        {
            "postcode": new.postcode,
            "house_number": new.house_number,
            "addition": new.addition,
            "street": new.street,
            "city": new.city,
            "country": new.country,
        },
    )
    return AddressChange.objects.create(
        shipment=shipment, old_address=old_fields, new_address=letters.address_fields(shipment)
    )


def _pass_on_to_shop(
    shipment: Shipment,
    path: str,
    *,
    old: str,
    window: tuple[datetime, datetime] | None,
) -> Dispatch | None:
    """The shop's system hears of the new address (and tells the carrier); None when the
    organisation has no webhook for it, and a person passes it on. `path` says how: a
    correction's outcome, or "reverted" when the recipient undid one."""
    return queue_webhook(
        shipment.organisation,
        "shipment.address_corrected",
        {
            "carrier": shipment.carrier,
            "tracking_code": shipment.tracking_code,
            "old_address": old,
            "address": letters.address_fields(shipment),
            "path": path,
            "window": {"start": window[0], "end": window[1]} if window else None,
        },
    )


def _estimate_new_stop(shipment: Shipment, window: tuple[datetime, datetime]) -> None:
    # Our estimate of the new stop, shown at once; the carrier's own scans replace it.
    do_record_carrier_events(
        shipment.organisation,
        [
            CarrierEventInput(
                carrier=shipment.carrier,
                tracking_code=shipment.tracking_code,
                code=Status.WINDOW_CHANGED.value,
                description="estimated by Halte after an address correction",
                occurred_at=timezone.now(),
                window_start=window[0],
                window_end=window[1],
                event_id=f"halte-reroute-{uuid.uuid4().hex}",
            )
        ],
    )


def _correction_text(
    shipment: Shipment,
    change: AddressChange,
    outcome: CorrectionOutcome,
    *,
    passed_on: bool,
    window: tuple[datetime, datetime],
    email: str,
) -> Callable[[datetime], str]:
    """What happens next, in the active language, given when a person answers at the latest;
    with a one-tap undo when the recipient made the change."""
    undo = undo_url(change)

    def text(due: datetime) -> str:
        if outcome is CorrectionOutcome.NEEDS_REVIEW:
            said = letters.needs_review(shipment, due)
        elif not passed_on:
            said = letters.colleague_tells_carrier(shipment, due)
        elif outcome is CorrectionOutcome.REROUTED:
            said = letters.rerouted(shipment, *window)
        else:
            said = letters.carrier_told(shipment)
        if shipment.recipient_email and email.lower() == shipment.recipient_email.lower():
            said += "\n\n" + _("Was this not you? Undo it with one tap: %(url)s") % {"url": undo}
        return said

    return text


def _record_correction(
    shipment: Shipment,
    change: AddressChange,
    request: Dispatch | None,
    *,
    email: str,
    old: str,
    new: str,
) -> None:
    """The journey's touchpoint of a change that went out by itself. An open case of this
    customer about the parcel (Remco's e-mail, say) shows it, and hears if passing it on
    fails for good; without one, `do_take_up_failed_correction` opens a case then."""
    joined = open_case_of(shipment, email) if email else None
    if joined is not None and request is not None:
        do_record_request(joined, request, f"shipment.address_corrected: {old} → {new}")
    record_touchpoint(
        organisation_id=shipment.organisation_id,
        shipment_id=shipment.pk,
        case_id=joined.pk if joined else None,
        customer_email=email,
        kind=Touchpoint.Kind.SELF_SERVICE,
        sentiment=Touchpoint.Sentiment.GOOD,
        summary=letters.changed_summary(new),
    )


def _send_correction_confirmation(
    shipment: Shipment, text: Callable[[datetime], str], *, email: str, language: str
) -> None:
    if not email:
        return
    with translation.override(language):
        subject, body = letters.correction_confirmed(
            shipment, text(timezone.now()), tracking_link(shipment)
        )
    queue_email(shipment.organisation, EmailMessage(subject=subject, body=body, to=[email]))


def _correction_case(
    shipment: Shipment,
    outcome: CorrectionOutcome,
    text: Callable[[datetime], str],
    *,
    email: str,
    old: str,
    new: str,
    language: str,
) -> Case | None:
    """A person needs to look: the change passed on by hand, or an unlisted address checked.
    The case says what changed ("address changed to …"), not a question about the old one."""
    tags = ["address-correction"]
    tags.append(
        "unlisted-address" if outcome is CorrectionOutcome.NEEDS_REVIEW else "pass-to-carrier"
    )
    return _self_service_case(
        shipment,
        email=email,
        summary=letters.in_language(language, lambda: letters.corrected_summary(old, new)),
        tags=tags,
        confirmation=lambda case: text(_due(case)),
        language=language,
        sentiment=Touchpoint.Sentiment.GOOD,
        touchpoint=letters.changed_summary(new),
    )


def do_take_up_failed_correction(dispatch_id: int, *, language: str = "nl") -> Case | None:
    """Passing a change on failed for good and no case follows it: now a person needs to look,
    so a case opens and tells the customer a colleague passes the address on."""
    change = (
        AddressChange.objects.select_related("shipment", "shipment__organisation")
        .filter(request_id=dispatch_id, reverted_at__isnull=True)
        .first()
    )
    if change is None or request_followed_by_a_case(dispatch_id):
        return None
    shipment = change.shipment
    email = shipment.recipient_email
    new = address_line_of(change.new_address)
    old = address_line_of(change.old_address)
    with transaction.atomic():
        case = _self_service_case(
            shipment,
            email=email or f"parcel-{shipment.pk}@invalid",
            summary=letters.in_language(language, lambda: letters.corrected_summary(old, new)),
            tags=["address-correction", "pass-to-carrier"],
            confirmation=lambda case: letters.colleague_tells_carrier(shipment, _due(case)),
            language=language,
            sentiment=Touchpoint.Sentiment.POOR,
            touchpoint=f"passing on failed; {letters.changed_summary(new)}",
        )
        if case is not None:
            case.priority = max(case.priority, Case.Priority.HIGH)
            case.save(update_fields=["priority", "updated_at"])
    return case


class Undo(StrEnum):
    UNDONE = "undone"
    ALREADY_UNDONE = "already_undone"


@dataclass(frozen=True)
class UndoResult:
    outcome: Undo
    change: AddressChange
    case: Case | None = None


def do_undo_address_change(change: AddressChange, *, language: str = "nl") -> UndoResult:
    """The recipient on file says "this was not me": the old address back, a person on it."""
    with transaction.atomic():
        change = AddressChange.objects.select_for_update().get(pk=change.pk)
        if change.reverted_at is not None:
            return UndoResult(Undo.ALREADY_UNDONE, change)
        shipment = Shipment.objects.select_for_update().get(pk=change.shipment_id)
        disputed = letters.address_line(shipment)
        _set_address(shipment, change.old_address)
        change.reverted_at = timezone.now()
        change.save(update_fields=["reverted_at"])
        restored = letters.address_line(shipment)
        request = _pass_on_to_shop(shipment, "reverted", old=disputed, window=None)
        case = _open_disputed_case(shipment, restored, disputed, language)
        if request is not None:
            do_record_request(case, request, "shipment.address_corrected (reverted)")
        _close_cases_of_the_change(shipment, because=case)
    return UndoResult(Undo.UNDONE, change, case)


def _open_disputed_case(shipment: Shipment, restored: str, disputed: str, language: str) -> Case:
    """An urgent case for a person, acknowledged with what was put back."""

    def acknowledge_undo(case: Case) -> tuple[str, str]:
        with translation.override(case.language):
            return letters.undone(shipment, case, restored, customer_case_url(case))

    case, _message = do_open_case(
        shipment.organisation,
        CustomerMessage(
            channel=Channel.TRACKING,
            body=letters.in_language(
                language, lambda: letters.disputed_summary(restored, disputed)
            ),
            from_address=shipment.recipient_email,
        ),
        customer_email=shipment.recipient_email or f"parcel-{shipment.pk}@invalid",
        customer_name=shipment.recipient_name,
        shipment=shipment,
        language=language,
        tags=["address-change-disputed"],
        acknowledge_with=acknowledge_undo,
        sentiment=Touchpoint.Sentiment.BAD,
        touchpoint_summary=f"address change undone: {disputed} → {restored}",
    )
    case.priority = Case.Priority.URGENT
    case.save(update_fields=["priority", "updated_at"])
    return case


def _close_cases_of_the_change(shipment: Shipment, *, because: Case) -> None:
    """The change's own case has nothing left to pass on: the old address stands."""
    for waiting in Case.objects.filter(shipment=shipment).still_open():
        if "address-correction" in waiting.tags and waiting.pk != because.pk:
            waiting.tags = [t for t in waiting.tags if t != "pass-to-carrier"]
            waiting.save(update_fields=["tags", "updated_at"])
            do_resolve_case(
                waiting,
                by=Case.ResolvedBy.SYSTEM,
                reason=f"the recipient undid this change; see {because.number}",
                confirm=False,
            )


class CodeSent(StrEnum):
    SENT = "sent"
    NO_CONTACT = "no_contact"  # nothing on file to send a code to
    TOO_MANY = "too_many"


class CodeCheck(StrEnum):
    PROVEN = "proven"
    WRONG = "wrong"
    EXPIRED = "expired"  # no live code: expired, used, or too many wrong tries


CODE_MINUTES = 10
# Codes per parcel per hour, so nobody can flood the recipient's inbox through our form.
MAX_CODES_PER_HOUR = 3


def _code_hash(shipment: Shipment, code: str) -> str:
    return salted_hmac("halte.selfservice.recipient-code", f"{shipment.pk}:{code}").hexdigest()


def do_send_recipient_code(shipment: Shipment, *, language: str = "nl") -> CodeSent:
    """Send a one-time code to the e-mail address and phone the shop gave for this parcel."""
    if not shipment.recipient_email and not shipment.recipient_phone:
        return CodeSent.NO_CONTACT
    now = timezone.now()
    with transaction.atomic():
        Shipment.objects.select_for_update().filter(pk=shipment.pk).first()
        if codes_sent_since(shipment, now - timedelta(hours=1)) >= MAX_CODES_PER_HOUR:
            return CodeSent.TOO_MANY
        code = f"{secrets.randbelow(1_000_000):06d}"
        # A new code ends the older ones: only the latest message counts.
        RecipientCode.objects.filter(shipment=shipment, used_at__isnull=True).update(used_at=now)
        RecipientCode.objects.create(
            shipment=shipment,
            code_hash=_code_hash(shipment, code),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        with translation.override(language):
            if shipment.recipient_email:
                subject, body = letters.recipient_code(shipment, code, CODE_MINUTES)
                queue_email(
                    shipment.organisation,
                    EmailMessage(subject=subject, body=body, to=[shipment.recipient_email]),
                    sensitive=True,
                )
            if shipment.recipient_phone:
                queue_text_message(
                    shipment.organisation,
                    to=shipment.recipient_phone,
                    text=letters.recipient_code_text(shipment, code),
                    sensitive=True,
                )
    return CodeSent.SENT


def do_check_recipient_code(shipment: Shipment, code: str) -> CodeCheck:
    """One try of a code; five wrong tries end it, a right one is used up."""
    now = timezone.now()
    with transaction.atomic():
        live = live_codes(shipment, now).select_for_update().order_by("-created_at").first()
        if live is None:
            return CodeCheck.EXPIRED
        typed = "".join(ch for ch in code if ch.isdigit())
        if hmac.compare_digest(live.code_hash, _code_hash(shipment, typed)):
            live.used_at = now
            live.save(update_fields=["used_at"])
            return CodeCheck.PROVEN
        live.wrong_tries += 1
        live.save(update_fields=["wrong_tries"])
        return CodeCheck.WRONG if live.wrong_tries < MAX_WRONG_TRIES else CodeCheck.EXPIRED


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
    """A problem reported on the tracking page: a case whose first touchpoint is the report."""
    return _self_service_case(
        shipment,
        email=email,
        summary=summary,
        tags=tags,
        confirmation=confirmation,
        language=language,
        sentiment=sentiment,
        touchpoint=touchpoint,
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
    # Only this address's own open cases about the parcel count: anyone may type any address,
    # so a report never lands in someone else's case, and one that names the address of an
    # open case joins it as an unproven message for the agent, closing and changing nothing.
    existing = open_case_of(shipment, email)
    if existing is not None:
        if "not-received" not in existing.tags:
            do_add_unproven_message(
                existing,
                CustomerMessage(
                    channel=Channel.TRACKING,
                    body="Reported online: delivered but not received."
                    + (f"\n\n{note}" if note else ""),
                    from_address=email,
                ),
                sender=CaseMessage.Sender.UNPROVEN,
                notify_with=lambda case: web_form_notice(case, customer_case_url(case)),
            )
            existing.tags = [*existing.tags, "not-received"]
            existing.save(update_fields=["tags", "updated_at"])
        return existing
    with transaction.atomic():
        request = queue_webhook(
            shipment.organisation,
            "shipment.proof_of_delivery_requested",
            {
                "carrier": shipment.carrier,
                "tracking_code": shipment.tracking_code,
                "delivered_at": shipment.delivered_at,
                "delivery_place": shipment.delivery_place,
                "reason": "recipient reports not received",
            },
        )
        case = _report_problem(
            shipment,
            email=email,
            sentiment=Touchpoint.Sentiment.POOR,
            touchpoint="reported: delivered but not received",
            summary=letters.in_language(language, letters.not_received_summary)
            + (f"\n\n{note}" if note else ""),
            tags=["not-received"] + ([] if request else ["ask-carrier"]),
            confirmation=lambda case: letters.not_received(
                shipment, _due(case), asked=request is not None
            ),
            language=language,
        )
        if case is not None and request is not None:
            do_record_request(case, request, "shipment.proof_of_delivery_requested")
    return case


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
    # A second press of "send" by the same address is the same report. Anyone else's report
    # on this parcel is never handed back.
    existing = recent_damage_report_of(shipment, email, since=timezone.now() - DOUBLE_SUBMIT_WINDOW)
    if existing is not None:
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


def do_close_from_tracking_page(shipment: Shipment, case_id: int) -> Case | None:
    case = recipients_cases(shipment).filter(pk=case_id).first()
    if case is None:
        return None
    return do_resolve_case(
        case, by=Case.ResolvedBy.CUSTOMER, reason="closed by the customer on the tracking page"
    )
