"""A message as the model reads it: tags and quoted replies gone, bounded, language guessed."""

import html
import re
import unicodedata

# A pasted log or a forwarded thread can be 100 kB; what a customer asks is in the first
# lines. Only this much of the raw text is looked at, and of the cleaned text the model
# reads the first MODEL_CHARS, so a reading costs the same however much was pasted.
RAW_CHARS = 20_000
MODEL_CHARS = 1_500
# The details (codes, postcodes, phone numbers, dates) are looked for a little further, to
# a signature's phone number; their cost grows with the length read (about 5 µs a character).
DETAILS_CHARS = 3_000

LANGUAGES = ("nl", "en")

_INVISIBLE = re.compile(r"<(script|style|head)\b.{0,10000}?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]{0,200}>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)
# "Op 3 mei 2024 om 10:02 schreef Halte <...>:" / "On Mon, 3 May 2024, Halte wrote:" and all
# after it is the previous message, not this one.
_REPLY_HEADER = re.compile(
    r"^\s*(op .{0,120}(schreef|heeft .{0,40} geschreven)|on .{0,120}wrote)\s*:?\s*$"
    r"|^-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht)",
    re.IGNORECASE | re.MULTILINE,
)
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]", re.UNICODE)

_DUTCH_WORDS = (
    "de het een en ik je jij u uw mijn is niet wel nog maar dat dit die van voor met op te "
    "naar heb heeft hebben wordt werd was zijn kan kunt wil graag geen al ook nu dan of "
    "bij om er waar wanneer pakket pakje bestelling bezorgd ontvangen ge gij uwe alstublieft "
    "bedankt dank groetjes groeten mvg hallo hoi beste goedemiddag goedemorgen ff wnr m"
)
_DUTCH = frozenset(_DUTCH_WORDS.split())
_ENGLISH_WORDS = (
    "the a an and i you your my is not it still but that this of for with on to at have has "
    "had was were be been can could would will please thanks thank regards hi hello dear "
    "where when why what parcel package order delivered received did do does no yet"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())


def plain_text(text: str, *, limit: int = MODEL_CHARS, repeats: bool = False) -> str:
    """The customer's own words: no markup, no quoted earlier mail, one line, at most
    `limit` characters. Lines that repeat but for their digits (a log) are kept once unless
    `repeats` (for the details, where two tracking codes differ only in digits)."""
    text = text[:RAW_CHARS]
    if "<" in text:
        text = _INVISIBLE.sub(" ", text)
        text = _BREAKS.sub("\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    header = _REPLY_HEADER.search(text)
    if header and header.start() > 0:
        text = text[: header.start()]
    text = _QUOTED_LINE.sub(" ", text)
    text = unicodedata.normalize("NFC", text if repeats else _once_each(text))
    return _SPACE.sub(" ", text).strip()[:limit]


def _once_each(text: str) -> str:
    """Each line once: a pasted log repeats itself and would drown the question above it."""
    seen: set[str] = set()
    lines = []
    for line in text.splitlines():
        key = _DIGIT.sub("0", line.strip())
        if key not in seen:
            seen.add(key)
            lines.append(line)
    return "\n".join(lines)


def has_words(text: str) -> bool:
    """Whether there is anything to read: a letter or a digit, not only emoji or '???'."""
    return _WORD.search(text) is not None


def guess_language(text: str) -> str:
    """Dutch or English by their commonest words; Dutch when it cannot tell (Halte's market)."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    dutch = sum(word in _DUTCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "en" if english > dutch else "nl"


def language_code(language: str) -> str | None:
    """The language Halte reads for a tag such as 'nl', 'nl-BE' or 'EN_gb'; None if unread."""
    primary = language.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else None
