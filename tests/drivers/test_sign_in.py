"""Sign-in per person: a one-time depot code, a short session, a limit on guessing."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from halte.drivers.actions import do_issue_sign_in_code, do_sign_in_with_code
from halte.drivers.models import SignInCode
from tests.drivers.conftest import Route, plan, signed_in

pytestmark = pytest.mark.django_db


def test_a_code_signs_the_driver_in_once(route: Route) -> None:
    issued = do_issue_sign_in_code(route.driver)
    assert len(issued.code) == 8
    assert issued.code not in SignInCode.objects.get().digest  # only the digest is kept
    first, second = Client(), Client()
    assert first.post("/driver/", {"code": issued.code.lower()}).status_code == 302
    assert first.get("/driver/stops/").status_code == 200
    again = second.post("/driver/", {"code": issued.code})
    assert again.status_code == 422 and "al gebruikt" in again.content.decode()


def test_an_expired_code_signs_nobody_in(route: Route) -> None:
    issued = do_issue_sign_in_code(route.driver, now=timezone.now() - timedelta(minutes=16))
    assert do_sign_in_with_code(issued.code) is None


def test_the_session_is_short_and_gets_a_new_id(route: Route, settings: Any) -> None:
    phone = Client()
    phone.get("/driver/")
    planted = phone.cookies.get(settings.SESSION_COOKIE_NAME)
    phone.post("/driver/", {"code": do_issue_sign_in_code(route.driver).code})
    cookie = phone.cookies[settings.SESSION_COOKIE_NAME]
    assert planted is None or cookie.value != planted.value
    assert 0 < int(cookie["max-age"]) <= settings.HALTE_DRIVER_SESSION_HOURS * 3600


def test_wrong_codes_are_limited_per_client(route: Route, settings: Any) -> None:
    settings.HALTE_DRIVER_CODE_ATTEMPTS_PER_HOUR = 3
    guesser = Client()
    statuses = [guesser.post("/driver/", {"code": f"AAAA{n:04d}"}).status_code for n in range(3)]
    assert statuses == [422, 422, 422]
    # Even the right code waits now: the limit is on the client, not on the code.
    right = do_issue_sign_in_code(route.driver).code
    blocked = guesser.post("/driver/", {"code": right})
    assert blocked.status_code == 429 and "Te veel" in blocked.content.decode()


def test_a_driver_sees_only_their_own_stops_of_today(route: Route) -> None:
    other = plan(route.organisation, reference="D-099", order=1)
    body = signed_in(route.driver).get("/driver/stops/").content.decode()
    assert route.shipment.tracking_code in body
    assert other.shipment.tracking_code not in body


def test_the_stops_page_reads_the_same_queries_for_many_stops(
    route: Route, django_assert_max_num_queries: Any
) -> None:
    for order in range(2, 12):
        plan(route.organisation, order=order)
    phone = signed_in(route.driver)
    with django_assert_max_num_queries(8):
        response = phone.get("/driver/stops/")
    assert response.content.decode().count('class="card stop') == 11


def test_signing_out_ends_the_driver_session(route: Route) -> None:
    phone = signed_in(route.driver)
    phone.post("/driver/sign-out/")
    assert phone.get("/driver/stops/").status_code == 302


def test_the_depots_link_asks_first_then_signs_in_once(route: Route, api: Any) -> None:
    link = api.post(f"/api/v1/drivers/{route.driver.reference}/sign-in-code").json()["link"]
    phone = Client()
    # A link preview (a GET) spends nothing: the driver confirms on the page.
    assert phone.get(link).status_code == 200
    assert phone.get(link).status_code == 200
    assert phone.post(link).status_code == 302
    assert phone.get("/driver/stops/").status_code == 200
    assert Client().post(link).status_code == 404  # once


def test_a_changed_or_old_link_signs_nobody_in(route: Route) -> None:
    issued = do_issue_sign_in_code(route.driver)
    token = issued.link_token
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert Client().post(f"/driver/link/{forged}/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert Client().post(f"/driver/link/{token}/").status_code == 404
