"""The promises API reads a fixed number of queries, however many vouchers and promises."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from halte.cases.actions import do_send_proactive
from halte.organisations.models import Organisation
from halte.promises.models import Promise, Voucher
from halte.shipments.models import Shipment
from tests.conftest import API_AUTHENTICATION_QUERIES, ApiClient
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db

# The vouchers with their orders and parcels in one query.
VOUCHERS_QUERIES = API_AUTHENTICATION_QUERIES + 1
# Settled and kept promises, proactive messages with their cases, first contacts, vouchers.
METRICS_QUERIES = API_AUTHENTICATION_QUERIES + 7


def _broken_promise_with_voucher(organisation: Organisation, n: int) -> Shipment:
    shipment = make_shipment(organisation=organisation)
    assert shipment.order is not None
    now = timezone.now()
    promise = Promise.objects.create(
        shipment=shipment,
        date=timezone.localdate() - timedelta(days=1),
        source=Promise.Source.CHECKOUT,
        state=Promise.State.BROKEN,
        made_at=now - timedelta(days=3),
        settled_at=now - timedelta(hours=n + 1),
    )
    Voucher.objects.create(
        order=shipment.order,
        promise=promise,
        code=f"SORRY-{n:04d}",
        amount_cents=500,
        status=Voucher.Status.APPROVED,
    )
    return shipment


@pytest.mark.parametrize("vouchers", [1, 15])
def test_the_voucher_list_reads_as_many_queries_for_fifteen_vouchers_as_for_one(
    api: ApiClient, organisation: Organisation, vouchers: int, django_assert_num_queries: Any
) -> None:
    shipments = [_broken_promise_with_voucher(organisation, n) for n in range(vouchers)]

    with django_assert_num_queries(VOUCHERS_QUERIES):
        response = api.get("/api/v1/vouchers")

    assert response.status_code == 200
    listed = {(v["order"], v["tracking_code"]) for v in response.json()}
    assert listed == {(s.order.reference, s.tracking_code) for s in shipments if s.order}
    assert len(listed) == vouchers


@pytest.mark.parametrize("parcels", [1, 15])
def test_the_promise_metrics_read_as_many_queries_for_fifteen_parcels_as_for_one(
    api: ApiClient, organisation: Organisation, parcels: int, django_assert_num_queries: Any
) -> None:
    for n in range(parcels):
        shipment = _broken_promise_with_voucher(organisation, n)
        do_send_proactive(shipment, subject="Je pakket komt later", body="Morgen, met excuses.")

    with django_assert_num_queries(METRICS_QUERIES):
        response = api.get("/api/v1/metrics/promises")

    assert response.status_code == 200
    metrics = response.json()
    assert metrics["proactive_messages"] == metrics["proactive_before_contact"] == parcels
    assert metrics["compensation_cents"] == 500 * parcels
