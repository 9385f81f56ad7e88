"""The agent acts on the case's parcel from the case screen: correct the address, ask the
carrier or the shop, issue a voucher; each only on their own organisation's cases."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Case, CaseActivity, CaseMessage, Channel
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.promises.models import Voucher
from halte.remedies.models import CaseRequest
from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment
from tests.conftest import LoopbackHTTP
from tests.factories import make_organisation
from tests.form_errors import form_error_codes
from tests.selfservice.test_selfservice import _parcel

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
RIGHT = {"postcode": "3731 HK", "house_number": "12", "street": "Lindelaan", "city": "De Bilt"}


def _remcos_case(organisation: Organisation, *codes: str) -> Case:
    """Story 01: old postcode with the new street, and Remco's mail about it."""
    shipment = _parcel(organisation, *codes)
    case, _ = do_open_case(
        organisation,
        CustomerMessage(
            channel=Channel.EMAIL,
            body="Verkeerde postcode! Het moet 3731 HK zijn.",
            from_address="remco@example.nl",
        ),
        customer_email="remco@example.nl",
        customer_name="Remco de Waard",
        shipment=shipment,
    )
    return case


def test_agent_corrects_the_address_and_the_recipient_gets_a_one_tap_undo(
    client: Client,
    organisation: Organisation,
    agent: Any,
    address_registry: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _remcos_case(organisation, "received_by_carrier", "at_depot")
    mail.outbox.clear()
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/desk/case/{case.pk}/address/", RIGHT, headers=HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lindelaan 12, 3731 HK De Bilt" in page
    assert case.shipment is not None
    shipment = Shipment.objects.get(pk=case.shipment.pk)
    assert (shipment.postcode, shipment.city) == ("3731HK", "De Bilt")
    change = AddressChange.objects.get()
    assert change.changed_by == agent
    # On the agent's case, not a case of its own; the journey shows the agent's act.
    assert Case.objects.count() == 1
    activity = case.activities.get(verb=CaseActivity.Verb.ADDRESS_CORRECTED)
    assert activity.actor == agent and "3731 HK" in activity.detail
    assert Touchpoint.objects.filter(case=case, kind=Touchpoint.Kind.AGENT_ACTION).exists()
    (notice,) = [m for m in mail.outbox if m.to == ["remco@example.nl"]]
    assert re.search(r"/track/undo/\S+/", str(notice.body))
    # No webhook: the screen says nothing was passed on, rather than "done".
    assert "nothing was passed on" in page or "niets doorgegeven" in page


def test_the_desk_catches_the_old_postcode_with_the_new_street(
    client: Client, organisation: Organisation, agent: Any, address_registry: None
) -> None:
    case = _remcos_case(organisation, "received_by_carrier")
    client.force_login(agent)
    wrong = {**RIGHT, "postcode": "3572 KT", "city": "Utrecht"}
    response = client.post(f"/desk/case/{case.pk}/address/", wrong, headers=HTMX)
    assert response.status_code == 422
    assert "address_inconsistent" in form_error_codes(response, "address_form")
    assert not AddressChange.objects.exists()


def test_a_delivered_parcel_keeps_its_address(
    client: Client, organisation: Organisation, agent: Any, address_registry: None
) -> None:
    case = _remcos_case(organisation, "delivered")
    client.force_login(agent)
    response = client.post(f"/desk/case/{case.pk}/address/", RIGHT, headers=HTMX)
    assert response.status_code == 422
    assert "address_too_late" in form_error_codes(response, "address_form")
    assert not AddressChange.objects.exists()


def test_a_case_without_a_parcel_offers_no_address_and_refuses_one(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Vraag", from_address="a@example.nl"),
        customer_email="a@example.nl",
    )
    client.force_login(agent)
    assert 'id="act-address"' not in client.get(f"/desk/case/{case.pk}/").content.decode()
    response = client.post(f"/desk/case/{case.pk}/address/", RIGHT, headers=HTMX)
    assert response.status_code == 422
    assert "no_parcel" in form_error_codes(response, "address_form")
    response = client.post(f"/desk/case/{case.pk}/voucher/", {"amount": "5", "reason": "Sorry"})
    assert response.status_code == 422
    assert "no_order" in form_error_codes(response, "voucher_form")
    assert not Voucher.objects.exists()


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("address", RIGHT),
        ("ask-carrier", {"kind": "proof_of_delivery"}),
        ("remedy", {"kind": "replacement"}),
        ("voucher", {"amount": "5", "reason": "Sorry"}),
    ],
)
def test_an_agent_of_another_organisation_gets_404_and_changes_nothing(
    client: Client, organisation: Organisation, agent: Any, action: str, body: dict[str, str]
) -> None:
    theirs = _remcos_case(make_organisation(webhook_url="https://other.example/hooks"), "at_depot")
    client.force_login(agent)
    assert client.post(f"/desk/case/{theirs.pk}/{action}/", body).status_code == 404
    assert not AddressChange.objects.exists()
    assert not CaseRequest.objects.exists()
    assert not Voucher.objects.exists()
    opening = (CaseActivity.Verb.OPENED, CaseActivity.Verb.READ)
    assert not theirs.activities.exclude(verb__in=opening).exists()


def test_asking_without_a_webhook_is_refused_with_the_reason(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _remcos_case(organisation, "delivered")
    client.force_login(agent)
    response = client.post(
        f"/desk/case/{case.pk}/ask-carrier/", {"kind": "proof_of_delivery"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "no_webhook" in form_error_codes(response, "carrier_form")
    assert not CaseRequest.objects.exists()


def test_a_request_sent_shows_the_case_waiting_for_the_carrier(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(webhook_url="https://shop.example/h")
    case = _remcos_case(organisation, "delivered")
    client.force_login(agent)
    response = client.post(
        f"/desk/case/{case.pk}/ask-carrier/", {"kind": "investigation", "note": "Weg"}
    )
    assert response.status_code == 302
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert 'id="case-waiting"' in page
    assert "waiting for carrier" in page or "wacht op de vervoerder" in page
    case.refresh_from_db()
    assert case.state == Case.State.WAITING_ON_THIRD_PARTY


def test_a_remedy_the_shop_does_not_allow_is_not_a_choice(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        webhook_url="https://shop.example/h", damage_remedies="replacement"
    )
    case = _remcos_case(organisation, "delivered")
    client.force_login(agent)
    response = client.post(f"/desk/case/{case.pk}/remedy/", {"kind": "refund"}, headers=HTMX)
    assert response.status_code == 422
    assert "invalid_choice" in form_error_codes(response, "remedy_form")
    assert not CaseRequest.objects.exists()


def test_a_voucher_within_the_limit_is_issued_and_the_customer_mailed_after_commit(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _remcos_case(organisation, "at_depot")
    mail.outbox.clear()
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"/desk/case/{case.pk}/voucher/", {"amount": "7.50", "reason": "Te laat"}
        )
        assert response.status_code == 302
        assert not mail.outbox  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    voucher = Voucher.objects.get()
    assert (voucher.amount_cents, voucher.reason, voucher.issued_by) == (750, "Te laat", agent)
    assert voucher.promise is None and voucher.status == Voucher.Status.APPROVED
    (letter,) = mail.outbox
    assert letter.to == ["remco@example.nl"] and voucher.code in letter.body
    assert case.messages.filter(kind=CaseMessage.Kind.NOTICE).exists()
    assert case.activities.filter(verb=CaseActivity.Verb.VOUCHER_ISSUED, actor=agent).exists()
    assert Touchpoint.objects.filter(case=case, kind=Touchpoint.Kind.AGENT_ACTION).exists()
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert voucher.code in page


def test_a_voucher_over_the_limit_is_refused(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _remcos_case(organisation, "at_depot")
    client.force_login(agent)
    response = client.post(
        f"/desk/case/{case.pk}/voucher/", {"amount": "10.01", "reason": "Veel te laat"}
    )
    assert response.status_code == 422
    assert "voucher_over_limit" in form_error_codes(response, "voucher_form")
    assert not Voucher.objects.exists()


def test_a_request_nobody_received_says_so_on_the_case_screen_never_waiting(
    client: Client,
    organisation: Organisation,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    target = LoopbackHTTP(status=410)
    try:
        Organisation.objects.filter(pk=organisation.pk).update(webhook_url=target.url + "/h")
        case = _remcos_case(organisation, "delivered")
        client.force_login(agent)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/desk/case/{case.pk}/ask-carrier/", {"kind": "proof_of_delivery"}
            )
        assert response.status_code == 302
    finally:
        target.close()
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "niet afgeleverd" in page or "not delivered" in page
    assert "wacht op de vervoerder" not in page and "waiting for carrier" not in page
    case.refresh_from_db()
    assert case.state == Case.State.OPEN


def test_with_the_driver_the_correction_reroutes_and_the_desk_shows_the_new_window(
    client: Client, organisation: Organisation, agent: Any, address_registry: None
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(webhook_url="https://shop.example/h")
    case = _remcos_case(organisation, "received_by_carrier", "at_depot", "out_for_delivery")
    client.force_login(agent)
    response = client.post(f"/desk/case/{case.pk}/address/", RIGHT, headers=HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De chauffeur heeft het pakket" in page or "The driver has the parcel" in page
    request = case.activities.get(verb=CaseActivity.Verb.REQUESTED)
    assert request.dispatch is not None
    assert request.dispatch.subject == "shipment.address_corrected"
    assert '"path": "rerouted"' in request.dispatch.body
