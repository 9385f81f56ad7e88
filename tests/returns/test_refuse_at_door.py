"""Story 02: refused at the door — return, case opened and resolved, shop told, recipient told."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from halte.cases.actions import do_note_failed_dispatch
from halte.cases.models import Case
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.returns.actions import do_refuse_at_door
from halte.returns.models import RefusalRemedy, Return, ReturnPolicy
from halte.returns.signals import return_opened
from halte.shipments.models import Shipment
from tests.factories import make_shipment
from tests.returns.conftest import emails_to, photo, webhooks

pytestmark = pytest.mark.django_db


def _case(ret: Return) -> Case:
    assert ret.case is not None
    ret.case.refresh_from_db()
    return ret.case


def _policy(shop: Organisation, **fields: Any) -> ReturnPolicy:
    return ReturnPolicy.objects.create(organisation=shop, **fields)


def test_refusal_makes_a_return_shipment_linked_to_the_parcel(on_the_doorstep: Shipment) -> None:
    ret = do_refuse_at_door(on_the_doorstep, note="box crushed", photo=photo())

    assert ret.original == on_the_doorstep
    assert ret.shipment.kind == Shipment.Kind.RETURN
    assert ret.shipment.postcode == on_the_doorstep.postcode
    assert ret.refused_at_door and ret.way_back == "driver" and ret.label == "not_needed"
    # The driver has it: the return's own timeline starts with that scan.
    ret.shipment.refresh_from_db()
    assert ret.shipment.status == "received_by_carrier"
    assert ret.shipment.events.count() == 1


def test_case_is_opened_and_resolved_within_the_minute(on_the_doorstep: Shipment) -> None:
    ret = do_refuse_at_door(on_the_doorstep, photo=photo())

    case = _case(ret)
    assert case.state == Case.State.RESOLVED
    assert case.state_reason == "refused at the door: damaged"
    assert case.resolved_at is not None
    assert case.resolved_at - case.created_at < timedelta(minutes=1)
    assert case.messages.first().attachments.count() == 1  # type: ignore[union-attr]


def test_twice_is_one_return(on_the_doorstep: Shipment) -> None:
    first = do_refuse_at_door(on_the_doorstep)
    second = do_refuse_at_door(on_the_doorstep)

    assert first.pk == second.pk
    assert Return.objects.count() == 1
    assert Case.objects.count() == 1
    assert len(webhooks(on_the_doorstep.organisation, "return.created")) == 1


def test_shop_gets_the_webhook_and_an_email(shop: Organisation, on_the_doorstep: Shipment) -> None:
    _policy(shop, returns_email="retour@shop.example")

    ret = do_refuse_at_door(on_the_doorstep, note="dented")

    (created,) = webhooks(shop, "return.created")
    assert created["refused_at_door"] is True
    assert created["return_id"] == ret.pk
    assert created["original"]["tracking_code"] == on_the_doorstep.tracking_code
    (mail,) = emails_to("retour@shop.example")
    assert on_the_doorstep.tracking_code in mail.subject
    assert "dented" in mail.body


@pytest.mark.parametrize("remedy", [RefusalRemedy.REFUND, RefusalRemedy.REPLACEMENT])
def test_policy_remedy_is_requested_and_the_recipient_told_so(
    shop: Organisation, on_the_doorstep: Shipment, remedy: str
) -> None:
    _policy(shop, on_refusal=remedy)

    ret = do_refuse_at_door(on_the_doorstep)

    (asked,) = webhooks(shop, "remedy.requested")
    assert asked["remedy"] == remedy
    assert ret.remedy_request is not None
    (letter,) = emails_to(on_the_doorstep.recipient_email)
    expected = "terug te betalen" if remedy == RefusalRemedy.REFUND else "vervangend"
    assert expected in letter.body


def test_ask_shop_policy_requests_no_remedy_and_says_so(
    shop: Organisation, on_the_doorstep: Shipment
) -> None:
    _policy(shop, on_refusal=RefusalRemedy.ASK_SHOP)

    do_refuse_at_door(on_the_doorstep)

    assert webhooks(shop, "remedy.requested") == []
    (letter,) = emails_to(on_the_doorstep.recipient_email)
    assert "winkel beslist" in letter.body


def test_without_webhook_or_email_the_case_stays_open_for_a_person(
    organisation: Organisation,
) -> None:
    parcel = make_shipment(organisation=organisation, status="out_for_delivery")
    ReturnPolicy.objects.create(organisation=organisation, on_refusal=RefusalRemedy.REFUND)

    ret = do_refuse_at_door(parcel)

    case = _case(ret)
    assert case.is_open and "tell-shop" in case.tags
    (letter,) = emails_to(parcel.recipient_email)
    # Nothing carried the request: the letter never claims the shop was asked.
    assert "gevraagd" not in letter.body
    assert "collega" in letter.body


def test_announced_after_commit(
    on_the_doorstep: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[dict[str, Any]] = []

    def listener(**kwargs: Any) -> None:
        heard.append(kwargs)

    return_opened.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ret = do_refuse_at_door(on_the_doorstep)
            assert heard == []
    finally:
        return_opened.disconnect(listener)
    assert [(h["return_id"], h["reason"]) for h in heard] == [(ret.pk, "damaged")]


def test_a_delivery_touchpoint_with_the_reason(on_the_doorstep: Shipment) -> None:
    at = timezone.now() - timedelta(minutes=3)
    ret = do_refuse_at_door(on_the_doorstep, at=at)

    touchpoint = Touchpoint.objects.get(kind=Touchpoint.Kind.DELIVERY)
    assert touchpoint.summary == "refused at the door: damaged"
    assert ret.case is not None and touchpoint.case_id == ret.case.pk
    assert touchpoint.at == at


def test_a_failed_webhook_puts_the_case_back_in_front_of_a_person(
    on_the_doorstep: Shipment,
) -> None:
    ret = do_refuse_at_door(on_the_doorstep)
    dispatch = Dispatch.objects.get(subject="return.created")
    Dispatch.objects.filter(pk=dispatch.pk).update(state=Dispatch.State.FAILED)

    do_note_failed_dispatch(dispatch.pk)

    case = _case(ret)
    assert case.is_open


def test_the_recipient_letter_names_the_reason_recorded(on_the_doorstep: Shipment) -> None:
    do_refuse_at_door(on_the_doorstep, reason="wrong_item")

    (letter,) = emails_to(on_the_doorstep.recipient_email)
    assert "(reden: Verkeerd artikel ontvangen)" in letter.body
    assert "beschadigd" not in letter.body
