"""Carrier codes as carriers really send them: any case, surrounding space, one meaning."""

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from halte.carriers.adapters import all_adapters
from halte.carriers.feed import code_entry
from halte.carriers.meanings import built_in_meaning, meanings_for
from halte.carriers.models import CarrierAccount, CarrierCode
from halte.feeds.actions import do_map_carrier_code
from halte.organisations.models import Organisation
from halte.shipments.models import TrackingEvent
from halte.vocabulary.carriers import normalise_code
from halte.vocabulary.status import DeliveryPlace, Status
from tests.conftest import ApiClient
from tests.factories import make_shipment
from tests.pushes import drained

FIXTURES = Path(__file__).parent.parent / "fixtures" / "carriers"
VARIANTS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "padded": lambda code: f"  {code}\t ",
}
SLUGS = [adapter.SLUG for adapter in all_adapters()]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_code_in_every_table_means_the_same_in_any_case_or_padding(
    slug: str, variant: str
) -> None:
    (adapter,) = [a for a in all_adapters() if slug == a.SLUG]
    wrong = []
    for code, entry in adapter.STATUS_MAP.items():
        sent = VARIANTS[variant](code)
        if sent.strip() != code and sent.strip() in adapter.STATUS_MAP:
            continue  # a code of its own: DHL's `DELIVERED` beside its `delivered`
        found = code_entry(adapter.STATUS_MAP, sent)
        if found is None or found.meaning != entry.meaning:
            wrong.append(sent)
        if built_in_meaning(slug, sent) != entry.meaning:
            wrong.append(f"built-in {sent!r}")
    assert wrong == []


def test_codes_differing_only_in_case_keep_their_own_meaning() -> None:
    dhl = next(a for a in all_adapters() if a.SLUG == "dhl")
    assert code_entry(dhl.STATUS_MAP, " DELIVERED ") == dhl.STATUS_MAP["DELIVERED"]
    assert code_entry(dhl.STATUS_MAP, "delivered") == dhl.STATUS_MAP["delivered"]


def test_the_rule_is_stripped_and_lower_case() -> None:
    assert normalise_code(" OutDel.Normal \n") == "outdel.normal"


@pytest.mark.django_db
def test_halte_codes_and_admin_mappings_compare_the_same_way() -> None:
    assert meanings_for([("generic", " DELIVERED.Mailbox ")])[("generic", " DELIVERED.Mailbox ")]
    make_shipment(carrier="gls", tracking_code="GLSCASE1")
    CarrierCode.objects.create(carrier="gls", code=" XX-Custom ", example_description="x")
    row = CarrierCode.objects.get()
    assert row.code == "xx-custom"
    do_map_carrier_code(row, status=Status.AT_DEPOT, place="", reason="")
    meanings = meanings_for([("gls", "XX-CUSTOM"), ("gls", "xx-custom ")])
    assert {m.status for m in meanings.values() if m} == {Status.AT_DEPOT}
    assert len(meanings) == 2 and None not in meanings.values()


def _push(carrier: str, body: bytes, secret: str) -> Any:
    adapter = next(a for a in all_adapters() if carrier == a.SLUG)
    return Client().post(
        f"/api/v1/carriers/{carrier}/webhook",
        body,
        content_type="application/json",
        headers=adapter.WEBHOOK_AUTH.headers_for(body, secret),
    )


def _postnl_push(tracking_code: str, code: str) -> bytes:
    document = json.loads((FIXTURES / "postnl" / "webhook-delivered-mailbox.json").read_bytes())
    shipment = document["CompleteStatus"]["Shipment"]
    moment = timezone.localtime(timezone.now() - timedelta(hours=1))
    shipment["Barcode"] = shipment["MainBarcode"] = tracking_code
    shipment["Event"] = [
        {
            "Code": code,
            "Description": "Bezorger is onderweg",
            "LocationCode": "161234",
            "TimeStamp": moment.strftime("%d-%m-%Y %H:%M:%S"),
        }
    ]
    for key in ("Status", "OldStatus"):
        shipment.pop(key, None)
    return json.dumps(document).encode()


@pytest.mark.django_db
def test_a_postnl_push_with_a_padded_lower_case_code_reads_the_driver_is_on_the_way(
    organisation: Organisation,
) -> None:
    CarrierAccount.objects.create(organisation=organisation, carrier="postnl", webhook_secret="p1")
    shipment = make_shipment(
        organisation=organisation,
        carrier="postnl",
        tracking_code="3SHLTE6204399",
        postcode="3511NK",
    )
    response = _push("postnl", _postnl_push(shipment.tracking_code, " j05 "), "p1")
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 1
    outcome = drained()
    assert outcome["stored"] == 1 and outcome["unmapped"] == 0
    shipment.refresh_from_db()
    assert shipment.status == Status.OUT_FOR_DELIVERY
    client = Client()
    page = client.post(
        reverse("tracking:lookup"),
        {"tracking_code": shipment.tracking_code, "postcode": "3511 NK"},
        follow=True,
    )
    url = page.redirect_chain[-1][0]
    english = client.post(reverse("set_language"), {"language": "en", "next": url}, follow=True)
    assert "The driver has your parcel and is on the way to you." in english.content.decode()
    # The code as sent is kept for display; no unmapped code is listed for the admin.
    assert TrackingEvent.objects.get(shipment=shipment).raw_code == "j05"
    assert not CarrierCode.objects.filter(status=Status.UNMAPPED).exclude(code="j05").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("carrier", "code", "status", "place"),
    [
        ("bpost", "u02", Status.DELIVERED, DeliveryPlace.MAILBOX),
        ("generic", " delivered.MAILBOX ", Status.DELIVERED, DeliveryPlace.MAILBOX),
        ("postnl", " j05 ", Status.OUT_FOR_DELIVERY, None),
    ],
)
def test_the_batch_api_reads_codes_in_any_case(
    api: ApiClient, organisation: Organisation, carrier: str, code: str, status: str, place: Any
) -> None:
    shipment = make_shipment(organisation=organisation, carrier=carrier)
    event = {
        "carrier": carrier,
        "tracking_code": shipment.tracking_code,
        "code": code,
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
    }
    response = api.post("/api/v1/carrier-events", {"events": [event]})
    assert response.status_code == 200, response.content
    assert response.json()["unmapped"] == 0
    shipment.refresh_from_db()
    assert shipment.status == status
    assert (shipment.delivery_place or None) == place
