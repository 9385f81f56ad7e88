"""The desk's returns page: counts per reason and the latest returns, own organisation only."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.returns.actions import do_refuse_at_door, do_start_return
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db


def _returned(shop: Organisation, reason: str, name: str = "Lotte Jansen") -> None:
    at = timezone.now()
    parcel = make_shipment(
        organisation=shop, status="delivered", status_at=at, delivered_at=at, recipient_name=name
    )
    assert do_start_return(
        parcel, reason=reason, text="", way_back="drop_off", photos=[], language="nl"
    ).started


def test_counts_per_reason_and_a_request_that_did_not_reach_the_shop(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    organisation.webhook_url = "https://shop.example/halte"
    organisation.save()
    _returned(organisation, "does_not_fit")
    _returned(organisation, "does_not_fit")
    do_refuse_at_door(make_shipment(organisation=organisation))
    Dispatch.objects.filter(subject="remedy.requested").update(state=Dispatch.State.FAILED)
    Dispatch.objects.filter(subject="return.created").update(state=Dispatch.State.FAILED)
    failed_label = Dispatch.objects.filter(subject="return_label.requested").first()
    assert failed_label is not None
    Dispatch.objects.filter(pk=failed_label.pk).update(state=Dispatch.State.FAILED)
    client.force_login(agent)

    page = client.get("/desk/returns/").content.decode()

    assert "<td>Past niet</td><td>2</td><td>0</td>" in page
    assert "<td>Beschadigd</td><td>1</td><td>1</td>" in page
    assert page.count('class="sla sla-breached shop-not-reached"') == 1


def test_another_organisations_returns_are_not_shown(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    _returned(make_organisation(), "changed_mind", name="Buurman Bram")
    client.force_login(agent)

    page = client.get("/desk/returns/").content.decode()

    assert "Buurman Bram" not in page
    assert "Geen retouren in deze periode." in page


def test_a_fixed_number_of_queries_for_many_returns(
    client: Client, organisation: Organisation, agent: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(12):
        _returned(organisation, "does_not_fit")
    client.force_login(agent)

    with django_assert_max_num_queries(12):
        response = client.get("/desk/returns/")
    assert response.status_code == 200
