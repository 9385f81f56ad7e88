"""The facts a customer's message already gives, so nobody asks for them again.

`extract_details(text, today=…)` finds tracking codes (carrier formats and check digits from
`vocabulary.tracking_codes`), Dutch and Belgian postcodes with house number and addition, case
and order numbers, e-mail addresses, phone numbers (E.164) and dates and times in Dutch and
English, relative to `today`. It never invents: a number that fails its check digit, a date
that does not exist or a digit run without a word that names it yields nothing.

Everything found is masked before the next kind is looked for, so one piece of text is one
fact: the digits of a phone number are not also a date, a postcode is not also an order number.
Plain regular expressions: dateparser was measured at 7 ms per message and missed "morgen",
"vrijdag" and "volgende week dinsdag" while reading an order number as the year 2291.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

import phonenumbers

from halte.vocabulary.postcodes import compact_postcode
from halte.vocabulary.tracking_codes import code_shaped, recognise

# A pasted log is read as far as this; what matters is at the start of a message.
MAX_TEXT = 20_000
# At most this many of each kind: a message naming more is a list, not a question.
MAX_EACH = 5


@dataclass(frozen=True)
class TrackingCode:
    code: str
    carrier: str  # a carrier slug, or "" when the format names none
    format: str
    checked: bool  # a check digit proved it


@dataclass(frozen=True)
class Address:
    country: str  # "NL" or "BE"
    postcode: str  # stored form: "1234AB", "1000"; "" when only a house number was given
    house_number: str
    addition: str


@dataclass(frozen=True)
class TimeWindow:
    """A moment or a part of a day: 13:00-14:00, after 17:00 (no end), before 12:00 (no start)."""

    start: time | None
    end: time | None


@dataclass(frozen=True)
class Details:
    tracking_codes: tuple[TrackingCode, ...] = ()
    addresses: tuple[Address, ...] = ()
    case_numbers: tuple[str, ...] = ()
    order_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    times: tuple[TimeWindow, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "tracking_codes": [
                {"code": c.code, "carrier": c.carrier, "format": c.format, "checked": c.checked}
                for c in self.tracking_codes
            ],
            "addresses": [
                {
                    "country": a.country,
                    "postcode": a.postcode,
                    "house_number": a.house_number,
                    "addition": a.addition,
                }
                for a in self.addresses
            ],
            "case_numbers": list(self.case_numbers),
            "order_numbers": list(self.order_numbers),
            "emails": list(self.emails),
            "phones": list(self.phones),
            "dates": [d.isoformat() for d in self.dates],
            "times": [
                {
                    "start": w.start.isoformat("minutes") if w.start else None,
                    "end": w.end.isoformat("minutes") if w.end else None,
                }
                for w in self.times
            ],
        }


@dataclass
class _Text:
    """The message with what was already understood blanked out."""

    value: str
    original: str = field(init=False)

    def __post_init__(self) -> None:
        self.original = self.value

    def mask(self, start: int, end: int) -> None:
        self.value = self.value[:start] + " " * (end - start) + self.value[end:]


def _unique(items: Iterator[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))[:MAX_EACH]


# --- e-mail -------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w-])"
)


def _emails(text: _Text) -> tuple[str, ...]:
    found = []
    for match in _EMAIL.finditer(text.value):
        text.mask(match.start(), match.end())
        if ".." not in match.group():
            found.append(match.group().lower())
    return _unique(iter(found))


# --- tracking codes -----------------------------------------------------------------------------

# Words that say a number is a parcel's: before the number, or just after it.
_CODE_WORD = re.compile(
    r"(?i)\b(?:track(?:ing)?\w*|trace|t&t|barcode|zending\w*|pakket\w*|parcel\w*|package|"
    r"shipment\w*|colli|collo|waybill|awb|luchtvrachtbrief|verzend\w*|volg\w*|sendung\w*|"
    r"colis|envoi|dhl|dpd|gls|bpost|postnl|code)\b"
)
# Words that say a number is something else; the nearest word before a number decides.
_OTHER_WORD = re.compile(
    r"(?i)\b(?:tel(?:efoon)?\w*|phone|mobiel\w*|gsm|bel|call|best(?:el|elling)\w*|order\w*|"
    r"factuur\w*|invoice\w*|klant\w*|customer|iban|rekening\w*|kvk|btw|vat|bsn|case\w*|"
    r"ticket\w*|dossier\w*|referentie\w*|reference)\b"
)


def _names_a_parcel(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 60) : start]
    last_code = max((m.end() for m in _CODE_WORD.finditer(before)), default=-1)
    last_other = max((m.end() for m in _OTHER_WORD.finditer(before)), default=-1)
    if last_code > last_other:
        return True
    if last_other >= 0:
        return False
    after = text[end : end + 30]
    only_the_code = not text[:start].strip() and not text[end:].strip()
    return bool(_CODE_WORD.search(after)) or only_the_code


def _tracking_codes(text: _Text) -> tuple[TrackingCode, ...]:
    found = []
    for span in code_shaped(text.value):
        recognised = recognise(span.code)
        if recognised is None:
            continue
        if recognised.needs_context and not _names_a_parcel(text.value, span.start, span.end):
            continue
        text.mask(span.start, span.end)
        found.append(
            TrackingCode(recognised.code, recognised.carrier, recognised.format, recognised.checked)
        )
    return _unique(iter(found))


# --- case and order numbers ---------------------------------------------------------------------

_CASE_NUMBER = re.compile(r"(?i)(?<![\w-])HLT[\s-]?0*([1-9]\d{0,8})(?![\w-])")

_ORDER_LABEL = (
    r"(?:bestel(?:ling)?s?(?:nummer|nr)?|ordernummer|ordernr|order(?:\s+(?:number|no|nr))?|"
    r"commande)"
)
_ORDER_NUMBER = re.compile(
    rf"(?i)\b{_ORDER_LABEL}\.?(?:\s*(?:nr|nummer|number|no|n°)\.?)?\s*[:#]?\s*#?\s*"
    r"((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{1,30}[A-Z0-9])(?![\w-])"
)
_HASH_ORDER = re.compile(
    r"(?:(?<=[\s(])|^)#((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{1,30}[A-Z0-9])(?![\w-])"
)


def _case_numbers(text: _Text) -> tuple[str, ...]:
    found = []
    for match in _CASE_NUMBER.finditer(text.value):
        text.mask(match.start(), match.end())
        found.append(f"HLT-{int(match.group(1)):06d}")
    return _unique(iter(found))


def _order_numbers(text: _Text, pattern: re.Pattern[str] | None) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    expressions = [_ORDER_NUMBER, _HASH_ORDER] + ([pattern] if pattern is not None else [])
    for expression in expressions:
        for match in expression.finditer(text.value):
            group = 1 if expression.groups else 0
            value = match.group(group).upper()
            if not any(character.isdigit() for character in value):
                continue
            found.append((match.start(group), value))
            text.mask(match.start(group), match.end(group))
    return _unique(value for _, value in sorted(found))


# --- phone numbers ------------------------------------------------------------------------------

_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s().-]{7,18}\d(?![\w])")


def _phones(text: _Text, regions: tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for match in _PHONE_CANDIDATE.finditer(text.value):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if not 9 <= len(digits) <= 15 or re.search(r"\d[./-]\d{1,2}[./-]\d", raw):
            continue  # 12-12-2026 is a date, not a number to call
        for region in regions:
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                found.append(
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                )
                text.mask(match.start(), match.end())
                break
    return _unique(iter(found))


# --- postcodes and house numbers ----------------------------------------------------------------

_ADDITION = (
    r"(?:bus\s*\d{1,4}|bis|ter|hs|[IVX]{1,4}(?![A-Za-z])|[A-Za-z](?![A-Za-z])|\d{1,4}(?!\d))"
)
_HOUSE_NUMBER = rf"(\d{{1,5}})(?![\d:.,]\d)(?:\s?[-/]\s?|\s)?({_ADDITION})?"
_SHORT_WORDS = frozenset(
    [
        "af",
        "al",
        "an",
        "as",
        "at",
        "be",
        "by",
        "da",
        "de",
        "do",
        "en",
        "er",
        "go",
        "he",
        "ik",
        "in",
        "is",
        "it",
        "ja",
        "je",
        "me",
        "mn",
        "my",
        "na",
        "no",
        "nu",
        "of",
        "om",
        "on",
        "op",
        "or",
        "so",
        "te",
        "to",
        "up",
        "us",
        "we",
        "ze",
        "zo",
    ]
)
_NL_POSTCODE = re.compile(r"(?<![\w-])([1-9]\d{3})(\s?)([A-Za-z]{2})(?![\w])")
_BE_POSTCODE = re.compile(
    r"(?<![\w-])(?:(?:B|BE)-?)?([1-9]\d{3})\s+([A-Z][a-zà-ÿ]+(?:[- ][A-Z][a-zà-ÿ]+)?)"
)
_BE_PREFIXED = re.compile(r"(?<![\w-])(?:B|BE)-([1-9]\d{3})(?!\w)")
_AFTER_POSTCODE = re.compile(rf"^[\s,]*(?:(?:nr|nummer|huisnummer)\.?\s*)?{_HOUSE_NUMBER}(?=\W|$)")
_BEFORE_POSTCODE = re.compile(rf"[A-Za-zà-ÿ'.]{{3,}}\s{_HOUSE_NUMBER}\s*,?\s*$")
_NAMED_HOUSE_NUMBER = re.compile(
    rf"(?i)\b(?:huisnummer|huisnr|house\s+number)\.?\s*:?\s*{_HOUSE_NUMBER}(?=\W|$)"
)
_BELGIAN_CONTEXT = re.compile(
    r"(?i)\b(?:belgi[eë]|belgium|belgique|vlaanderen|wallonie|bpost|\+32)\b|\+32|\.be\b"
)
_BELGIAN_CITIES = frozenset(
    [
        "Brussel",
        "Bruxelles",
        "Antwerpen",
        "Gent",
        "Charleroi",
        "Luik",
        "Liège",
        "Brugge",
        "Namen",
        "Namur",
        "Leuven",
        "Mons",
        "Bergen",
        "Aalst",
        "Mechelen",
        "Kortrijk",
        "Hasselt",
        "Oostende",
        "Sint-Niklaas",
        "Doornik",
        "Tournai",
        "Genk",
        "Seraing",
        "Roeselare",
        "Verviers",
        "Mouscron",
        "Moeskroen",
        "Beveren",
        "Dendermonde",
        "Beringen",
        "Turnhout",
        "Vilvoorde",
        "Lokeren",
        "Sint-Truiden",
        "Herstal",
        "Geel",
        "Ninove",
        "Halle",
        "Waregem",
        "Ieper",
        "Lier",
        "Brasschaat",
        "Aarschot",
        "Tienen",
        "Knokke-Heist",
        "Heist-op-den-Berg",
        "Mol",
        "Zaventem",
        "Wevelgem",
        "Schoten",
        "Evergem",
        "Deinze",
        "Tongeren",
        "Zottegem",
        "Maasmechelen",
        "Diest",
        "Asse",
        "Ronse",
        "Izegem",
        "Wetteren",
        "Lommel",
        "Bilzen",
        "Grimbergen",
        "Edegem",
        "Mortsel",
        "Merelbeke",
        "Zele",
        "Harelbeke",
        "Oudenaarde",
        "Eeklo",
        "Torhout",
        "Poperinge",
        "Kapellen",
        "Zwijndrecht",
        "Temse",
        "Boom",
        "Willebroek",
        "Wavre",
        "Waver",
        "Nivelles",
        "Louvain-la-Neuve",
        "Arlon",
        "Spa",
        "Schaerbeek",
        "Schaarbeek",
        "Anderlecht",
        "Elsene",
        "Ixelles",
        "Ukkel",
        "Uccle",
        "Etterbeek",
        "Jette",
        "Vorst",
        "Forest",
        "Molenbeek",
        "Laken",
        "Borgerhout",
        "Berchem",
        "Deurne",
        "Merksem",
        "Hoboken",
        "Wilrijk",
        "Ekeren",
        "Kontich",
    ]
)


def _house_number(match: re.Match[str] | None, first_group: int) -> tuple[str, str]:
    if match is None:
        return "", ""
    number = match.group(first_group)
    addition = (match.group(first_group + 1) or "").strip()
    addition = re.sub(r"(?i)^bus\s*", "bus ", addition)
    return number, addition.upper() if len(addition) == 1 else addition.lower()


def _addresses(text: _Text) -> tuple[Address, ...]:
    found: list[tuple[int, Address]] = []
    value = text.value
    for match in _NL_POSTCODE.finditer(value):
        digits, space, letters = match.groups()
        # "in 2020 en 2021": a short word after a number is not a postcode.
        if space and not letters.isupper() and letters.lower() in _SHORT_WORDS:
            continue
        postcode = compact_postcode(digits + letters)
        if postcode[4:] in {"SA", "SD", "SS"}:
            continue
        found.append((match.start(), _address_around(text, match, "NL", postcode)))
    belgian = bool(_BELGIAN_CONTEXT.search(text.original))
    value = text.value
    for match in _BE_PREFIXED.finditer(value):
        found.append((match.start(), _address_around(text, match, "BE", match.group(1))))
    value = text.value
    for match in _BE_POSTCODE.finditer(value):
        digits, city = match.groups()
        if belgian or city in _BELGIAN_CITIES or match.group().upper().startswith("B"):
            found.append((match.start(), _address_around(text, match, "BE", digits)))
    value = text.value
    for match in _NAMED_HOUSE_NUMBER.finditer(value):
        number, addition = _house_number(match, 1)
        found.append((match.start(), Address("", "", number, addition)))
        text.mask(match.start(), match.end())
    return _unique(address for _, address in sorted(found, key=lambda pair: pair[0]))


def _address_around(text: _Text, match: re.Match[str], country: str, postcode: str) -> Address:
    before = text.value[max(0, match.start() - 60) : match.start()].split("\n")[-1]
    after = text.value[match.end() : match.end() + 30].split("\n")[0]
    street_number = _BEFORE_POSTCODE.search(before)
    named = _AFTER_POSTCODE.match(after)
    text.mask(match.start(), match.end())
    if street_number is not None:
        start = match.start() - len(before) + street_number.start(1)
        text.mask(start, match.start())
        number, addition = _house_number(street_number, 1)
    elif named is not None:
        text.mask(match.end(), match.end() + named.end())
        number, addition = _house_number(named, 1)
    else:
        number, addition = "", ""
    return Address(country, postcode, number, addition)


# --- dates --------------------------------------------------------------------------------------

_MONTHS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "february", "feb"], 2),
    **dict.fromkeys(["maart", "march", "mrt", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["augustus", "august", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11),
    **dict.fromkeys(["december", "dec"], 12),
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = {
    **dict.fromkeys(["maandag", "monday"], 0),
    **dict.fromkeys(["dinsdag", "tuesday"], 1),
    **dict.fromkeys(["woensdag", "wednesday"], 2),
    **dict.fromkeys(["donderdag", "thursday"], 3),
    **dict.fromkeys(["vrijdag", "friday"], 4),
    **dict.fromkeys(["zaterdag", "saturday"], 5),
    **dict.fromkeys(["zondag", "sunday"], 6),
}
_WEEKDAY = "(" + "|".join(_WEEKDAYS) + ")"

_DAY_MONTH = re.compile(
    rf"(?i)\b(\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+(\d{{4}}))?\b"
)
_MONTH_DAY = re.compile(rf"(?i)\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_NUMERIC_DATE = re.compile(
    r"(?<![\d./-])(\d{1,2})([-/])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/-]|\.\d)"
    r"(?!\s*(?:dagen|days|dag|day|weken|weeks|uur|hours|keer|times|stuks|werkdagen|x)\b)"
)
_NUMERIC_DATE_DOTS = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")

_RELATIVE_DAYS = {
    "eergisteren": -2,
    "gisteren": -1,
    "yesterday": -1,
    "vandaag": 0,
    "today": 0,
    "vanochtend": 0,
    "vanmorgen": 0,
    "vanmiddag": 0,
    "vanavond": 0,
    "tonight": 0,
    "morgenochtend": 1,
    "morgenmiddag": 1,
    "morgenavond": 1,
    "morgen": 1,
    "tomorrow": 1,
    "overmorgen": 2,
}
_RELATIVE = re.compile(
    r"(?i)(?<!goede )(?<!goeden )(?<!'s )\b(day after tomorrow|"
    + "|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True))
    + r")\b(?!s\b)"
)
_NEXT_WEEK = r"(?:volgende|komende)\s+week|next\s+week"
_WEEKDAY_PHRASE = re.compile(
    rf"(?i)\b(?:({_NEXT_WEEK})\s+{_WEEKDAY}|"
    rf"(vorige\s+week|last\s+week)\s+{_WEEKDAY}|"
    rf"(aanstaande|komende|volgende|deze|this|next|coming)\s+{_WEEKDAY}|"
    rf"(vorige|afgelopen|last|past)\s+{_WEEKDAY}|"
    rf"{_WEEKDAY}(?:\s+({_NEXT_WEEK}|jl\.?|j\.l\.|a\.s\.|aanstaande))?)\b"
)


def _year_nearest(today: date, month: int, day: int) -> date | None:
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - today).days), default=None)


def _make_date(today: date, day: int, month: int, year: str | None) -> date | None:
    if year is None:
        return _year_nearest(today, month, day)
    full = int(year) + (2000 if len(year) == 2 else 0)
    if not 1900 <= full <= today.year + 10:
        return None
    try:
        return date(full, month, day)
    except ValueError:
        return None


def _weekday_date(today: date, match: re.Match[str]) -> date:
    groups = match.groups()
    monday = today - timedelta(days=today.weekday())
    if groups[0]:  # volgende week dinsdag
        return monday + timedelta(days=7 + _WEEKDAYS[groups[1].lower()])
    if groups[2]:  # vorige week dinsdag
        return monday + timedelta(days=_WEEKDAYS[groups[3].lower()] - 7)
    if groups[4]:  # aanstaande / next dinsdag: the first one after today
        ahead = (_WEEKDAYS[groups[5].lower()] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if groups[6]:  # afgelopen / last dinsdag: the last one before today
        back = (today.weekday() - _WEEKDAYS[groups[7].lower()]) % 7 or 7
        return today - timedelta(days=back)
    weekday = _WEEKDAYS[groups[8].lower()]
    suffix = (groups[9] or "").lower()
    if re.match(r"(?:volgende|komende|next)", suffix):
        return monday + timedelta(days=7 + weekday)
    if suffix.startswith("j"):
        return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _dates(text: _Text, today: date) -> tuple[date, ...]:
    found: list[tuple[int, date]] = []

    def keep(match: re.Match[str], value: date | None) -> None:
        if value is not None:
            found.append((match.start(), value))
            text.mask(match.start(), match.end())

    for match in _ISO_DATE.finditer(text.value):
        keep(match, _make_date(today, int(match[3]), int(match[2]), match[1]))
    for match in _DAY_MONTH.finditer(text.value):
        keep(match, _make_date(today, int(match[1]), _MONTHS[match[2].lower()], match[3]))
    for match in _MONTH_DAY.finditer(text.value):
        keep(match, _make_date(today, int(match[2]), _MONTHS[match[1].lower()], match[3]))
    for match in _NUMERIC_DATE_DOTS.finditer(text.value):
        keep(match, _make_date(today, int(match[1]), int(match[2]), match[3]))
    for match in _NUMERIC_DATE.finditer(text.value):
        day, month, year = int(match[1]), int(match[3]), match[4]
        if year is None and len(match[1]) == 1 and len(match[3]) == 1:
            continue  # "1-2" is a range of something far more often than 1 February
        if 1 <= month <= 12:
            keep(match, _make_date(today, day, month, year))
    for match in _RELATIVE.finditer(text.value):
        word = match[1].lower()
        shift = 2 if word.startswith("day after") else _RELATIVE_DAYS[word]
        keep(match, today + timedelta(days=shift))
    for match in _WEEKDAY_PHRASE.finditer(text.value):
        keep(match, _weekday_date(today, match))
    return _unique(value for _, value in sorted(found, key=lambda pair: pair[0]))


# --- times --------------------------------------------------------------------------------------

# 13:00, 13.00 uur, 17u, 17u30, 17h, 5pm, 5:30 p.m., 9 uur
_CLOCK = (
    r"(\d{1,2})(?:([:.])(\d{2})(?!:\d)|([uh])(\d{2})?\b)?\s*"
    r"(uur|u\b|h\b|am\b|pm\b|a\.m\.|p\.m\.)?"
)
_RANGE = re.compile(
    rf"(?i)\b(?:tussen|between|van|from)?\s*{_CLOCK}\s*(?:-|–|tot|en|and|to|till|until)\s*{_CLOCK}"
)
_AFTER = re.compile(rf"(?i)\b(?:na|after|vanaf|from|niet voor|not before)\s+{_CLOCK}")
_BEFORE = re.compile(rf"(?i)\b(?:voor|vóór|before|uiterlijk|by|tot|until)\s+{_CLOCK}")
_AT = re.compile(rf"(?i)(?<![\d:.,])\b{_CLOCK}")
_PARTS_OF_DAY = {
    "morning": (time(8), time(12)),
    "afternoon": (time(12), time(18)),
    "evening": (time(18), time(22)),
}
_PART_OF_DAY = re.compile(
    r"(?i)\b(?:'s\s+)?(morgenochtend|vanochtend|ochtends?|morgens|vanmorgen|morning|"
    r"morgenmiddag|vanmiddag|middags?|afternoon|morgenavond|vanavond|avonds?|evening|tonight)\b"
)


def _clock(groups: tuple[str | None, ...], *, loose: bool) -> time | None:
    """A time from the six groups of _CLOCK; `loose` accepts a bare hour ("tussen 1 en 2")."""
    hour_text, separator, minutes, marker, marker_minutes, unit_text = groups[:6]
    if hour_text is None:
        return None
    hour = int(hour_text)
    minute = int(minutes or marker_minutes or 0)
    unit = (unit_text or "").lower().replace(".", "")
    if not (separator or marker or unit or loose):
        return None  # a bare number is not a time
    if separator == "." and not (unit or loose):
        return None  # 12.50 is an amount unless "uur" or a range says otherwise
    if unit == "pm" and hour < 12:
        hour += 12
    if unit == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _times(text: _Text) -> tuple[TimeWindow, ...]:
    found: list[tuple[int, TimeWindow]] = []
    for match in _RANGE.finditer(text.value):
        groups = match.groups()
        first, second = groups[:6], groups[6:]
        introduced = bool(re.match(r"(?i)\s*(?:tussen|between|van|from)", match.group()))
        if not introduced and match.group().strip()[-1:].isdigit() and ":" not in match.group():
            continue  # "3-4" without "tussen" or a clock is not a time
        if not introduced and re.search(r"(?i)\s(?:en|and)\s", match.group()):
            continue
        if not any(first[1:6]) and not any(second[1:6]):
            continue  # "van 1 tot 10" is a scale; a time has a clock or a unit
        start, end = _clock(first, loose=True), _clock(second, loose=True)
        second_unit = (second[5] or "").lower()
        if start and end and second_unit.startswith("p") and start.hour < 12 and not first[5]:
            start = time(start.hour + 12, start.minute) if start.hour + 12 <= end.hour else start
        if start is not None and end is not None and start < end:
            found.append((match.start(), TimeWindow(start, end)))
            text.mask(match.start(), match.end())
    for expression, is_start in ((_AFTER, True), (_BEFORE, False)):
        for match in expression.finditer(text.value):
            moment = _clock(match.groups(), loose=False)
            if moment is not None:
                window = TimeWindow(moment, None) if is_start else TimeWindow(None, moment)
                found.append((match.start(), window))
                text.mask(match.start(), match.end())
    for match in _AT.finditer(text.value):
        moment = _clock(match.groups(), loose=False)
        if moment is not None:
            found.append((match.start(), TimeWindow(moment, moment)))
            text.mask(match.start(), match.end())
    for match in _PART_OF_DAY.finditer(text.original):
        word = match[1].lower()
        part = (
            "morning"
            if "ocht" in word or "morg" in word or word == "morning"
            else "afternoon"
            if "midd" in word or word == "afternoon"
            else "evening"
        )
        found.append((match.start(), TimeWindow(*_PARTS_OF_DAY[part])))
    return _unique(window for _, window in sorted(found, key=lambda pair: pair[0]))


# --- all of it ----------------------------------------------------------------------------------


def extract_details(
    text: str,
    *,
    today: date,
    language: str | None = None,
    order_number_pattern: re.Pattern[str] | None = None,
) -> Details:
    """What the message says about parcel, address, case, order, contact and moment.

    `language` ("nl", "en", "nl-BE", "fr") only orders the phone regions tried; both languages'
    words are always read, customers mix them. `order_number_pattern` is a shop's own order
    number shape (e.g. `WS-\\d{6}`), found also without a word like "bestelnummer" before it.
    """
    message = _Text(text[:MAX_TEXT].replace("\r", " ").replace("\t", " "))
    belgian = bool(language) and ("BE" in str(language).upper() or str(language).startswith("fr"))
    regions = ("BE", "NL") if belgian else ("NL", "BE")
    emails = _emails(message)
    codes = _tracking_codes(message)
    cases = _case_numbers(message)
    # Links are not read further: their digits are identifiers, not dates or phone numbers.
    for link in re.finditer(r"(?i)\b(?:https?://|www\.)\S+", message.value):
        message.mask(link.start(), link.end())
    orders = _order_numbers(message, order_number_pattern)
    phones = _phones(message, regions)
    addresses = _addresses(message)
    dates = _dates(message, today)
    times = _times(message)
    return Details(
        tracking_codes=codes,
        addresses=addresses,
        case_numbers=cases,
        order_numbers=orders,
        emails=emails,
        phones=phones,
        dates=dates,
        times=times,
    )
