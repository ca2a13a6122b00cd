"""What every form checks in what people type, and date arithmetic that cannot overflow.

- Text the database can store: PostgreSQL refuses a NUL character in text and in JSON, and a
  lone surrogate (half of a UTF-16 pair) cannot be encoded at all; either would be a 500.
- Dates in a sensible range (1900 to 2200): the portal adds a year, three months or a
  monitoring period to the dates people enter, and 9999-12-31 plus anything is no date.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.files import File

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)

DATE_RANGE_MESSAGE = f"Enter a date between {EARLIEST_DATE:%-d %B %Y} and {LATEST_DATE:%-d %B %Y}."
UNSTORABLE_MESSAGE = (
    "This had a character the portal cannot store (a null character, or part of a broken "
    "one), so it was taken out. Check what is left and try again."
)

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable(value) -> bool:
    """Whether ``value`` (text, a list or dict of them as JSON holds, or an uploaded file's
    name) has a NUL character or a lone surrogate in it."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, File):
        return has_unstorable(value.name or "")
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_unstorable(v) for v in value)
    return False


def without_unstorable(value: str) -> str:
    return _UNSTORABLE.sub("", value)


def validate_storable(value) -> None:
    if has_unstorable(value):
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable")


def validate_date_range(value) -> None:
    """A date (or the day of a date and time) between 1900 and 2200."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


def shifted(day: datetime.date, delta) -> datetime.date:
    """``day + delta`` (a timedelta or relativedelta), or the calendar's last (first) day where
    that runs past it, so a date derived from a stored one never raises."""
    try:
        return day + delta
    except (OverflowError, ValueError):
        forwards = EARLIEST_DATE + delta > EARLIEST_DATE
        return datetime.date.max if forwards else datetime.date.min
