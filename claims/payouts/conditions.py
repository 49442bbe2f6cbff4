"""The monthly payment conditions (rules file, "Cash benefit and the monthly
schedule"), as plain Python and as the equivalent SQL predicate the daily run
evaluates set-based. Both are generated from the rule sets' numbers, and a
test checks that they agree.

Decisions (readings of the rules file):

* The job-search period of month *k* (2..6) is (due date of month *k − 1*,
  due date of month *k*]. A withheld month is paid when the conditions are met
  within the grace days, so activity dated up to due date + grace counts too.
* "≥ 5 applications or ≥ 1 invitation; and/or, when enrolled in training,
  ≥ 80 % attendance in the previous month" together with "attendance ≥ 80 % is
  a payment condition while enrolled": a participant with attendance recorded
  for the calendar month before the due month is enrolled, and then the
  attendance decides (training is their activity); otherwise the job search
  decides. With several enrolments the lowest attendance counts.
* The counselling session (PP37_2021) and the conditions' numbers come from the
  rule set of the month itself (the rule set in force on its due date).
* Month 6 (the last month of the rule set) also needs the employment-status form.
* Month 1 has no activity conditions; re-employment or death ends the benefit
  and is handled by ``benefit_end``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from claims.eligibility import RULE_SETS, RuleSet
from claims.eligibility.dates import add_months

_BY_CODE = {rs.code: rs for rs in RULE_SETS}


def rule_set(code: str) -> RuleSet:
    return _BY_CODE[code]


def attendance_month(due_date: date) -> date:
    """The calendar month (its first day) whose attendance counts for a month due on ``due_date``."""
    return add_months(due_date.replace(day=1), -1)


def grace_end(rule_set_code: str, due_date: date) -> date:
    return due_date + timedelta(days=rule_set(rule_set_code).withheld_grace_days)


@dataclass(frozen=True, slots=True)
class MonthEvidence:
    month_no: int
    rule_set: str
    applications: int = 0
    interviews: int = 0
    counselling_sessions: int = 0
    attendance_pct: Decimal | None = None
    form_submitted: bool = False


@dataclass(frozen=True, slots=True)
class ConditionResult:
    job_search_ok: bool
    attendance_ok: bool | None  # None: not enrolled in training
    counselling_ok: bool | None  # None: not required by the month's rule set
    form_ok: bool | None  # None: not the last month
    met: bool


def evaluate_month(ev: MonthEvidence) -> ConditionResult:
    rs = rule_set(ev.rule_set)
    job_ok = ev.applications >= rs.min_job_applications or ev.interviews >= rs.min_interviews
    attendance_ok = None
    if ev.attendance_pct is not None:
        attendance_ok = ev.attendance_pct >= rs.min_training_attendance * 100
    if ev.month_no == 1:
        return ConditionResult(job_ok, attendance_ok, None, None, True)
    activity_ok = attendance_ok if attendance_ok is not None else job_ok
    counselling_ok = ev.counselling_sessions >= 1 if rs.counselling_required_monthly else None
    form_ok = ev.form_submitted if ev.month_no == rs.benefit_months else None
    met = activity_ok and counselling_ok is not False and form_ok is not False
    return ConditionResult(job_ok, attendance_ok, counselling_ok, form_ok, met)


def met_sql(alias: str = "m") -> str:
    """SQL boolean for "this month's conditions are met", on a benefit-month row
    ``alias``. Only numbers from the rule sets are interpolated (no user input)."""
    m = alias
    branches = []
    for rs in RULE_SETS:
        activity = (
            f"(CASE WHEN {m}.attendance_pct IS NOT NULL THEN {m}.attendance_pct >= {rs.min_training_attendance * 100:f} "
            f"ELSE ({m}.applications >= {rs.min_job_applications:d} OR {m}.interviews >= {rs.min_interviews:d}) END)"
        )
        parts = [activity]
        if rs.counselling_required_monthly:
            parts.append(f"{m}.counselling_sessions >= 1")
        parts.append(f"({m}.month_no <> {rs.benefit_months:d} OR {m}.form_submitted)")
        branches.append(f"WHEN '{rs.code}' THEN ({' AND '.join(parts)})")
    return f"({m}.month_no = 1 OR (CASE {m}.rule_set {' '.join(branches)} ELSE false END))"


def grace_sql(alias: str = "m") -> str:
    """SQL integer: the grace days of the month's rule set."""
    branches = " ".join(f"WHEN '{rs.code}' THEN {rs.withheld_grace_days:d}" for rs in RULE_SETS)
    return f"(CASE {alias}.rule_set {branches} END)"
