"""The effort question in chromium on a phone: the mail's link, one tap, a comment, done."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from halte.cases.actions import CustomerMessage, do_open_case, do_resolve_case
from halte.cases.models import Case, Channel
from halte.effort.models import EffortQuestion
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_mails_link_opens_the_page_tap_comment_done(
    page: Any, live_server: Any, artifacts: Path, organisation: Organisation
) -> None:
    case, _ = do_open_case(
        organisation,
        CustomerMessage(channel=Channel.EMAIL, body="Pakket deuk", from_address="hans@example.nl"),
        customer_email="hans@example.nl",
        customer_name="Hans",
    )
    mail.outbox.clear()
    do_resolve_case(case, by=Case.ResolvedBy.AGENT, reason="vervanging gestuurd")
    (letter,) = [m for m in mail.outbox if "makkelijk" in m.subject]
    links = dict(re.findall(r"^(\d) \S+.*: https?://[^/]+(\S+)$", str(letter.body), re.M))
    assert sorted(links) == ["1", "2", "3", "4", "5", "6", "7"]

    # Hans taps 6 in the mail; the page asks him to confirm it (a scanner would stop here).
    page.goto(live_server.url + links["6"])
    confirm = page.locator("#confirm")
    assert "6 van 7 😃" in confirm.inner_text()
    question = EffortQuestion.objects.get()
    assert question.score is None
    page.screenshot(path=str(artifacts / "effort-question-confirm.png"), full_page=True)
    confirm.click()
    assert "Je antwoord: 6 van 7 😃" in page.locator("#answer").inner_text()

    page.get_by_label("Wil je nog iets kwijt? (mag leeg)").fill(
        "De bezorger had <b>best</b> even mogen wachten."
    )
    page.get_by_role("button", name="Stuur opmerking").click()
    assert "Dank je wel, dat was alles" in page.locator("#done").inner_text()
    assert "<b>best</b>" in page.locator("#your-comment").inner_text()  # shown as typed text
    page.screenshot(path=str(artifacts / "effort-question.png"), full_page=True)

    question.refresh_from_db()
    assert question.score == 6
    assert question.comment == "De bezorger had <b>best</b> even mogen wachten."
    touchpoint = Touchpoint.objects.get(kind=Touchpoint.Kind.EFFORT_SCORE)
    assert touchpoint.case_id == case.pk and touchpoint.sentiment == Touchpoint.Sentiment.GREAT
