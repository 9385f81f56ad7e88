"""Settled records are pseudonymised after the organisation's retention period, not before."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from halte.cases.models import Case
from halte.organisations.models import Organisation
from halte.privacy.actions import do_pseudonymise_settled
from halte.privacy.models import RetentionPolicy
from halte.shipments.models import Shipment
from tests.privacy.world import LOTTE, PIETER, figures, give, traces_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def test_settled_records_older_than_the_period_are_pseudonymised(
    organisation: Organisation,
) -> None:
    RetentionPolicy.objects.create(organisation=organisation, days=30)
    give(organisation, LOTTE, days_ago=31)
    give(organisation, PIETER, days_ago=29)
    before = figures(organisation)

    done = do_pseudonymise_settled(organisation, now=timezone.now())

    assert (done.shipments, done.cases) == (2, 1)
    assert traces_of(LOTTE) == []
    assert traces_of(PIETER), "Pieter's parcel settled 29 days ago: kept"
    assert figures(organisation) == before


def test_the_default_period_is_180_days(organisation: Organisation) -> None:
    give(organisation, LOTTE, days_ago=179)
    assert do_pseudonymise_settled(organisation, now=timezone.now()).shipments == 0
    give(organisation, PIETER, days_ago=181)
    assert do_pseudonymise_settled(organisation, now=timezone.now()).shipments == 2


def test_an_open_case_keeps_its_shipment_and_itself(organisation: Organisation) -> None:
    shipment = give(organisation, LOTTE, days_ago=200)
    Case.objects.filter(shipment=shipment).update(state=Case.State.OPEN)
    done = do_pseudonymise_settled(organisation, now=timezone.now())
    assert done.cases == 0
    assert Shipment.objects.get(pk=shipment.pk).recipient_name == LOTTE.name


def test_the_command_runs_once_and_again_without_changing_more(
    organisation: Organisation,
) -> None:
    give(organisation, LOTTE, days_ago=365)
    out = StringIO()
    call_command("pseudonymise_settled", "--once", stdout=out)
    assert "shipments: 2, cases: 1" in out.getvalue()
    assert traces_of(LOTTE) == []
    out = StringIO()
    call_command("pseudonymise_settled", "--once", stdout=out)
    assert "shipments: 0, cases: 0" in out.getvalue()
