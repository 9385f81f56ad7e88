"""Erasing a person leaves no trace of them in any text column, and every figure as it was."""

import json
from typing import Any

import pytest
from django.core.files.storage import default_storage

from halte.cases.models import Attachment, Case
from halte.drivers.models import Tap
from halte.gifts.models import Gift, GiftNote
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.privacy.actions import do_erase_person
from halte.privacy.queries import find_person, person_export
from halte.shipments.models import Shipment
from tests.privacy.world import LOTTE, PIETER, Someone, figures, give, traces_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def test_erasure_leaves_no_trace_of_the_person_in_any_text_column(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    give(organisation, LOTTE)
    give(organisation, PIETER)
    assert len(traces_of(LOTTE)) > 20, "the world must hold Lotte everywhere before erasure"
    before = figures(organisation)
    files = [
        a.file.name for a in Attachment.objects.filter(message__case__customer_email=LOTTE.email)
    ]
    files += [t.photo.name for t in Tap.objects.filter(stop__shipment__recipient_name=LOTTE.name)]
    assert len(files) == 2 and all(default_storage.exists(name or "") for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        erased = do_erase_person(find_person(organisation, email=LOTTE.email), actor=None)

    assert erased.shipments == 2 and erased.cases == 1
    assert traces_of(LOTTE) == []
    assert figures(organisation) == before
    erased_addresses = Shipment.objects.exclude(recipient_name=PIETER.name)
    assert {(len(p), n) for p, n in erased_addresses.values_list("postcode", "house_number")} == {
        (4, 0)
    }
    assert not any(default_storage.exists(name or "") for name in files)
    # Pieter is untouched: every trace he left is still there.
    assert {t.split(": ")[1] for t in traces_of(PIETER)} == {t.lower() for t in PIETER.traces}
    assert Shipment.objects.filter(recipient_name=PIETER.name).count() == 2


def test_erasure_by_phone_finds_the_same_person(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    person = find_person(organisation, phone="06 1234 5678")
    assert person.found
    do_erase_person(person, actor=None)
    assert traces_of(LOTTE) == []


def test_erasing_twice_changes_nothing_more(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    do_erase_person(find_person(organisation, email=LOTTE.email), actor=None)
    after_first = figures(organisation), list(Case.objects.values_list("customer_email", flat=True))

    again = do_erase_person(find_person(organisation, email=LOTTE.email), actor=None)

    assert (again.shipments, again.cases) == (0, 0)
    assert (
        figures(organisation),
        list(Case.objects.values_list("customer_email", flat=True)),
    ) == after_first


def test_another_organisation_keeps_its_own_records_of_the_same_person(
    organisation: Organisation,
) -> None:
    other = Organisation.objects.create(name="Andere winkel", slug="andere-winkel")
    give(organisation, LOTTE)
    give(other, LOTTE)
    do_erase_person(find_person(organisation, email=LOTTE.email), actor=None)
    assert (
        Shipment.objects.filter(organisation=organisation, recipient_name=LOTTE.name).count() == 0
    )
    assert Shipment.objects.filter(organisation=other, recipient_name=LOTTE.name).count() == 2
    assert Tap.objects.exclude(note="").count() == 1


def test_export_holds_everything_on_the_person_and_nothing_on_others(
    organisation: Organisation,
) -> None:
    give(organisation, LOTTE)
    give(organisation, PIETER)
    exported = person_export(find_person(organisation, email=LOTTE.email.upper()))
    text = json.dumps(exported, default=str)
    for trace in LOTTE.traces:
        assert trace in text
    for trace in PIETER.traces:
        assert trace not in text
    assert len(exported["shipments"]) == 2
    assert exported["messages"] and exported["attachments"] and exported["driver_taps"]
    assert exported["effort_answers"][0]["fields"]["comment"] == f"Groet, {LOTTE.name}"


def test_nobody_found_for_an_unknown_or_empty_address(organisation: Organisation) -> None:
    give(organisation, LOTTE)
    assert not find_person(organisation, email="nobody@example.nl").found
    assert not find_person(organisation).found


def test_a_gift_sender_is_erased_and_the_recipients_parcel_kept(
    organisation: Organisation,
) -> None:
    shipment = give(organisation, LOTTE)
    gift = Gift.objects.get(order=shipment.order)
    person = find_person(organisation, email=gift.sender_email)
    assert person.found and not person.shipments
    do_erase_person(person, actor=None)
    gift.refresh_from_db()
    assert (gift.sender_name, gift.message) == ("", "")
    assert gift.sender_email.endswith("@erased.invalid")
    assert GiftNote.objects.get(gift=gift).photo is None
    assert Shipment.objects.get(pk=shipment.pk).recipient_name == LOTTE.name


def test_the_recipients_export_never_names_an_anonymous_sender(
    organisation: Organisation,
) -> None:
    shipment = give(organisation, LOTTE)
    gift = Gift.objects.get(order=shipment.order)
    text = json.dumps(person_export(find_person(organisation, email=LOTTE.email)), default=str)
    assert gift.message in text
    assert gift.sender_email not in text and gift.sender_name not in text


def test_a_neighbour_on_the_same_street_keeps_everything(organisation: Organisation) -> None:
    neighbour = Someone("Noor de Buur", "noor@example.nl", "0611112222", LOTTE.street)
    give(organisation, LOTTE)
    give(organisation, neighbour)
    before = traces_of(neighbour)
    do_erase_person(find_person(organisation, email=LOTTE.email), actor=None)
    assert {t for t in traces_of(neighbour) if LOTTE.street.lower() not in t} == {
        t for t in before if LOTTE.street.lower() not in t
    }
    assert Dispatch.objects.filter(body__contains=neighbour.email).exists()
    assert Shipment.objects.filter(street=LOTTE.street, recipient_name=neighbour.name).count() == 2
