"""A return the recipient starts: what the policy allows, one at a time, a case and a touchpoint."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Case, Channel
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.returns.actions import StartOutcome, StartRefusal, do_start_return
from halte.returns.models import Return, ReturnPolicy, ReturnReason
from halte.returns.signals import return_opened
from halte.shipments.models import Shipment
from tests.factories import make_shipment
from tests.returns.conftest import emails_to, photo, webhooks

pytestmark = pytest.mark.django_db


def _start(shipment: Shipment, **change: Any) -> StartOutcome:
    fields: dict[str, Any] = {
        "reason": "does_not_fit",
        "text": "Te klein",
        "way_back": "drop_off",
        "photos": [],
        "language": "nl",
        **change,
    }
    return do_start_return(shipment, **fields)


def test_a_return_is_a_shipment_of_its_own_with_a_label_requested(delivered: Shipment) -> None:
    outcome = _start(delivered)

    ret = outcome.ret
    assert outcome.started and ret is not None
    assert ret.shipment.kind == Shipment.Kind.RETURN
    assert ret.shipment.tracking_code == f"RET1-{delivered.tracking_code}"
    assert ret.label == Return.Label.REQUESTED and ret.refund == Return.Refund.REQUESTED
    (asked,) = webhooks(delivered.organisation, "return_label.requested")
    assert asked["return_id"] == ret.pk
    assert asked["answer"] == f"/api/v1/returns/{ret.pk}/label"
    (created,) = webhooks(delivered.organisation, "return.created")
    assert created["refused_at_door"] is False
    assert created["reason"] == "does_not_fit"


def test_the_recipient_gets_an_honest_confirmation(delivered: Shipment) -> None:
    _start(delivered)

    (letter,) = emails_to(delivered.recipient_email)
    assert "We hebben de winkel om je retourlabel gevraagd" in letter.body
    assert f"RET1-{delivered.tracking_code}" in letter.body


def test_without_webhook_nobody_is_said_to_be_asked(organisation: Organisation) -> None:
    at = timezone.now() - timedelta(days=1)
    parcel = make_shipment(
        organisation=organisation, status="delivered", status_at=at, delivered_at=at
    )

    ret = _start(parcel).ret

    assert ret is not None and ret.label == Return.Label.NOT_REQUESTED
    (letter,) = emails_to(parcel.recipient_email)
    assert "gevraagd" not in letter.body
    assert "Een collega regelt je retourlabel" in letter.body


def test_a_case_and_a_touchpoint_with_the_reason(delivered: Shipment) -> None:
    ret = _start(delivered, text="Mouwen te kort").ret

    assert ret is not None and ret.case is not None
    assert {"return", "return-does_not_fit"} <= set(ret.case.tags)
    assert "Mouwen te kort" in ret.case.messages.first().body_text  # type: ignore[union-attr]
    touchpoint = Touchpoint.objects.get(kind=Touchpoint.Kind.SELF_SERVICE)
    assert touchpoint.summary.startswith("return started: does_not_fit")


def test_the_recipients_open_case_takes_the_return(delivered: Shipment) -> None:
    case, _ = do_open_case(
        delivered.organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Past niet", from_address="lotte@example.nl"),
        customer_email="lotte@example.nl",
        shipment=delivered,
    )

    ret = _start(delivered).ret

    assert ret is not None and ret.case == case
    assert Case.objects.count() == 1
    case.refresh_from_db()
    assert "return" in case.tags


def test_a_second_return_while_one_is_open_is_refused_and_names_the_first(
    delivered: Shipment,
) -> None:
    first = _start(delivered).ret
    second = _start(delivered, reason="changed_mind")

    assert second.refused is StartRefusal.ALREADY_OPEN
    assert second.ret == first
    assert Return.objects.count() == 1
    assert Shipment.objects.filter(kind=Shipment.Kind.RETURN).count() == 1


def test_after_a_settled_return_another_may_start(delivered: Shipment) -> None:
    first = _start(delivered).ret
    assert first is not None
    Return.objects.filter(pk=first.pk).update(refund=Return.Refund.REFUSED)

    second = _start(delivered).ret

    assert second is not None and second.pk != first.pk
    assert second.shipment.tracking_code == f"RET2-{delivered.tracking_code}"


def test_after_the_window_is_refused(delivered: Shipment) -> None:
    at = timezone.now() - timedelta(days=31)
    Shipment.objects.filter(pk=delivered.pk).update(delivered_at=at)
    delivered.refresh_from_db()

    assert _start(delivered).refused is StartRefusal.WINDOW_PASSED
    assert Return.objects.count() == 0


def test_the_shops_own_window_counts(shop: Organisation, delivered: Shipment) -> None:
    ReturnPolicy.objects.create(organisation=shop, window_days=2)

    assert _start(delivered).refused is StartRefusal.WINDOW_PASSED


def test_a_parcel_never_delivered_is_refused(on_the_doorstep: Shipment) -> None:
    assert _start(on_the_doorstep).refused is StartRefusal.NOT_DELIVERED
    assert Return.objects.count() == 0


def test_a_return_cannot_be_returned(delivered: Shipment) -> None:
    ret = _start(delivered).ret
    assert ret is not None
    ret.shipment.status, ret.shipment.delivered_at = "delivered", timezone.now()

    assert _start(ret.shipment).refused is StartRefusal.IS_A_RETURN


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"reason": "bored"}, StartRefusal.UNKNOWN_REASON),
        ({"reason": "damaged"}, StartRefusal.PHOTO_REQUIRED),
        ({"photos": [photo()] * 6}, StartRefusal.TOO_MANY_PHOTOS),
        ({"way_back": "pickup"}, StartRefusal.WAY_BACK_NOT_OFFERED),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    delivered: Shipment, change: dict[str, Any], refusal: StartRefusal
) -> None:
    assert _start(delivered, **change).refused is refusal
    assert Return.objects.count() == 0
    assert Shipment.objects.filter(kind=Shipment.Kind.RETURN).count() == 0
    assert Case.objects.count() == 0


def test_no_email_anywhere_is_refused(delivered: Shipment) -> None:
    Shipment.objects.filter(pk=delivered.pk).update(recipient_email="")
    delivered.refresh_from_db()

    assert _start(delivered).refused is StartRefusal.NO_EMAIL


def test_the_shops_reasons_and_ways_back(shop: Organisation, delivered: Shipment) -> None:
    policy = ReturnPolicy.objects.create(organisation=shop, offers_pickup=True)
    ReturnReason.objects.create(
        policy=policy, code="smells", label_nl="Ruikt raar", label_en="Smells odd"
    )

    assert _start(delivered, reason="does_not_fit").refused is StartRefusal.UNKNOWN_REASON
    ret = _start(delivered, reason="smells", way_back="pickup", language="en").ret
    assert ret is not None and ret.reason_label == "Smells odd"


def test_photos_go_with_the_case(delivered: Shipment) -> None:
    ret = _start(delivered, reason="damaged", photos=[photo(), photo("b.png")]).ret

    assert ret is not None and ret.photos == 2
    assert ret.case is not None
    assert ret.case.messages.first().attachments.count() == 2  # type: ignore[union-attr]


def test_announced_after_commit_only(
    delivered: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[tuple[int, str]] = []

    def listener(return_id: int, reason: str, **kwargs: Any) -> None:
        heard.append((return_id, reason))

    return_opened.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ret = _start(delivered).ret
            assert heard == []
        _start(delivered)  # refused: announces nothing
    finally:
        return_opened.disconnect(listener)
    assert ret is not None
    assert heard == [(ret.pk, "does_not_fit")]
