"""The effort scale, its smileys, and how often a customer may be asked."""

from datetime import timedelta

from halte.journey.models import Touchpoint

LOWEST, HIGHEST = 1, 7
SCORES = range(LOWEST, HIGHEST + 1)

# Nobody is asked twice within this time, whatever the occasion and whichever organisation.
ASK_AT_MOST_EVERY = timedelta(days=7)
# A question can be answered this long; while it is unanswered no other question is sent.
ANSWERABLE_FOR = timedelta(days=14)
# A first answer may be changed (another tap) and given a comment this long; then it stands.
CHANGEABLE_FOR = timedelta(hours=24)
COMMENT_MAX_LENGTH = 1000
# A delivery is asked about only this soon after it happened: events replayed from the past
# (an import, the demo) must not send questions about last month's parcels.
DELIVERY_STILL_FRESH = timedelta(days=2)

# Tags an agent gives a case that was no real question: it ends without asking how easy it was.
NO_QUESTION_TAGS = frozenset({"spam", "duplicate"})

# 1-2 very hard 😖, 3 hard 🙁, 4 neither 😐, 5 easy 🙂, 6-7 very easy 😃: the two ends of the
# seven-point scale share the strongest smileys, so the journey's five faces keep their meaning.
_SENTIMENT = {
    1: Touchpoint.Sentiment.BAD,
    2: Touchpoint.Sentiment.BAD,
    3: Touchpoint.Sentiment.POOR,
    4: Touchpoint.Sentiment.NEUTRAL,
    5: Touchpoint.Sentiment.GOOD,
    6: Touchpoint.Sentiment.GREAT,
    7: Touchpoint.Sentiment.GREAT,
}


def sentiment_of(score: int) -> Touchpoint.Sentiment:
    return _SENTIMENT[score]


def smiley_of(score: int) -> str:
    return str(sentiment_of(score).label)


def is_score(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST
