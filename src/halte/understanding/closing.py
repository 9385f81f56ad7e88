"""Said when the problem went away: "gevonden", "found it", "laat maar", and their negations.

A rule on top of the model: a customer who writes "gevonden!" wants the case closed however
the rest of the message reads, and one who writes "niet gevonden" never does.
"""

import re

# Dutch and English, as customers actually write it.
_SOLVED = re.compile(
    r"\b("
    r"gevonden|teruggevonden|heb (het|'m|hem) (al|toch|inmiddels)"
    r"|is (toch|al|inmiddels) (binnen|bezorgd|aangekomen)"
    r"|laat maar|mag (dicht|gesloten)|(is )?opgelost|zaak (mag )?sluiten"
    r"|found it|never ?mind|nevermind|(it'?s|is) (been )?solved|problem solved|all sorted"
    r"|you can close|please close|(has|it) arrived after all|got it now"
    r")\b",
    re.IGNORECASE,
)
# "niet gevonden", "not found", "still not solved": the opposite, and must not close.
_NEGATED = re.compile(
    r"\b(niets?|nergens|nog steeds niet|geen|not|nothing|n't|never (arrived|came)|still no)"
    r"\s+(\w+\s+){0,2}?"
    r"(gevonden|opgelost|found|solved|arrived|binnen|bezorgd)\b",
    re.IGNORECASE,
)


def says_solved(text: str) -> bool:
    """The message says the problem is gone (and does not say it is not)."""
    latest = text.strip()[:2000]
    return bool(_SOLVED.search(latest)) and not _NEGATED.search(latest)


def denies_solved(text: str) -> bool:
    """The message says the problem is not gone ("niet gevonden", "still not arrived")."""
    return bool(_NEGATED.search(text.strip()[:2000]))
