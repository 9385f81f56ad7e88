"""Every customer message is read: the case gets its reason, queue, parcel and priority, and
the acknowledgement asks only what is still missing."""

import json
import re
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from halte.cases.actions import (
    CustomerMessage,
    do_add_customer_message,
    do_correct_intent,
    do_open_case,
)
from halte.cases.models import Case, CaseActivity, IntentCorrection, IntentRoute
from halte.cases.queries import intent_corrections, queue
from halte.cases.reading import read_customer_message, shipment_named
from halte.cases.suggestions import suggested_reply
from halte.journey.models import Touchpoint
from halte.mail.actions import do_receive_email
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.understanding.corpus import example_from
from halte.understanding.intents import Intent
from halte.vocabulary.status import Status
from tests.factories import make_organisation, make_shipment, raw_email

pytestmark = pytest.mark.django_db

STORY_03 = "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen"
CODE = "3SHALT0101010"


@pytest.fixture
def delivered(organisation: Organisation) -> Shipment:
    return make_shipment(
        organisation=organisation,
        tracking_code=CODE,
        status=Status.DELIVERED,
        recipient_email="lotte@example.nl",
    )


def _contact(client: Client, captured: Any, **data: str) -> Case:
    with captured(execute=True):
        response = client.post("/contact/", data)
    assert response.status_code == 200
    return Case.objects.latest("pk")


def _acknowledgement() -> str:
    [sent] = mail.outbox
    return str(sent.body)


def test_story_03_in_the_contact_form_is_read_linked_and_offered_self_service(
    client: Client,
    delivered: Shipment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _contact(
        client,
        django_capture_on_commit_callbacks,
        text=f"{STORY_03}. Code {CODE}",
        email="lotte@example.nl",
    )
    assert case.intent == Intent.DELIVERED_NOT_RECEIVED
    assert not case.needs_person
    assert case.shipment == delivered
    assert case.team == "delivery"
    body = _acknowledgement()
    # It repeats what was given and asks nothing of it again.
    assert f"parcel {CODE}" in body or f"pakket {CODE}" in body
    assert "tracking code" not in body.lower() and "track & trace-code" not in body.lower()
    assert not re.search(r"(reply with|antwoord met)", body, re.IGNORECASE)
    # One self-service link: the signed not-received page of this parcel.
    links = re.findall(r"https?://\S+/s/[^/\s]+/not-received/", body)
    assert len(links) == 1
    assert Client().get(urlsplit(links[0]).path).status_code == 200


def test_a_tracking_code_in_the_optional_field_counts_as_given(
    client: Client, delivered: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    case = _contact(
        client,
        django_capture_on_commit_callbacks,
        text=STORY_03,
        email="lotte@example.nl",
        tracking_code=CODE,
    )
    assert case.shipment == delivered
    assert "/not-received/" in _acknowledgement()


def test_without_a_parcel_only_the_parcel_is_asked_and_no_link_offered(
    client: Client, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    case = _contact(
        client,
        django_capture_on_commit_callbacks,
        text=STORY_03,
        email="lotte@example.nl",
        asked="1",  # sent without answering the form's question
    )
    assert case.intent == Intent.DELIVERED_NOT_RECEIVED
    assert case.shipment is None
    body = _acknowledgement()
    questions = re.findall(r"^- .+$", body, re.MULTILINE)
    assert len(questions) == 1
    assert "order" in questions[0] or "bestel" in questions[0]
    assert "/s/" not in body


def test_someone_else_naming_the_code_gets_no_link_to_the_parcel(
    client: Client, delivered: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    _contact(
        client,
        django_capture_on_commit_callbacks,
        text=f"{STORY_03}. Code {CODE}",
        email="mallory@example.com",
    )
    assert "/s/" not in _acknowledgement()


def test_a_parcel_of_another_organisation_is_never_linked(organisation: Organisation) -> None:
    other = make_organisation()
    make_shipment(organisation=other, tracking_code="3SOTHR0000001")
    read = read_customer_message("Waar blijft 3SOTHR0000001?", language="nl")
    assert shipment_named(organisation, "Waar blijft 3SOTHR0000001?", read.details) is None
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body="Waar blijft 3SOTHR0000001?"),
        customer_email="x@example.nl",
    )
    assert case.shipment is None


def test_the_order_number_links_the_orders_only_parcel(organisation: Organisation) -> None:
    shipment = make_shipment(organisation=organisation)
    assert shipment.order is not None
    text = f"Ik wil bestelling {shipment.order.reference} annuleren"
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=text),
        customer_email="lotte@example.nl",
    )
    assert case.shipment == shipment
    assert case.order == shipment.order


def test_an_angry_urgent_message_rises_and_its_touchpoint_gets_the_smiley(
    organisation: Organisation,
) -> None:
    text = (
        "Dit is echt belachelijk!!! Al drie keer gebeld en nog steeds geen pakket. "
        "Ik heb het VANDAAG nodig, anders zet ik het op Twitter."
    )
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=text),
        customer_email="boos@example.nl",
    )
    assert case.urgent
    assert case.sentiment is not None and case.sentiment < 0
    assert case.priority >= Case.Priority.HIGH
    touchpoint = case.touchpoints.get(kind=Touchpoint.Kind.EMAIL_IN)
    assert touchpoint.sentiment == case.sentiment


def test_an_unsure_reading_routes_nowhere_and_the_case_says_a_person_decides(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case, _ = do_open_case(
            organisation,
            CustomerMessage(channel="email", body="???"),
            customer_email="x@example.nl",
        )
    assert case.needs_person
    assert case.team == ""
    assert "a person decides" in case.activities.get(verb=CaseActivity.Verb.READ).detail
    # Nothing intent-specific is asked when nobody knows the intent yet.
    assert "reply with" not in _acknowledgement()


def test_the_organisation_routes_a_reason_to_its_own_team(organisation: Organisation) -> None:
    IntentRoute.objects.create(
        organisation=organisation, intent=Intent.DELIVERED_NOT_RECEIVED, team="pakketten"
    )
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=STORY_03),
        customer_email="lotte@example.nl",
    )
    assert case.team == "pakketten"


def test_a_correction_is_kept_as_training_data_and_moves_the_case(
    organisation: Organisation, agent: Any
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", subject="vraag", body="Wie heeft mij dit gestuurd?"),
        customer_email="x@example.nl",
    )
    do_correct_intent(case, intent=Intent.RETURN_OR_REFUND, by=agent)
    case.refresh_from_db()
    assert (case.intent, case.needs_person, case.team) == (
        Intent.RETURN_OR_REFUND,
        False,
        "returns",
    )
    correction = IntentCorrection.objects.get()
    assert correction.intent == Intent.RETURN_OR_REFUND
    assert "Wie heeft mij dit gestuurd?" in correction.text
    assert list(intent_corrections()) == [
        {"text": correction.text, "intent": "return_or_refund", "language": "nl"}
    ]
    # Exactly what `train_understanding --extra-from` takes.
    assert [example_from(e).intent for e in intent_corrections()] == ["return_or_refund"]
    with pytest.raises(ValueError):
        do_correct_intent(case, intent="no_such_reason", by=agent)


def test_a_follow_up_saying_found_it_closes_and_a_negated_one_does_not(
    organisation: Organisation,
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=STORY_03),
        customer_email="lotte@example.nl",
    )
    do_add_customer_message(
        case, CustomerMessage(channel="email", body="Ik heb het pakket niet gevonden.")
    )
    case.refresh_from_db()
    assert case.is_open
    do_add_customer_message(
        case, CustomerMessage(channel="email", body="Gevonden in de tuin onder een zeil.")
    )
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED


def test_the_queue_filters_per_reason(organisation: Organisation) -> None:
    found, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=STORY_03),
        customer_email="a@example.nl",
    )
    unsure, _ = do_open_case(
        organisation, CustomerMessage(channel="email", body="???"), customer_email="b@example.nl"
    )
    organisations = Organisation.objects.all()
    only = [c for c, _ in queue(organisations, state="active", intent=found.intent)]
    assert only == [found]
    assert [c for c, _ in queue(organisations, state="active", intent="undecided")] == [unsure]


def test_the_suggested_reply_is_in_the_customers_language_with_the_cases_facts(
    organisation: Organisation, delivered: Shipment
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=f"{STORY_03} {CODE}"),
        customer_email="lotte@example.nl",
        customer_name="Lotte",
    )
    dutch = suggested_reply(case)
    assert dutch.startswith("Hallo Lotte,") and CODE in dutch
    case.language = "en"
    english = suggested_reply(case)
    assert english.startswith("Hello Lotte,") and CODE in english


def test_the_desk_shows_corrects_and_filters_the_reason(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=STORY_03),
        customer_email="lotte@example.nl",
    )
    client.force_login(agent)
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert 'id="case-intent"' in page and case.get_intent_display() in page
    assert 'id="reply-body"' in page and "Hallo" in page  # the suggested reply, editable
    response = client.post(f"/desk/case/{case.pk}/intent/", {"intent": "damaged"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.intent == Intent.DAMAGED
    refused = client.post(
        f"/desk/case/{case.pk}/intent/", {"intent": "nonsense"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422
    queue_page = client.get("/desk/?intent=damaged").content.decode()
    assert case.number in queue_page
    assert case.number not in client.get("/desk/?intent=compliment").content.decode()


def test_the_form_asks_only_the_missing_parcel_before_opening_a_case(
    client: Client, delivered: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    first = client.post("/contact/", {"text": STORY_03, "email": "lotte@example.nl"})
    page = first.content.decode()
    assert first.status_code == 200 and not Case.objects.exists()
    assert 'id="understood"' in page
    assert 'name="asked"' in page
    # One question, in the one field for it; the words and address are kept as typed.
    assert 'name="tracking_code"' in page
    assert 'name="new_address"' not in page and 'name="moment"' not in page
    assert STORY_03 in page and "lotte@example.nl" in page
    # Nothing of the shop's parcels is shown to a visitor who proved nothing.
    assert delivered.order is not None and delivered.order.reference not in page
    case = _contact(
        client,
        django_capture_on_commit_callbacks,
        text=STORY_03,
        email="lotte@example.nl",
        tracking_code=CODE,
        asked="1",
    )
    assert case.shipment == delivered and case.intent == Intent.DELIVERED_NOT_RECEIVED
    assert "/not-received/" in _acknowledgement()


def test_the_form_asks_the_new_address_and_keeps_the_answer_with_the_words(
    client: Client, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    text = f"Kan mijn pakket {CODE} naar een ander adres? Ik ben verhuisd."
    first = client.post("/contact/", {"text": text, "email": "lotte@example.nl"})
    page = first.content.decode()
    if 'name="asked"' not in page:
        pytest.fail("the reading did not ask for the new address: " + page[:400])
    assert 'name="new_address"' in page and 'name="tracking_code"' not in page
    case = _contact(
        client,
        django_capture_on_commit_callbacks,
        text=text,
        email="lotte@example.nl",
        new_address="1234 AB 5",
        asked="1",
    )
    assert "1234 AB 5" in case.messages.get(direction="in").body_text


def test_a_question_that_needs_nothing_more_opens_the_case_at_once(
    client: Client, delivered: Shipment, django_capture_on_commit_callbacks: Any
) -> None:
    case = _contact(
        client,
        django_capture_on_commit_callbacks,
        text=f"{STORY_03}. Code {CODE}",
        email="lotte@example.nl",
    )
    assert case.shipment == delivered


def test_an_e_mail_is_read_like_the_form(organisation: Organisation, delivered: Shipment) -> None:
    received = do_receive_email(
        raw_email(
            sender="Lotte <lotte@example.nl>",
            subject="Pakket",
            text=f"Hoi, volgens de tracking is {CODE} bezorgd maar ik heb niets ontvangen.",
        )
    )
    case = received.case
    assert case.intent == Intent.DELIVERED_NOT_RECEIVED
    assert case.shipment == delivered
    assert case.activities.filter(verb=CaseActivity.Verb.READ).exists()


def test_a_pasted_100_kb_log_opens_a_sane_case_without_inventing_a_parcel(
    organisation: Organisation,
) -> None:
    lines = [
        f"[worker-{n % 9}] pid={1000 + n} req={n * 7919:016x} took {n % 999}ms" for n in range(3000)
    ]
    body = ("Het werkt niet, zie log:\n" + "\n".join(lines))[:100_000]
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body=body),
        customer_email="x@example.nl",
    )
    assert case.intent in Intent.values
    assert case.shipment is None and case.order is None


def test_corrections_are_exported_as_json_lines(organisation: Organisation, agent: Any) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel="email", body="Kan ik mijn bestelling nog annuleren? 🙏"),
        customer_email="x@example.nl",
    )
    do_correct_intent(case, intent=Intent.WHO_SENT_THIS, by=agent)
    out = StringIO()
    call_command("export_intent_corrections", stdout=out)
    [line] = out.getvalue().splitlines()
    assert json.loads(line) == {
        "text": "Kan ik mijn bestelling nog annuleren? 🙏",
        "intent": "who_sent_this",
        "language": "nl",
    }
