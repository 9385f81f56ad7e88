"""read_message on clear messages, on the seed stories, and on input that is no message."""

import time
from typing import Any

import pytest

from halte.understanding.intents import Intent
from halte.understanding.reading import UnsupportedLanguage, read_message
from halte.understanding.wording import plain_text

# Plain cases every model must get right; none of them is in the corpus word for word.
CLEAR = {
    Intent.WHERE_IS_MY_PARCEL: [
        "Waar blijft mijn pakket? Ik wacht er al een week op.",
        "where is my package, it still hasnt arrived",
    ],
    Intent.DELIVERED_NOT_RECEIVED: [
        "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen",
        "It says delivered but there is nothing here",
    ],
    Intent.CHANGE_ADDRESS: [
        "Ik heb het verkeerde huisnummer ingevuld, kan het adres aangepast worden?",
        "Please change the delivery address to my new house",
    ],
    Intent.CHANGE_DELIVERY_MOMENT: [
        "Ik ben donderdag niet thuis, kan de bezorging naar vrijdag?",
        "Can you deliver it next week instead? I am away",
    ],
    Intent.DAMAGED: [
        "Het pakket kwam kapot aan, de mok is gebroken",
        "The item arrived broken and the box was crushed",
    ],
    Intent.RETURN_OR_REFUND: [
        "Hoe kan ik de jas terugsturen? Hij is te klein.",
        "I returned it two weeks ago, where is my refund?",
    ],
    Intent.WHO_SENT_THIS: [
        "We kregen een pakje zonder afzender, van wie komt het?",
        "Someone sent me a gift without a name, who sent it?",
    ],
    Intent.CLOSE_CASE: [
        "Het pakket is gevonden, u mag mijn melding sluiten",
        "Found it in the garden, please close my case",
    ],
    Intent.COMPLAINT: [
        "Wat een waardeloze klantenservice, niemand luistert naar mij",
        "Worst service ever, I want to file a complaint",
    ],
    Intent.COMPLIMENT: [
        "Super snel bezorgd en heel vriendelijke bezorger, dank jullie wel!",
        "Great service, thanks a lot, very happy!",
    ],
    Intent.IMPROVEMENT_IDEA: [
        "Tip: maak het mogelijk om een afzender aan een cadeau toe te voegen",
        "Suggestion: it would be nice if I could reply to your emails",
    ],
    Intent.CANCEL_ORDER: [
        "Ik wil mijn bestelling annuleren, ik heb het dubbel besteld",
        "Please cancel my order before it ships",
    ],
    Intent.INVOICE_PAYMENT: [
        "Ik heb nog geen factuur gekregen voor mijn bestelling",
        "I was charged twice for one order",
    ],
    Intent.OTHER: [
        "Hebben jullie deze trui ook in het groen?",
        "Do you ship to Germany?",
    ],
}


@pytest.mark.parametrize(
    ("intent", "text"),
    [(intent, text) for intent, texts in CLEAR.items() for text in texts],
    ids=lambda value: str(value)[:40],
)
def test_a_clear_message_is_read_as_its_intent(intent: Intent, text: str) -> None:
    assert read_message(text).intent == intent


def test_story_03_delivered_but_not_received_is_read_so() -> None:
    reading = read_message(
        "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen", language="nl"
    )
    assert reading.intent == "delivered_not_received"
    assert not reading.needs_person
    assert reading.sentiment < 1


def test_story_03_closing_the_case_after_finding_the_parcel_is_close_case() -> None:
    reading = read_message(
        "Ik wil mijn case afmelden: het pakket was keurig bezorgd, ik vond het in de tuin "
        "onder een stuk zeil."
    )
    assert reading.intent == "close_case"


def test_an_angry_threat_to_go_public_is_urgent_and_unhappy() -> None:
    reading = read_message(
        "Ik heb het VANDAAG nodig, anders zet ik het op Trustpilot. Belachelijk dit!"
    )
    assert reading.urgent
    assert reading.sentiment <= -1


def test_a_calm_question_is_not_urgent() -> None:
    assert not read_message("Wanneer komt mijn pakket ongeveer?").urgent


def test_a_compliment_is_happy() -> None:
    assert read_message("Wat een fijne service, dank jullie wel!").sentiment >= 1


@pytest.mark.parametrize("text", ["", "   \n\t", "???", "?!?!", "...", "<br><p></p>"])
def test_no_words_is_other_and_left_to_a_person(text: str) -> None:
    reading = read_message(text)
    assert (reading.intent, reading.needs_person, reading.urgent) == ("other", True, False)
    assert reading.confidence == 0


def test_only_smileys_say_only_how_the_customer_feels() -> None:
    assert read_message("😡😡").sentiment == -2
    assert read_message("🙂").sentiment == 1
    assert read_message("😡").intent == "other"


@pytest.mark.parametrize("code", ["3SABCD1234567", "JVGL0612345678901234", "CD123456789BE"])
def test_only_a_tracking_code_asks_where_that_parcel_is(code: str) -> None:
    assert read_message(code).intent == "where_is_my_parcel"


def test_html_is_read_as_its_text() -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Hallo,</p>"
        "<p>Ik wil mijn <b>bestelling annuleren</b>.</p><script>alert(1)</script></body></html>"
    )
    assert plain_text(html) == "Hallo, Ik wil mijn bestelling annuleren ."
    assert read_message(html).intent == "cancel_order"


def test_quoted_earlier_mail_is_not_read() -> None:
    reply = (
        "Laat maar, het pakket is gevonden. U mag de melding sluiten.\n\n"
        "Op 3 mei 2024 om 10:02 schreef Halte <case@halte.example>:\n"
        "> Wij hebben uw melding over een beschadigd pakket ontvangen.\n"
    )
    assert "beschadigd" not in plain_text(reply)
    assert read_message(reply).intent == "close_case"


def test_a_pasted_100_kb_log_is_read_fast_and_sanely() -> None:
    log = "Mijn bestelling is kapot aangekomen, zie log:\n" + "E 12:00:01 worker died\n" * 4400
    assert len(log) > 100_000
    read_message(log)  # the model is loaded once per process
    started = time.perf_counter()
    reading = read_message(log)
    assert time.perf_counter() - started < 0.05
    assert reading.intent == "damaged"


def test_an_unread_language_is_refused() -> None:
    with pytest.raises(UnsupportedLanguage):
        read_message("Où est mon colis ?", language="fr")


def test_the_language_is_guessed_when_not_given() -> None:
    assert read_message("Where is my parcel? It has not arrived yet").language == "en"
    assert read_message("Waar is mijn pakje? Het is nog niet toegekomen").language == "nl"


def test_below_the_threshold_a_person_decides(settings: Any) -> None:
    text = "Waar blijft mijn pakket?"
    confidence = read_message(text).confidence
    settings.HALTE_UNDERSTANDING_MIN_CONFIDENCE = confidence + 0.01
    assert read_message(text).needs_person
    settings.HALTE_UNDERSTANDING_MIN_CONFIDENCE = confidence - 0.01
    assert not read_message(text).needs_person
