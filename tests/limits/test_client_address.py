"""Who the client is: REMOTE_ADDR, unless a trusted proxy tells us, read from the right."""

from typing import Any

import pytest
from django.test import RequestFactory

from halte.limits import client_of, trusted_proxies


def _client(settings: Any, remote: str, forwarded: str | None = None) -> str:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_of(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_forwarded_for_is_ignored(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = []
    assert _client(settings, "192.0.2.10", "203.0.113.5") == "192.0.2.10"


def test_spoofed_forwarded_for_from_an_untrusted_client_is_ignored(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _client(settings, "192.0.2.10", "10.0.0.5, 203.0.113.5") == "192.0.2.10"


def test_behind_one_trusted_proxy_the_real_client_is_used(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2"]
    assert _client(settings, "10.0.0.2", "203.0.113.5") == "203.0.113.5"


def test_what_the_client_wrote_left_of_the_proxy_entry_is_ignored(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2"]
    # The visitor sent "X-Forwarded-For: 198.51.100.1"; the proxy appended what it saw.
    assert _client(settings, "10.0.0.2", "198.51.100.1, 203.0.113.5") == "203.0.113.5"


def test_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]
    forwarded = "198.51.100.1, 203.0.113.5, 2001:db8::7, 10.0.0.3"
    assert _client(settings, "10.0.0.2", forwarded) == "203.0.113.5"


def test_an_untrusted_hop_in_the_middle_ends_the_walk(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2", "10.0.0.3"]
    # 192.0.2.99 is not ours: whatever it claims (203.0.113.5, a trusted 10.0.0.3) is its say-so.
    forwarded = "203.0.113.5, 10.0.0.3, 192.0.2.99, 10.0.0.3"
    assert _client(settings, "10.0.0.2", forwarded) == "192.0.2.99"


def test_garbage_from_a_proxy_falls_back_to_the_nearest_trusted_hop(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2", "10.0.0.3"]
    assert _client(settings, "10.0.0.2", "203.0.113.5, not-an-ip, 10.0.0.3") == "10.0.0.3"
    assert _client(settings, "10.0.0.2") == "10.0.0.2"


def test_addresses_are_written_one_way(settings: Any) -> None:
    settings.HALTE_TRUSTED_PROXIES = ["10.0.0.2"]
    assert _client(settings, "10.0.0.2", "[2001:DB8:0::1]:4711") == "2001:db8::1"
    assert _client(settings, "2001:0db8::0001") == "2001:db8::1"


def test_unknown_remote_address_is_one_shared_client(settings: Any) -> None:
    assert _client(settings, "") == ""
    assert _client(settings, "unix:/run/halte.sock") == ""


def test_bad_trusted_proxy_entry_is_named() -> None:
    with pytest.raises(ValueError, match=r"'10\.0\.0\.300'"):
        trusted_proxies(["10.0.0.1", "10.0.0.300"])
