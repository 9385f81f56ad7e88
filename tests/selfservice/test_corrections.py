"""Story 01 again: suggestions that never put the wrong address first, one confirmation
before a reroute, and a correction that is a change on the journey, not a question."""

import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from halte.addresses.registry import KnownAddress
from halte.cases.actions import do_open_case
from halte.cases.models import Case, CaseActivity
from halte.cases.queries import journey
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.selfservice.models import AddressChange
from halte.selfservice.rules import Typed, rank_suggestions
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from tests.cases.histories import customer_writes
from tests.conftest import LoopbackHTTP
from tests.form_errors import form_error_codes
from tests.selfservice.test_selfservice import CONFIRMATION, _address, _parcel, _prove

pytestmark = pytest.mark.django_db(transaction=True)

OLD = {"postcode": "3572KT", "house_number": 12, "street": "Biltstraat", "city": "Utrecht"}
SUGGESTION = re.compile(r'<button type="submit" class="secondary">([^<]+)</button>')


def _old_home(organisation: Organisation, *codes: str, **fields: Any) -> Shipment:
    """The parcel still addressed to Remco's old home, as the shop had it."""
    return _parcel(organisation, *codes, **{**OLD, **fields})


def _prove_on_cases_page(client: Client, shipment: Shipment) -> None:
    """Prove to be the recipient where a delivered parcel asks for it: "show my questions"."""
    url = tracking_url(shipment) + "cases/"
    assert client.post(url, {"action": "send_code"}).status_code == 200
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    assert client.post(url, {"action": "check_code", "code": code[1]}).status_code == 302


def _url(shipment: Shipment) -> str:
    shipment.refresh_from_db()
    return tracking_url(shipment) + "address/"


def _suggestions(response: Any) -> list[str]:
    return [unescape(s) for s in SUGGESTION.findall(response.content.decode())]


def _confirmation(response: Any) -> str:
    found = CONFIRMATION.search(response.content.decode())
    assert found is not None
    return unescape(found[1])


def _with_webhook(organisation: Organisation, target: LoopbackHTTP) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        webhook_url=target.url + "/hooks", webhook_secret="s3cret"
    )


# -- suggestions ------------------------------------------------------------------------------


def test_new_postcode_with_the_old_street_never_suggests_the_old_home_first(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    # Story 01's second slip: the right postcode, but the street (and city) of the old home.
    shipment = _old_home(organisation, "received_by_carrier", "out_for_delivery")
    response = _address(client, shipment, postcode="3731 HK", street="Biltstraat", city="Utrecht")
    assert response.status_code == 422
    suggestions = _suggestions(response)
    assert suggestions[0] == "Lindelaan 12, 3731 HK De Bilt"
    assert "Biltstraat 12, 3572 KT Utrecht" in suggestions[1:]  # still there, never first
    assert not AddressChange.objects.exists()


def test_old_postcode_with_the_new_street_suggests_the_new_street_first(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    # Story 01's first slip: the new street with the old postcode.
    shipment = _old_home(organisation, "received_by_carrier", "out_for_delivery")
    response = _address(client, shipment, postcode="3572 KT", street="Lindelaan", city="De Bilt")
    assert _suggestions(response)[0] == "Lindelaan 12, 3731 HK De Bilt"


def test_ranking_scores_each_part_and_puts_the_address_on_file_first_only_when_typed() -> None:
    on_file = KnownAddress("3572KT", 12, "", "Biltstraat", "Utrecht")
    new = KnownAddress("3731HK", 12, "", "Lindelaan", "De Bilt")
    neighbour = KnownAddress("3572KT", 12, "A", "Biltstraat", "Utrecht")
    # Only the postcode was changed from what the form showed: that is what counts most.
    typed_old_street = Typed("3731 HK", 12, "", "biltstraat ", "Utrecht")
    assert rank_suggestions([on_file, neighbour, new], typed_old_street, on_file=on_file) == [
        new,
        neighbour,
        on_file,  # what they came to change: last, whatever its score
    ]
    typed_on_file = Typed("3572 kt", 12, "", "Biltstraat", "Utrecht")
    assert rank_suggestions([new, on_file], typed_on_file, on_file=on_file)[0] == on_file
    # The same suggestion twice (from both look-ups) is shown once.
    assert rank_suggestions([new, new], typed_old_street, on_file=on_file) == [new]


# -- one confirmation -------------------------------------------------------------------------


def test_a_suggestion_tap_asks_send_it_to_and_changes_nothing_yet(
    client: Client, organisation: Organisation, address_registry: None, loopback_http: LoopbackHTTP
) -> None:
    _with_webhook(organisation, loopback_http)
    shipment = _old_home(organisation, "received_by_carrier", "out_for_delivery")
    _address(client, shipment, postcode="3731 HK", street="Biltstraat", city="Utrecht")
    tap = {"postcode": "3731 HK", "house_number": "12", "addition": "", "street": "Lindelaan"}
    tap |= {"city": "De Bilt", "email": "remco@example.nl"}
    asked = client.post(_url(shipment), tap)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Naar Lindelaan 12, 3731 HK De Bilt sturen?" in page
    assert "Ja, stuur het daarheen" in page and "Terug" in page
    assert "De bezorger heeft je pakket al bij zich." in page
    assert "Na je bevestiging geven we dit adres meteen door aan DPD." in page
    shipment.refresh_from_db()
    assert shipment.street == "Biltstraat"
    assert not AddressChange.objects.exists()
    assert not Dispatch.objects.filter(channel=Dispatch.Channel.WEBHOOK).exists()
    assert mail.outbox == [] and loopback_http.requests == []

    done = client.post(_url(shipment), {"action": "confirm", "confirmation": _confirmation(asked)})
    assert done.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.street, shipment.postcode) == ("Lindelaan", "3731HK")
    assert len(loopback_http.requests) == 1


def test_a_confirmation_sent_twice_is_one_change(
    client: Client, organisation: Organisation, address_registry: None, loopback_http: LoopbackHTTP
) -> None:
    _with_webhook(organisation, loopback_http)
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    asked = _address(client, shipment, postcode="3731 HK", street="Lindelaan", confirm=False)
    url, token = _url(shipment), _confirmation(asked)
    assert client.post(url, {"action": "confirm", "confirmation": token}).status_code == 302
    # The old link no longer opens the parcel (its postcode changed): replay on the new one.
    again = client.post(_url(shipment), {"action": "confirm", "confirmation": token}, follow=True)
    assert "Deze wijziging was al gedaan" in again.content.decode()
    assert AddressChange.objects.count() == 1
    assert Dispatch.objects.filter(channel=Dispatch.Channel.WEBHOOK).count() == 1
    assert len(loopback_http.requests) == 1


def test_a_confirmation_replayed_after_an_undo_changes_nothing(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    asked = _address(client, shipment, postcode="3731 HK", street="Lindelaan", confirm=False)
    token = _confirmation(asked)
    client.post(_url(shipment), {"action": "confirm", "confirmation": token})
    change = AddressChange.objects.get()
    from halte.selfservice.actions import do_undo_address_change

    do_undo_address_change(change)
    shipment.refresh_from_db()
    assert shipment.street == "Biltstraat"
    client.post(_url(shipment), {"action": "confirm", "confirmation": token})
    shipment.refresh_from_db()
    assert shipment.street == "Biltstraat" and AddressChange.objects.count() == 1


def test_a_tampered_stale_or_foreign_confirmation_is_refused_with_a_precise_message(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    other = _old_home(organisation, "received_by_carrier", tracking_code="3SOTHER0000009")
    asked = _address(client, shipment, postcode="3731 HK", street="Lindelaan", confirm=False)
    token = _confirmation(asked)
    _prove(client, other)
    for url, sent in [
        (_url(other), token),  # another parcel's confirmation
        (_url(shipment), token[:-3] + "abc"),  # altered
        (_url(shipment), ""),  # missing
        (_url(shipment), "x" * 5000),  # junk
    ]:
        response = client.post(url, {"action": "confirm", "confirmation": sent})
        assert response.status_code == 422
        assert form_error_codes(response) == {"confirmation_invalid"}
        assert "niet meer geldig" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        _prove(client, shipment)
        late = client.post(_url(shipment), {"action": "confirm", "confirmation": token})
        assert form_error_codes(late) == {"confirmation_invalid"}
    assert not AddressChange.objects.exists()
    for parcel in (shipment, other):
        parcel.refresh_from_db()
        assert parcel.street == "Biltstraat"


def test_a_suggestion_tap_or_confirmation_without_proof_changes_nothing(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "out_for_delivery")
    asked = _address(client, shipment, postcode="3731 HK", street="Lindelaan", confirm=False)
    token = _confirmation(asked)
    stranger = Client()
    tap = {"postcode": "3731 HK", "house_number": "12", "street": "Lindelaan", "city": "De Bilt"}
    for data in (tap, {"action": "confirm", "confirmation": token}):
        response = stranger.post(_url(shipment), data)
        page = response.content.decode()
        assert 'value="send_code"' in page and "Naar Lindelaan" not in page
    shipment.refresh_from_db()
    assert shipment.street == "Biltstraat" and not AddressChange.objects.exists()


def test_back_returns_to_the_form_with_what_was_typed(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    asked = _address(client, shipment, postcode="3731 HK", street="Lindelaan", confirm=False)
    back = client.post(_url(shipment), {"action": "back", "confirmation": _confirmation(asked)})
    assert back.status_code == 200
    page = back.content.decode()
    assert 'value="Lindelaan"' in page and 'value="3731 HK"' in page
    assert not AddressChange.objects.exists()


# -- a change, not a question -----------------------------------------------------------------


def test_a_correction_joins_the_customers_open_case_about_the_parcel(
    client: Client, organisation: Organisation, address_registry: None, loopback_http: LoopbackHTTP
) -> None:
    # Remco wrote first (story 01's e-mail), then fixes it himself on the tracking page.
    _with_webhook(organisation, loopback_http)
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    case, _ = do_open_case(
        organisation, customer_writes(1), customer_email="remco@example.nl", shipment=shipment
    )
    assert _address(client, shipment, postcode="3731 HK", street="Lindelaan").status_code == 302
    assert Case.objects.count() == 1  # no second case
    (touchpoint,) = Touchpoint.objects.filter(kind=Touchpoint.Kind.SELF_SERVICE)
    assert touchpoint.case_id == case.pk
    assert touchpoint.summary == "address changed to Lindelaan 12, 3731 HK De Bilt"
    request = case.activities.get(verb=CaseActivity.Verb.REQUESTED)
    assert request.dispatch is not None and "Lindelaan 12" in request.detail
    assert touchpoint in journey(case)


def test_the_desk_journey_shows_a_correction_made_outside_any_case(
    client: Client,
    organisation: Organisation,
    address_registry: None,
    loopback_http: LoopbackHTTP,
) -> None:
    _with_webhook(organisation, loopback_http)
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    _address(client, shipment, postcode="3731 HK", street="Lindelaan")
    assert not Case.objects.exists()
    # Later he writes anyway: the agent sees what he already did on the tracking page.
    case, _ = do_open_case(
        organisation, customer_writes(2), customer_email="remco@example.nl", shipment=shipment
    )
    kinds = [(t.kind, t.summary) for t in journey(case)]
    assert (Touchpoint.Kind.SELF_SERVICE, "address changed to Lindelaan 12, 3731 HK De Bilt") in (
        kinds
    )


def test_a_correction_a_person_passes_on_is_a_tracking_page_case_saying_what_changed(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")  # no webhook
    _address(client, shipment, postcode="3731 HK", street="Lindelaan")
    case = Case.objects.get()
    assert case.channel == "tracking" and "pass-to-carrier" in case.tags and case.is_open
    assert case.subject.startswith("Adres gewijzigd naar Lindelaan 12, 3731 HK De Bilt")
    first = case.messages.order_by("pk").first()
    assert first is not None and first.channel == "tracking"
    kinds = [t.kind for t in journey(case)]
    assert kinds[0] == Touchpoint.Kind.SELF_SERVICE and Touchpoint.Kind.FORM not in kinds
    assert journey(case)[0].summary == "address changed to Lindelaan 12, 3731 HK De Bilt"


def test_tracking_page_reports_and_closing_are_touchpoints_of_their_case(
    client: Client, organisation: Organisation
) -> None:
    shipment = _parcel(organisation, "delivered.mailbox")
    client.post(tracking_url(shipment) + "not-received/", {"email": "remco@example.nl"})
    case = Case.objects.get()
    assert case.channel == "tracking" and case.get_channel_display() == "trackingpagina"
    (report,) = case.touchpoints.filter(kind=Touchpoint.Kind.SELF_SERVICE)
    assert report.sentiment == Touchpoint.Sentiment.POOR
    assert report.summary == "reported: delivered but not received"
    assert not Touchpoint.objects.filter(kind=Touchpoint.Kind.FORM).exists()
    assert not Touchpoint.objects.filter(case__isnull=True, kind=Touchpoint.Kind.SELF_SERVICE)
    _prove_on_cases_page(client, shipment)
    client.post(tracking_url(shipment) + f"cases/{case.pk}/close/")
    assert case.touchpoints.filter(kind=Touchpoint.Kind.CASE_CLOSED_BY_CUSTOMER).exists()


def test_an_undo_is_a_touchpoint_of_the_disputed_case(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    _address(client, shipment, postcode="3731 HK", street="Lindelaan", email="x@example.com")
    (notice,) = [m for m in mail.outbox if m.to == ["remco@example.nl"]]
    undo = re.search(r"(/track/undo/\S+/)", str(notice.body))
    assert undo is not None
    assert Client().post(undo[1]).status_code == 200
    (disputed,) = [c for c in Case.objects.all() if "address-change-disputed" in c.tags]
    assert disputed.channel == "tracking"
    (touchpoint,) = disputed.touchpoints.filter(kind=Touchpoint.Kind.SELF_SERVICE)
    assert touchpoint.sentiment == Touchpoint.Sentiment.BAD
    assert touchpoint.summary.startswith("address change undone:")


def test_the_timeline_says_where_it_goes_now_and_hides_earlier_addresses_without_proof(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    _address(client, shipment, postcode="3731 HK", street="Lindelaan")
    _address(client, shipment, postcode="3731 HK", street="Lindelaan", house_number="14")
    shipment.refresh_from_db()
    proven = client.get(tracking_url(shipment)).content.decode()
    assert "Adres gewijzigd naar Lindelaan 14, 3731 HK De Bilt." in proven
    assert "Adres gewijzigd naar Lindelaan 12, 3731 HK De Bilt." in proven
    assert "Biltstraat" not in proven  # never a question quoting the old address
    stranger = Client().get(tracking_url(shipment)).content.decode()
    assert "Adres gewijzigd naar Lindelaan 14, 3731 HK De Bilt." in stranger  # shown anyway
    assert "Lindelaan 12" not in stranger and "Het bezorgadres is gewijzigd." in stranger


def test_after_proof_the_form_opens_with_the_address_on_file_and_no_errors(
    client: Client, organisation: Organisation
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    _prove(client, shipment)
    response = client.get(_url(shipment))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Biltstraat"' in page and 'value="3572 KT"' in page
    assert 'class="error"' not in page


def test_the_desk_shows_the_correction_on_the_case_journey_labelled_tracking_page(
    client: Client,
    organisation: Organisation,
    address_registry: None,
    loopback_http: LoopbackHTTP,
    agent: Any,
) -> None:
    _with_webhook(organisation, loopback_http)
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    case, _ = do_open_case(
        organisation, customer_writes(1), customer_email="remco@example.nl", shipment=shipment
    )
    _address(client, shipment, postcode="3731 HK", street="Lindelaan")
    desk = Client()
    desk.force_login(agent)
    journey_html = desk.get(f"/desk/case/{case.pk}/").content.decode()
    journey_html = journey_html[journey_html.index('id="journey"') :]
    journey_html = journey_html[: journey_html.index("</ol>")]
    assert "zelf geregeld op de trackingpagina" in journey_html
    assert "address changed to Lindelaan 12, 3731 HK De Bilt" in journey_html
    assert "contactformulier" not in journey_html and "Biltstraat" not in journey_html


def test_the_confirmation_says_a_colleague_checks_an_unlisted_address_and_only_then(
    client: Client, organisation: Organisation, address_registry: None
) -> None:
    shipment = _old_home(organisation, "received_by_carrier", "at_depot")
    new_build = {"postcode": "9999ZZ", "street": "Nieuwbouwweg", "city": "Almere"}
    asked = _address(client, shipment, confirm_unlisted="on", confirm=False, **new_build)
    assert "staat nog niet in het adresregister" in asked.content.decode()
    # Ticking the box for an address the register knows does not make it "unlisted".
    listed = _address(
        client,
        shipment,
        confirm_unlisted="on",
        confirm=False,
        postcode="3731 HK",
        street="Lindelaan",
    )
    page = listed.content.decode()
    assert "Naar Lindelaan 12" in page and "staat nog niet in het adresregister" not in page
    assert "een collega dit adres door aan DPD" in page  # no shop system to pass it on
