"""Details a customer gives in free text: found when there, never invented when not."""

import random
import re
import time as clock
from datetime import date, time

import pytest

from halte.understanding.details import (
    Address,
    TimeWindow,
    TrackingCode,
    extract_details,
)

# A Sunday: "morgen" is Monday 30 November, "vrijdag" is 4 December.
TODAY = date(2026, 11, 29)


def details(text: str, language: str | None = None) -> dict[str, object]:
    found = extract_details(text, today=TODAY, language=language).as_json()
    return {kind: value for kind, value in found.items() if value}


# --- tracking codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "carrier"),
    [
        ("Volgens de tracking is mijn pakket 3SHALT0101010 bezorgd", "3SHALT0101010", "postnl"),
        ("code: 3shalt0101010.", "3SHALT0101010", "postnl"),
        ("https://jouw.postnl.nl/track/3SHALT0101010-NL-3511AB", "3SHALT0101010", "postnl"),
        ("Mijn pakket uit China LX123456785CN is er niet", "LX123456785CN", ""),
        ("barcode CD123456785BE", "CD123456785BE", "bpost"),
        ("DHL zegt JVGL06290512000100000117", "JVGL06290512000100000117", "dhl"),
        ("mijn DHL awb 1234567891 staat stil", "1234567891", "dhl"),
        ("DPD pakket 0522 2111 8300 99", "05222111830099", "dpd"),
        ("05222111830099X is mijn zendingnummer", "05222111830099X", "dpd"),
        ("GLS track 501612345675", "501612345675", "gls"),
        ("bpost zending 323212345678901234567890", "323212345678901234567890", "bpost"),
        ("05222111830099", "05222111830099", "dpd"),  # only a code: it is what was meant
    ],
)
def test_tracking_codes_in_every_carrier_format(text: str, code: str, carrier: str) -> None:
    [found] = extract_details(text, today=TODAY).tracking_codes
    assert (found.code, found.carrier) == (code, carrier)


def test_a_checked_code_says_so() -> None:
    [found] = extract_details("RR123456785NL", today=TODAY).tracking_codes
    assert found == TrackingCode("RR123456785NL", "postnl", "UPU S10", checked=True)


@pytest.mark.parametrize(
    "text",
    [
        "tracking RR123456784NL",  # S10 with a wrong check digit
        "DHL 1234567892",  # fails modulo 7
        "GLS 123456789012",  # fails the GLS check digit
        "DPD 05222111830099Y",  # wrong check character
        "Ik heb 1234567891 keer gebeld",  # passes mod 7, but no word names a parcel
        "bestelnummer 05222111830099",  # an order number, said so
        "bel me op 0612345678",  # a phone number
        "IBAN NL91ABNA0417164300",
        "3SHALT01010",
    ],
)
def test_no_tracking_code_is_invented(text: str) -> None:
    assert extract_details(text, today=TODAY).tracking_codes == ()


# --- postcodes and house numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Kerkstraat 12a, 1234 AB Utrecht", Address("NL", "1234AB", "12", "A")),
        ("postcode 3511AB huisnummer 14", Address("NL", "3511AB", "14", "")),
        ("3511 ab 12-3", Address("NL", "3511AB", "12", "3")),
        ("1234AB 12 bis", Address("NL", "1234AB", "12", "bis")),
        ("Dorpsweg 7 hs, 9999 ZZ Ergens", Address("NL", "9999ZZ", "7", "hs")),
        ("Rue de la Loi 16 bus 3, 1000 Brussel", Address("BE", "1000", "16", "bus 3")),
        ("Meir 12, 2000 Antwerpen", Address("BE", "2000", "12", "")),
        ("Stationsstraat 4, 3001 Heverlee, België", Address("BE", "3001", "4", "")),
        ("B-9000 Gent", Address("BE", "9000", "", "")),
        ("huisnummer 14 A", Address("", "", "14", "A")),
    ],
)
def test_postcodes_with_house_number_and_addition(text: str, address: Address) -> None:
    assert extract_details(text, today=TODAY).addresses == (address,)


@pytest.mark.parametrize(
    "text",
    [
        "in 2020 en 2021 heb ik besteld",  # a year and a word
        "1234 SS",  # SA, SD and SS are never used in Dutch postcodes
        "Ik heb 1500 euro betaald",
        "2000 Mensen wachten",  # four digits and a word, but no Belgian place or context
        "In 1999 Amsterdam bezocht",
    ],
)
def test_no_postcode_is_invented(text: str) -> None:
    assert extract_details(text, today=TODAY).addresses == ()


# --- case and order numbers, e-mail, phone ------------------------------------------------------


def test_case_numbers_in_the_shape_halte_gives_them() -> None:
    found = extract_details("over HLT-000123 en hlt 45, niet HLTX-1", today=TODAY)
    assert found.case_numbers == ("HLT-000123", "HLT-000045")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("bestelnummer 12345", "12345"),
        ("Mijn bestelling: 2024-0042 is niet compleet", "2024-0042"),
        ("order #A-2291", "A-2291"),
        ("Order number: WS10023", "WS10023"),
        ("ordernummer 5566778899", "5566778899"),
        ("#A-2291 graag annuleren", "A-2291"),
    ],
)
def test_order_numbers_after_a_word_that_names_them(text: str, number: str) -> None:
    assert extract_details(text, today=TODAY).order_numbers == (number,)


def test_an_order_number_pattern_of_the_shop_finds_bare_numbers() -> None:
    found = extract_details(
        "het gaat om WS-004211", today=TODAY, order_number_pattern=re.compile(r"WS-\d{6}")
    )
    assert found.order_numbers == ("WS-004211",)
    assert extract_details("het gaat om WS-004211", today=TODAY).order_numbers == ()


@pytest.mark.parametrize(
    "text",
    [
        "in order to get my parcel",
        "mijn bestelling is te laat",
        "ik heb 2 bestellingen gedaan",
        "order van 25 euro",
    ],
)
def test_no_order_number_without_a_number(text: str) -> None:
    assert extract_details(text, today=TODAY).order_numbers == ()


def test_e_mail_addresses_lower_case_and_not_split_into_codes() -> None:
    found = extract_details("Mail Jan.Jansen1234567890@Example.NL of a@b.be.", today=TODAY)
    assert found.emails == ("jan.jansen1234567890@example.nl", "a@b.be")
    assert found.tracking_codes == ()


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("bel me op 06-12345678", "+31612345678"),
        ("tel. 020 123 4567", "+31201234567"),
        ("+31 6 1234 5678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("mijn gsm is 0470 12 34 56", "+32470123456"),
        ("+32 12 34 56 78", "+3212345678"),
    ],
)
def test_phone_numbers_in_e164(text: str, phone: str) -> None:
    assert extract_details(text, today=TODAY).phones == (phone,)


@pytest.mark.parametrize(
    "text", ["12-12-2026", "bestelnummer 123456789", "3SHALT0101010", "1234567", "999 999 999 999"]
)
def test_no_phone_number_is_invented(text: str) -> None:
    assert extract_details(text, today=TODAY).phones == ()


# --- dates and times ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("morgen", date(2026, 11, 30)),
        ("Kan het overmorgen?", date(2026, 12, 1)),
        ("vandaag nodig", date(2026, 11, 29)),
        ("gisteren bezorgd", date(2026, 11, 28)),
        ("vrijdag", date(2026, 12, 4)),
        ("zondag", date(2026, 11, 29)),  # a bare weekday that is today is today
        ("volgende week dinsdag", date(2026, 12, 1)),
        ("dinsdag volgende week", date(2026, 12, 1)),
        ("next Tuesday", date(2026, 12, 1)),
        ("aanstaande zondag", date(2026, 12, 6)),
        ("afgelopen vrijdag", date(2026, 11, 27)),
        ("last Friday", date(2026, 11, 27)),
        ("vorige week dinsdag", date(2026, 11, 17)),
        ("3 december", date(2026, 12, 3)),
        ("December 3rd", date(2026, 12, 3)),
        ("on the 3rd of December", date(2026, 12, 3)),
        ("op 5 jan", date(2027, 1, 5)),  # the nearest 5 January is next year's
        ("besteld op 20 november", date(2026, 11, 20)),
        ("12-12", date(2026, 12, 12)),
        ("12/12/2026", date(2026, 12, 12)),
        ("1.12.2026", date(2026, 12, 1)),
        ("2026-12-24", date(2026, 12, 24)),
        ("tomorrow morning", date(2026, 11, 30)),
        ("the day after tomorrow", date(2026, 12, 1)),
        ("morgenochtend", date(2026, 11, 30)),
    ],
)
def test_dates_in_dutch_and_english_relative_to_today(text: str, expected: date) -> None:
    assert extract_details(text, today=TODAY).dates == (expected,)


@pytest.mark.parametrize(
    "text",
    [
        "Goedemorgen, waar is mijn pakket?",
        "goede morgen",
        "'s morgens ben ik thuis",
        "31-02",  # no such day
        "12/13",  # no thirteenth month
        "wacht 1-2 dagen",
        "binnen 3-5 werkdagen",
        "12.50 euro",
        "versie 2.1.3",
        "Het ging om 15 mensen en 3 pakketten",
    ],
)
def test_no_date_is_invented(text: str) -> None:
    assert extract_details(text, today=TODAY).dates == ()


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("tussen 13:00 en 14:00", TimeWindow(time(13), time(14))),
        ("tussen 13.00 en 14.00 uur", TimeWindow(time(13), time(14))),
        ("16:33-17:33 uur", TimeWindow(time(16, 33), time(17, 33))),
        ("between 1 and 2 pm", TimeWindow(time(13), time(14))),
        ("na 17u", TimeWindow(time(17), None)),
        ("na 17u30", TimeWindow(time(17, 30), None)),
        ("after 5pm", TimeWindow(time(17), None)),
        ("vanaf 9 uur", TimeWindow(time(9), None)),
        ("voor 12 uur", TimeWindow(None, time(12))),
        ("om 20:10 uur", TimeWindow(time(20, 10), time(20, 10))),
        ("'s avonds", TimeWindow(time(18), time(22))),
        ("vanmiddag", TimeWindow(time(12), time(18))),
    ],
)
def test_times_and_parts_of_the_day(text: str, window: TimeWindow) -> None:
    assert extract_details(text, today=TODAY).times == (window,)


def test_tomorrow_morning_is_a_date_and_a_part_of_the_day() -> None:
    found = extract_details("tomorrow morning", today=TODAY)
    assert found.dates == (date(2026, 11, 30),)
    assert found.times == (TimeWindow(time(8), time(12)),)


@pytest.mark.parametrize(
    "text",
    ["het kost 12.50", "ik heb 3 pakketten", "25:00", "13:75", "3-4 pakketten", "van 1 tot 10"],
)
def test_no_time_is_invented(text: str) -> None:
    assert extract_details(text, today=TODAY).times == ()


# --- whole messages -----------------------------------------------------------------------------


def test_story_03_message_gives_the_code_and_nothing_else() -> None:
    text = "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen. 3SHALT0101010"
    assert details(text) == {
        "tracking_codes": [
            {"code": "3SHALT0101010", "carrier": "postnl", "format": "PostNL 3S", "checked": False}
        ]
    }


def test_a_full_message_yields_each_fact_once() -> None:
    text = (
        "Hallo, mijn bestelling #A-2291 (pakket RR123456785NL) moet naar Kerkstraat 12a, "
        "1234 AB Utrecht. Kan het volgende week dinsdag tussen 13:00 en 14:00? "
        "Bel 06-12345678 of mail jan@example.nl. Groet, Jan (HLT-000123)"
    )
    assert details(text) == {
        "tracking_codes": [
            {"code": "RR123456785NL", "carrier": "postnl", "format": "UPU S10", "checked": True}
        ],
        "addresses": [
            {"country": "NL", "postcode": "1234AB", "house_number": "12", "addition": "A"}
        ],
        "case_numbers": ["HLT-000123"],
        "order_numbers": ["A-2291"],
        "emails": ["jan@example.nl"],
        "phones": ["+31612345678"],
        "dates": ["2026-12-01"],
        "times": [{"start": "13:00", "end": "14:00"}],
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "???",
        "😀😀😀 🙂 📦",
        "<html><body><p style='color:#123456'>Hallo</p><img src='x.png' width=1200></body></html>",
        "&#128512; &nbsp; &amp;",
    ],
)
def test_empty_html_and_emoji_give_nothing(text: str) -> None:
    assert details(text) == {}


def test_random_digits_give_nothing() -> None:
    rng = random.Random(14)
    for _ in range(300):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 26)))
        found = details(f"Zie {digits} hierboven")
        assert "tracking_codes" not in found, digits
        assert "addresses" not in found, digits


def test_a_100_kb_log_is_read_quickly_and_invents_no_code_or_address() -> None:
    rng = random.Random(7)
    lines = [
        f"[worker-{rng.randint(1, 9)}] pid={rng.randint(1000, 99999)} "
        f"req={rng.getrandbits(64):016x} took {rng.randint(1, 999)}ms "
        f"status={rng.choice([200, 404, 500])}"
        for _ in range(1500)
    ]
    log = "\n".join(lines)[:100_000]
    started = clock.perf_counter()
    found = extract_details(log, today=TODAY)
    assert clock.perf_counter() - started < 1.0
    assert found.tracking_codes == ()
    assert found.addresses == ()
    assert found.phones == ()
    assert len(found.dates) <= 5


def test_a_message_takes_well_under_two_milliseconds() -> None:
    messages = [
        "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen 3SHALT0101010",
        "Kan het morgen tussen 13:00 en 14:00? Anders vrijdag na 17u. Kerkstraat 12a, 1234 AB",
        "Can you deliver next Tuesday morning? Order #A-2291, call +31 6 1234 5678",
        "Mijn pakket is beschadigd aangekomen, bestelnummer 12345. Wat nu?",
        "Ik wil mijn case HLT-000123 sluiten, het pakket lag in de tuin.",
    ] * 40
    best = min(_time_all(messages) for _ in range(3))
    assert best / len(messages) < 0.002


def _time_all(messages: list[str]) -> float:
    started = clock.perf_counter()
    for message in messages:
        extract_details(message, today=TODAY)
    return clock.perf_counter() - started
