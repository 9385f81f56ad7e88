"""SLA clocks that run in business hours only, skipping weekends and public holidays."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Defaults per channel in business minutes (a business day of 08:00-18:00 is 600 minutes).
DEFAULT_TARGETS: dict[str, tuple[int, int]] = {
    "email": (240, 1200),
    "web": (240, 1200),
    "phone": (60, 600),
    "desk": (240, 1200),
}


@lru_cache(maxsize=8)
def _holidays(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country)


def business_deadline(
    start: datetime, minutes: int, *, country: str, opens: time, closes: time
) -> datetime:
    """The moment `minutes` of business time after `start`, in UTC-aware form."""
    cursor = start.astimezone(AMSTERDAM)
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
