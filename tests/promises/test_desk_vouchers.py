"""Vouchers an agent issues from the desk sit beside the compensation for a broken promise:
at most one compensation per order, any number of desk vouchers, each with its reason."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Case, Channel
from halte.organisations.models import Organisation
from halte.promises.actions import (
    PromiseOutcome,
    VoucherIssue,
    do_evaluate_promise,
    do_issue_voucher,
)
from halte.promises.models import Promise, PromisePolicy, Voucher
from halte.shipments.models import Order, Shipment
from tests.factories import make_shipment

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _case(organisation: Organisation) -> tuple[Case, Shipment]:
    order = Order.objects.create(
        organisation=organisation,
        reference="FIFA-18",
        placed_at=datetime(2026, 11, 1, 10, tzinfo=AMS),
        promised_date=date(2026, 11, 19),
    )
    shipment = make_shipment(organisation=organisation, order=order, recipient_email="b@e.be")
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Te laat", from_address="b@e.be"),
        customer_email="b@e.be",
        shipment=shipment,
    )
    return case, shipment


def test_a_desk_voucher_does_not_take_the_place_of_the_compensation(
    organisation: Organisation,
) -> None:
    case, shipment = _case(organisation)
    agent = get_user_model().objects.create_user("natasja", password="pw-natasja-123")
    issued = do_issue_voucher(
        case, amount_cents=300, reason="Lang gewacht aan de telefoon", by=agent
    )
    assert issued.outcome is VoucherIssue.ISSUED
    result = do_evaluate_promise(shipment.pk, now=datetime(2026, 11, 18, 22, 5, tzinfo=AMS))
    assert result.outcome is PromiseOutcome.AT_RISK_REPROMISED
    assert result.voucher is not None and result.voucher.promise is not None
    assert Voucher.objects.filter(order=shipment.order).count() == 2


def test_the_database_keeps_one_compensation_per_order(organisation: Organisation) -> None:
    _, shipment = _case(organisation)
    order = shipment.order
    assert order is not None
    promise = Promise.objects.create(
        shipment=shipment,
        date=date(2026, 11, 19),
        source=Promise.Source.CHECKOUT,
        made_at=datetime(2026, 11, 1, 10, tzinfo=AMS),
    )
    Voucher.objects.create(
        order=order,
        promise=promise,
        code="HLT-A",
        amount_cents=500,
        status="approved",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.create(
            order=order,
            promise=promise,
            code="HLT-B",
            amount_cents=500,
            status="approved",
        )


def test_the_desk_limit_is_what_the_policy_approves_by_itself(organisation: Organisation) -> None:
    PromisePolicy.objects.create(organisation=organisation, auto_approve_cents=2500)
    case, _ = _case(organisation)
    agent = get_user_model().objects.create_user("natasja", password="pw-natasja-123")
    assert do_issue_voucher(case, amount_cents=2500, reason="Kapot", by=agent).voucher is not None
    refused = do_issue_voucher(case, amount_cents=2501, reason="Kapot", by=agent)
    assert (refused.outcome, refused.limit_cents) == (VoucherIssue.OVER_LIMIT, 2500)
    zero = do_issue_voucher(case, amount_cents=0, reason="Niets", by=agent)
    assert zero.outcome is VoucherIssue.INVALID_AMOUNT
    assert Voucher.objects.count() == 1
