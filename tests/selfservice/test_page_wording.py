"""Each self-service page says why in the words for the parcel's case: the refusal reason, the
path the correction takes, which part of an address does not fit, where to look first."""

import pytest
from django.test import Client
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.selfservice.actions import NewAddress, do_correct_address
from halte.selfservice.links import undo_url
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from halte.vocabulary.status import DeliveryPlace
from tests.selfservice.test_selfservice import _address, _parcel, _prove

pytestmark = pytest.mark.django_db(transaction=True)

RETURNING = "onderweg terug naar de afzender"
DELIVERED = "al bezorgd"
DRIVER_HAS_IT = "De bezorger heeft je pakket al bij zich"
NOT_WITH_DRIVER = "Je pakket is nog niet bij een bezorger"


def _page(client: Client, shipment: Shipment, page: str = "address/") -> str:
    shipment.refresh_from_db()
    return client.get(tracking_url(shipment) + page).content.decode()


def test_a_parcel_on_its_way_back_is_refused_for_that_reason(
    client: Client, organisation: Organisation
) -> None:
    page = _page(client, _parcel(organisation, "at_depot", "returning_to_sender"))
    assert RETURNING in page and DELIVERED not in page


def test_a_delivered_parcel_is_refused_for_that_reason(
    client: Client, organisation: Organisation
) -> None:
    page = _page(client, _parcel(organisation, "delivered.mailbox"))
    assert DELIVERED in page and RETURNING not in page


@pytest.mark.parametrize(
    ("codes", "said", "not_said"),
    [
        (("received_by_carrier", "out_for_delivery"), DRIVER_HAS_IT, NOT_WITH_DRIVER),
        (("received_by_carrier", "at_depot"), NOT_WITH_DRIVER, DRIVER_HAS_IT),
    ],
)
def test_the_form_says_whether_the_driver_has_the_parcel(
    client: Client, organisation: Organisation, codes: tuple[str, ...], said: str, not_said: str
) -> None:
    shipment = _parcel(organisation, *codes)
    _prove(client, shipment)
    page = _page(client, shipment)
    assert said in page and not_said not in page


def test_a_street_known_at_another_postcode_is_named_as_such(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _parcel(organisation, "at_depot")
    response = _address(client, shipment, postcode="9999 ZZ")
    page = response.content.decode()
    assert response.status_code == 422
    assert "Deze postcode hoort niet bij deze straat." in page
    assert "Lindelaan 12, 3731 HK De Bilt" in page  # the suggestion from the register


def test_a_fourth_code_within_the_hour_is_refused_with_the_reason(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "at_depot")
    url = tracking_url(shipment) + "address/"
    for _ in range(3):
        sent = client.post(url, {"action": "send_code"}).content.decode()
        assert 'id="code-sent"' in sent and 'id="code-error"' not in sent
    refused = client.post(url, {"action": "send_code"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert 'id="code-error"' in page and 'id="code-sent"' not in page
    assert "Stuur een nieuwe code" in page


def _deliver(organisation: Organisation, shipment: Shipment) -> None:
    do_record_carrier_events(
        organisation,
        [
            CarrierEventInput(
                carrier="dpd",
                tracking_code=shipment.tracking_code,
                code="delivered",
                occurred_at=timezone.now(),
            )
        ],
    )


@pytest.mark.parametrize("delivered", [True, False])
def test_undoing_says_when_the_parcel_already_reached_the_changed_address(
    client: Client, organisation: Organisation, address_registry: None, delivered: bool
) -> None:
    shipment = _parcel(organisation, "at_depot")
    corrected = do_correct_address(
        shipment, NewAddress("3731HK", 12, "", "Lindelaan", "De Bilt"), email="remco@example.nl"
    )
    assert corrected.case is not None
    if delivered:
        _deliver(organisation, shipment)
    change = shipment.address_changes.get()
    undone = client.post(undo_url(change).split("127.0.0.1:8000", 1)[-1])
    page = undone.content.decode()
    assert undone.status_code == 200 and "We hebben het oude adres teruggezet" in page
    assert ("al op het gewijzigde adres bezorgd" in page) is delivered


@pytest.mark.parametrize(
    ("place", "hint"),
    [
        (DeliveryPlace.NEIGHBOUR, "Vraag het eerst even bij de buren."),
        (DeliveryPlace.SAFE_PLACE, "Kijk daar eerst even"),
        (DeliveryPlace.MAILBOX, "Kijk in je brievenbus"),
        (DeliveryPlace.PICKUP_POINT, "Je kunt het ophalen bij het afhaalpunt"),
    ],
)
def test_not_received_first_says_where_to_look(
    client: Client, organisation: Organisation, place: DeliveryPlace, hint: str
) -> None:
    shipment = _parcel(organisation, "delivered")
    Shipment.objects.filter(pk=shipment.pk).update(delivery_place=place)
    page = _page(client, shipment, "not-received/")
    hints = [
        "Vraag het eerst even bij de buren.",
        "Kijk daar eerst even",
        "Kijk in je brievenbus",
        "Je kunt het ophalen bij het afhaalpunt",
    ]
    assert [h for h in hints if h in page] == [hint]
