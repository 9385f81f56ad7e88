"""The admin's change pages of shipments and cases write the audit trail; its own list of the
trail offers no way to add, change or delete a row."""

from typing import Any

import pytest
from django.test import Client

from halte.audit.actions import record_access
from halte.audit.models import AccessRecord
from halte.organisations.models import Organisation
from tests.desk.test_case_actions import _remcos_case
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db


def test_opening_a_shipment_and_a_case_in_the_admin_is_recorded_as_a_view(
    admin_client: Client, admin_user: Any, organisation: Organisation
) -> None:
    case = _remcos_case(organisation)

    shipment_page = admin_client.get(f"/admin/shipments/shipment/{case.shipment_id}/change/")
    case_page = admin_client.get(f"/admin/cases/case/{case.pk}/change/")

    assert shipment_page.status_code == 200 and case_page.status_code == 200
    rows = list(AccessRecord.objects.order_by("pk").values_list("actor", "action", "subject"))
    assert rows == [
        (admin_user.pk, "view", f"shipment:{case.shipment_id}"),
        (admin_user.pk, "view", f"case:{case.pk}"),
    ]


def test_a_missing_row_in_the_admin_records_nothing(admin_client: Client) -> None:
    response = admin_client.get("/admin/shipments/shipment/999999/change/")

    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert not AccessRecord.objects.exists()


def test_saving_a_shipment_in_the_admin_is_recorded_as_a_change(
    admin_client: Client, admin_user: Any, organisation: Organisation
) -> None:
    shipment = make_shipment(organisation=organisation)
    page = admin_client.get(f"/admin/shipments/shipment/{shipment.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["organisation"] = organisation.pk
    data["city"] = "Utrecht"
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        data[f"{management.prefix}-INITIAL_FORMS"] = "0"
        data[f"{management.prefix}-TOTAL_FORMS"] = "0"

    response = admin_client.post(f"/admin/shipments/shipment/{shipment.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    shipment.refresh_from_db()
    assert shipment.city == "Utrecht"
    actions = list(AccessRecord.objects.order_by("pk").values_list("action", "subject"))
    assert actions == [("view", f"shipment:{shipment.pk}"), ("change", f"shipment:{shipment.pk}")]


def test_the_trail_in_the_admin_offers_no_add_change_or_delete(
    admin_client: Client, agent: Any, organisation: Organisation
) -> None:
    record_access(organisation=organisation, actor=agent, action="view", subject="case:1")
    record = AccessRecord.objects.get()

    listing = admin_client.get("/admin/audit/accessrecord/")
    assert listing.status_code == 200 and "case:1" in listing.content.decode()
    assert admin_client.get("/admin/audit/accessrecord/add/").status_code == 403
    assert admin_client.post(f"/admin/audit/accessrecord/{record.pk}/delete/").status_code == 403
    admin_client.post(f"/admin/audit/accessrecord/{record.pk}/change/", {"reason": "x"})
    assert AccessRecord.objects.get().reason == ""
