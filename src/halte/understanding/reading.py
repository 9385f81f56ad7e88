"""One customer message read: intent with confidence, sentiment, urgency, language."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from halte.understanding.closing import denies_solved, says_solved
from halte.understanding.details import Details, extract_details
from halte.understanding.intents import Intent
from halte.understanding.model import current_scorer
from halte.understanding.urgency import urgent_words
from halte.understanding.wording import (
    DETAILS_CHARS,
    guess_language,
    has_words,
    language_code,
    plain_text,
)

# Above this the urgency model alone makes a message urgent; the phrases in urgency.py do
# it at any probability.
URGENT_PROBABILITY = 0.5


@dataclass(frozen=True)
class Reading:
    intent: str
    # The probability of `intent`; below HALTE_UNDERSTANDING_MIN_CONFIDENCE a person decides.
    confidence: float
    scores: dict[str, float] = field(hash=False)
    # -2 very unhappy … 2 very happy.
    sentiment: int
    urgent: bool
    needs_person: bool
    language: str
    # What the message already gives: tracking codes, postcode, case and order numbers, …
    details: Details = field(default_factory=Details)

    def as_json(self) -> dict[str, Any]:
        """The API's and the command's shape."""
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "scores": {intent: round(score, 4) for intent, score in self.scores.items()},
            "sentiment": self.sentiment,
            "urgent": self.urgent,
            "needs_person": self.needs_person,
            "language": self.language,
            "details": self.details.as_json(),
        }


class UnsupportedLanguage(ValueError):
    """A language was given that Halte does not read."""


def read_message(text: str, *, language: str | None = None, today: date | None = None) -> Reading:
    """What the customer wants, how they feel and whether it is urgent.

    `language` ('nl', 'en', also 'nl-BE') is guessed from the words when not given;
    any other raises UnsupportedLanguage. `today` anchors relative dates in the details
    ("morgen", "next Tuesday"); it is today in Halte's time zone when not given.
    """
    if language is not None:
        code = language_code(language)
        if code is None:
            raise UnsupportedLanguage(language)
        language = code
    given = language
    words = plain_text(text)
    language = language or guess_language(words)
    details = extract_details(
        plain_text(text, limit=DETAILS_CHARS, repeats=True),
        today=today or timezone.localdate(),
        language=given or language,
    )
    if not has_words(words):
        return _nothing_to_read(words, language, details)
    scored = current_scorer().score(words)
    solved = _says_solved(words, scored.intents)
    scores = _with_closing_rule(words, scored.intents, solved=solved)
    intent = Intent.CLOSE_CASE.value if solved else max(scores, key=scores.__getitem__)
    urgent = urgent_words(words) or bool(scored.urgent_probability > URGENT_PROBABILITY)
    return Reading(
        intent=intent,
        confidence=scores[intent],
        scores=_in_intent_order(scores),
        sentiment=scored.sentiment,
        urgent=urgent,
        needs_person=scores[intent] < settings.HALTE_UNDERSTANDING_MIN_CONFIDENCE,
        language=language,
        details=details,
    )


# A message that says the problem is gone closes its case with at least this certainty.
SOLVED_CONFIDENCE = 0.9
# ... unless the message is longer than a quick "found it, thanks" and the model is this sure
# it asks something else: "my idea: a button to report that a parcel was found after all".
SURELY_SOMETHING_ELSE = 0.6
QUICK_WORDS = 12


def _says_solved(words: str, scores: dict[str, float]) -> bool:
    if not says_solved(words):
        return False
    if len(words.split()) <= QUICK_WORDS:
        return True
    close = Intent.CLOSE_CASE.value
    elsewhere = max((score for intent, score in scores.items() if intent != close), default=0.0)
    return elsewhere < SURELY_SOMETHING_ELSE


def _with_closing_rule(words: str, scores: dict[str, float], *, solved: bool) -> dict[str, float]:
    """ "Gevonden!" is a request to close unless the model clearly hears something else;
    "niet gevonden" never is (closing.py)."""
    close = Intent.CLOSE_CASE.value
    if solved:
        # The rest shares what is left, so the scores still add up to one.
        others = sum(score for intent, score in scores.items() if intent != close)
        rest = 1.0 - SOLVED_CONFIDENCE
        return {
            intent: SOLVED_CONFIDENCE
            if intent == close
            else score / others * rest
            if others
            else 0.0
            for intent, score in scores.items()
        }
    if denies_solved(words):
        others = sum(score for intent, score in scores.items() if intent != close)
        return {
            intent: 0.0 if intent == close else score / others if others else 0.0
            for intent, score in scores.items()
        }
    return scores


def _in_intent_order(scores: dict[str, float]) -> dict[str, float]:
    return {intent: scores.get(intent, 0.0) for intent in Intent.values}


_HAPPY = frozenset("😀😃😄😁😊🙂😍🥰👍❤💕🎉🙏☺😘🤩")
_UNHAPPY = frozenset("🙁😕😖😞😟😠😡🤬😢😭👎💔😤😩😫☹")


def _nothing_to_read(text: str, language: str, details: Details) -> Reading:
    """Empty, '???' or only emoji: nothing to act on, so a person looks; a smiley still
    says how the customer feels."""
    happy = sum(ch in _HAPPY for ch in text)
    unhappy = sum(ch in _UNHAPPY for ch in text)
    return Reading(
        intent=Intent.OTHER.value,
        confidence=0.0,
        scores=dict.fromkeys(Intent.values, 0.0),
        sentiment=max(-2, min(2, happy - unhappy)),
        urgent=False,
        needs_person=True,
        language=language,
        details=details,
    )
