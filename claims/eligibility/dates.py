"""Calendar arithmetic used by the JKP rules (no third-party dependency)."""

from __future__ import annotations

from datetime import date

__all__ = ["add_months", "age_in_years", "day_text", "month_label", "month_range_text", "month_text"]

# Days per month in a common year; index 0 unused so that month numbers index directly.
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` calendar months (``n`` may be negative).

    Rules-file decision (month arithmetic): keep the day of month, or take the
    month's last day where that day does not exist, so
    2025-08-31 + 6 months = 2026-02-28.
    """
    m0 = d.month - 1 + n
    year = d.year + m0 // 12
    month = m0 % 12 + 1
    day = d.day
    if day > 28:
        last = _DAYS_IN_MONTH[month]
        if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
            last = 29
        if day > last:
            day = last
    return date(year, month, day)


def age_in_years(birth_date: date, on: date) -> int:
    """Whole years of age on ``on``.

    A birthday is reached on ``birth_date + 12·n months`` with the same month
    arithmetic as the rest of the rules, so someone born on 29 February turns a
    year older on 28 February in a common year.
    """
    years = on.year - birth_date.year
    if add_months(birth_date, 12 * years) > on:
        years -= 1
    return years


def month_label(idx: int) -> str:
    """``YYYY-MM`` for a month index."""
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


# Indonesian month abbreviations, for the sentences the engine writes (the
# verdict's details are read by workers: "Des 2024–Nov 2026", "10 Jan 2022").
_MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def month_text(idx: int) -> str:
    """``Des 2024`` for a month index."""
    return f"{_MONTHS_ID[idx % 12]} {idx // 12}"


def month_range_text(first: int, last: int) -> str:
    """``Des 2024–Nov 2026``."""
    return f"{month_text(first)}–{month_text(last)}"


def day_text(d: date) -> str:
    """``10 Jan 2022``."""
    return f"{d.day} {_MONTHS_ID[d.month - 1]} {d.year}"
