"""The tracking page reads a fixed number of queries, however many scans the parcel has."""

import time
from typing import Any

import pytest
from django.test import Client

from halte.cases.actions import do_open_case
from halte.organisations.models import Organisation
from halte.tracking.links import tracking_url
from tests.cases.histories import customer_writes, parcel_with_scans

pytestmark = pytest.mark.django_db

# Shipment, events, promise, address changes, the order's vouchers, the parcel's return under
# way, the order's gift; for a browser that proved to be the recipient also the session and her
# cases.
TRACKING_PAGE_QUERIES = 7
PROVEN_TRACKING_PAGE_QUERIES = 9


@pytest.mark.parametrize("scans", [2, 30])
def test_the_tracking_page_reads_as_many_queries_for_thirty_scans_as_for_two(
    client: Client, organisation: Organisation, scans: int, django_assert_num_queries: Any
) -> None:
    shipment = parcel_with_scans(organisation, scans)
    for n in range(3):  # the recipient's own questions about the parcel are listed too
        do_open_case(
            organisation,
            customer_writes(n),
            customer_email="lotte@example.nl",
            shipment=shipment,
        )
    url = tracking_url(shipment)

    with django_assert_num_queries(TRACKING_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="case-row"') == 0  # code and postcode do not show her questions
    assert page.count("<time") >= scans

    session = client.session
    session[f"halte.recipient-proven.{shipment.pk}"] = time.time()
    session.save()
    with django_assert_num_queries(PROVEN_TRACKING_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('class="case-row"') == 3
