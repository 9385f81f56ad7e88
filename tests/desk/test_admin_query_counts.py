"""Every list in the admin reads a fixed number of queries, however many rows it shows."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from halte.carriers.models import CarrierAccount, ShipmentPoll
from halte.cases.actions import do_hand_over, do_open_case
from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Membership, Organisation
from halte.promises.models import Promise, Voucher
from halte.vocabulary.carriers import CARRIERS
from tests.cases.histories import customer_writes
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db

# Per list: its path, and the queries it reads for one row as for many (session and user,
# the admin's checks, the filters' choices, the count and the page of rows).
ADMIN_LISTS = {
    "cases": ("/admin/cases/case/", 8),
    "shipments": ("/admin/shipments/shipment/", 8),
    "orders": ("/admin/shipments/order/", 8),
    "promises": ("/admin/promises/promise/", 8),
    "vouchers": ("/admin/promises/voucher/", 7),
    "carrier accounts": ("/admin/carriers/carrieraccount/", 7),
    "polls": ("/admin/carriers/shipmentpoll/", 7),
    "api tokens": ("/admin/organisations/apitoken/", 7),
    "memberships": ("/admin/organisations/membership/", 8),
}


def _rows(shops: list[Organisation], n: int) -> None:
    """One row in every list above, for the nth parcel of one of the shops."""
    shop = shops[n % len(shops)]
    agent = get_user_model().objects.create_user(f"agent{n}", first_name=f"Agent {n}")
    Membership.objects.create(user=agent, organisation=shop)
    shipment = make_shipment(organisation=shop)
    assert shipment.order is not None
    case, _ = do_open_case(
        shop, customer_writes(n), customer_email=f"klant{n}@example.nl", shipment=shipment
    )
    do_hand_over(case, to=agent, team="", note="", by=agent)
    now = timezone.now()
    promise = Promise.objects.create(
        shipment=shipment,
        date=timezone.localdate() - timedelta(days=1),
        source=Promise.Source.CHECKOUT,
        state=Promise.State.BROKEN,
        made_at=now - timedelta(days=3),
        settled_at=now,
    )
    Voucher.objects.create(
        order=shipment.order, promise=promise, code=f"SORRY-{n:04d}", amount_cents=500,
        status=Voucher.Status.APPROVED,
    )  # fmt: skip
    # One account per shop and carrier: two shops, six carriers, twelve rows at most.
    carrier = list(CARRIERS)[(n // len(shops)) % len(CARRIERS)]
    CarrierAccount.objects.create(organisation=shop, carrier=carrier, polling=True)
    ShipmentPoll.objects.create(shipment=shipment, next_poll_at=now, failures=n % 3)
    do_issue_api_token(shop, name=f"koppeling {n}")


@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("name", list(ADMIN_LISTS))
def test_an_admin_list_reads_as_many_queries_for_twelve_rows_as_for_one(
    admin_client: Client, name: str, rows: int, django_assert_num_queries: Any
) -> None:
    path, queries = ADMIN_LISTS[name]
    shops = [make_organisation(), make_organisation()]
    for n in range(rows):
        _rows(shops, n)

    with django_assert_num_queries(queries):
        response = admin_client.get(path)

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows
