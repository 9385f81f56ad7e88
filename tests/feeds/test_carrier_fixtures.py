"""Every carrier's recorded payloads, pushed and polled, end as plain Dutch on the tracking page.

The fixtures in tests/fixtures/carriers/<carrier>/ are shaped after each carrier's public
documentation; manifest.json says what each one must come to.
"""

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from halte.carriers.adapters import adapter_for
from halte.carriers.models import CarrierAccount
from halte.feeds.actions import do_poll_shipment
from halte.organisations.models import Organisation
from halte.shipments.models import Shipment, TrackingEvent
from halte.shipments.queries import shipment_story
from halte.tracking.links import tracking_url
from halte.vocabulary.status import Status
from tests.conftest import LoopbackHTTP
from tests.factories import make_shipment
from tests.pushes import drained

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carriers"
SECRET = "push-secret-for-fixtures"
CASES = {"delivered-mailbox", "delivered-neighbour", "failed-address", "returned", "unknown-code"}
CARRIERS_WITH_FIXTURES = [
    c for c in ["postnl", "dhl", "dpd", "gls", "bpost"] if (FIXTURES / c / "manifest.json").exists()
]


# Carriers whose tracking API wants a login first: where, and what it answers.
LOGIN_ANSWERS = {
    "gls": ("/oauth2/v2/token", b'{"access_token": "login-token-1", "expires_in": 14400}'),
    "dpd": (
        "/soap/services/LoginService/",
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b'<ns2:getAuthResponse xmlns:ns2="http://dpd.com/common/service/types/LoginService/2.1">'
        b"<return><delisId>api-user-1</delisId><customerUid>api-user-1</customerUid>"
        b"<authToken>login-token-1</authToken><depot>0522</depot>"
        b"<authTokenExpires>2099-01-01T03:00:00.0</authTokenExpires></return>"
        b"</ns2:getAuthResponse></soap:Body></soap:Envelope>",
    ),
}


def _manifest(carrier: str) -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(
        (FIXTURES / carrier / "manifest.json").read_text()
    )
    return loaded


def _part(name: str) -> tuple[str, int]:
    stem = Path(name).stem.removeprefix("webhook-")
    match = re.fullmatch(r"(.*)-(\d+)", stem)
    return (match.group(1), int(match.group(2))) if match else (stem, 0)


def _webhook_cases() -> Iterator[Any]:
    for carrier in CARRIERS_WITH_FIXTURES:
        groups: dict[str, list[str]] = defaultdict(list)
        for name, spec in _manifest(carrier).items():
            if spec["kind"] == "webhook":
                groups[_part(name)[0]].append(name)
        for case, names in sorted(groups.items()):
            yield pytest.param(
                carrier, sorted(names, key=lambda n: _part(n)[1]), id=f"{carrier}-{case}"
            )


def _tracking_cases() -> Iterator[Any]:
    for carrier in CARRIERS_WITH_FIXTURES:
        for name, spec in sorted(_manifest(carrier).items()):
            if spec["kind"] == "tracking":
                yield pytest.param(carrier, name, id=f"{carrier}-{Path(name).stem}")


def _visible_text(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _shipment(organisation: Organisation, carrier: str, tracking_code: str) -> Shipment:
    belgian = carrier == "bpost"
    return make_shipment(
        organisation=organisation,
        carrier=carrier,
        tracking_code=tracking_code,
        country="BE" if belgian else "NL",
        postcode="3500" if belgian else "6811AB",
    )


def _push(carrier: str, name: str, content_type: str) -> Any:
    adapter = adapter_for(carrier)
    assert adapter is not None
    body = (FIXTURES / carrier / name).read_bytes()
    response = Client().post(
        f"/api/v1/carriers/{carrier}/webhook",
        body,
        content_type=content_type,
        headers=adapter.WEBHOOK_AUTH.headers_for(body, SECRET),
    )
    drained()  # accepted by the webhook, stored by the drainer, one push after the other
    return response


def _assert_reads_as_plain_dutch(shipment: Shipment, expected: dict[str, Any]) -> None:
    shipment.refresh_from_db()
    assert shipment.status == expected["status"]
    assert shipment.delivery_place == expected["delivery_place"]
    assert shipment.delivery_place_detail == expected["delivery_place_detail"]
    assert shipment.failure_reason == expected["failure_reason"]
    unmapped = set(
        TrackingEvent.objects.filter(shipment=shipment, status=Status.UNMAPPED).values_list(
            "raw_code", flat=True
        )
    )
    assert unmapped == set(expected["unmapped_codes"])

    response = Client().get(tracking_url(shipment))
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    story = shipment_story(shipment)
    assert story.headline in html.unescape(response.content.decode())
    for code in TrackingEvent.objects.filter(shipment=shipment).values_list("raw_code", flat=True):
        # Short numeric codes ("9") occur in any time or date; the rest must never show.
        if len(code) >= 3 and not code.isdigit():
            assert not re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text), code
    if unmapped:
        assert "nog niet in gewone woorden" in text


def test_every_carrier_has_the_five_webhook_cases_and_tracking_answers() -> None:
    for carrier in CARRIERS_WITH_FIXTURES:
        manifest = _manifest(carrier)
        cases = {_part(n)[0] for n, s in manifest.items() if s["kind"] == "webhook"}
        assert cases >= CASES, (carrier, CASES - cases)
        assert sum(s["kind"] == "tracking" for s in manifest.values()) >= 2, carrier
        for name in manifest:
            assert (FIXTURES / carrier / name).is_file(), (carrier, name)


@pytest.mark.django_db
@pytest.mark.parametrize(("carrier", "names"), list(_webhook_cases()))
def test_pushed_fixtures_read_as_plain_dutch_on_the_tracking_page(
    organisation: Organisation, carrier: str, names: list[str]
) -> None:
    manifest = _manifest(carrier)
    CarrierAccount.objects.create(organisation=organisation, carrier=carrier, webhook_secret=SECRET)
    shipment = _shipment(organisation, carrier, manifest[names[-1]]["tracking_code"])
    for name in names:
        response = _push(carrier, name, manifest[name]["content_type"])
        assert response.status_code == 200, (name, response.content)
        if response["Content-Type"] == "application/xml":  # DPD's receipt
            assert b"<status>OK</status>" in response.content, name
        else:
            assert response.json()["errors"] == [], name
    # One push per file (DPD): the state is the last file's, the unmapped codes all files'.
    unmapped = sorted({c for name in names for c in manifest[name]["unmapped_codes"]})
    _assert_reads_as_plain_dutch(shipment, {**manifest[names[-1]], "unmapped_codes": unmapped})

    # The carrier sends everything again: nothing changes.
    stored = TrackingEvent.objects.count()
    for name in names:
        assert _push(carrier, name, manifest[name]["content_type"]).status_code == 200
    assert TrackingEvent.objects.count() == stored


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("carrier", "name"), list(_tracking_cases()))
def test_polled_tracking_answers_read_as_plain_dutch(
    organisation: Organisation, loopback_http: LoopbackHTTP, carrier: str, name: str
) -> None:
    spec = _manifest(carrier)[name]
    loopback_http.body = (FIXTURES / carrier / name).read_bytes()
    if carrier in LOGIN_ANSWERS:
        path, answer = LOGIN_ANSWERS[carrier]
        loopback_http.routes[path] = (200, answer)
    CarrierAccount.objects.create(
        organisation=organisation,
        carrier=carrier,
        api_url=loopback_http.url,
        api_user="api-user-1",
        api_key="api-key-1",
        polling=True,
    )
    shipment = _shipment(organisation, carrier, spec["tracking_code"])
    outcome = do_poll_shipment(shipment.pk)
    assert outcome.startswith("polled"), outcome
    assert loopback_http.requests, "the poller asked nothing"
    if carrier in LOGIN_ANSWERS:  # the query carries the token the login gave
        _, _, headers, body = loopback_http.requests[-1]
        assert "login-token-1" in headers.get("Authorization", "") + body.decode()
    _assert_reads_as_plain_dutch(shipment, spec)
