"""The effort question after a return: refused at the door at once, a started return when the
shop has settled it; one question per return."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from halte.effort.actions import NotAsked, do_ask_after_return
from halte.effort.models import EffortQuestion
from halte.organisations.models import Organisation
from halte.returns.actions import do_refuse_at_door, do_settle_return, do_start_return
from halte.returns.models import Return
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(organisation: Organisation) -> Organisation:
    organisation.webhook_url = "https://shop.example/halte"
    organisation.save()
    return organisation


def _questions() -> list[Any]:
    return [m for m in mail.outbox if "makkelijk" in m.subject or "how easy" in m.subject]


def test_refused_at_the_door_is_asked_about_at_once(
    shop: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    parcel = make_shipment(organisation=shop, status="out_for_delivery", status_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        ret = do_refuse_at_door(parcel, note="box crushed")
    question = EffortQuestion.objects.get()
    assert question.occasion == EffortQuestion.Occasion.REFUSED_AT_DOOR
    assert question.parcel_return == ret and question.case == ret.case
    assert question.shipment == parcel
    (letter,) = _questions()
    assert letter.to == [parcel.recipient_email]
    assert parcel.tracking_code in letter.body and "aan de deur geweigerd" in letter.body
    # The shop's answer later is the same return: no second question.
    with django_capture_on_commit_callbacks(execute=True):
        do_settle_return(ret, refund=Return.Refund.REFUNDED)
    assert EffortQuestion.objects.count() == 1
    assert do_ask_after_return(ret.pk, settled=True).not_asked is NotAsked.ALREADY_ASKED


def test_a_started_return_is_asked_about_when_the_shop_settles_it(
    shop: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    at = timezone.now() - timedelta(days=3)
    parcel = make_shipment(organisation=shop, status="delivered", status_at=at, delivered_at=at)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = do_start_return(
            parcel,
            reason="does_not_fit",
            text="too small",
            way_back="drop_off",
            photos=[],
            language="en",
        )
    assert outcome.ret is not None
    # Started, not sorted: nothing asked yet.
    assert not EffortQuestion.objects.exists()
    assert do_ask_after_return(outcome.ret.pk, settled=False).not_asked is NotAsked.NO_OCCASION
    with django_capture_on_commit_callbacks(execute=True):
        do_settle_return(outcome.ret, refund=Return.Refund.REFUNDED)
    question = EffortQuestion.objects.get()
    assert question.occasion == EffortQuestion.Occasion.RETURN_SETTLED
    assert question.language == "en"
    (letter,) = _questions()
    assert "Your return of parcel" in letter.body and parcel.tracking_code in letter.body
