"""The admin: a shop's return policy, and returns counted per reason with their requests' fate."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.returns.actions import do_refuse_at_door, do_start_return
from halte.returns.models import ReturnPolicy
from halte.returns.queries import reason_counts
from halte.shipments.models import Shipment
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db


def _returned(shop: Organisation, reason: str) -> None:
    at = timezone.now()
    parcel = make_shipment(organisation=shop, status="delivered", status_at=at, delivered_at=at)
    outcome = do_start_return(
        parcel, reason=reason, text="", way_back="drop_off", photos=[], language="nl"
    )
    assert outcome.started


def test_returns_are_counted_per_reason(shop: Organisation, on_the_doorstep: Shipment) -> None:
    for reason in ("does_not_fit", "does_not_fit", "changed_mind"):
        _returned(shop, reason)
    do_refuse_at_door(on_the_doorstep)

    counts = reason_counts(shop, since=timezone.now() - timedelta(days=1))

    assert [(c.reason, c.label, c.count, c.refused_at_door) for c in counts] == [
        ("does_not_fit", "Past niet", 2, 0),
        ("changed_mind", "Toch niet nodig", 1, 0),
        ("damaged", "Beschadigd", 1, 1),
    ]


def test_the_admin_list_shows_counts_and_a_failed_request(
    admin_client: Client, shop: Organisation
) -> None:
    _returned(shop, "does_not_fit")
    Dispatch.objects.filter(subject="return_label.requested").update(state=Dispatch.State.FAILED)

    page = admin_client.get("/admin/returns/return/").content.decode()

    assert 'id="reason-counts"' in page
    assert "<td>does_not_fit</td><td>1</td>" in page
    assert "mislukt: niet afgeleverd" in page


def test_the_policy_is_edited_with_its_reasons(admin_client: Client, shop: Organisation) -> None:
    response = admin_client.post(
        "/admin/returns/returnpolicy/add/",
        {
            "organisation": shop.pk,
            "window_days": 14,
            "offers_drop_off": "on",
            "on_refusal": "refund",
            "returns_email": "retour@shop.example",
            "reasons-TOTAL_FORMS": 1,
            "reasons-INITIAL_FORMS": 0,
            "reasons-0-code": "too_big",
            "reasons-0-label_nl": "Te groot",
            "reasons-0-label_en": "Too big",
            "reasons-0-position": 0,
        },
    )

    assert response.status_code == 302
    policy = ReturnPolicy.objects.get(organisation=shop)
    assert policy.on_refusal == "refund"
    assert [r.code for r in policy.reasons.all()] == ["too_big"]


@pytest.mark.parametrize("days", [7, 400])
def test_a_window_outside_the_legal_bounds_is_refused(
    admin_client: Client, shop: Organisation, days: int
) -> None:
    response = admin_client.post(
        "/admin/returns/returnpolicy/add/",
        {
            "organisation": shop.pk,
            "window_days": days,
            "on_refusal": "ask_shop",
            "reasons-TOTAL_FORMS": 0,
            "reasons-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["window_days"]
    assert not ReturnPolicy.objects.exists()
