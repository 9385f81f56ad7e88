"""The tracking page reads a fixed number of queries, however many scans the parcel has; a
stored plain page reads none but one look in the shared cache."""

import time
from typing import Any

import pytest
from django.test import Client

from halte.cases.actions import do_open_case
from halte.organisations.models import Organisation
from halte.tracking.links import tracking_url
from tests.cases.histories import customer_writes, parcel_with_scans
from tests.tracking.queries import counted_queries

pytestmark = pytest.mark.django_db

# The shipment with its order, the order's gift, its shop and whether it has a standing promise,
# address changes, a usable voucher or a return under way (none of which this parcel has); its
# events. For a browser that proved to be the recipient also the session and her cases.
TRACKING_PAGE_QUERIES = 2
PROVEN_TRACKING_PAGE_QUERIES = 4


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

    with counted_queries() as miss:
        response = client.get(url)
    assert response.status_code == 200
    assert len(miss.page) == TRACKING_PAGE_QUERIES, miss.page
    page = response.content.decode()
    assert page.count('class="case-row"') == 0  # code and postcode do not show her questions
    assert page.count("<time") >= scans

    # Stored: the next view is one read of the shared cache, and the same page.
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == response.content

    session = client.session
    session[f"halte.recipient-proven.{shipment.pk}"] = time.time()
    session.save()
    with counted_queries() as proven:
        response = client.get(url)
    assert len(proven.page) == PROVEN_TRACKING_PAGE_QUERIES, proven.page
    assert proven.cache == []  # never stored, never read from the cache
    assert response.content.decode().count('class="case-row"') == 3
