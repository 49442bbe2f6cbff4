"""Pure JKP eligibility engine: ``evaluate(Facts) -> Verdict``.

No Django, no I/O. The caller gathers the facts (contributions, employer,
claim history); the engine applies the rule set in force on the decision date
(see docs/rules.md) and explains every criterion.

Everything that depends only on a month or a date (window month sets, labels,
due dates and their rule sets) is memoised, so one evaluation is a handful of
set operations, Decimal multiplications and string formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from .dates import add_months, age_in_years, day_text, month_range_text, month_text
from .rules import (
    CONTRACT_TYPES,
    EMPLOYER_SIZES,
    EXCLUDED_REASONS,
    JKN_SEGMENTS,
    PHK_REASONS,
    RULE_SETS,
    RuleSet,
    rule_set_for,
)

__all__ = ["Facts", "CriterionResult", "ScheduleMonth", "Verdict", "evaluate"]

_ONE = Decimal(1)
_ZERO = Decimal(0)

_REASON_LABELS = {
    "efficiency": "efisiensi",
    "business_closure": "perusahaan tutup",
    "bankruptcy": "perusahaan pailit",
    "merger_acquisition": "penggabungan/pengambilalihan perusahaan",
    "force_majeure": "keadaan memaksa",
    "company_loss": "perusahaan mengalami kerugian",
    "disciplinary": "pelanggaran disiplin",
    "other": "alasan lain",
    "resignation": "mengundurkan diri",
    "retirement": "pensiun",
    "permanent_total_disability": "cacat total tetap",
    "death": "meninggal dunia",
    "contract_ended": "kontrak kerja berakhir",
}
_SIZE_LABELS = {"micro": "mikro", "small": "kecil", "medium": "menengah", "large": "besar"}

_REASONS = frozenset(PHK_REASONS)
_SIZES = frozenset(EMPLOYER_SIZES)
_CONTRACTS = frozenset(CONTRACT_TYPES)
_SEGMENTS = frozenset(JKN_SEGMENTS)


@dataclass(slots=True, kw_only=True)
class Facts:
    """Everything the engine needs about one claim (or one simulation)."""

    birth_date: date
    jkp_registered_on: date
    employer_size: str  # "micro" | "small" | "medium" | "large"
    programs: frozenset[str]  # e.g. {"JKN", "JKK", "JKM", "JHT", "JP"}
    jkn_segment: str  # "PPU" | "PBI" | "PBPU"
    contract_type: str  # "PKWT" | "PKWTT"
    contract_end_date: date | None
    phk_date: date
    phk_reason: str  # one of PHK_REASONS
    filed_on: date
    decision_date: date
    # (year, month) of contribution months that are PAID; arrears are absent.
    paid_months: frozenset[tuple[int, int]]
    # Wage of the latest paid month up to the PHK month (before the cap).
    last_wage: Decimal
    citizenship: str = "WNI"
    # Consecutive months of employer arrears at the PHK.
    employer_arrears_months: int = 0
    employer_bankrupt_or_closed: bool = False
    # PHK dates of earlier claims that received benefits.
    previous_claim_phk_dates: tuple[date, ...] = ()
    reemployed: bool = False
    kapk_signed: bool = True


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True)
class ScheduleMonth:
    month: int
    due_date: date
    rule_set: str  # the rule set whose rate applies on due_date
    rate: Decimal
    amount: Decimal


def _money(value: Decimal) -> str:
    """Whole rupiah as a plain digit string ("2700000", never "2.7E+6")."""
    if value == value.to_integral_value():
        return f"{value:.0f}"
    return f"{value:f}"


@dataclass(frozen=True, slots=True)
class Verdict:
    eligible: bool
    rule_set: str
    payer: str  # "bpjs" | "employer"
    criteria: tuple[CriterionResult, ...]
    failed: tuple[str, ...]
    claim_deadline: date
    wage_base: Decimal
    schedule: tuple[ScheduleMonth, ...]
    total: Decimal

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready primitives: dates ISO, money whole-rupiah strings, rates "0.60"."""
        return {
            "eligible": self.eligible,
            "rule_set": self.rule_set,
            "payer": self.payer,
            "criteria": [{"code": c.code, "passed": c.passed, "detail": c.detail} for c in self.criteria],
            "failed": list(self.failed),
            "claim_deadline": self.claim_deadline.isoformat(),
            "wage_base": _money(self.wage_base),
            "schedule": [
                {
                    "month": m.month,
                    "due_date": m.due_date.isoformat(),
                    "rate": f"{m.rate:.2f}",
                    "amount": _money(m.amount),
                    "rule_set": m.rule_set,
                }
                for m in self.schedule
            ],
            "total": _money(self.total),
        }


# ---------------------------------------------------------------------------
# Precomputed results and memoised per-month / per-date data. CriterionResult
# is immutable, so results whose detail depends only on a code, a month or a
# count are built once and shared between verdicts.

_PROGRAM_ORDER = ("JKN", "JKK", "JKM", "JHT", "JP")

_CITIZEN_OK = CriterionResult("NOT_CITIZEN", True, "kewarganegaraan WNI")
_PKWTT_OK = CriterionResult("PKWT_CONTRACT_ENDED", True, "PKWTT: tidak berlaku")
_PKWT_REASON_FAIL = CriterionResult("PKWT_CONTRACT_ENDED", False, "alasan PHK kontrak kerja berakhir")
_PKWT_NO_END_OK = CriterionResult(
    "PKWT_CONTRACT_ENDED", True, "PKWT tanpa tanggal akhir; alasan PHK bukan kontrak berakhir"
)
_CONSECUTIVE_NOT_FIRST = CriterionResult("NOT_CONSECUTIVE", True, "tidak berlaku untuk klaim kedua/ketiga")
_REEMPLOYED = (
    CriterionResult("REEMPLOYED", True, "belum bekerja kembali sebagai penerima upah (PU)"),
    CriterionResult("REEMPLOYED", False, "sudah bekerja kembali sebagai penerima upah (PU)"),
)
_KAPK = (
    CriterionResult("NOT_WILLING_TO_WORK", False, "KAPK belum ditandatangani"),
    CriterionResult("NOT_WILLING_TO_WORK", True, "KAPK sudah ditandatangani"),
)
_EXCLUDED = {
    reason: CriterionResult(
        "EXCLUDED_REASON",
        reason not in EXCLUDED_REASONS,
        f"alasan PHK {_REASON_LABELS[reason]} "
        + ("dikecualikan" if reason in EXCLUDED_REASONS else "tidak dikecualikan"),
    )
    for reason in PHK_REASONS
}


class _Context:
    """One rule set's numbers plus the results that depend only on them."""

    __slots__ = (
        "rs",
        "code",
        "basis",
        "window_months",
        "min_paid",
        "second_min",
        "consecutive",
        "consecutive_months",
        "deadline_months",
        "max_claims",
        "max_age",
        "ppu_required",
        "arrears_threshold",
        "bankrupt_rule",
        "bankrupt_limit",
        "wage_cap",
        "programs",
        "programs_ok",
        "consecutive_na",
        "claim_limit",
    )

    def __init__(self, rs: RuleSet) -> None:
        self.rs = rs
        self.code = rs.code
        self.window_months = rs.window_months
        self.min_paid = rs.min_paid_months
        self.second_min = rs.second_claim_min_paid_months
        self.consecutive = rs.requires_consecutive
        self.consecutive_months = rs.consecutive_months
        self.deadline_months = rs.claim_deadline_months
        self.max_claims = rs.max_claims
        self.max_age = rs.max_registration_age
        self.ppu_required = rs.jkn_ppu_required
        self.arrears_threshold = rs.employer_payer_arrears_threshold
        self.bankrupt_rule = rs.bankrupt_closed_rule
        self.bankrupt_limit = rs.bankrupt_closed_arrears_limit
        self.wage_cap = rs.wage_cap
        # size -> (required programmes, "JKN, JKK, ...")
        self.programs = {}
        self.programs_ok = {}
        for size in EMPLOYER_SIZES:
            required = rs.programs_required_for(size)
            text = ", ".join(p for p in _PROGRAM_ORDER if p in required)
            self.programs[size] = (required, text)
            for segment in JKN_SEGMENTS:
                self.programs_ok[size, segment] = CriterionResult(
                    "PROGRAMS_INCOMPLETE",
                    True,
                    f"terdaftar {text} sesuai usaha {_SIZE_LABELS[size]}; segmen JKN {segment}",
                )
        self.basis = rs.legal_basis.split(",")[0]  # "PP 6/2025": how a person names the rule set
        self.consecutive_na = CriterionResult("NOT_CONSECUTIVE", True, f"tidak berlaku menurut {self.basis}")
        self.claim_limit = tuple(
            CriterionResult(
                "CLAIM_LIMIT_REACHED",
                n < rs.max_claims,
                f"{n} klaim sebelumnya menerima manfaat (maksimal {rs.max_claims})",
            )
            for n in range(rs.max_claims + 1)
        )


_CONTEXTS = {rs.code: _Context(rs) for rs in RULE_SETS}


@lru_cache(maxsize=4096)
def _window(phk_idx: int, months: int, need: int) -> tuple[frozenset, tuple[CriterionResult, ...]]:
    """The contribution window ending with the PHK month, and the result for each count."""
    first = phk_idx - months + 1
    window = frozenset((i // 12, i % 12 + 1) for i in range(first, phk_idx + 1))
    label = month_range_text(first, phk_idx)
    results = tuple(
        CriterionResult(
            "INSUFFICIENT_CONTRIBUTIONS",
            count >= need,
            f"{count} bulan iuran lunas pada {label} (minimal {need})",
        )
        for count in range(months + 1)
    )
    return window, results


@lru_cache(maxsize=4096)
def _runs(phk_idx: int, length: int) -> tuple:
    """Runs of ``length`` months ending in the PHK month and in the month before, each
    with its passing result, then the failing result."""
    out = []
    labels = []
    for end in (phk_idx, phk_idx - 1):
        first = end - length + 1
        run = frozenset((i // 12, i % 12 + 1) for i in range(first, end + 1))
        label = month_range_text(first, end)
        labels.append(label)
        out.append(run)
        out.append(CriterionResult("NOT_CONSECUTIVE", True, f"{length} bulan berturut-turut lunas pada {label}"))
    out.append(
        CriterionResult(
            "NOT_CONSECUTIVE",
            False,
            f"tidak ada {length} bulan iuran lunas berturut-turut pada {labels[0]} atau {labels[1]}",
        )
    )
    return tuple(out)


@lru_cache(maxsize=4096)
def _decided_on(decision_date: date) -> tuple[_Context, tuple]:
    """The governing rule set's context and the payment plan:
    (month, due date, rule set code, rate, max) for months 1..6.

    The number of months is the governing rule set's; each month's rate and
    ceiling come from the rule set in force on its due date (transition rule).
    """
    governing = rule_set_for(decision_date)
    plan = []
    for k in range(1, governing.benefit_months + 1):
        due = add_months(decision_date, k - 1)
        rs = rule_set_for(due)
        plan.append((k, due, rs.code, rs.rates[k - 1], rs.max_per_month[k - 1]))
    return _CONTEXTS[governing.code], tuple(plan)


# ---------------------------------------------------------------------------


def _check_enums(f: Facts) -> None:
    if f.phk_reason not in _REASONS:
        raise ValueError(f"unknown phk_reason {f.phk_reason!r}; expected one of {PHK_REASONS}")
    if f.employer_size not in _SIZES:
        raise ValueError(f"unknown employer_size {f.employer_size!r}")
    if f.contract_type not in _CONTRACTS:
        raise ValueError(f"unknown contract_type {f.contract_type!r}")
    if f.jkn_segment not in _SEGMENTS:
        raise ValueError(f"unknown jkn_segment {f.jkn_segment!r}")


def evaluate(facts: Facts) -> Verdict:
    """Apply the rule set in force on ``facts.decision_date`` to ``facts``.

    Raises ``NoRuleSetError`` for a decision date before JKP existed and
    ``ValueError``/``TypeError`` for malformed facts (unknown codes, float or
    negative wages); an ineligible claim is a verdict, never an exception.
    """
    f = facts
    reason = f.phk_reason
    size = f.employer_size
    segment = f.jkn_segment
    contract = f.contract_type
    if reason not in _REASONS or size not in _SIZES or contract not in _CONTRACTS or segment not in _SEGMENTS:
        _check_enums(f)
    wage = f.last_wage
    if type(wage) is not Decimal:
        if isinstance(wage, bool) or not isinstance(wage, (int, Decimal)):
            raise TypeError("last_wage must be a Decimal (money is never float)")
        wage = Decimal(wage)
    if wage < 0:
        raise ValueError("last_wage must not be negative")

    ctx, plan = _decided_on(f.decision_date)
    paid = f.paid_months
    phk = f.phk_date
    phk_idx = phk.year * 12 + phk.month - 1
    previous = f.previous_claim_phk_dates

    # NOT_CITIZEN
    if f.citizenship == "WNI":
        r_citizen = _CITIZEN_OK
    else:
        r_citizen = CriterionResult("NOT_CITIZEN", False, f"kewarganegaraan {f.citizenship}, bukan WNI")

    # AGE_AT_REGISTRATION
    reg = f.jkp_registered_on
    age = age_in_years(f.birth_date, reg)
    r_age = CriterionResult(
        "AGE_AT_REGISTRATION",
        age < ctx.max_age,
        f"usia {age} tahun pada pendaftaran JKP {day_text(reg)} (harus di bawah {ctx.max_age})",
    )

    # PROGRAMS_INCOMPLETE
    required, required_text = ctx.programs[size]
    missing = required - f.programs if not required.issubset(f.programs) else None
    bad_segment = ctx.ppu_required and segment != "PPU"
    if missing or bad_segment:
        problems = []
        if missing:
            problems.append("tidak terdaftar " + ", ".join(p for p in _PROGRAM_ORDER if p in missing))
        if bad_segment:
            problems.append(f"segmen JKN {segment}, {ctx.basis} mewajibkan PPU")
        r_programs = CriterionResult(
            "PROGRAMS_INCOMPLETE",
            False,
            "; ".join(problems) + f" (usaha {_SIZE_LABELS[size]} wajib {required_text})",
        )
    else:
        r_programs = ctx.programs_ok[size, segment]

    # EXCLUDED_REASON
    r_reason = _EXCLUDED[reason]

    # PKWT_CONTRACT_ENDED: the file reads "PKWT and PHK on/after the end date,
    # or the reason is contract_ended" -- the reason alone fails whatever the
    # contract type (it is listed with the excluded reasons).
    if reason == "contract_ended":
        r_pkwt = _PKWT_REASON_FAIL
    elif contract != "PKWT":
        r_pkwt = _PKWTT_OK
    else:
        end = f.contract_end_date
        if end is None:
            r_pkwt = _PKWT_NO_END_OK
        elif phk >= end:
            r_pkwt = CriterionResult(
                "PKWT_CONTRACT_ENDED",
                False,
                f"PHK {day_text(phk)} pada/setelah akhir PKWT {day_text(end)}",
            )
        else:
            r_pkwt = CriterionResult(
                "PKWT_CONTRACT_ENDED",
                True,
                f"PHK {day_text(phk)} sebelum akhir PKWT {day_text(end)}",
            )

    # INSUFFICIENT_CONTRIBUTIONS and NOT_CONSECUTIVE
    if not previous:
        window, by_count = _window(phk_idx, ctx.window_months, ctx.min_paid)
        r_contrib = by_count[len(window.intersection(paid))]
        if not ctx.consecutive:
            r_consecutive = ctx.consecutive_na
        else:
            run_a, ok_a, run_b, ok_b, fail = _runs(phk_idx, ctx.consecutive_months)
            if run_a.issubset(paid):
                r_consecutive = ok_a
            elif run_b.issubset(paid):
                r_consecutive = ok_b
            else:
                r_consecutive = fail
    else:
        latest = max(previous)
        prev_idx = latest.year * 12 + latest.month - 1
        count = 0
        for y, m in paid:
            if prev_idx < y * 12 + m - 1 <= phk_idx:
                count += 1
        need = ctx.second_min
        r_contrib = CriterionResult(
            "INSUFFICIENT_CONTRIBUTIONS",
            count >= need,
            f"{count} bulan iuran lunas setelah PHK klaim sebelumnya "
            f"({month_text(prev_idx)}) s.d. {month_text(phk_idx)} (minimal {need})",
        )
        r_consecutive = _CONSECUTIVE_NOT_FIRST if ctx.consecutive else ctx.consecutive_na

    # CLAIM_DEADLINE_PASSED
    months = ctx.deadline_months
    deadline = add_months(phk, months)
    filed = f.filed_on
    r_deadline = CriterionResult(
        "CLAIM_DEADLINE_PASSED",
        filed <= deadline,
        f"diajukan {day_text(filed)}, batas {day_text(deadline)} (PHK + {months} bulan)",
    )

    # CLAIM_LIMIT_REACHED
    n_prev = len(previous)
    if n_prev <= ctx.max_claims:
        r_limit = ctx.claim_limit[n_prev]
    else:
        r_limit = CriterionResult(
            "CLAIM_LIMIT_REACHED",
            False,
            f"{n_prev} klaim sebelumnya menerima manfaat (maksimal {ctx.max_claims})",
        )

    criteria = (
        r_citizen,
        r_age,
        r_programs,
        r_reason,
        r_pkwt,
        r_contrib,
        r_consecutive,
        r_deadline,
        r_limit,
        _REEMPLOYED[bool(f.reemployed)],
        _KAPK[bool(f.kapk_signed)],
    )

    # Payer: does not affect eligibility.
    arrears = f.employer_arrears_months
    if arrears <= ctx.arrears_threshold or (
        ctx.bankrupt_rule and f.employer_bankrupt_or_closed and arrears <= ctx.bankrupt_limit
    ):
        payer = "bpjs"
    else:
        payer = "employer"

    cap = ctx.wage_cap
    wage_base = wage if wage < cap else cap

    failed = tuple([c.code for c in criteria if not c.passed])
    if failed:
        return Verdict(False, ctx.code, payer, criteria, failed, deadline, wage_base, (), _ZERO)

    schedule = []
    total = _ZERO
    for k, due, code, rate, ceiling in plan:
        amount = (rate * wage_base).quantize(_ONE, rounding=ROUND_HALF_UP)
        if amount > ceiling:
            amount = ceiling
        total += amount
        schedule.append(ScheduleMonth(k, due, code, rate, amount))
    return Verdict(True, ctx.code, payer, criteria, (), deadline, wage_base, tuple(schedule), total)
