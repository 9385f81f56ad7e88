"""A recipient in a real phone-sized chromium: look up the parcel, read it, switch language."""

from pathlib import Path
from typing import Any

import pytest

from halte.demo.parcels import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _look_up(page: Any, base: str, code: str, postcode: str) -> None:
    page.goto(f"{base}/track/")
    page.get_by_label("Trackingcode").fill(code)
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("button", name="Toon mijn pakket").click()


def test_story_03_recipient_reads_where_the_parcel_was_delivered(
    page: Any, live_server: Any, artifacts: Path
) -> None:
    load_demo()
    _look_up(page, live_server.url, "3SHALT0303030", "6811 ab")
    headline = page.locator("#headline")
    assert headline.inner_text() == "Bezorgd om 16:58 op een veilige plek: in de tuin."
    body = page.locator("main").inner_text()
    assert "ontvangstbevestiging" not in body
    page.screenshot(path=str(artifacts / "tracking-story-03-nl.png"), full_page=True)

    # The switch is a link (the look-up form before it set the only CSRF cookie); the choice
    # is remembered in the language cookie.
    url = page.url
    assert [c["name"] for c in page.context.cookies()] == ["csrftoken"]
    page.get_by_role("link", name="English").click()
    assert headline.inner_text() == "Delivered at 16:58 at a safe place: in de tuin."
    page.screenshot(path=str(artifacts / "tracking-story-03-en.png"), full_page=True)
    assert sorted(c["name"] for c in page.context.cookies()) == ["csrftoken", "django_language"]
    page.goto(url)  # the plain link again: still English
    assert headline.inner_text() == "Delivered at 16:58 at a safe place: in de tuin."
    page.get_by_role("link", name="Nederlands").click()
    assert headline.inner_text() == "Bezorgd om 16:58 op een veilige plek: in de tuin."


def test_wrong_postcode_shows_a_message_and_no_parcel(page: Any, live_server: Any) -> None:
    load_demo()
    _look_up(page, live_server.url, "3SHALT0303030", "1000 AA")
    alert = page.get_by_role("alert")
    assert "We vinden geen pakket" in alert.inner_text()
    assert page.locator("#headline").count() == 0


def test_parcel_on_its_way_shows_its_window(page: Any, live_server: Any, artifacts: Path) -> None:
    load_demo()
    _look_up(page, live_server.url, "JVGL0612345678", "3500")
    assert "tussen" in page.locator("#window").inner_text()
    page.screenshot(path=str(artifacts / "tracking-on-its-way-nl.png"), full_page=True)
