"""The business calendar: which days are working days in the Netherlands and Belgium, and
when a number of business minutes after a moment ends. SLA clocks, promises and self-service
all count with it."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=8)
def _holidays(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country)


def next_business_day(day: date, country: str) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_business_day(day, country):
        day += timedelta(days=1)
    return day


def business_days_between(start: date, end: date, country: str) -> int:
    """How many working days come after `start`, up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_business_day(day, country):
            days += 1
    return days


def in_amsterdam(moment: datetime) -> datetime:
    """The moment on Dutch (and Belgian) clocks: the days above are counted there."""
    return moment.astimezone(AMSTERDAM)


def business_deadline(
    start: datetime, minutes: int, *, country: str, opens: time, closes: time
) -> datetime:
    """The moment `minutes` of business time after `start`, in UTC-aware form."""
    cursor = in_amsterdam(start)
    remaining = timedelta(minutes=minutes)
    while True:
        day = cursor.date()
        day_open = datetime.combine(day, opens, tzinfo=AMSTERDAM)
        day_close = datetime.combine(day, closes, tzinfo=AMSTERDAM)
        if not is_business_day(day, country) or cursor >= day_close:
            cursor = datetime.combine(day + timedelta(days=1), opens, tzinfo=AMSTERDAM)
            continue
        cursor = max(cursor, day_open)
        available = day_close - cursor
        if remaining <= available:
            return cursor + remaining
        remaining -= available
        cursor = datetime.combine(day + timedelta(days=1), opens, tzinfo=AMSTERDAM)
