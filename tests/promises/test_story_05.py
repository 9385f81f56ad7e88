"""Story 05 replayed: told first with a new date and a €5 voucher, kept, and a second miss
goes to a person. Shuffled, late events never cause a wrong "delayed" message."""

import io
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from halte.cases.models import Case, CaseMessage
from halte.organisations.models import Organisation
from halte.promises.actions import PromiseOutcome, do_evaluate_promise
from halte.promises.models import Promise, Voucher
from halte.promises.queries import promise_metrics
from halte.promises.receivers import paused
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Order, Shipment
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db(transaction=True)
AMS = ZoneInfo("Europe/Amsterdam")
PROMISED = date(2026, 11, 19)  # a Thursday: "pre-ordered, on release day in your mailbox"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _judge_only_when_told() -> Iterator[None]:
    # These stories happen on fixed past dates; the tests say when "now" is.
    with paused():
        yield


@pytest.fixture
def parcel(organisation: Organisation) -> Shipment:
    order = Order.objects.create(
        organisation=organisation, reference="FIFA-18", placed_at=at(1, 10), promised_date=PROMISED
    )
    return make_shipment(
        organisation=organisation,
        order=order,
        recipient_name="Brent",
        recipient_email="brent@example.be",
        recipient_phone="+32470000000",
    )


def _events(shipment: Shipment, *steps: tuple[str, datetime]) -> None:
    do_record_carrier_events(
        shipment.organisation,
        [
            CarrierEventInput(
                carrier=shipment.carrier,
                tracking_code=shipment.tracking_code,
                code=code,
                occurred_at=moment,
            )
            for code, moment in steps
        ],
    )


def test_story_05_told_first_with_new_date_and_voucher_then_kept(
    parcel: Shipment, organisation: Organisation
) -> None:
    assert do_evaluate_promise(parcel.pk, now=at(18, 21, 0)).outcome is PromiseOutcome.ON_TRACK
    with time_machine.travel(at(18, 22, 5), tick=False):
        result = do_evaluate_promise(parcel.pk)  # cut-off passed, not handed over
    assert result.outcome is PromiseOutcome.AT_RISK_REPROMISED
    assert result.promise is not None and result.promise.date == date(2026, 11, 20)
    voucher = Voucher.objects.get()
    assert (voucher.amount_cents, voucher.status) == (500, Voucher.Status.APPROVED)

    # Decided at 22:05, inside quiet hours: it waits for 08:00, then the outbox sends it.
    message = CaseMessage.objects.get(kind=CaseMessage.Kind.PROACTIVE, channel="email")
    assert message.dispatch is not None and message.dispatch.not_before == at(19, 8)
    assert mail.outbox == []
    with time_machine.travel(at(19, 7, 59), tick=False):
        call_command("send_outbox", stdout=io.StringIO())
    assert mail.outbox == []
    with time_machine.travel(at(19, 8, 0), tick=False):
        call_command("send_outbox", stdout=io.StringIO())
    (notice,) = mail.outbox
    assert "vrijdag 20 november" in notice.body
    assert voucher.code in notice.body and "5,00" in notice.body
    assert notice.reply_to[0].startswith("case+")
    sms = CaseMessage.objects.get(channel="sms").dispatch
    assert sms is not None and sms.sent_at == at(19, 8)

    # Nobody asked before being told.
    metrics = promise_metrics(organisation, at(1, 0))
    assert metrics.proactive_before_contact_percent == 100.0

    _events(
        parcel,
        ("received_by_carrier", at(19, 6)),
        ("at_depot", at(19, 23)),
        ("out_for_delivery", at(20, 8)),
        ("delivered.mailbox", at(20, 10, 30)),
    )
    do_evaluate_promise(parcel.pk, now=at(20, 10, 31))
    new = Promise.objects.get(pk=result.promise.pk)
    assert new.state == Promise.State.KEPT
    assert promise_metrics(organisation, at(1, 0)).kept_percent == 50.0  # one broken, one kept


def test_a_second_miss_goes_to_a_person_with_priority(parcel: Shipment) -> None:
    do_evaluate_promise(parcel.pk, now=at(18, 22, 5))
    _events(
        parcel,
        ("received_by_carrier", at(19, 6)),
        ("at_depot", at(19, 23)),
        ("delivery_failed.not_home", at(20, 11)),
    )
    result = do_evaluate_promise(parcel.pk, now=at(20, 11, 5))
    assert result.outcome is PromiseOutcome.ESCALATED
    case = result.case
    assert case is not None and case.is_open and case.priority == Case.Priority.URGENT
    assert "promise-broken-twice" in case.tags
    assert Voucher.objects.count() == 1  # compensation once per order
    call_command("send_outbox", stdout=io.StringIO())
    assert any("persoonlijk" in m.body for m in mail.outbox)
    # Nothing more is promised automatically, so nothing more is sent.
    assert do_evaluate_promise(parcel.pk, now=at(21, 12)).outcome is PromiseOutcome.NO_PROMISE


def test_judging_twice_sends_one_message(parcel: Shipment) -> None:
    do_evaluate_promise(parcel.pk, now=at(18, 22, 5))
    do_evaluate_promise(parcel.pk, now=at(18, 22, 6))
    assert CaseMessage.objects.filter(kind=CaseMessage.Kind.PROACTIVE, channel="email").count() == 1
    assert Promise.objects.count() == 2


def test_shuffled_on_time_events_never_cause_a_delay_message(organisation: Organisation) -> None:
    rng = random.Random(5)
    for n in range(12):
        order = Order.objects.create(
            organisation=organisation,
            reference=f"R{n}",
            placed_at=at(1, 10),
            promised_date=PROMISED,
        )
        shipment = make_shipment(organisation=organisation, order=order)
        steps = [
            ("received_by_carrier", at(17, 20)),
            ("at_depot", at(18, 23)),
            ("out_for_delivery", at(19, 8)),
            ("window_set", at(19, 8, 5)),
            ("delivered.mailbox", at(19, 12)),
        ]
        rng.shuffle(steps)
        for code, moment in steps:
            extra: dict[str, Any] = {}
            if code == "window_set":
                extra = {"window_start": at(19, 11), "window_end": at(19, 13)}
            do_record_carrier_events(
                organisation,
                [
                    CarrierEventInput(
                        carrier="postnl",
                        tracking_code=shipment.tracking_code,
                        code=code,
                        occurred_at=moment,
                        **extra,
                    )
                ],
            )
            do_evaluate_promise(shipment.pk, now=moment + timedelta(minutes=1))
    assert not CaseMessage.objects.filter(kind=CaseMessage.Kind.PROACTIVE).exists()
    assert set(Promise.objects.values_list("state", flat=True)) == {Promise.State.KEPT}


def test_a_decided_message_survives_a_worker_that_never_runs_and_goes_out_once(
    parcel: Shipment, settings: Any
) -> None:
    # The task backend accepts the send task but never runs it: the worker died after the
    # decision was committed. The outbox still holds the message.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    do_evaluate_promise(parcel.pk, now=at(19, 12))  # daytime: no quiet hours
    assert mail.outbox == []
    call_command("send_outbox", stdout=io.StringIO())
    call_command("send_outbox", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_a_failed_attempt_arriving_now_is_judged_without_being_asked(
    organisation: Organisation,
) -> None:
    from django.utils import timezone

    with_signal = timezone.localdate()
    order = Order.objects.create(
        organisation=organisation,
        reference="NOW-1",
        placed_at=timezone.now(),
        promised_date=with_signal,
    )
    shipment = make_shipment(organisation=organisation, order=order)
    with _resumed():
        _events(
            shipment,
            ("received_by_carrier", timezone.now() - timedelta(hours=20)),
            ("delivery_failed.not_home", timezone.now() - timedelta(minutes=1)),
        )
    assert Promise.objects.filter(shipment=shipment, state=Promise.State.BROKEN).exists()
    assert CaseMessage.objects.filter(case__shipment=shipment, kind="proactive").exists()


class _resumed:
    """Undo the autouse pause for one block."""

    def __enter__(self) -> None:
        from halte.promises.receivers import connect

        connect()

    def __exit__(self, *exc: object) -> None:
        from halte.shipments.signals import shipment_states_changed

        shipment_states_changed.disconnect(dispatch_uid="halte.promises")


def test_vouchers_and_metrics_are_in_the_api_for_the_webshop(
    parcel: Shipment, organisation: Organisation
) -> None:
    from halte.organisations.actions import do_issue_api_token
    from tests.conftest import ApiClient

    do_evaluate_promise(parcel.pk, now=at(18, 22, 5))
    api = ApiClient(do_issue_api_token(organisation, name="shop")[1])
    (voucher,) = api.get("/api/v1/vouchers").json()
    assert (voucher["order"], voucher["amount_cents"], voucher["status"]) == (
        "FIFA-18",
        500,
        "approved",
    )
    assert api.get("/api/v1/vouchers", since="not-a-date").status_code == 422
    metrics = api.get("/api/v1/metrics/promises", days=3660).json()
    assert metrics["compensation_cents"] == 500 and metrics["proactive_messages"] == 1
    assert api.get("/api/v1/metrics/promises", days=0).status_code == 422


def test_tracking_page_shows_the_new_promise(parcel: Shipment, client: Any) -> None:
    from halte.tracking.links import tracking_url

    do_evaluate_promise(parcel.pk, now=at(18, 22, 5))
    html = client.get(tracking_url(parcel)).content.decode()
    # What we promised, what it became, and why, in one sentence.
    assert "het werd vrijdag 20 november, want " in html and "We beloofden " in html
