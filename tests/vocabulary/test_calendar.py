"""SLA clocks run in business hours only, skipping weekends and each country's holidays."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from halte.vocabulary.calendar import business_deadline

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = {"opens": time(8), "closes": time(18)}


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def test_within_one_day() -> None:
    assert business_deadline(at(2026, 11, 23, 9, 0), 240, country="NL", **HOURS) == at(
        2026, 11, 23, 13, 0
    )


def test_friday_afternoon_rolls_over_the_weekend() -> None:
    assert business_deadline(at(2026, 11, 27, 17, 0), 240, country="NL", **HOURS) == at(
        2026, 11, 30, 11, 0
    )


def test_question_at_night_starts_counting_at_opening() -> None:
    assert business_deadline(at(2026, 11, 24, 23, 30), 60, country="NL", **HOURS) == at(
        2026, 11, 25, 9, 0
    )


def test_christmas_days_do_not_count_in_the_netherlands() -> None:
    # 24 Dec 2026 is a Thursday; 25 and 26 are holidays, then the weekend.
    assert business_deadline(at(2026, 12, 24, 17, 0), 120, country="NL", **HOURS) == at(
        2026, 12, 28, 9, 0
    )


def test_belgian_national_day_counts_in_nl_but_not_in_be() -> None:
    start = at(2026, 7, 20, 17, 0)  # Monday; 21 July is Belgium's national day
    assert business_deadline(start, 120, country="NL", **HOURS) == at(2026, 7, 21, 9, 0)
    assert business_deadline(start, 120, country="BE", **HOURS) == at(2026, 7, 22, 9, 0)
