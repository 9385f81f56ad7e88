"""The carrier organisation's API: drivers and stops in batches, bad rows reported per row."""

from typing import Any

import pytest
from django.utils import timezone

from halte.drivers.models import Driver, Stop
from halte.organisations.models import Organisation
from tests.conftest import ApiClient
from tests.drivers.conftest import Route
from tests.factories import make_organisation, make_shipment

pytestmark = pytest.mark.django_db


def _stop(shipment: Any, **change: Any) -> dict[str, Any]:
    return {
        "driver": "D-017",
        "carrier": shipment.carrier,
        "tracking_code": shipment.tracking_code,
        "route_order": 1,
        "date": timezone.localdate().isoformat(),
        **change,
    }


def test_drivers_are_created_then_updated_by_reference(
    api: ApiClient, organisation: Organisation
) -> None:
    good = {"reference": "D-017", "name": "Sem", "depot": "Utrecht"}
    # A row that breaks the schema refuses the request: every such row named, nothing stored.
    refused = api.post("/api/v1/drivers", {"drivers": [good, {"name": "nobody"}]})
    assert refused.status_code == 422
    assert [(e["index"], e["code"]) for e in refused.json()["errors"]] == [(1, "required")]
    assert not Driver.objects.exists()
    first = api.post("/api/v1/drivers", {"drivers": [good]})
    assert (first.json()["created"], first.json()["updated"]) == (1, 0)
    again = api.post("/api/v1/drivers", {"drivers": [{"reference": "D-017", "name": "Sem B."}]})
    assert again.json()["updated"] == 1
    assert Driver.objects.get(organisation=organisation).name == "Sem B."


def test_stops_are_planned_and_bad_rows_named_per_row(
    api: ApiClient, organisation: Organisation
) -> None:
    Driver.objects.create(organisation=organisation, reference="D-017", name="Sem")
    mine = make_shipment(organisation=organisation, carrier="dhl")
    theirs = make_shipment(carrier="dhl")  # another organisation's parcel
    rows = [
        _stop(mine),
        _stop(theirs),
        _stop(mine, driver="D-404"),
        _stop(mine, route_order=2),
    ]
    answer = api.post("/api/v1/stops", {"stops": rows}).json()
    assert answer["created"] == 1
    codes = {(e["index"], e["code"]) for e in answer["errors"]}
    assert codes == {
        (1, "stop_shipment_not_found"),
        (2, "driver_not_found"),
        (3, "duplicate_stop"),
    }
    assert theirs.tracking_code in answer["errors"][0]["message"]  # only what was sent
    assert Stop.objects.get().shipment == mine


def test_a_row_against_the_schema_refuses_the_whole_request(
    api: ApiClient, organisation: Organisation
) -> None:
    Driver.objects.create(organisation=organisation, reference="D-017", name="Sem")
    mine = make_shipment(organisation=organisation, carrier="dhl")
    rows = [_stop(mine), "nonsense", _stop(mine, route_order=0)]
    response = api.post("/api/v1/stops", {"stops": rows})
    assert response.status_code == 422
    codes = {(e["index"], e["field"], e["code"]) for e in response.json()["errors"]}
    assert codes == {(1, "(item)", "not_an_object"), (2, "route_order", "invalid_value")}
    assert not Stop.objects.exists()


def test_a_completed_stop_is_not_planned_again(api: ApiClient, route: Route) -> None:
    route.stop.state = Stop.State.DELIVERED
    route.stop.save()
    response = api.post("/api/v1/stops", {"stops": [_stop(route.shipment, route_order=5)]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "stop_settled"
    route.stop.refresh_from_db()
    assert route.stop.route_order == 1


def test_more_than_a_thousand_rows_is_refused_whole(api: ApiClient) -> None:
    response = api.post("/api/v1/drivers", {"drivers": [{}] * 1001})
    assert response.status_code == 413 and response.json()["code"] == "batch_too_large"
    assert not Driver.objects.exists()


def test_a_sign_in_code_is_issued_only_for_the_organisations_own_driver(
    api: ApiClient, route: Route
) -> None:
    issued = api.post("/api/v1/drivers/D-017/sign-in-code")
    assert issued.status_code == 201 and len(issued.json()["code"]) == 8
    other = make_organisation()
    Driver.objects.create(organisation=other, reference="D-555", name="Elders")
    assert api.post("/api/v1/drivers/D-555/sign-in-code").status_code == 404


@pytest.mark.parametrize("reference", ["D%00017", "x" * 65, "D 017", "%F0%9F%93%A6"])
def test_a_reference_no_driver_can_have_is_not_found(api: ApiClient, reference: str) -> None:
    response = api.post(f"/api/v1/drivers/{reference}/sign-in-code")
    assert response.status_code == 404 and response.json()["code"] == "driver_not_found"
