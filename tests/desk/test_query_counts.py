"""The desk's pages read a fixed number of queries, however many cases, messages or files."""

from typing import Any

import pytest
from django.test import Client

from halte.cases.actions import do_hand_over, do_open_case
from halte.cases.models import Attachment, CaseActivity
from halte.organisations.models import Organisation
from tests.cases.histories import case_with_history, customer_writes
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db

# Session, user and membership, then the page's own reads: the same for one row or many.
# Each includes one read of the organisations the agent works for, named in the header; the
# case screen one more, for the signature the agent's reply will carry. One read of the user's
# roles for what the menu offers (team figures, audit trail: a supervisor's), and on the case
# screen one for the role's check on the case's organisation.
QUEUE_QUERIES = 6
# 15 for the case, its thread and parcel; 3 for its requests, the order's vouchers, the limit;
# 1 to write the audit trail's record of the agent viewing the case; 1 for the parcel's gift
# and 1 for whether the role may see a gift's sender.
CASE_SCREEN_QUERIES = 23


@pytest.mark.parametrize("cases", [1, 20])
def test_the_queue_reads_as_many_queries_for_twenty_cases_as_for_one(
    client: Client,
    organisation: Organisation,
    agent: Any,
    cases: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(cases):
        case, _ = do_open_case(
            organisation,
            customer_writes(n),
            customer_email=f"klant{n}@example.nl",
            shipment=make_shipment(organisation=organisation),
        )
        do_hand_over(case, to=agent, team="", note="", by=agent)
    client.force_login(agent)

    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get("/desk/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-href="/desk/case/') == cases
    assert page.count("<td>natasja</td>") == cases  # every row names its owner


@pytest.mark.parametrize("rounds", [1, 6])
def test_the_case_screen_reads_as_many_queries_for_a_long_thread_as_for_a_short_one(
    client: Client,
    organisation: Organisation,
    agent: Any,
    rounds: int,
    django_assert_num_queries: Any,
) -> None:
    case = case_with_history(organisation, agent, rounds)
    assert Attachment.objects.filter(message__case=case).count() == 1 + 2 * rounds
    assert CaseActivity.objects.filter(case=case).count() > rounds
    client.force_login(agent)

    with django_assert_num_queries(CASE_SCREEN_QUERIES):
        response = client.get(f"/desk/case/{case.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f"achter-{rounds}.jpg" in page and f"Notitie {rounds}" in page
    assert page.count("/desk/attachments/") == 1 + 2 * rounds
    assert "waiting to be sent" in page or "wacht op verzending" in page
