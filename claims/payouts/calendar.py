"""Working days in Indonesia: Monday to Friday, minus the public holidays of
the maintained ``holidays`` package (``holidays.Indonesia``)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.Indonesia(years=year).keys())


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _holidays_of(d.year)


@lru_cache(maxsize=8192)
def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted):
    a payment that became payable on Friday with a 3-day SLA is due on Wednesday."""
    if days < 0:
        raise ValueError("days must not be negative")
    d = start
    left = days
    while left:
        d += timedelta(days=1)
        if is_working_day(d):
            left -= 1
    return d


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count = 0
    d = start
    while d < end:
        d += timedelta(days=1)
        if is_working_day(d):
            count += 1
    return count
