"""The outbox in the admin reads a fixed number of queries, however much waits in it."""

from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.test import Client

from halte.outbox.actions import queue_email
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

# Session and user, the admin's own checks, the figures, the filters and the page of rows.
OUTBOX_LIST_QUERIES = 10


@pytest.mark.parametrize("dispatches", [1, 20])
def test_the_outbox_list_reads_as_many_queries_for_twenty_messages_as_for_one(
    admin_client: Client, dispatches: int, django_assert_num_queries: Any
) -> None:
    shops = [make_organisation(), make_organisation()]
    for n in range(dispatches):
        message = EmailMessage(f"Je pakket {n}", "Morgen.", to=[f"klant{n}@example.nl"])
        queue_email(shops[n % 2], message)

    with django_assert_num_queries(OUTBOX_LIST_QUERIES):
        response = admin_client.get("/admin/outbox/dispatch/")

    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"klant{n}@example.nl" in page for n in range(dispatches))
    assert all(shop.name in page for shop in shops[: min(dispatches, 2)])
