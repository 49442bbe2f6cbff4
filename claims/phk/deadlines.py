"""Claim deadlines of reported workers (pure date arithmetic, no Django).

The deadline is the PHK date plus the claim-deadline months of the rule set in
force today (the rules file: the rule set of the decision date governs the
deadline; a claim filed now is decided under today's rule set).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from claims.eligibility import add_months, rule_set_for

# Days before the deadline at which a worker who has not filed is reminded, largest first.
REMINDER_DAYS: tuple[int, ...] = (30, 14, 7)


def deadline_months(today: date) -> int:
    return rule_set_for(today).claim_deadline_months


def claim_deadline(phk_date: date, today: date) -> date:
    return add_months(phk_date, deadline_months(today))


def _is_month_end(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def latest_phk_date_due_by(d: date, months: int) -> date:
    """The latest PHK date whose deadline (PHK date + ``months``) is on or before ``d``.

    ``add_months`` clamps to the month's end, so when ``d`` is a month's last day
    every later day of the earlier month maps onto ``d`` too (2025-08-29..31 + 6
    months are all 2026-02-28).
    """
    p = add_months(d, -months)
    if _is_month_end(d):
        p = p.replace(day=calendar.monthrange(p.year, p.month)[1])
    return p


def phk_date_range_with_deadline_between(first: date, last: date, months: int) -> tuple[date, date]:
    """PHK dates (inclusive range) whose deadline falls in ``[first, last]``."""
    return latest_phk_date_due_by(first - timedelta(days=1), months) + timedelta(days=1), latest_phk_date_due_by(
        last, months
    )


def reminder_due(days_left: int) -> int | None:
    """The reminder threshold that applies with ``days_left`` days to go (the
    tightest one reached), or None when no reminder is due (too early, or the
    deadline has passed)."""
    if days_left < 0:
        return None
    due = None
    for threshold in REMINDER_DAYS:
        if days_left <= threshold:
            due = threshold
    return due
