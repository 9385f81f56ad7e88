"""Words that make a message urgent whatever the model thinks: a deadline today, a threat to
leave, to go public or to a lawyer. The model learns the rest from the corpus."""

import re

from halte.understanding.model import normalise

_URGENT_PHRASES = [
    # A deadline that is today or tomorrow.
    r"vandaag (nog )?nodig",
    r"(vandaag|morgen|vanavond) (nog )?(binnen|hebben|nodig)\b",
    r"need (it|this|them) (today|tomorrow|by tonight|asap|by (tomorrow|tonight|today))",
    r"\b(by|before) (tomorrow|tonight|end of (the )?day)\b",
    r"\b(uiterlijk|voor) (vandaag|vanavond|morgen(ochtend|vroeg)?)\b",
    r"\b(heb|hebben|moet) (ik |we )?(het|ze|hem|m|dit|deze) (vandaag|morgen|vanavond) (nog )?(nodig|hebben)",  # noqa: E501
    r"\bnodig voor (morgen|vanavond|een (bruiloft|begrafenis|examen|operatie))\b",
    r"\b(dringend|spoed|asap|urgent|z\.s\.m|zsm|zo snel mogelijk|as soon as possible)\b",
    r"\b(jarig|verjaardag|birthday|bruiloft|wedding|begrafenis|funeral)\b.{0,40}\b(morgen|vandaag|tomorrow|today)\b",
    r"\b(morgen|vandaag|tomorrow|today)\b.{0,40}\b(jarig|verjaardag|birthday|bruiloft|wedding)\b",
    # Threats to leave, to go public, to go to law.
    r"anders (ga|stap|zet|schrijf|bel|neem) ik",
    r"\b(trustpilot|kiyoh|social media|twitter|facebook|instagram|tiktok|reddit)\b",
    r"(zet|gooi|post) (ik )?(het|dit|jullie) (online|op internet|op social)",
    r"\b(advocaat|lawyer|attorney|rechtbank|court|juridische stappen|legal action)\b",
    r"\b(consumentenbond|radar|kassa|ombudsman|geschillencommissie|test-aankoop|testaankoop)\b",
    r"\b(chargeback|terugboeking|politie|police|aangifte)\b",
    r"\b(nooit meer|never again|laatste keer|last time i)\b.{0,30}\b(bestel|order|besteld|ordered|klant|customer)",  # noqa: E501
    r"\b(i will|i'll|ik ga) (cancel|leave|switch|opzeggen|weg)",
    r"\b(stap|ga) (ik )?over naar (een )?(andere|de concurrent)",
    r"\b(one star|0 star|een ster|slechte|negatieve) (review|recensie)",  # digits read as 0
]
_URGENT = re.compile("|".join(f"(?:{phrase})" for phrase in _URGENT_PHRASES))


def urgent_words(text: str) -> bool:
    """Whether the message says in so many words that it cannot wait."""
    return _URGENT.search(normalise(text)) is not None
