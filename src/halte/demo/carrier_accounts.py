"""Demo carrier accounts, and a parcel told in PostNL's own words through the PostNL adapter."""

import json
from datetime import datetime, timedelta

from django.utils import timezone

from halte.carriers import postnl
from halte.carriers.models import CarrierAccount
from halte.feeds.actions import do_record_carrier_feed
from halte.organisations.models import Organisation
from halte.vocabulary.calendar import AMSTERDAM
from halte.vocabulary.carriers import CARRIERS

POSTNL_PARCEL = "3SHALT0606060"


def demo_webhook_secret(carrier: str) -> str:
    return f"halte-demo-{carrier}-secret"


def load_carrier_accounts(org: Organisation) -> None:
    """An account per carrier, so each carrier's webhook can be tried against the demo."""
    CarrierAccount.objects.bulk_create(
        [
            CarrierAccount(organisation=org, carrier=slug, webhook_secret=demo_webhook_secret(slug))
            for slug in CARRIERS
        ]
    )


def _postnl_time(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S")


def postnl_push(tracking_code: str, delivered_at: datetime) -> bytes:
    """A PostNL Shippingstatus document: sorted, out for delivery, left with the neighbours."""
    steps = [
        ("A01", "Pakket is nog niet door PostNL ontvangen of verwerkt", timedelta(hours=20)),
        ("B01", "Zending is ontvangen door PostNL", timedelta(hours=16)),
        ("J01", "Zending is gesorteerd", timedelta(hours=11)),
        ("J05", "Bezorger is onderweg", timedelta(hours=5)),
        ("I10", "Zending is bezorgd bij de buren", timedelta(0)),
    ]
    events = [
        {"Code": code, "Description": text, "TimeStamp": _postnl_time(delivered_at - before)}
        for code, text, before in reversed(steps)
    ]
    neighbour = {
        "AddressType": "07",
        "Street": "Schoenmakerstraat",
        "HouseNumber": "5",
        "Zipcode": "6811AB",
        "City": "Arnhem",
        "CountryCode": "NL",
    }
    shipment = {"Barcode": tracking_code, "Address": [neighbour], "Event": events}
    return json.dumps({"CompleteStatus": {"Shipment": shipment}}).encode()


def load_postnl_parcel(org: Organisation) -> None:
    """Fed exactly as PostNL's push would be: the adapter reads it, the intake stores it."""
    delivered_at = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    parsed = postnl.parse_webhook(postnl_push(POSTNL_PARCEL, delivered_at), "application/json")
    do_record_carrier_feed(org, postnl.SLUG, parsed)
