"""The desk: only members see cases, each organisation only its own; actions go through actions."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from halte.cases.actions import CustomerMessage, do_open_case
from halte.cases.models import Case, CaseMessage, Channel
from halte.demo.parcels import load_demo
from halte.organisations.models import Membership, Organisation
from halte.outbox.models import Dispatch
from halte.shipments.models import Shipment
from tests.factories import make_organisation
from tests.form_errors import form_error_codes

pytestmark = pytest.mark.django_db


def _case(organisation: Organisation, text: str = "Waar is mijn pakket?", **kw: Any) -> Case:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body=text, from_address="lotte@example.nl"),
        customer_email="lotte@example.nl",
        **kw,
    )
    return case


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/desk/login/")


def test_user_without_membership_is_forbidden(client: Client, db: None) -> None:
    user = get_user_model().objects.create_user("outsider", password="x-long-password")
    client.force_login(user)
    assert client.get("/desk/").status_code == 403


def test_queue_shows_only_my_organisations_cases(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    mine = _case(organisation, "Mijn vraag over een pakket")
    theirs = _case(make_organisation(), "Vraag bij een andere winkel")
    client.force_login(agent)
    html = client.get("/desk/").content.decode()
    assert mine.number in html
    assert theirs.number not in html
    assert client.get(f"/desk/case/{theirs.pk}/").status_code == 404
    assert client.post(f"/desk/case/{theirs.pk}/reply/", {"body": "hoi"}).status_code == 404
    assert not theirs.messages.filter(
        direction=CaseMessage.Direction.OUTBOUND, author=agent
    ).exists()


def test_case_screen_shows_thread_parcel_promise_and_journey(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    load_demo()
    shipment = Shipment.objects.get(tracking_code="3SHALT0303030")
    Membership.objects.create(user=agent, organisation=shipment.organisation)
    case = _case(shipment.organisation, "Staat op bezorgd, heb niets", shipment=shipment)
    client.force_login(agent)
    html = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "Staat op bezorgd, heb niets" in html
    assert "Bezorgd om 16:58 op een veilige plek: in de tuin." in html
    assert 'id="journey"' in html and "contactformulier" not in html  # e-mail, not the form


def test_reply_with_htmx_returns_the_panel_and_empty_reply_is_422(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _case(organisation)
    client.force_login(agent)
    ok = client.post(
        f"/desk/case/{case.pk}/reply/",
        {"body": "We zoeken het uit."},
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200
    assert "We zoeken het uit." in ok.content.decode()
    empty = client.post(
        f"/desk/case/{case.pk}/reply/", {"body": "  "}, headers={"HX-Request": "true"}
    )
    assert empty.status_code == 422
    assert case.messages.filter(author=agent).count() == 1


def test_note_is_internal_and_never_mailed(
    client: Client,
    organisation: Organisation,
    agent: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = _case(organisation)
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/desk/case/{case.pk}/reply/", {"body": "Je pakket is onderweg."})
        client.post(f"/desk/case/{case.pk}/note/", {"internal_note": "Klant belde ook al"})
    note = case.messages.get(direction=CaseMessage.Direction.NOTE)
    assert note.body_text == "Klant belde ook al"
    # The reply did go out, so this test sees what is mailed; the note is not among it.
    assert any("Je pakket is onderweg." in m.body for m in mailoutbox)
    assert all("Klant belde" not in m.body for m in mailoutbox)
    assert not Dispatch.objects.filter(body__contains="Klant belde").exists()


def test_hand_over_needs_a_person_or_team_and_records_it(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _case(organisation)
    client.force_login(agent)
    refused = client.post(
        f"/desk/case/{case.pk}/handover/", {"note": "graag"}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422
    assert form_error_codes(refused, "handover_form") == {"no_new_owner"}
    client.post(f"/desk/case/{case.pk}/handover/", {"team": "vervoerder", "note": "bel DPD"})
    case.refresh_from_db()
    assert case.team == "vervoerder"
    assert case.activities.filter(verb="handed_over").exists()


def test_invalid_state_is_refused(client: Client, organisation: Organisation, agent: Any) -> None:
    case = _case(organisation)
    client.force_login(agent)
    response = client.post(f"/desk/case/{case.pk}/state/", {"state": "exploded"})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.state == Case.State.NEW


def test_overdue_filter_and_badge(client: Client, organisation: Organisation, agent: Any) -> None:
    late = _case(organisation, "te laat")
    Case.objects.filter(pk=late.pk).update(first_response_due=timezone.now() - timedelta(hours=2))
    fresh = _case(organisation, "net binnen")
    client.force_login(agent)
    html = client.get("/desk/", {"breached": "1"}).content.decode()
    assert late.number in html and fresh.number not in html
    assert "sla-breached" in html


def test_triage_sets_priority_and_clean_tags(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _case(organisation)
    client.force_login(agent)
    client.post(f"/desk/case/{case.pk}/triage/", {"priority": "4", "tags": " Adres, adres ,spoed"})
    case.refresh_from_db()
    assert case.priority == Case.Priority.URGENT
    assert case.tags == ["adres", "spoed"]
    bad = client.post(f"/desk/case/{case.pk}/triage/", {"priority": "9", "tags": ""})
    assert bad.status_code == 422
    tags = ",".join(f"t{n}" for n in range(11))
    crowded = client.post(f"/desk/case/{case.pk}/triage/", {"priority": "2", "tags": tags})
    assert crowded.status_code == 422
    assert form_error_codes(crowded, "triage_form") == {"too_many_tags"}


def test_unsent_drafts_survive_other_actions_on_the_case(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    case = _case(organisation)
    client.force_login(agent)
    htmx = {"HX-Request": "true"}
    after_state = client.post(
        f"/desk/case/{case.pk}/state/",
        {
            "state": "open",
            "reason": "",
            "body": "Half af antwoord",
            "internal_note": "Halve notitie",
        },
        headers=htmx,
    ).content.decode()
    assert "Half af antwoord" in after_state and "Halve notitie" in after_state
    after_note = client.post(
        f"/desk/case/{case.pk}/note/",
        {"body": "Half af antwoord", "internal_note": "Klaar"},
        headers=htmx,
    ).content.decode()
    assert "Half af antwoord</textarea>" in after_note  # the reply draft stays
    assert 'id="note-body" rows="2" maxlength="20000"></textarea>' in after_note  # note was sent


def test_the_case_screen_says_whether_each_message_and_request_went_out(
    client: Client, organisation: Organisation, agent: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    case = _case(organisation)
    client.force_login(agent)
    client.post(f"/desk/case/{case.pk}/reply/", {"body": "Je pakket is onderweg."})
    reply = case.messages.get(author=agent)
    assert reply.dispatch is not None
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "wacht op verzending" in page  # not sent yet: the desk does not pretend it was
    Dispatch.objects.filter(pk=reply.dispatch.pk).update(
        state=Dispatch.State.FAILED, last_error="SMTP 550: mailbox unknown"
    )
    page = client.get(f"/desk/case/{case.pk}/").content.decode()
    assert "kon niet worden verstuurd" in page and "mailbox unknown" in page


def test_the_queue_shows_urgent_cases_first(
    client: Client, organisation: Organisation, agent: Any
) -> None:
    due_first = _case(organisation, "Waar is mijn pakket?")
    urgent = _case(organisation, "Mijn adres is gewijzigd, dat was ik niet!")
    Case.objects.filter(pk=urgent.pk).update(
        priority=Case.Priority.URGENT,
        first_response_due=due_first.first_response_due + timedelta(hours=4)
        if due_first.first_response_due
        else None,
    )
    client.force_login(agent)
    page = client.get("/desk/").content.decode()
    assert page.index(urgent.number) < page.index(due_first.number)
