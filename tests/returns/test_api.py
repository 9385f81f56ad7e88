"""The shop answers a return by API: its label, and its refund decision."""

from typing import Any

import pytest

from halte.cases.models import Case
from halte.organisations.actions import do_issue_api_token
from halte.returns.actions import do_start_return
from halte.returns.models import Return
from halte.returns.signals import return_settled
from halte.shipments.models import Shipment
from tests.conftest import ApiClient
from tests.factories import make_organisation, make_shipment
from tests.returns.conftest import emails_to

pytestmark = pytest.mark.django_db

LABEL = {
    "carrier": "postnl",
    "tracking_code": "3S RETOUR 0001",
    "label_url": "https://shop.example/labels/1.pdf",
    "qr": "RET-0001",
}


@pytest.fixture
def ret(delivered: Shipment) -> Return:
    outcome = do_start_return(
        delivered, reason="does_not_fit", text="", way_back="drop_off", photos=[], language="nl"
    )
    assert outcome.ret is not None
    return outcome.ret


def test_the_label_becomes_the_return_shipments_code(api: ApiClient, ret: Return) -> None:
    response = api.post(f"/api/v1/returns/{ret.pk}/label", LABEL)

    assert response.status_code == 200, response.json()
    assert response.json()["tracking_code"] == "3SRETOUR0001"
    assert response.json()["label"] == "ready"
    ret.refresh_from_db()
    ret.shipment.refresh_from_db()
    assert (ret.shipment.carrier, ret.shipment.tracking_code) == ("postnl", "3SRETOUR0001")
    assert ret.label_url == LABEL["label_url"]
    letters = [m for m in emails_to(ret.original.recipient_email) if "retourlabel" in m.subject]
    assert len(letters) == 1 and LABEL["label_url"] in letters[0].body


def test_the_same_label_twice_tells_the_customer_once(api: ApiClient, ret: Return) -> None:
    api.post(f"/api/v1/returns/{ret.pk}/label", LABEL)
    again = api.post(f"/api/v1/returns/{ret.pk}/label", LABEL)

    assert again.status_code == 200
    letters = [m for m in emails_to(ret.original.recipient_email) if "retourlabel" in m.subject]
    assert len(letters) == 1


def test_carrier_scans_of_the_label_code_land_on_the_return(api: ApiClient, ret: Return) -> None:
    api.post(f"/api/v1/returns/{ret.pk}/label", LABEL)

    scan = {
        "carrier": "postnl",
        "tracking_code": "3SRETOUR0001",
        "code": "received_by_carrier",
        "occurred_at": "2026-11-20T10:00:00+01:00",
    }
    assert api.post("/api/v1/carrier-events", {"events": [scan]}).json()["stored"] == 1
    ret.shipment.refresh_from_db()
    assert ret.shipment.status == "received_by_carrier"


@pytest.mark.parametrize(
    "body",
    [
        {**LABEL, "label_url": "javascript:alert(1)"},
        {**LABEL, "carrier": "fedup"},
        {**LABEL, "tracking_code": "3S/../1"},
        {**LABEL, "colour": "red"},
        {**LABEL, "qr": "x" * 501},
    ],
)
def test_bad_labels_are_refused_and_change_nothing(
    api: ApiClient, ret: Return, body: dict[str, Any]
) -> None:
    response = api.post(f"/api/v1/returns/{ret.pk}/label", body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    ret.refresh_from_db()
    assert ret.label == Return.Label.REQUESTED


def test_another_organisations_return_is_not_found(ret: Return) -> None:
    other = make_organisation()
    _, key = do_issue_api_token(other, name="other")
    response = ApiClient(key).post(f"/api/v1/returns/{ret.pk}/label", LABEL)

    assert response.status_code == 404
    assert response.json()["code"] == "return_not_found"
    assert ApiClient(key).get(f"/api/v1/returns/{ret.pk}").status_code == 404


def test_refund_is_shown_told_and_resolves_the_case(
    api: ApiClient, ret: Return, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[int] = []

    def listener(return_id: int, **kwargs: Any) -> None:
        heard.append(return_id)

    return_settled.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                f"/api/v1/returns/{ret.pk}/refund",
                {"state": "refunded", "note": "Binnen 3 werkdagen op je rekening."},
            )
    finally:
        return_settled.disconnect(listener)

    assert response.status_code == 200 and response.json()["refund"] == "refunded"
    assert heard == [ret.pk]
    assert ret.case is not None
    assert Case.objects.get(pk=ret.case.pk).state == Case.State.RESOLVED
    (letter,) = [m for m in emails_to(ret.original.recipient_email) if "besluit" in m.subject]
    assert "De winkel heeft je terugbetaald." in letter.body
    assert "Binnen 3 werkdagen" in letter.body


def test_the_same_decision_twice_is_one(api: ApiClient, ret: Return) -> None:
    api.post(f"/api/v1/returns/{ret.pk}/refund", {"state": "replacement_sent"})
    again = api.post(f"/api/v1/returns/{ret.pk}/refund", {"state": "replacement_sent"})

    assert again.status_code == 200
    letters = [m for m in emails_to(ret.original.recipient_email) if "besluit" in m.subject]
    assert len(letters) == 1


def test_a_decision_out_of_the_list_is_refused(api: ApiClient, ret: Return) -> None:
    response = api.post(f"/api/v1/returns/{ret.pk}/refund", {"state": "requested"})

    assert response.status_code == 422
    ret.refresh_from_db()
    assert ret.refund == Return.Refund.REQUESTED


def test_a_label_after_settling_is_not_expected(api: ApiClient, ret: Return) -> None:
    api.post(f"/api/v1/returns/{ret.pk}/refund", {"state": "refused"})

    response = api.post(f"/api/v1/returns/{ret.pk}/label", LABEL)

    assert response.status_code == 409
    assert response.json()["code"] == "label_not_expected"


def test_a_label_code_of_another_shipment_is_refused(api: ApiClient, ret: Return) -> None:
    taken = make_shipment(carrier="postnl")

    response = api.post(
        f"/api/v1/returns/{ret.pk}/label", {**LABEL, "tracking_code": taken.tracking_code}
    )

    assert response.status_code == 409 and response.json()["code"] == "label_code_taken"
    ret.shipment.refresh_from_db()
    assert ret.shipment.carrier == "generic"
