"""JKP eligibility engine: pure Python, no Django (see docs/rules.md).

``evaluate(Facts(...))`` returns a ``Verdict``: ``eligible``, ``failed``, every
criterion with its detail, the payer, the claim deadline and the 6-month
schedule; ``Verdict.as_dict()`` is the API's JSON shape.
"""

from .dates import add_months
from .engine import CriterionResult, Facts, ScheduleMonth, Verdict, evaluate
from .nik import NikError, nik_sex, validate_nik
from .rules import (
    CRITERIA_CODES,
    EXCLUDED_REASONS,
    PHK_REASONS,
    RULE_SETS,
    NoRuleSetError,
    RuleSet,
    rule_set_for,
)

__all__ = [
    "Facts",
    "Verdict",
    "CriterionResult",
    "ScheduleMonth",
    "evaluate",
    "RuleSet",
    "RULE_SETS",
    "rule_set_for",
    "NoRuleSetError",
    "add_months",
    "CRITERIA_CODES",
    "PHK_REASONS",
    "EXCLUDED_REASONS",
    "validate_nik",
    "nik_sex",
    "NikError",
]
