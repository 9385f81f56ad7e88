"""Look-up limits: a guesser is stopped, the right recipient behind the same address is not."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from halte.demo.parcels import load_demo

pytestmark = pytest.mark.django_db
LOOKUP = reverse("tracking:lookup")
# Two demo parcels: X is the one being guessed, Y belongs to a colleague behind the same NAT.
X = {"tracking_code": "3SHALT0303030", "postcode": "6811 AB"}
Y = {"tracking_code": "JVGL0612345678", "postcode": "3500"}
OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def demo() -> None:
    load_demo()


def _post(client: Client, data: dict[str, str], address: str = OFFICE) -> Any:
    return client.post(LOOKUP, data, REMOTE_ADDR=address)


def _miss(client: Client, code: str, address: str = OFFICE, postcode: str = "1000 AA") -> None:
    assert _post(client, {"tracking_code": code, "postcode": postcode}, address).status_code == 404


def test_ten_misses_on_one_code_do_not_lock_out_another_code_from_the_same_address(
    client: Client,
) -> None:
    for n in range(10):
        _miss(client, X["tracking_code"], postcode=f"1{n:03d} AA")
    # Y with its right postcode, same address: the colleague still gets their parcel.
    assert _post(client, Y).status_code == 302
    # X is now closed to this address, even with the right postcode: guessing has to stop.
    blocked = _post(client, X)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) == 15 * 60
    # From another address X is still open (the per-code ceiling of 30 is far away).
    assert _post(client, X, address="203.0.113.9").status_code == 302


def test_code_typed_differently_counts_as_the_same_code(client: Client, settings: Any) -> None:
    settings.HALTE_TRACKING_LOOKUP_LIMIT = 2
    _miss(client, "3shalt0303030")
    _miss(client, "3SHALT 0303 030")
    assert _post(client, X).status_code == 429


def test_per_client_ceiling_stops_enumeration_of_many_codes(client: Client, settings: Any) -> None:
    settings.HALTE_TRACKING_LOOKUP_CLIENT_LIMIT = 5
    for n in range(5):
        _miss(client, f"3SGUESS{n:07d}")
    assert _post(client, Y).status_code == 429
    assert _post(client, Y, address="203.0.113.9").status_code == 302


def test_per_code_ceiling_holds_across_addresses(client: Client, settings: Any) -> None:
    settings.HALTE_TRACKING_LOOKUP_CODE_LIMIT = 4
    for address in ("192.0.2.1", "192.0.2.2"):
        _miss(client, X["tracking_code"], address=address, postcode="1000 AA")
        _miss(client, X["tracking_code"], address=address, postcode="1000 AB")
    # A third address, right postcode: X has been guessed at too often, from anywhere.
    assert _post(client, X, address="192.0.2.3").status_code == 429
    # Other parcels are not affected.
    assert _post(client, Y, address="192.0.2.3").status_code == 302


def test_right_lookup_counts_nothing(client: Client, settings: Any) -> None:
    settings.HALTE_TRACKING_LOOKUP_LIMIT = 1
    for _ in range(3):
        assert _post(client, X).status_code == 302


def test_behind_a_trusted_proxy_each_visitor_has_own_count(client: Client, settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2"]
    settings.HALTE_TRACKING_LOOKUP_CLIENT_LIMIT = 2
    for n in range(2):
        response = client.post(
            LOOKUP,
            {"tracking_code": f"3SGUESS{n}", "postcode": "1000 AA"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.50",
        )
        assert response.status_code == 404
    guesser = client.post(LOOKUP, Y, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.50")
    colleague = client.post(LOOKUP, Y, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert guesser.status_code == 429
    assert colleague.status_code == 302
