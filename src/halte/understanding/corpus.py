"""The examples the model learns from, and the held-out messages it is judged on.

`corpus/train/*.jsonl` holds hand-written customer messages, one JSON object a line:
`{"text": ..., "intent": ..., "sentiment": -2..2, "urgent": true|false}`. Training reads each
one as written plus systematic variants of it (greeting and signature, order number, typos,
lower case without punctuation, a reply's "Re:"), drawn with a fixed seed so the same corpus
always gives the same examples and the same hash. `corpus/heldout.jsonl` was written apart,
in other words and styles, and is never trained on: it is what the benchmark measures.

Extra examples (an agent's corrections) use the same shape; only `text` and `intent` are
required, a missing `sentiment` or `urgent` leaves that model untaught by the example.
"""

import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from halte.understanding.intents import SENTIMENTS, Intent

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
TRAIN_DIR = CORPUS_DIR / "train"
HELDOUT_FILE = CORPUS_DIR / "heldout.jsonl"

# How many variants each hand-written message gets besides itself.
VARIANTS_PER_MESSAGE = 5


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    sentiment: int | None = None
    urgent: bool | None = None


class ExampleError(ValueError):
    """One example is not `{"text": str, "intent": one of the intents, ...}`."""


def example_from(data: object) -> Example:
    """An example from decoded JSON; ExampleError says precisely what is wrong."""
    if not isinstance(data, Mapping):
        raise ExampleError("an example is a JSON object")
    unknown = set(data) - {"text", "intent", "sentiment", "urgent", "language"}
    if unknown:
        raise ExampleError(f"unknown field(s): {', '.join(sorted(unknown))}")
    text, intent = data.get("text"), data.get("intent")
    if not isinstance(text, str) or not text.strip():
        raise ExampleError("'text' must be a non-empty string")
    if intent not in Intent.values:
        raise ExampleError(f"'intent' must be one of: {', '.join(Intent.values)}")
    sentiment = data.get("sentiment")
    if sentiment is not None and (
        isinstance(sentiment, bool) or not isinstance(sentiment, int) or sentiment not in SENTIMENTS
    ):
        raise ExampleError("'sentiment' must be an integer from -2 to 2")
    urgent = data.get("urgent")
    if urgent is not None and not isinstance(urgent, bool):
        raise ExampleError("'urgent' must be true or false")
    return Example(text=text, intent=str(intent), sentiment=sentiment, urgent=urgent)


def read_examples(lines: Iterable[str], *, source: str) -> list[Example]:
    """Examples from JSON lines; blank lines are skipped, a bad one names its line."""
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            examples.append(example_from(json.loads(line)))
        except (json.JSONDecodeError, ExampleError) as error:
            raise ExampleError(f"{source}, line {number}: {error}") from error
    return examples


def written_examples() -> list[Example]:
    """The hand-written training messages, in file order."""
    examples: list[Example] = []
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            examples += read_examples(lines, source=path.name)
    return examples


def heldout_examples() -> list[Example]:
    """The messages the benchmark judges on; never given to training."""
    with HELDOUT_FILE.open(encoding="utf-8") as lines:
        return read_examples(lines, source=HELDOUT_FILE.name)


def training_examples(extra: Iterable[Example] = ()) -> list[Example]:
    """Every written message, its variants, then the extra examples as given."""
    rng = random.Random(14)  # noqa: S311 -- variation, not secrecy
    examples: list[Example] = []
    for example in written_examples():
        examples.append(example)
        examples += [
            Example(_vary(example.text, rng), example.intent, example.sentiment, example.urgent)
            for _ in range(VARIANTS_PER_MESSAGE)
        ]
    examples += _bare_codes(rng)
    return examples + list(extra)


def corpus_hash(examples: Iterable[Example]) -> str:
    """A fingerprint of exactly what a model was trained on."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps(asdict(example), sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()


# --- Variation -----------------------------------------------------------------------------

_DUTCH_HINT = re.compile(
    r"\b(ik|mijn|niet|het|een|nog|wanneer|waar|pakket|pakje|bestelling|ge|uw|heb)\b", re.I
)
_GREETINGS = {
    "nl": [
        "Hallo,",
        "Goedemiddag,",
        "Beste,",
        "Hoi",
        "Dag,",
        "Beste klantenservice,",
        "Hey",
        "Goeiedag,",
        "Goedemorgen allemaal,",
        "Geachte heer/mevrouw,",
        "Hallo daar",
        "",
    ],
    "en": [
        "Hi,",
        "Hello,",
        "Dear customer service,",
        "Hey there",
        "Good morning,",
        "To whom it may concern,",
        "Hiya",
        "",
    ],
}
_SIGNATURES = {
    "nl": [
        "Groetjes, Sanne",
        "Mvg, Peter de Vries",
        "Met vriendelijke groet,\nA. Jansen",
        "Gr. Kees",
        "Alvast bedankt!",
        "Dank u wel, Marleen",
        "Verzonden vanaf mijn iPhone",
        "Vriendelijke groeten, Els Peeters",
        "groetn",
        "thx",
        "",
    ],
    "en": [
        "Thanks, Mark",
        "Kind regards,\nJoanna Smith",
        "Cheers",
        "Sent from my iPhone",
        "Best, Tom",
        "Thank you in advance",
        "Regards, J. O'Neill",
        "",
    ],
}
_REFERENCES = {
    "nl": [
        "Bestelnummer: {order}",
        "ordernummer {order}",
        "Mijn trackcode is {code}",
        "(bestelling {order})",
        "trackingnummer {code}",
        "Klantnummer {digits}",
    ],
    "en": [
        "Order number: {order}",
        "order #{order}",
        "Tracking number {code}",
        "My tracking code is {code}",
        "(ref {order})",
    ],
}
_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"
# Words customers use for the same thing, Flemish and informal ones among them: a variant
# swaps some, so a phrase learnt with "pakket" is also known with "pakje" or "pakkie".
_SAME_WORDS = [
    ["pakket", "pakje", "pakketje", "pakkie", "zending", "doos"],
    ["bestelling", "order", "bestelling", "aankoop"],
    ["bezorgd", "geleverd", "afgeleverd", "bezorgd geweest"],
    ["ontvangen", "gekregen", "binnengekregen", "toegekomen"],
    ["jullie", "u", "ge", "jij", "je"],
    ["graag", "aub", "a.u.b.", "alstublieft", "alsjeblieft", "pls"],
    ["wanneer", "wnr", "wanneer precies"],
    ["even", "ff", "eens"],
    ["niet", "nie", "niet"],
    ["kapot", "stuk", "gebroken"],
    ["bezorger", "koerier", "chauffeur", "postbode"],
    ["parcel", "package", "order", "shipment"],
    ["delivered", "dropped off", "left"],
    ["please", "pls", "plz", "kindly"],
    ["thanks", "thank you", "thx", "ta", "cheers"],
    ["received", "got", "gotten"],
    ["broken", "smashed", "damaged", "busted"],
]
_SWAP = {
    word: [other for other in group if other != word] for group in _SAME_WORDS for word in group
}
_SWAPPABLE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _SWAP), key=len, reverse=True)) + r")\b"
)


def _language_of(text: str) -> str:
    return "nl" if len(_DUTCH_HINT.findall(text)) >= 1 else "en"


def _reference(rng: random.Random, language: str) -> str:
    template = rng.choice(_REFERENCES[language])
    return template.format(
        order=f"{rng.choice(['', '#', 'ORD-', 'NL', 'BE-'])}{rng.randint(1000, 99999999)}",
        code=_tracking_code(rng),
        digits=rng.randint(100000, 9999999),
    )


def _tracking_code(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(4))
    shapes = [
        f"3S{letters}{rng.randint(1000000, 9999999)}",
        f"JVGL{rng.randint(10**15, 10**16 - 1)}",
        f"{rng.randint(10**13, 10**14 - 1)}",
        f"00{rng.randint(10**15, 10**16 - 1)}",
        f"CD{rng.randint(10**8, 10**9 - 1)}BE",
    ]
    return rng.choice(shapes)


def _typos(text: str, rng: random.Random) -> str:
    letters = list(text)
    for _ in range(max(1, len(letters) // 40)):
        at = rng.randrange(len(letters))
        if not letters[at].isalpha():
            continue
        kind = rng.randrange(4)
        if kind == 0 and at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        elif kind == 1:
            letters[at] = ""
        elif kind == 2:
            letters[at] = letters[at] * 2
        else:
            letters[at] = rng.choice(_KEYBOARD)
    return "".join(letters)


def _casual(text: str) -> str:
    return re.sub(r"[.,!?;:]+", "", text.lower())


def _same_words(text: str, rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        return rng.choice(_SWAP[word]) if rng.random() < 0.6 else word

    return _SWAPPABLE.sub(swap, text)


def _vary(text: str, rng: random.Random) -> str:
    language = _language_of(text)
    if rng.random() < 0.5:
        text = _same_words(text, rng)
    if rng.random() < 0.35:
        text = _typos(text, rng)
    if rng.random() < 0.25:
        text = _casual(text)
    elif rng.random() < 0.08:
        text = text.upper()
    if rng.random() < 0.45:
        reference = _reference(rng, language)
        text = f"{text} {reference}" if rng.random() < 0.6 else f"{reference}\n{text}"
    if rng.random() < 0.5:
        text = f"{rng.choice(_GREETINGS[language])}\n{text}".strip()
    if rng.random() < 0.5:
        text = f"{text}\n\n{rng.choice(_SIGNATURES[language])}".strip()
    if rng.random() < 0.08:
        text = f"Re: {text}"
    return text


def _bare_codes(rng: random.Random) -> Iterator[Example]:
    """A message that is only a tracking code asks where that parcel is."""
    for _ in range(40):
        code = _tracking_code(rng)
        yield Example(
            rng.choice([code, code.lower(), f"{code}?", f" {code} "]),
            Intent.WHERE_IS_MY_PARCEL.value,
            0,
            False,
        )
