"""What a customer's message asks for; for now only: "close my case, I found it"."""

import re

# Said when the problem went away: Dutch and English, as customers actually write it.
_CLOSE = re.compile(
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
    r"\b(niet|nog steeds niet|geen|not|n't|never (arrived|came)|still no)\s+(\w+\s+){0,2}?"
    r"(gevonden|opgelost|found|solved|arrived|binnen|bezorgd)\b",
    re.IGNORECASE,
)


def wants_to_close(text: str) -> bool:
    """True when the message says the problem is gone and the case can be closed."""
    latest = text.strip()[:2000]
    return bool(_CLOSE.search(latest)) and not _NEGATED.search(latest)
