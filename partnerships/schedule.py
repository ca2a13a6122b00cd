"""When a meeting's agenda pack must be published: its board's lead time in clear working days
before the meeting, skipping weekends and England and Wales bank holidays."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _bank_holidays(year: int):
    return holidays.country_holidays("GB", subdiv="ENG", years=[year])


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def publication_date(meeting_day: datetime.date, clear_working_days: int) -> datetime.date:
    """The last working day on which the pack can be published and still leave
    ``clear_working_days`` whole working days before the meeting day (neither the day of
    publication nor the meeting day counts)."""
    day = meeting_day
    counted = 0
    while counted < clear_working_days:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    day -= datetime.timedelta(days=1)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def working_days_before(day: datetime.date, working_days: int) -> datetime.date:
    """The working day ``working_days`` working days before ``day``."""
    counted = 0
    while counted < working_days:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_until(today: datetime.date, day: datetime.date) -> int:
    """The working days after ``today`` up to and including ``day`` (0 when ``day`` is today
    or past)."""
    count = 0
    while today < day:
        today += datetime.timedelta(days=1)
        if is_working_day(today):
            count += 1
    return count
