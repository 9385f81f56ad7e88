"""The drivers' verbs: create drivers and plan stops, sign in with a depot code, record a tap.

Every tap that says what became of a parcel is read by the `halte-driver` adapter and stored
through `do_record_carrier_feed`, the same road a carrier's push takes; the tracking page,
promises and analytics see a carrier event and need no special case.
"""

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from halte.carriers import halte_driver
from halte.cases.actions import IncomingAttachment
from halte.drivers.error_codes import DriverErrorCode, TapRefusal
from halte.drivers.inputs import DriverInput, StopInput
from halte.drivers.models import Driver, SignInCode, Stop, Tap
from halte.feeds.actions import do_record_carrier_feed
from halte.organisations.models import Organisation
from halte.returns.actions import do_refuse_at_door
from halte.shipments.models import Shipment
from halte.vocabulary.status import TERMINAL_STATUSES, DeliveryPlace, FailureReason, Status

# Letters and digits a driver cannot misread on a depot's screen: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=15)
# A tap replayed after a day without signal is still the driver's work; older is a stale phone.
OLDEST_TAP = timedelta(hours=48)
# Phones' clocks run a little ahead; a tap further in the future than this is a wrong clock.
CLOCK_SKEW = timedelta(minutes=5)


# --- Drivers and stops, from the carrier organisation's API or CSV upload ------------------


@dataclass(frozen=True)
class Upserted:
    created: int
    updated: int


def do_upsert_drivers(organisation: Organisation, rows: Sequence[DriverInput]) -> Upserted:
    """Create or update drivers by their reference; the last row for a reference wins."""
    by_reference = {row.reference: row for row in rows}
    created = 0
    with transaction.atomic(durable=True):
        for row in by_reference.values():
            _, was_created = Driver.objects.update_or_create(
                organisation=organisation,
                reference=row.reference,
                defaults={
                    "name": row.name,
                    "depot": row.depot,
                    "phone": row.phone,
                    "is_active": row.active,
                },
            )
            created += was_created
    return Upserted(created, len(by_reference) - created)


@dataclass(frozen=True)
class PlannedStop:
    driver_id: int
    shipment_id: int
    route_date: date
    route_order: int


@dataclass(frozen=True)
class RowProblem:
    index: int
    field: str
    code: DriverErrorCode
    message: str


def check_stops(
    organisation: Organisation, rows: Sequence[tuple[int, StopInput]]
) -> tuple[list[PlannedStop], list[RowProblem]]:
    """The rows that can be planned, and what is wrong with the others, by their index.

    A stop names a driver of this organisation and one of its shipments; a parcel is on one
    route a day, so it appears once per day, and a stop already completed is not planned again.
    Reads in four queries whatever the number of rows.
    """
    drivers = dict(
        Driver.objects.filter(
            organisation=organisation, reference__in={row.driver for _, row in rows}
        ).values_list("reference", "pk")
    )
    shipments = {
        (carrier, code): pk
        for carrier, code, pk in Shipment.objects.filter(
            organisation=organisation, tracking_code__in={row.tracking_code for _, row in rows}
        ).values_list("carrier", "tracking_code", "pk")
    }
    settled = set(
        Stop.objects.filter(
            shipment_id__in=shipments.values(),
            route_date__in={row.date for _, row in rows},
        )
        .exclude(state__in=[Stop.State.PLANNED])
        .values_list("shipment_id", "route_date")
    )
    planned: list[PlannedStop] = []
    problems: list[RowProblem] = []
    seen: set[tuple[int, date]] = set()
    for index, row in rows:
        driver_id = drivers.get(row.driver)
        shipment_id = shipments.get((row.carrier, row.tracking_code))
        if driver_id is None:
            problems.append(
                RowProblem(
                    index,
                    "driver",
                    DriverErrorCode.DRIVER_NOT_FOUND,
                    f"no driver with reference '{row.driver}'; create the driver first",
                )
            )
        if shipment_id is None:
            problems.append(
                RowProblem(
                    index,
                    "tracking_code",
                    DriverErrorCode.STOP_SHIPMENT_NOT_FOUND,
                    f"no shipment {row.carrier} {row.tracking_code} of this organisation",
                )
            )
        if driver_id is None or shipment_id is None:
            continue
        if (shipment_id, row.date) in seen:
            problems.append(
                RowProblem(
                    index,
                    "tracking_code",
                    DriverErrorCode.DUPLICATE_STOP,
                    f"{row.tracking_code} is already on a route on {row.date} in this request",
                )
            )
            continue
        seen.add((shipment_id, row.date))
        if (shipment_id, row.date) in settled:
            problems.append(
                RowProblem(
                    index,
                    "tracking_code",
                    DriverErrorCode.STOP_SETTLED,
                    f"the stop for {row.tracking_code} on {row.date} is completed already",
                )
            )
            continue
        planned.append(PlannedStop(driver_id, shipment_id, row.date, row.route_order))
    return planned, problems


def do_plan_stops(organisation: Organisation, stops: Sequence[PlannedStop]) -> Upserted:
    """Put checked stops on their routes; a parcel planned again that day moves."""
    created = 0
    with transaction.atomic(durable=True):
        for stop in stops:
            _, was_created = Stop.objects.update_or_create(
                shipment_id=stop.shipment_id,
                route_date=stop.route_date,
                defaults={
                    "organisation": organisation,
                    "driver_id": stop.driver_id,
                    "route_order": stop.route_order,
                },
            )
            created += was_created
    return Upserted(created, len(stops) - created)


# --- Sign-in -------------------------------------------------------------------------------


def _code_digest(code: str) -> str:
    compact = "".join(code.split()).upper()
    return hashlib.sha256(f"halte-driver-code:{compact}".encode()).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime

    @property
    def link_token(self) -> str:
        """The code signed for a link: as strong as the code, for as long, and as once."""
        return signing.TimestampSigner(salt=LINK_SALT).sign(self.code)


LINK_SALT = "halte.drivers.sign-in-link"


def code_of_link(token: str) -> str | None:
    """The code a sign-in link carries, if the link is ours and younger than a code lives."""
    try:
        return signing.TimestampSigner(salt=LINK_SALT).unsign(token, max_age=CODE_LIFETIME)
    except signing.BadSignature:  # forged, changed or expired (SignatureExpired is one)
        return None


def do_issue_sign_in_code(driver: Driver, now: datetime | None = None) -> IssuedCode:
    """A new one-time code for the depot to hand the driver; only its digest is stored."""
    now = now or timezone.now()
    for _attempt in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            # A savepoint, not a durable block: a clash is retried within the caller's work.
            with transaction.atomic():
                SignInCode.objects.create(
                    driver=driver, digest=_code_digest(code), expires_at=now + CODE_LIFETIME
                )
        except IntegrityError:  # 31^8 codes: a clash is all but impossible, but not quite
            continue
        return IssuedCode(code, now + CODE_LIFETIME)
    raise RuntimeError("no free sign-in code after five attempts")


def do_sign_in_with_code(code: str, now: datetime | None = None) -> Driver | None:
    """The driver a live, unused code belongs to, the code spent; None for any other code."""
    now = now or timezone.now()
    # Not durable: the code is spent in the same unit of work as whatever signs the driver in.
    with transaction.atomic():
        row = (
            SignInCode.objects.select_related("driver")
            .select_for_update()
            .filter(
                digest=_code_digest(code),
                used_at__isnull=True,
                expires_at__gt=now,
                driver__is_active=True,
            )
            .first()
        )
        if row is None:
            return None
        row.used_at = now
        row.save(update_fields=["used_at"])
    return row.driver


# --- Taps at the door ----------------------------------------------------------------------


class TapStored(Enum):
    STORED = "stored"
    # The phone sent a tap Halte already had (a replay after a lost answer): nothing new.
    ALREADY = "already"


class TapRefused(ValueError):
    """The tap is not stored; `message` says why in the driver's language."""

    def __init__(self, code: TapRefusal, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class TapData:
    client_id: str
    kind: Tap.Kind
    occurred_at: datetime
    place: DeliveryPlace | None = None
    place_detail: str = ""
    reason: FailureReason | None = None
    note: str = ""
    photo: ContentFile[bytes] | None = None  # from halte.drivers.photos.read_photo


# What each tap makes of the stop.
_NEXT_STATE = {
    Tap.Kind.DELIVERED: Stop.State.DELIVERED,
    Tap.Kind.FAILED: Stop.State.FAILED,
    Tap.Kind.DAMAGED: Stop.State.INSPECTING,
    Tap.Kind.ACCEPTED: Stop.State.DELIVERED,
    Tap.Kind.REFUSED: Stop.State.REFUSED,
}


def _check_moment(at: datetime, now: datetime) -> None:
    if at > now + CLOCK_SKEW:
        raise TapRefused(
            TapRefusal.TAP_IN_FUTURE,
            _("This tap is dated in the future. Check the time on your phone and tap again."),
        )
    if at < now - OLDEST_TAP:
        raise TapRefused(
            TapRefusal.TAP_TOO_OLD,
            _(
                "This tap is more than 48 hours old and was not stored. "
                "Tell the depot what happened at this stop."
            ),
        )


def _check_stop(stop: Stop, kind: Tap.Kind) -> None:
    if stop.is_settled:
        raise TapRefused(
            TapRefusal.STOP_SETTLED,
            _("This stop was already completed (%(state)s); nothing was changed.")
            % {"state": stop.get_state_display()},
        )
    inspecting = stop.state == Stop.State.INSPECTING
    if kind in (Tap.Kind.ACCEPTED, Tap.Kind.REFUSED) and not inspecting:
        raise TapRefused(
            TapRefusal.NOT_INSPECTING,
            _("Mark the box as damaged first; then the recipient can accept or refuse it."),
        )
    if kind not in (Tap.Kind.ACCEPTED, Tap.Kind.REFUSED) and inspecting:
        raise TapRefused(
            TapRefusal.INSPECTING,
            _("The recipient is looking at the damaged box: record whether they accept it."),
        )
    if stop.shipment.status in TERMINAL_STATUSES:
        raise TapRefused(
            TapRefusal.SHIPMENT_DELIVERED,
            _("This parcel is already %(status)s; the stop cannot be completed again.")
            % {"status": Status(stop.shipment.status).label},
        )


def _code_of(data: TapData) -> str | None:
    """The driver code this tap becomes, or None for a tap that is no carrier event."""
    if data.kind == Tap.Kind.DELIVERED and data.place is not None:
        return f"{Status.DELIVERED.value}.{data.place.value}"
    if data.kind == Tap.Kind.ACCEPTED:
        return f"{Status.DELIVERED.value}.{DeliveryPlace.RECIPIENT.value}"
    if data.kind == Tap.Kind.FAILED and data.reason is not None:
        return f"{Status.DELIVERY_FAILED.value}.{data.reason.value}"
    if data.kind == Tap.Kind.REFUSED:
        return Status.RETURNING_TO_SENDER.value
    return None


def _record_as_carrier_event(stop: Stop, tap: Tap, code: str) -> None:
    """The tap through the same ingestion as a carrier's push (adapter, feed, events)."""
    note = tap.note
    if tap.kind == Tap.Kind.ACCEPTED:
        note = "box damaged, accepted by the recipient after inspection" + (
            f": {note}" if note else ""
        )
    document = {
        "events": [
            {
                "tap_id": tap.client_id,
                "tracking_code": stop.shipment.tracking_code,
                "code": code,
                "occurred_at": tap.occurred_at.isoformat(),
                "place_detail": tap.place_detail,
                "note": note,
                "depot": stop.driver.depot,
            }
        ]
    }
    parsed = halte_driver.parse_webhook(json.dumps(document).encode(), "application/json")
    outcome = do_record_carrier_feed(stop.shipment.organisation, stop.shipment.carrier, parsed)
    if outcome.problems:
        # Built by Halte from a checked tap: a problem here is a bug, and nothing is kept.
        raise RuntimeError(f"driver tap not readable as a carrier event: {outcome.problems}")


def do_record_tap(
    driver: Driver, stop_id: int, data: TapData, now: datetime | None = None
) -> tuple[Tap, TapStored]:
    """Store one tap once, at the time it was tapped, and what it makes of stop and parcel.

    Idempotent on the phone's id for the tap: a replay returns the stored tap unchanged
    (TapStored.ALREADY), even once the stop is completed. Refused with TapRefused: a time
    in the future or older than 48 hours, a stop completed already, a parcel already delivered,
    an accept or refuse without a damaged box. Stop.DoesNotExist for another driver's stop.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        stop = (
            Stop.objects.select_related("shipment__organisation", "driver")
            .select_for_update()
            .get(pk=stop_id, driver=driver)
        )
        stored = Tap.objects.filter(driver=driver, client_id=data.client_id).first()
        if stored is not None:
            return stored, TapStored.ALREADY
        _check_moment(data.occurred_at, now)
        _check_stop(stop, data.kind)
        tap = Tap(
            driver=driver,
            stop=stop,
            client_id=data.client_id,
            kind=data.kind,
            place=data.place or "",
            place_detail=data.place_detail,
            reason=data.reason or "",
            note=data.note,
            occurred_at=data.occurred_at,
        )
        if data.photo is not None:
            tap.photo = data.photo
        tap.save()
        stop.state = _NEXT_STATE[data.kind]
        update = ["state"]
        if data.kind == Tap.Kind.DAMAGED:
            stop.damaged = True
            update.append("damaged")
        if stop.is_settled:
            stop.completed_at = data.occurred_at
            update.append("completed_at")
        stop.save(update_fields=update)
        code = _code_of(data)
        if code is not None:
            _record_as_carrier_event(stop, tap, code)
        if data.kind == Tap.Kind.REFUSED:
            _refuse_at_door(stop, tap)
    return tap, TapStored.STORED


def _refuse_at_door(stop: Stop, tap: Tap) -> None:
    """The return on the spot, its case opened and resolved, the shop told (halte.returns)."""
    damage = stop.taps.filter(kind=Tap.Kind.DAMAGED).order_by("occurred_at").first()
    notes = [n for n in (damage.note if damage else "", tap.note) if n]
    photo = None
    if damage is not None and damage.photo:
        with damage.photo.open("rb") as stored:
            photo = IncomingAttachment("damage-at-the-door.jpg", "image/jpeg", stored.read())
    do_refuse_at_door(
        stop.shipment,
        reason=FailureReason.DAMAGED.value,
        note="; ".join(notes),
        photo=photo,
        at=tap.occurred_at,
    )
