"""When the effort question is asked, and when it is not: occasions, throttle, quiet hours."""

import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from halte.cases.actions import (
    CustomerMessage,
    do_change_state,
    do_open_case,
    do_resolve_case,
    do_triage,
)
from halte.cases.models import Case, Channel
from halte.effort.actions import NotAsked, do_ask_after_case, do_ask_after_delivery
from halte.effort.models import EffortQuestion
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.promises.models import PromisePolicy
from halte.selfservice.actions import do_report_not_received
from halte.shipments.actions import do_record_carrier_events
from halte.shipments.inputs import CarrierEventInput
from halte.shipments.models import Shipment
from halte.vocabulary.calendar import AMSTERDAM
from halte.vocabulary.status import Status
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db


def _case(organisation: Organisation, email: str = "sanne@example.nl", **fields: Any) -> Case:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Waar blijft mijn pakket?", from_address=email),
        customer_email=email,
        **fields,
    )
    return case


def _effort_mails() -> list[Any]:
    return [m for m in mail.outbox if re.search("how easy|hoe makkelijk", m.subject.lower())]


def _resolve(case: Case, capture: Any, **fields: Any) -> None:
    with capture(execute=True):
        do_resolve_case(case, by=fields.pop("by", Case.ResolvedBy.AGENT), reason="sorted", **fields)


def test_a_resolved_case_sends_one_question_after_commit(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(organisation, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason="sorted")
    # Nothing asked inside the transaction: the question waits for the commit.
    assert not EffortQuestion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    question = EffortQuestion.objects.get()
    assert question.case == case and question.occasion == EffortQuestion.Occasion.CASE_RESOLVED
    (letter,) = _effort_mails()
    assert letter.to == ["sanne@example.nl"]
    assert letter.subject == "One question: how easy was it to get this sorted?"
    links = re.findall(r"^(\d) \S+.*: (http\S+)$", letter.body, re.MULTILINE)
    assert [score for score, _ in links] == ["1", "2", "3", "4", "5", "6", "7"]
    assert len({url for _, url in links}) == 7  # each score its own signed link
    assert "very hard" in letter.body and "very easy" in letter.body
    assert letter.extra_headers["Auto-Submitted"] == "auto-generated"
    assert letter.reply_to and letter.reply_to[0].startswith(f"case+{case.pk}-")
    assert question.dispatch is not None and question.dispatch.state == Dispatch.State.SENT


def test_the_question_speaks_the_customers_language(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(organisation, language="nl")
    mail.outbox.clear()
    _resolve(case, django_capture_on_commit_callbacks)
    (letter,) = _effort_mails()
    assert letter.subject == "Eén vraag: hoe makkelijk was het om dit op te lossen?"
    assert "heel moeilijk" in letter.body and "?lang=nl" in letter.body


def test_nobody_is_asked_twice_in_a_week(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = _case(organisation), _case(organisation)
    _resolve(first, django_capture_on_commit_callbacks)
    question = EffortQuestion.objects.get()
    question.score, question.answered_at = 6, timezone.now()
    question.save()
    _resolve(second, django_capture_on_commit_callbacks)
    assert EffortQuestion.objects.count() == 1
    assert do_ask_after_case(second.pk).not_asked is NotAsked.RECENTLY_ASKED
    # Whatever the case of letters in the address, it is the same person.
    third = _case(organisation, email="SANNE@example.nl")
    _resolve(third, django_capture_on_commit_callbacks)
    assert EffortQuestion.objects.count() == 1


def test_after_a_week_an_answered_customer_may_be_asked_again(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    _resolve(_case(organisation), django_capture_on_commit_callbacks)
    EffortQuestion.objects.update(score=5, answered_at=timezone.now())
    later = _case(organisation)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        _resolve(later, django_capture_on_commit_callbacks)
    assert EffortQuestion.objects.filter(case=later).exists()


def test_an_unanswered_fresh_question_holds_back_the_next_one(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    _resolve(_case(organisation), django_capture_on_commit_callbacks)
    later = _case(organisation)
    _resolve(later, django_capture_on_commit_callbacks)  # throttled: the first is unanswered
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        assert do_ask_after_case(later.pk).not_asked is NotAsked.RECENTLY_ASKED
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert do_ask_after_case(later.pk).question is not None


@pytest.mark.parametrize("tag", ["spam", "Duplicate"])
def test_a_case_tagged_spam_or_duplicate_is_never_asked_about(
    organisation: Organisation, agent: Any, django_capture_on_commit_callbacks: Any, tag: str
) -> None:
    case = _case(organisation)
    do_triage(case, priority=Case.Priority.LOW, tags=[tag], by=agent)
    _resolve(case, django_capture_on_commit_callbacks)
    assert not EffortQuestion.objects.exists()
    assert do_ask_after_case(case.pk).not_asked is NotAsked.SPAM_OR_DUPLICATE


def test_a_case_settled_by_halte_itself_is_no_occasion(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(organisation)
    _resolve(case, django_capture_on_commit_callbacks, by=Case.ResolvedBy.SYSTEM)
    assert not EffortQuestion.objects.exists()


def test_a_second_resolution_signal_asks_once(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(organisation)
    _resolve(case, django_capture_on_commit_callbacks)
    assert do_ask_after_case(case.pk).not_asked is NotAsked.ALREADY_ASKED
    assert EffortQuestion.objects.count() == 1


def test_a_case_reopened_before_the_task_ran_is_not_asked_about(organisation: Organisation) -> None:
    case = _case(organisation)
    assert do_ask_after_case(case.pk).not_asked is NotAsked.NO_OCCASION


def test_quiet_hours_of_the_organisation_hold_the_mail_until_morning(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    PromisePolicy.objects.create(
        organisation=organisation, quiet_from=time(21, 0), quiet_until=time(8, 0)
    )
    late_evening = datetime(2026, 11, 24, 22, 30, tzinfo=AMSTERDAM)
    with time_machine.travel(late_evening, tick=False):
        case = _case(organisation)
        mail.outbox.clear()
        _resolve(case, django_capture_on_commit_callbacks)
    question = EffortQuestion.objects.get()
    assert question.dispatch is not None
    assert question.dispatch.state == Dispatch.State.WAITING
    assert question.dispatch.not_before == datetime(2026, 11, 25, 8, 0, tzinfo=AMSTERDAM)
    assert not _effort_mails()


def _delivered(organisation: Organisation, *codes: str, **fields: Any) -> Shipment:
    shipment = make_shipment(
        organisation=organisation, recipient_email="lotte@example.nl", **fields
    )
    now = timezone.now()
    do_record_carrier_events(
        organisation,
        [
            CarrierEventInput(
                carrier=shipment.carrier,
                tracking_code=shipment.tracking_code,
                code=code,
                occurred_at=now - timedelta(minutes=10 * (len(codes) - i)),
            )
            for i, code in enumerate(codes)
        ],
    )
    shipment.refresh_from_db()
    return shipment


def test_delivered_after_a_failed_attempt_asks_the_recipient(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        shipment = _delivered(
            organisation, Status.OUT_FOR_DELIVERY, Status.DELIVERY_FAILED, Status.DELIVERED
        )
    question = EffortQuestion.objects.get()
    assert question.shipment == shipment and question.case is None
    assert question.occasion == EffortQuestion.Occasion.DELIVERED_AFTER_PROBLEM
    (letter,) = _effort_mails()
    assert letter.to == ["lotte@example.nl"] and shipment.tracking_code in letter.body


def test_a_smooth_delivery_asks_nothing(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _delivered(organisation, Status.OUT_FOR_DELIVERY, Status.DELIVERED)
    assert not EffortQuestion.objects.exists()


def test_delivered_after_the_promised_day_asks(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _delivered(
            organisation,
            Status.DELIVERED,
            order__promised_date=timezone.localdate() - timedelta(days=2),
        )
    assert EffortQuestion.objects.count() == 1


def test_a_delivery_with_an_open_case_waits_for_the_case(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shipment = make_shipment(organisation=organisation, recipient_email="lotte@example.nl")
    case = _case(organisation, email="lotte@example.nl", shipment=shipment)
    with django_capture_on_commit_callbacks(execute=True):
        do_record_carrier_events(
            organisation,
            [
                CarrierEventInput(
                    carrier=shipment.carrier,
                    tracking_code=shipment.tracking_code,
                    code=code,
                    occurred_at=timezone.now() - timedelta(minutes=m),
                )
                for code, m in ((Status.DELIVERY_FAILED, 20), (Status.DELIVERED, 5))
            ],
        )
    assert do_ask_after_delivery(shipment.pk).not_asked is NotAsked.STILL_OPEN
    _resolve(case, django_capture_on_commit_callbacks)
    (question,) = EffortQuestion.objects.all()
    assert question.case == case  # one question, about the case that sorted it


def test_a_delivery_replayed_from_the_past_asks_nothing(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=5)):
        shipment = _delivered(organisation, Status.DELIVERY_FAILED, Status.DELIVERED)
    EffortQuestion.objects.all().delete()
    assert do_ask_after_delivery(shipment.pk).not_asked is NotAsked.NO_OCCASION


def test_a_case_about_a_parcel_still_on_its_way_is_asked_about_on_delivery(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shipment = make_shipment(organisation=organisation, recipient_email="lotte@example.nl")
    case = _case(organisation, email="lotte@example.nl", shipment=shipment)
    _resolve(case, django_capture_on_commit_callbacks)
    assert do_ask_after_case(case.pk).not_asked is NotAsked.PARCEL_ON_ITS_WAY
    with django_capture_on_commit_callbacks(execute=True):
        do_record_carrier_events(
            organisation,
            [
                CarrierEventInput(
                    carrier=shipment.carrier,
                    tracking_code=shipment.tracking_code,
                    code=Status.DELIVERED,
                    occurred_at=timezone.now(),
                )
            ],
        )
    (question,) = EffortQuestion.objects.all()
    assert question.case == case and question.shipment == shipment
    assert question.occasion == EffortQuestion.Occasion.DELIVERED_AFTER_PROBLEM


def test_a_not_received_report_is_asked_about_once_its_case_is_resolved(
    organisation: Organisation, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    shipment = _delivered(organisation, Status.DELIVERED)
    assert not EffortQuestion.objects.exists()  # a smooth delivery: nothing to ask
    with django_capture_on_commit_callbacks(execute=True):
        case = do_report_not_received(shipment, email="lotte@example.nl", language="en")
    assert case is not None and not EffortQuestion.objects.exists()  # not over yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_change_state(case, state=Case.State.RESOLVED, reason="found next door", by=agent)
    question = EffortQuestion.objects.get()
    assert question.case == case and question.shipment == shipment
    (letter,) = _effort_mails()
    assert case.number in letter.body and letter.subject.startswith("One question")
