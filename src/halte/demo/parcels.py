"""Demo data that replays the customer stories, fed through the same actions as the API."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from halte.demo.carrier_accounts import POSTNL_PARCEL, load_carrier_accounts, load_postnl_parcel
from halte.effort.receivers import paused as no_effort_questions
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation
from halte.promises.receivers import paused
from halte.shipments.actions import do_record_carrier_events, do_upsert_shipment
from halte.shipments.inputs import CarrierEventInput, ShipmentInput
from halte.vocabulary.calendar import AMSTERDAM

DEMO_SLUG = "demo"
DEMO_API_KEY = "halte_demo_key_for_local_use_only"


@dataclass(frozen=True)
class DemoParcel:
    story: str
    tracking_code: str
    postcode: str


def _at(day: date, hh_mm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=AMSTERDAM)


def _event(
    carrier: str, code: str, tracking_code: str, at: datetime, **extra: Any
) -> CarrierEventInput:
    return CarrierEventInput.model_validate(
        {
            "carrier": carrier,
            "tracking_code": tracking_code,
            "code": code,
            "occurred_at": at,
            **extra,
        }
    )


def _shipment(**data: Any) -> ShipmentInput:
    return ShipmentInput.model_validate(data)


def load_demo(today: date | None = None) -> list[DemoParcel]:
    """Replace the demo organisation's data with stories 01 and 03 and a parcel on its way."""

    # Past events must not be judged against today's clock, nor asked about as if just lived.
    with paused(), no_effort_questions():
        return _load_demo(today)


def _load_demo(today: date | None) -> list[DemoParcel]:
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    with transaction.atomic():
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        org = Organisation.objects.create(name="Tuinlicht Webshop (demo)", slug=DEMO_SLUG)
    do_issue_api_token(org, name="demo", key=DEMO_API_KEY)
    load_carrier_accounts(org)
    return [
        _story_01(org, yesterday),
        _story_03(org, yesterday),
        _on_its_way(org, today),
        _story_01_to_fix(org, today),
        _story_05(org, today),
        _told_by_postnl(org),
    ]


def _told_by_postnl(org: Organisation) -> DemoParcel:
    """A parcel whose whole journey came in PostNL's own codes, read by the PostNL adapter."""
    code = POSTNL_PARCEL
    do_upsert_shipment(
        org,
        _shipment(
            carrier="postnl",
            tracking_code=code,
            recipient={"name": "Sanne Bakker", "email": "sanne@example.nl"},
            address={
                "postcode": "6811 AB",
                "house_number": 3,
                "street": "Schoenmakerstraat",
                "city": "Arnhem",
            },
        ),
    )
    load_postnl_parcel(org)
    return DemoParcel("PostNL's own codes, left with the neighbours at nr 5", code, "6811 AB")


def _story_01(org: Organisation, day: date) -> DemoParcel:
    """Story 01: old postcode with the new street, address incorrect, corrected, delivered."""
    code = "05222111830001"
    wrong = {"postcode": "3572 KT", "house_number": 12, "street": "Lindelaan", "city": "Utrecht"}
    right = {"postcode": "3731 HK", "house_number": 12, "street": "Lindelaan", "city": "De Bilt"}
    shipment = {
        "carrier": "dpd",
        "tracking_code": code,
        "recipient": {"name": "Remco de Waard", "email": "remco@example.nl"},
        "order": {
            "reference": "TL-10017",
            "placed_at": _at(day - timedelta(days=3), "08:55").isoformat(),
            "promise": {"date": (day - timedelta(days=1)).isoformat()},
        },
    }
    do_upsert_shipment(org, _shipment(**shipment, address=wrong))
    e = [
        _event("dpd", "announced", code, _at(day - timedelta(days=3), "09:10")),
        _event(
            "dpd",
            "received_by_carrier",
            code,
            _at(day - timedelta(days=2), "18:40"),
            location="Nieuwegein",
        ),
        _event("dpd", "at_depot", code, _at(day - timedelta(days=2), "23:15"), location="Utrecht"),
        _event("dpd", "out_for_delivery", code, _at(day - timedelta(days=1), "07:30")),
        _event(
            "dpd",
            "delivery_failed.address_incorrect",
            code,
            _at(day - timedelta(days=1), "11:02"),
            location="Utrecht",
        ),
    ]
    do_record_carrier_events(org, e)
    # The customer corrects the address; the driver takes it along the next day.
    do_upsert_shipment(org, _shipment(**shipment, address=right))
    window = {"window_start": _at(day, "13:28"), "window_end": _at(day, "14:28")}
    do_record_carrier_events(
        org,
        [
            _event("dpd", "out_for_delivery", code, _at(day, "07:45"), location="De Bilt"),
            _event("dpd", "window_set", code, _at(day, "12:05"), **window),
            _event("dpd", "delivered.recipient", code, _at(day, "13:51"), location="De Bilt"),
        ],
    )
    return DemoParcel("01 – wrong address, fixed, delivered 13:28–14:28", code, "3731 HK")


def _story_03(org: Organisation, day: date) -> DemoParcel:
    """Story 03: a mailbox parcel, window 16:33–17:33, delivered 16:58 in the garden."""
    code = "3SHALT0303030"
    do_upsert_shipment(
        org,
        _shipment(
            carrier="postnl",
            tracking_code=code,
            kind="mailbox_parcel",
            recipient={"name": "Sanne Bakker", "email": "sanne@example.nl"},
            address={
                "postcode": "6811 AB",
                "house_number": 3,
                "street": "Schoenmakerstraat",
                "city": "Arnhem",
            },
            order={
                "reference": "TL-10032",
                "placed_at": _at(day - timedelta(days=2), "09:58").isoformat(),
                "promise": {"date": day.isoformat()},
            },
        ),
    )
    window = {"window_start": _at(day, "16:33"), "window_end": _at(day, "17:33")}
    do_record_carrier_events(
        org,
        [
            _event("postnl", "announced", code, _at(day - timedelta(days=2), "10:02")),
            _event(
                "postnl",
                "received_by_carrier",
                code,
                _at(day - timedelta(days=1), "21:30"),
                location="Nieuwegein",
            ),
            _event("postnl", "at_depot", code, _at(day, "05:12"), location="Arnhem"),
            _event("postnl", "window_set", code, _at(day, "13:00"), **window),
            _event(
                "postnl",
                "delivered",
                code,
                _at(day, "16:58"),
                delivery_place={"kind": "safe_place", "detail": "in de tuin"},
            ),
            # The carrier's own code the customer could not read; it stays unmapped on purpose.
            _event(
                "postnl",
                "ONTV-OBV",
                code,
                _at(day, "20:10"),
                description="ontvangst ontvangstbevestiging",
            ),
        ],
    )
    return DemoParcel("03 – mailbox parcel delivered 16:58 in the garden", code, "6811 AB")


def _on_its_way(org: Organisation, day: date) -> DemoParcel:
    """A parcel out for delivery now, with a window still ahead."""
    code = "JVGL0612345678"
    now = timezone.now()
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    do_upsert_shipment(
        org,
        _shipment(
            carrier="dhl",
            tracking_code=code,
            recipient={"name": "Brent Beckers"},
            address={
                "postcode": "3500",
                "house_number": 7,
                "street": "Elfde-Liniestraat",
                "city": "Hasselt",
                "country": "BE",
            },
            order={
                "reference": "TL-10040",
                "placed_at": (now - timedelta(days=1)).isoformat(),
                "promise": {"date": day.isoformat()},
            },
        ),
    )
    do_record_carrier_events(
        org,
        [
            _event("dhl", "received_by_carrier", code, now - timedelta(hours=20)),
            _event("dhl", "at_depot", code, now - timedelta(hours=6), location="Hasselt"),
            _event("dhl", "out_for_delivery", code, now - timedelta(minutes=30)),
            _event(
                "dhl",
                "window_set",
                code,
                now - timedelta(minutes=29),
                window_start=start,
                window_end=start + timedelta(hours=1),
            ),
        ],
    )
    return DemoParcel("on its way today, window ahead", code, "3500")


def _story_01_to_fix(org: Organisation, day: date) -> DemoParcel:
    """Story 01 to replay yourself: old postcode with the new street, the driver has it."""
    code = "05222111830099"
    now = timezone.now()
    do_upsert_shipment(
        org,
        _shipment(
            carrier="dpd",
            tracking_code=code,
            recipient={"name": "Remco de Waard", "email": "remco@example.nl"},
            address={
                "postcode": "3572 KT",
                "house_number": 12,
                "street": "Lindelaan",
                "city": "De Bilt",
            },
            order={
                "reference": "TL-10051",
                "placed_at": (now - timedelta(days=2)).isoformat(),
                "promise": {"date": day.isoformat()},
            },
        ),
    )
    do_record_carrier_events(
        org,
        [
            _event("dpd", "received_by_carrier", code, now - timedelta(hours=20)),
            _event("dpd", "at_depot", code, now - timedelta(hours=5), location="Utrecht"),
            _event("dpd", "out_for_delivery", code, now - timedelta(minutes=40)),
        ],
    )
    return DemoParcel("01 to replay - fix the mixed-up address yourself", code, "3572 KT")


def _story_05(org: Organisation, day: date) -> DemoParcel:
    """Story 05: promised for today, never handed to the carrier. Within a minute of `make run`
    Halte tells the customer first, with a new date and a voucher (see var/mail/)."""
    code = "3SHALT0505050"
    now = timezone.now()
    do_upsert_shipment(
        org,
        _shipment(
            carrier="postnl",
            tracking_code=code,
            kind="mailbox_parcel",
            recipient={
                "name": "Brent Beckers",
                "email": "brent@example.be",
                "phone": "+32470000000",
            },
            address={
                "postcode": "3500",
                "house_number": 7,
                "street": "Elfde-Liniestraat",
                "city": "Hasselt",
                "country": "BE",
            },
            order={
                "reference": "FIFA-PREORDER",
                "placed_at": (now - timedelta(days=90)).isoformat(),
                "promise": {"date": day.isoformat()},
            },
        ),
    )
    return DemoParcel("05 - promised today, not handed over: watch Halte tell first", code, "3500")
