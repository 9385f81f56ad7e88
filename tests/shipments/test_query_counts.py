"""GET /api/v1/shipments/{code} reads a fixed number of queries, however long the timeline."""

from typing import Any

import pytest

from halte.organisations.models import Organisation
from tests.cases.histories import parcel_with_scans
from tests.conftest import API_AUTHENTICATION_QUERIES, ApiClient

pytestmark = pytest.mark.django_db

# The shipment with its order, its events and its current promise; and the audit trail's
# record that the token read it.
SHIPMENT_QUERIES = API_AUTHENTICATION_QUERIES + 4


@pytest.mark.parametrize("scans", [2, 30])
def test_a_shipment_reads_as_many_queries_with_thirty_scans_as_with_two(
    api: ApiClient, organisation: Organisation, scans: int, django_assert_num_queries: Any
) -> None:
    shipment = parcel_with_scans(organisation, scans)

    with django_assert_num_queries(SHIPMENT_QUERIES):
        response = api.get(f"/api/v1/shipments/{shipment.tracking_code}")

    assert response.status_code == 200
    assert len(response.json()["timeline"]) == scans
