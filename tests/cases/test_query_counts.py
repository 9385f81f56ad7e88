"""The customer's case page reads a fixed number of queries, however long the thread."""

from typing import Any

import pytest
from django.test import Client

from halte.cases.links import customer_case_path
from halte.organisations.models import Organisation
from tests.cases.histories import case_with_history

pytestmark = pytest.mark.django_db

CUSTOMER_CASE_QUERIES = 4


@pytest.mark.parametrize("rounds", [1, 6])
def test_the_customer_case_page_reads_as_many_queries_for_a_long_thread_as_for_a_short_one(
    client: Client,
    organisation: Organisation,
    agent: Any,
    rounds: int,
    django_assert_num_queries: Any,
) -> None:
    case = case_with_history(organisation, agent, rounds)
    path = customer_case_path(case)

    with django_assert_num_queries(CUSTOMER_CASE_QUERIES):
        response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f"{path}attachments/") == 1 + 2 * rounds
    assert f"Antwoord {rounds}" in page
    assert "Notitie" not in page  # internal notes never reach the customer
