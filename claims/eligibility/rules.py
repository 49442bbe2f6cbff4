"""The JKP rule sets as data (see docs/rules.md).

A rule change is a change to the numbers below, never to scattered constants:
the engine reads every threshold, rate and deadline from the ``RuleSet`` in
force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = [
    "RuleSet",
    "RULE_SETS",
    "PP37_2021",
    "PP6_2025",
    "rule_set_for",
    "NoRuleSetError",
    "CRITERIA_CODES",
    "PHK_REASONS",
    "EXCLUDED_REASONS",
    "EMPLOYER_SIZES",
    "CONTRACT_TYPES",
    "JKN_SEGMENTS",
    "PROGRAMS",
]

# Criterion codes in the rules file's table order; verdicts report them in this order.
CRITERIA_CODES: tuple[str, ...] = (
    "NOT_CITIZEN",
    "AGE_AT_REGISTRATION",
    "PROGRAMS_INCOMPLETE",
    "EXCLUDED_REASON",
    "PKWT_CONTRACT_ENDED",
    "INSUFFICIENT_CONTRIBUTIONS",
    "NOT_CONSECUTIVE",
    "CLAIM_DEADLINE_PASSED",
    "CLAIM_LIMIT_REACHED",
    "REEMPLOYED",
    "NOT_WILLING_TO_WORK",
)

EXCLUDED_REASONS: frozenset[str] = frozenset({"resignation", "retirement", "permanent_total_disability", "death"})

PHK_REASONS: tuple[str, ...] = (
    "efficiency",
    "business_closure",
    "bankruptcy",
    "merger_acquisition",
    "force_majeure",
    "company_loss",
    "disciplinary",
    "other",
    "resignation",
    "retirement",
    "permanent_total_disability",
    "death",
    "contract_ended",
)

EMPLOYER_SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")
CONTRACT_TYPES: tuple[str, ...] = ("PKWT", "PKWTT")
JKN_SEGMENTS: tuple[str, ...] = ("PPU", "PBI", "PBPU")
PROGRAMS: tuple[str, ...] = ("JKN", "JKK", "JKM", "JHT", "JP")

_BASIC_PROGRAMS = frozenset({"JKN", "JKK", "JKM", "JHT"})
_FULL_PROGRAMS = _BASIC_PROGRAMS | {"JP"}
_REQUIRED_PROGRAMS: tuple[tuple[str, frozenset[str]], ...] = (
    ("large", _FULL_PROGRAMS),
    ("medium", _FULL_PROGRAMS),
    ("small", _BASIC_PROGRAMS),
    ("micro", _BASIC_PROGRAMS),
)


class NoRuleSetError(ValueError):
    """No JKP rule set was in force on the given date (before 2021-02-02)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSet:
    code: str
    legal_basis: str
    effective_from: date
    # PP37 was in force a year before the first benefit could be paid.
    benefits_paid_from: date | None
    contribution_rate: Decimal
    # (source, share of wage) – the parts that add up to contribution_rate.
    contribution_components: tuple[tuple[str, Decimal], ...]
    wage_cap: Decimal
    # Cash benefit per month 1..6 (rate of the capped wage, and its ceiling).
    rates: tuple[Decimal, ...]
    max_per_month: tuple[Decimal, ...]
    max_total: Decimal
    # First claim: paid months in the window ending with the PHK month.
    min_paid_months: int
    window_months: int
    requires_consecutive: bool
    consecutive_months: int
    claim_deadline_months: int
    jkn_ppu_required: bool
    # Employer size -> programmes the participant must be enrolled in.
    required_programs: tuple[tuple[str, frozenset[str]], ...]
    training_cost_cap: Decimal
    counselling_required_monthly: bool
    # Pasal 39A (PP6 only): bankrupt/closed employer with arrears <= limit -> BPJS pays.
    bankrupt_closed_rule: bool
    bankrupt_closed_arrears_limit: int
    employer_payer_arrears_threshold: int
    employer_reimbursement_request_months: int
    employer_reimbursement_working_days: int
    # Monthly payment conditions for months 2..6.
    min_job_applications: int
    min_interviews: int
    min_training_attendance: Decimal
    withheld_grace_days: int
    payment_sla_working_days: int
    max_claims: int
    second_claim_min_paid_months: int
    # Participant must be younger than this (whole years) on the JKP registration date.
    max_registration_age: int

    def __post_init__(self) -> None:
        if len(self.rates) != len(self.max_per_month):
            raise ValueError(f"{self.code}: rates and max_per_month differ in length")
        if sum(part for _, part in self.contribution_components) != self.contribution_rate:
            raise ValueError(f"{self.code}: contribution components do not add up")

    @property
    def benefit_months(self) -> int:
        return len(self.rates)

    def programs_required_for(self, employer_size: str) -> frozenset[str]:
        for size, programs in self.required_programs:
            if size == employer_size:
                return programs
        raise ValueError(f"unknown employer size {employer_size!r}")


PP37_2021 = RuleSet(
    code="PP37_2021",
    legal_basis="PP 37/2021, Permenaker 15/2021",
    effective_from=date(2021, 2, 2),
    benefits_paid_from=date(2022, 2, 22),
    contribution_rate=Decimal("0.0046"),
    contribution_components=(
        ("government", Decimal("0.0022")),
        ("JKK", Decimal("0.0014")),
        ("JKM", Decimal("0.0010")),
    ),
    wage_cap=Decimal("5000000"),
    rates=(Decimal("0.45"),) * 3 + (Decimal("0.25"),) * 3,
    max_per_month=(Decimal("2250000"),) * 3 + (Decimal("1250000"),) * 3,
    max_total=Decimal("10500000"),
    min_paid_months=12,
    window_months=24,
    requires_consecutive=True,
    consecutive_months=6,
    claim_deadline_months=3,
    jkn_ppu_required=True,
    required_programs=_REQUIRED_PROGRAMS,
    training_cost_cap=Decimal("1000000"),
    counselling_required_monthly=True,
    bankrupt_closed_rule=False,
    bankrupt_closed_arrears_limit=6,
    employer_payer_arrears_threshold=3,
    employer_reimbursement_request_months=3,
    employer_reimbursement_working_days=7,
    min_job_applications=5,
    min_interviews=1,
    min_training_attendance=Decimal("0.80"),
    withheld_grace_days=5,
    payment_sla_working_days=3,
    max_claims=3,
    second_claim_min_paid_months=60,
    max_registration_age=54,
)

PP6_2025 = RuleSet(
    code="PP6_2025",
    legal_basis="PP 6/2025, Permenaker 2/2025",
    effective_from=date(2025, 2, 7),
    benefits_paid_from=None,
    contribution_rate=Decimal("0.0036"),
    contribution_components=(
        ("government", Decimal("0.0022")),
        ("JKK", Decimal("0.0014")),
    ),
    wage_cap=Decimal("5000000"),
    rates=(Decimal("0.60"),) * 6,
    max_per_month=(Decimal("3000000"),) * 6,
    max_total=Decimal("18000000"),
    min_paid_months=12,
    window_months=24,
    requires_consecutive=False,
    consecutive_months=6,
    claim_deadline_months=6,
    jkn_ppu_required=False,
    required_programs=_REQUIRED_PROGRAMS,
    training_cost_cap=Decimal("2400000"),
    counselling_required_monthly=False,
    bankrupt_closed_rule=True,
    bankrupt_closed_arrears_limit=6,
    employer_payer_arrears_threshold=3,
    employer_reimbursement_request_months=3,
    employer_reimbursement_working_days=7,
    min_job_applications=5,
    min_interviews=1,
    min_training_attendance=Decimal("0.80"),
    withheld_grace_days=5,
    payment_sla_working_days=3,
    max_claims=3,
    second_claim_min_paid_months=60,
    max_registration_age=54,
)

RULE_SETS: tuple[RuleSet, ...] = tuple(sorted((PP37_2021, PP6_2025), key=lambda rs: rs.effective_from))
_NEWEST_FIRST = tuple(reversed(RULE_SETS))


def rule_set_for(d: date) -> RuleSet:
    """The rule set in force on ``d``."""
    for rule_set in _NEWEST_FIRST:
        if d >= rule_set.effective_from:
            return rule_set
    raise NoRuleSetError(
        f"Tidak ada aturan JKP yang berlaku pada {d.isoformat()} "
        f"(JKP berlaku sejak {RULE_SETS[0].effective_from.isoformat()})."
    )


def rule_set_label(code: str) -> str:
    """How people name a rule set: ``PP6_2025`` → ``PP 6/2025``."""
    for rule_set in RULE_SETS:
        if rule_set.code == code:
            return rule_set.legal_basis.split(",")[0]
    return code
