"""The eligibility engine against docs/rules.md.

Pure tests: no database, no Django. Worked cases first (one table), then
properties that must hold for any facts.
"""

from __future__ import annotations

import calendar
import dataclasses
import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.eligibility import (
    CRITERIA_CODES,
    EXCLUDED_REASONS,
    PHK_REASONS,
    RULE_SETS,
    Facts,
    NoRuleSetError,
    RuleSet,
    add_months,
    evaluate,
    rule_set_for,
)

D = Decimal
ALL_PROGRAMS = frozenset({"JKN", "JKK", "JKM", "JHT", "JP"})


def months(start: tuple[int, int], end: tuple[int, int]) -> frozenset[tuple[int, int]]:
    """Paid months from ``start`` to ``end`` inclusive, as (year, month)."""
    out = set()
    y, m = start
    while (y, m) <= end:
        out.add((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return frozenset(out)


def api_example(**changes) -> Facts:
    """The worked example from the API issue; keyword changes override it."""
    facts = Facts(
        citizenship="WNI",
        birth_date=date(1990, 5, 1),
        jkp_registered_on=date(2022, 1, 10),
        employer_size="medium",
        programs=ALL_PROGRAMS,
        jkn_segment="PPU",
        contract_type="PKWT",
        contract_end_date=date(2026, 12, 31),
        phk_date=date(2025, 6, 15),
        phk_reason="efficiency",
        filed_on=date(2025, 7, 1),
        decision_date=date(2025, 7, 3),
        paid_months=months((2023, 7), (2025, 6)),
        last_wage=D("4500000"),
    )
    return dataclasses.replace(facts, **changes)


def pp37_example(**changes) -> Facts:
    """A first claim decided under PP37_2021, paid out before the transition."""
    base = dict(
        phk_date=date(2024, 3, 15),
        filed_on=date(2024, 4, 1),
        decision_date=date(2024, 4, 5),
        paid_months=months((2022, 4), (2024, 3)),
        last_wage=D("6000000"),
    )
    base.update(changes)
    return api_example(**base)


def second_claim(**changes) -> Facts:
    """A second claim: previous claim's PHK in 2020-03, this PHK 15 Jun 2025."""
    base = dict(previous_claim_phk_dates=(date(2020, 3, 10),))
    base.update(changes)
    return api_example(**base)


def pp6_month_end(**changes) -> Facts:
    """PHK on 2025-08-31: the 6-month deadline is 2026-02-28."""
    base = dict(
        phk_date=date(2025, 8, 31),
        filed_on=date(2025, 9, 2),
        decision_date=date(2026, 3, 5),
        paid_months=months((2023, 9), (2025, 8)),
    )
    base.update(changes)
    return api_example(**base)


def scattered_pp37(**changes) -> Facts:
    """12 paid months in the PP37 window, but every other month only."""
    paid = frozenset(m for i, m in enumerate(sorted(months((2022, 4), (2024, 3)))) if i % 2)
    base = dict(paid_months=paid)
    base.update(changes)
    return pp37_example(**base)


def _x6(amount: str) -> tuple[Decimal, ...]:
    return (D(amount),) * 6


# Each case: facts, then the expected verdict fields (only those given are checked).
# "amounts"/"rule_sets" are per schedule month; "failed" is the exact tuple.
WORKED_CASES = [
    pytest.param(
        api_example(),
        dict(
            eligible=True,
            rule_set="PP6_2025",
            payer="bpjs",
            failed=(),
            claim_deadline=date(2025, 12, 15),
            wage_base=D("4500000"),
            amounts=_x6("2700000"),
            rule_sets=("PP6_2025",) * 6,
            total=D("16200000"),
            first_due=date(2025, 7, 3),
            last_due=date(2025, 12, 3),
        ),
        id="api-example",
    ),
    pytest.param(
        pp37_example(),
        dict(
            eligible=True,
            rule_set="PP37_2021",
            claim_deadline=date(2024, 6, 15),
            wage_base=D("5000000"),
            amounts=(D("2250000"),) * 3 + (D("1250000"),) * 3,
            rule_sets=("PP37_2021",) * 6,
            total=D("10500000"),
            first_due=date(2024, 4, 5),
            last_due=date(2024, 9, 5),
        ),
        id="pp37-wage-capped-45-25",
    ),
    pytest.param(
        pp37_example(
            phk_date=date(2024, 11, 1),
            filed_on=date(2024, 11, 10),
            decision_date=date(2024, 11, 20),
            paid_months=months((2022, 12), (2024, 11)),
            last_wage=D("4000000"),
        ),
        dict(
            eligible=True,
            rule_set="PP37_2021",
            claim_deadline=date(2025, 2, 1),
            amounts=(D("1800000"),) * 3 + (D("2400000"),) * 3,
            rule_sets=("PP37_2021",) * 3 + ("PP6_2025",) * 3,
            rates=(D("0.45"),) * 3 + (D("0.60"),) * 3,
            total=D("12600000"),
            first_due=date(2024, 11, 20),
        ),
        id="transition-decided-2024-11-20",
    ),
    pytest.param(
        pp37_example(
            phk_date=date(2024, 11, 1),
            filed_on=date(2024, 11, 10),
            decision_date=date(2024, 12, 1),
            paid_months=months((2022, 12), (2024, 11)),
        ),
        dict(
            eligible=True,
            rule_set="PP37_2021",
            # 2025-02-01 is still before 2025-02-07: PP37 rate; later months 60 %, max 3,000,000.
            amounts=(D("2250000"),) * 3 + (D("3000000"),) * 3,
            rule_sets=("PP37_2021",) * 3 + ("PP6_2025",) * 3,
            total=D("15750000"),
        ),
        id="transition-decided-2024-12-01",
    ),
    pytest.param(
        pp37_example(
            phk_date=date(2024, 8, 20),
            filed_on=date(2024, 9, 1),
            decision_date=date(2024, 9, 7),
            paid_months=months((2022, 9), (2024, 8)),
            last_wage=D("5000000"),
        ),
        dict(
            eligible=True,
            rule_set="PP37_2021",
            # Month 6 falls due exactly on 2025-02-07: the PP6 rate applies from that day.
            amounts=(D("2250000"),) * 3 + (D("1250000"),) * 2 + (D("3000000"),),
            rule_sets=("PP37_2021",) * 5 + ("PP6_2025",),
            last_due=date(2025, 2, 7),
            total=D("12250000"),
        ),
        id="transition-due-on-2025-02-07",
    ),
    pytest.param(
        api_example(contract_end_date=date(2025, 6, 15)),
        dict(eligible=False, failed=("PKWT_CONTRACT_ENDED",), amounts=(), total=D("0")),
        id="pkwt-phk-on-end-date",
    ),
    pytest.param(
        api_example(contract_end_date=date(2025, 6, 1)),
        dict(eligible=False, failed=("PKWT_CONTRACT_ENDED",)),
        id="pkwt-phk-after-end-date",
    ),
    pytest.param(
        api_example(contract_end_date=date(2025, 6, 16)),
        dict(eligible=True),
        id="pkwt-phk-day-before-end-date",
    ),
    pytest.param(
        api_example(phk_reason="contract_ended"),
        dict(eligible=False, failed=("PKWT_CONTRACT_ENDED",)),
        id="pkwt-reason-contract-ended",
    ),
    pytest.param(
        api_example(contract_end_date=None, phk_reason="contract_ended"),
        dict(eligible=False, failed=("PKWT_CONTRACT_ENDED",)),
        id="pkwt-no-end-date-reason-contract-ended",
    ),
    pytest.param(
        api_example(contract_end_date=None),
        dict(eligible=True),
        id="pkwt-no-end-date-efficiency",
    ),
    pytest.param(
        api_example(contract_type="PKWTT", contract_end_date=None),
        dict(eligible=True),
        id="pkwtt",
    ),
    pytest.param(
        api_example(employer_arrears_months=3),
        dict(eligible=True, payer="bpjs"),
        id="arrears-3-bpjs",
    ),
    pytest.param(
        api_example(employer_arrears_months=4),
        dict(eligible=True, payer="employer", total=D("16200000")),
        id="arrears-4-employer-still-eligible",
    ),
    pytest.param(
        api_example(employer_arrears_months=5, employer_bankrupt_or_closed=True),
        dict(eligible=True, rule_set="PP6_2025", payer="bpjs"),
        id="pp6-bankrupt-arrears-5-bpjs",
    ),
    pytest.param(
        api_example(employer_arrears_months=6, employer_bankrupt_or_closed=True),
        dict(payer="bpjs"),
        id="pp6-bankrupt-arrears-6-bpjs",
    ),
    pytest.param(
        api_example(employer_arrears_months=7, employer_bankrupt_or_closed=True),
        dict(eligible=True, payer="employer"),
        id="pp6-bankrupt-arrears-7-employer",
    ),
    pytest.param(
        pp37_example(employer_arrears_months=5, employer_bankrupt_or_closed=True),
        dict(eligible=True, rule_set="PP37_2021", payer="employer"),
        id="pp37-bankrupt-arrears-5-employer",
    ),
    pytest.param(
        second_claim(paid_months=months((2020, 7), (2025, 6))),
        dict(eligible=True),
        id="second-claim-60-months",
    ),
    pytest.param(
        second_claim(paid_months=months((2020, 8), (2025, 6))),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="second-claim-59-months",
    ),
    pytest.param(
        # 2020-03 is the previous PHK month itself and does not count: 59 left.
        second_claim(
            phk_date=date(2025, 2, 15),
            filed_on=date(2025, 3, 1),
            decision_date=date(2025, 3, 3),
            paid_months=months((2020, 3), (2025, 2)),
        ),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="second-claim-previous-phk-month-excluded",
    ),
    pytest.param(
        # Months after this PHK month do not count either.
        second_claim(paid_months=months((2020, 8), (2025, 6)) | {(2025, 7)}),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="second-claim-month-after-phk-excluded",
    ),
    pytest.param(
        second_claim(
            previous_claim_phk_dates=(date(2014, 1, 5), date(2020, 3, 10)),
            paid_months=months((2020, 7), (2025, 6)),
        ),
        dict(eligible=True),
        id="third-claim-60-months-after-latest",
    ),
    pytest.param(
        # Counted from the LATEST previous PHK, whatever order the dates come in:
        # 59 paid months after 2020-03 although many more since 2014.
        second_claim(
            previous_claim_phk_dates=(date(2014, 1, 5), date(2020, 3, 10)),
            paid_months=months((2014, 1), (2025, 6)) - months((2020, 4), (2020, 7)),
        ),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="third-claim-59-months-after-latest",
    ),
    pytest.param(
        second_claim(
            previous_claim_phk_dates=(date(2020, 3, 10), date(2014, 1, 5)),
            paid_months=months((2014, 1), (2025, 6)) - months((2020, 4), (2020, 7)),
        ),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="third-claim-59-months-after-latest-listed-first",
    ),
    pytest.param(
        second_claim(
            previous_claim_phk_dates=(date(2008, 1, 5), date(2014, 1, 5), date(2020, 3, 10)),
            paid_months=months((2008, 1), (2025, 6)),
        ),
        dict(eligible=False, failed=("CLAIM_LIMIT_REACHED",)),
        id="fourth-claim-limit-reached",
    ),
    pytest.param(
        second_claim(paid_months=months((2020, 7), (2025, 6)) - {(2025, 5)}),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="second-claim-gap-59",
    ),
    pytest.param(
        api_example(filed_on=date(2025, 12, 15), decision_date=date(2025, 12, 18)),
        dict(eligible=True, claim_deadline=date(2025, 12, 15)),
        id="pp6-filed-on-deadline",
    ),
    pytest.param(
        api_example(filed_on=date(2025, 12, 16), decision_date=date(2025, 12, 18)),
        dict(eligible=False, failed=("CLAIM_DEADLINE_PASSED",)),
        id="pp6-filed-day-after-deadline",
    ),
    pytest.param(
        pp6_month_end(filed_on=date(2026, 2, 28)),
        dict(eligible=True, claim_deadline=date(2026, 2, 28)),
        id="pp6-2025-08-31-plus-6-filed-2026-02-28",
    ),
    pytest.param(
        pp6_month_end(filed_on=date(2026, 3, 1)),
        dict(eligible=False, failed=("CLAIM_DEADLINE_PASSED",), claim_deadline=date(2026, 2, 28)),
        id="pp6-2025-08-31-plus-6-filed-2026-03-01",
    ),
    pytest.param(
        pp37_example(filed_on=date(2024, 6, 15), decision_date=date(2024, 6, 20)),
        dict(eligible=True, claim_deadline=date(2024, 6, 15)),
        id="pp37-filed-on-deadline",
    ),
    pytest.param(
        pp37_example(filed_on=date(2024, 6, 16), decision_date=date(2024, 6, 20)),
        dict(eligible=False, failed=("CLAIM_DEADLINE_PASSED",)),
        id="pp37-filed-day-after-deadline",
    ),
    pytest.param(
        pp37_example(
            phk_date=date(2023, 11, 30),
            filed_on=date(2024, 2, 29),
            decision_date=date(2024, 3, 5),
            paid_months=months((2021, 12), (2023, 11)),
        ),
        dict(eligible=True, claim_deadline=date(2024, 2, 29)),
        id="pp37-2023-11-30-plus-3-leap",
    ),
    pytest.param(
        pp37_example(
            phk_date=date(2023, 11, 30),
            filed_on=date(2024, 3, 1),
            decision_date=date(2024, 3, 5),
            paid_months=months((2021, 12), (2023, 11)),
        ),
        dict(eligible=False, failed=("CLAIM_DEADLINE_PASSED",)),
        id="pp37-2023-11-30-plus-3-day-after",
    ),
    pytest.param(
        # Decided the day before PP6: PP37's 3-month deadline governs.
        pp37_example(
            phk_date=date(2024, 10, 15),
            filed_on=date(2025, 2, 5),
            decision_date=date(2025, 2, 6),
            paid_months=months((2022, 11), (2024, 10)),
        ),
        dict(eligible=False, rule_set="PP37_2021", failed=("CLAIM_DEADLINE_PASSED",), claim_deadline=date(2025, 1, 15)),
        id="deadline-from-decision-date-pp37",
    ),
    pytest.param(
        # Same claim decided on 2025-02-07: PP6's 6-month deadline governs.
        pp37_example(
            phk_date=date(2024, 10, 15),
            filed_on=date(2025, 2, 5),
            decision_date=date(2025, 2, 7),
            paid_months=months((2022, 11), (2024, 10)),
        ),
        dict(eligible=True, rule_set="PP6_2025", claim_deadline=date(2025, 4, 15)),
        id="deadline-from-decision-date-pp6",
    ),
    pytest.param(
        pp37_example(jkn_segment="PBPU"),
        dict(eligible=False, failed=("PROGRAMS_INCOMPLETE",)),
        id="pp37-pbpu-fails",
    ),
    pytest.param(
        api_example(jkn_segment="PBPU"),
        dict(eligible=True),
        id="pp6-pbpu-passes",
    ),
    pytest.param(
        api_example(jkn_segment="PBI"),
        dict(eligible=True),
        id="pp6-pbi-passes",
    ),
    pytest.param(
        api_example(employer_size="small", programs=ALL_PROGRAMS - {"JP"}),
        dict(eligible=True),
        id="small-without-jp-passes",
    ),
    pytest.param(
        api_example(employer_size="micro", programs=ALL_PROGRAMS - {"JP"}),
        dict(eligible=True),
        id="micro-without-jp-passes",
    ),
    pytest.param(
        api_example(employer_size="medium", programs=ALL_PROGRAMS - {"JP"}),
        dict(eligible=False, failed=("PROGRAMS_INCOMPLETE",)),
        id="medium-without-jp-fails",
    ),
    pytest.param(
        api_example(employer_size="large", programs=ALL_PROGRAMS - {"JP"}),
        dict(eligible=False, failed=("PROGRAMS_INCOMPLETE",)),
        id="large-without-jp-fails",
    ),
    pytest.param(
        api_example(employer_size="small", programs=ALL_PROGRAMS - {"JHT"}),
        dict(eligible=False, failed=("PROGRAMS_INCOMPLETE",)),
        id="small-without-jht-fails",
    ),
    pytest.param(
        api_example(birth_date=date(1968, 1, 11), jkp_registered_on=date(2022, 1, 10)),
        dict(eligible=True),
        id="age-53y364d-passes",
    ),
    pytest.param(
        api_example(birth_date=date(1968, 1, 11), jkp_registered_on=date(2022, 1, 11)),
        dict(eligible=False, failed=("AGE_AT_REGISTRATION",)),
        id="age-exactly-54-fails",
    ),
    pytest.param(
        # Leap-day birthday: month arithmetic puts the 54th birthday on 2022-02-28.
        api_example(birth_date=date(1968, 2, 29), jkp_registered_on=date(2022, 2, 27)),
        dict(eligible=True),
        id="age-feb29-day-before-birthday-passes",
    ),
    pytest.param(
        api_example(birth_date=date(1968, 2, 29), jkp_registered_on=date(2022, 2, 28)),
        dict(eligible=False, failed=("AGE_AT_REGISTRATION",)),
        id="age-feb29-54-on-feb28",
    ),
    pytest.param(
        api_example(birth_date=date(1964, 2, 29), jkp_registered_on=date(2018, 2, 28)),
        dict(eligible=False, failed=("AGE_AT_REGISTRATION",)),
        id="age-feb29-54-on-feb28-other-year",
    ),
    pytest.param(
        scattered_pp37(),
        dict(eligible=False, failed=("NOT_CONSECUTIVE",)),
        id="pp37-12-scattered-months-not-consecutive",
    ),
    pytest.param(
        api_example(paid_months=frozenset(m for i, m in enumerate(sorted(months((2023, 7), (2025, 6)))) if i % 2)),
        dict(eligible=True),
        id="pp6-12-scattered-months-pass",
    ),
    pytest.param(
        # Second claim under PP37: the consecutive rule is for first claims only.
        # Runs of at most 4 months, 88 paid months since the previous PHK.
        pp37_example(
            previous_claim_phk_dates=(date(2015, 1, 10),),
            paid_months=frozenset(m for i, m in enumerate(sorted(months((2015, 2), (2024, 3)))) if i % 5 != 4),
        ),
        dict(eligible=True),
        id="pp37-second-claim-consecutive-does-not-apply",
    ),
    pytest.param(
        pp37_example(paid_months=months((2022, 4), (2024, 2))),
        dict(eligible=True),
        id="pp37-run-ends-month-before-phk",
    ),
    pytest.param(
        pp37_example(paid_months=months((2022, 4), (2024, 1))),
        dict(eligible=False, failed=("NOT_CONSECUTIVE",)),
        id="pp37-run-ends-two-months-before-phk",
    ),
    pytest.param(
        pp37_example(paid_months=months((2023, 10), (2024, 3)) | frozenset(sorted(months((2022, 4), (2023, 8)))[::2])),
        dict(eligible=True),
        id="pp37-exactly-6-consecutive",
    ),
    pytest.param(
        pp37_example(paid_months=months((2023, 11), (2024, 3)) | frozenset(sorted(months((2022, 4), (2023, 9)))[::2])),
        dict(eligible=False, failed=("NOT_CONSECUTIVE",)),
        id="pp37-only-5-consecutive",
    ),
    pytest.param(
        api_example(paid_months=months((2024, 8), (2025, 6)) | months((2023, 1), (2023, 6))),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="11-in-window-plus-months-before-window",
    ),
    pytest.param(
        api_example(paid_months=months((2023, 7), (2023, 7)) | months((2024, 8), (2025, 6))),
        dict(eligible=True),
        id="12-in-window-first-month-counts",
    ),
    pytest.param(
        api_example(paid_months=months((2024, 8), (2025, 6)) | {(2025, 7), (2023, 6)}),
        dict(eligible=False, failed=("INSUFFICIENT_CONTRIBUTIONS",)),
        id="months-just-outside-window-do-not-count",
    ),
    pytest.param(
        api_example(citizenship="WNA"),
        dict(eligible=False, failed=("NOT_CITIZEN",)),
        id="not-citizen",
    ),
    pytest.param(
        api_example(reemployed=True),
        dict(eligible=False, failed=("REEMPLOYED",)),
        id="reemployed",
    ),
    pytest.param(
        api_example(kapk_signed=False),
        dict(eligible=False, failed=("NOT_WILLING_TO_WORK",)),
        id="kapk-not-signed",
    ),
    pytest.param(
        api_example(citizenship="WNA", reemployed=True, phk_reason="death", paid_months=frozenset()),
        dict(eligible=False, failed=("NOT_CITIZEN", "EXCLUDED_REASON", "INSUFFICIENT_CONTRIBUTIONS", "REEMPLOYED")),
        id="several-failures-in-file-order",
    ),
    pytest.param(
        # 1,000,010 × 0.45 = 450,004.5 and × 0.25 = 250,002.5: half up, not half even.
        pp37_example(last_wage=D("1000010")),
        dict(amounts=(D("450005"),) * 3 + (D("250003"),) * 3, total=D("2100024")),
        id="round-half-up-not-half-even",
    ),
    pytest.param(
        api_example(last_wage=D("4500001")),
        dict(amounts=_x6("2700001"), total=D("16200006")),
        id="round-up-from-0.6",
    ),
    pytest.param(
        api_example(last_wage=D("4166667.40")),
        dict(wage_base=D("4166667.40"), amounts=_x6("2500000"), total=D("15000000")),
        id="fractional-wage-rounded-once",
    ),
    pytest.param(
        api_example(last_wage=D("5000000")),
        dict(amounts=_x6("3000000"), total=D("18000000")),
        id="pp6-wage-at-cap",
    ),
    pytest.param(
        api_example(last_wage=D("25000000")),
        dict(wage_base=D("5000000"), amounts=_x6("3000000"), total=D("18000000")),
        id="pp6-wage-above-cap",
    ),
]


@pytest.mark.parametrize("facts, expected", WORKED_CASES)
def test_worked_cases(facts: Facts, expected: dict) -> None:
    """Each worked case from the rules file gives exactly the expected verdict."""
    verdict = evaluate(facts)
    for key in ("eligible", "rule_set", "payer", "failed", "claim_deadline", "wage_base", "total"):
        if key in expected:
            assert getattr(verdict, key) == expected[key], key
    if "amounts" in expected:
        assert tuple(m.amount for m in verdict.schedule) == expected["amounts"]
    if "rule_sets" in expected:
        assert tuple(m.rule_set for m in verdict.schedule) == expected["rule_sets"]
    if "rates" in expected:
        assert tuple(m.rate for m in verdict.schedule) == expected["rates"]
    if "first_due" in expected:
        assert verdict.schedule[0].due_date == expected["first_due"]
    if "last_due" in expected:
        assert verdict.schedule[-1].due_date == expected["last_due"]
    # Whatever else the case says, the failure list and the criteria agree.
    assert verdict.failed == tuple(c.code for c in verdict.criteria if not c.passed)


@pytest.mark.parametrize("reason", sorted(EXCLUDED_REASONS))
def test_every_excluded_reason_fails_only_that_criterion(reason: str) -> None:
    """Resignation, retirement, permanent total disability and death give no benefit."""
    verdict = evaluate(api_example(phk_reason=reason))
    assert verdict.failed == ("EXCLUDED_REASON",)
    assert verdict.schedule == () and verdict.total == 0


@pytest.mark.parametrize("reason", [r for r in PHK_REASONS if r not in EXCLUDED_REASONS and r != "contract_ended"])
def test_other_reasons_are_not_excluded(reason: str) -> None:
    """Every other reason the portal knows (contract_ended aside) leaves the claim eligible."""
    assert evaluate(api_example(phk_reason=reason)).eligible


def test_reason_lists_match_rules_file() -> None:
    """The portal knows exactly the 13 reasons the rules file names; 4 are excluded."""
    assert set(PHK_REASONS) == {
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
    }
    assert len(PHK_REASONS) == 13
    assert {"resignation", "retirement", "permanent_total_disability", "death"} == EXCLUDED_REASONS
    assert CRITERIA_CODES == (
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


def test_api_example_as_dict() -> None:
    """as_dict() gives the API's JSON shape: money as whole-rupiah strings, rates "0.60"."""
    data = evaluate(api_example(last_wage=D("4500000.00"))).as_dict()
    json.dumps(data)  # JSON-ready primitives only
    assert [c["code"] for c in data["criteria"]] == list(CRITERIA_CODES)
    assert all(c["passed"] is True and c["detail"] for c in data["criteria"])
    assert data["criteria"][5]["detail"] == "24 bulan iuran lunas pada Jul 2023–Jun 2025 (minimal 12)"
    del data["criteria"]
    assert data == {
        "eligible": True,
        "rule_set": "PP6_2025",
        "payer": "bpjs",
        "failed": [],
        "claim_deadline": "2025-12-15",
        "wage_base": "4500000",
        "schedule": [
            {
                "month": k,
                "due_date": f"2025-{6 + k:02d}-03",
                "rate": "0.60",
                "amount": "2700000",
                "rule_set": "PP6_2025",
            }
            for k in range(1, 7)
        ],
        "total": "16200000",
    }


def test_ineligible_as_dict() -> None:
    """An ineligible verdict has no schedule, a zero total, and lists the failures."""
    data = evaluate(pp37_example(phk_reason="resignation", jkn_segment="PBI")).as_dict()
    assert data["eligible"] is False
    assert data["failed"] == ["PROGRAMS_INCOMPLETE", "EXCLUDED_REASON"]
    assert data["schedule"] == [] and data["total"] == "0"
    assert data["wage_base"] == "5000000" and data["claim_deadline"] == "2024-06-15"


def test_details_carry_the_data_used() -> None:
    """Failure details name the data that decided them, in Indonesian."""
    details = {
        c.code: c.detail
        for c in evaluate(
            scattered_pp37(jkn_segment="PBPU", programs=ALL_PROGRAMS - {"JP"}, filed_on=date(2024, 7, 1))
        ).criteria
    }
    assert "JP" in details["PROGRAMS_INCOMPLETE"] and "PBPU" in details["PROGRAMS_INCOMPLETE"]
    assert details["INSUFFICIENT_CONTRIBUTIONS"] == ("12 bulan iuran lunas pada Apr 2022–Mar 2024 (minimal 12)")
    assert "Mar 2024" in details["NOT_CONSECUTIVE"] and "Feb 2024" in details["NOT_CONSECUTIVE"]
    assert "1 Jul 2024" in details["CLAIM_DEADLINE_PASSED"]
    assert "15 Jun 2024" in details["CLAIM_DEADLINE_PASSED"]


# --- rule sets ---------------------------------------------------------------


def test_rule_set_for_dates() -> None:
    """PP37 from 2021-02-02, PP6 from 2025-02-07, nothing before JKP existed."""
    assert rule_set_for(date(2021, 2, 2)).code == "PP37_2021"
    assert rule_set_for(date(2025, 2, 6)).code == "PP37_2021"
    assert rule_set_for(date(2025, 2, 7)).code == "PP6_2025"
    assert rule_set_for(date(2030, 1, 1)).code == "PP6_2025"
    with pytest.raises(NoRuleSetError):
        rule_set_for(date(2021, 2, 1))
    assert issubclass(NoRuleSetError, ValueError)
    with pytest.raises(NoRuleSetError):
        evaluate(api_example(decision_date=date(2021, 2, 1)))


def test_rule_set_numbers_match_the_table() -> None:
    """Every figure of the rules-file table is held as data on the rule sets."""
    pp37, pp6 = RULE_SETS
    assert [rs.effective_from for rs in RULE_SETS] == sorted(rs.effective_from for rs in RULE_SETS)
    assert (pp37.code, pp37.effective_from, pp37.benefits_paid_from) == (
        "PP37_2021",
        date(2021, 2, 2),
        date(2022, 2, 22),
    )
    assert (pp6.code, pp6.effective_from, pp6.benefits_paid_from) == ("PP6_2025", date(2025, 2, 7), None)
    assert (pp37.contribution_rate, pp6.contribution_rate) == (D("0.0046"), D("0.0036"))
    assert pp37.wage_cap == pp6.wage_cap == D("5000000")
    assert pp37.rates == (D("0.45"),) * 3 + (D("0.25"),) * 3
    assert pp6.rates == (D("0.60"),) * 6
    assert pp37.max_per_month == (D("2250000"),) * 3 + (D("1250000"),) * 3
    assert pp6.max_per_month == (D("3000000"),) * 6
    assert (pp37.max_total, pp6.max_total) == (D("10500000"), D("18000000"))
    for rs in RULE_SETS:
        assert isinstance(rs, RuleSet)
        assert sum(rs.max_per_month) == rs.max_total
        assert all(r * rs.wage_cap == m for r, m in zip(rs.rates, rs.max_per_month))
        assert (rs.min_paid_months, rs.window_months, rs.consecutive_months) == (12, 24, 6)
        assert (rs.max_claims, rs.second_claim_min_paid_months, rs.max_registration_age) == (3, 60, 54)
        assert (rs.employer_payer_arrears_threshold, rs.bankrupt_closed_arrears_limit) == (3, 6)
        assert (rs.min_job_applications, rs.min_interviews) == (5, 1)
        assert rs.min_training_attendance == D("0.80")
        assert (rs.withheld_grace_days, rs.payment_sla_working_days) == (5, 3)
    assert (pp37.requires_consecutive, pp6.requires_consecutive) == (True, False)
    assert (pp37.claim_deadline_months, pp6.claim_deadline_months) == (3, 6)
    assert (pp37.jkn_ppu_required, pp6.jkn_ppu_required) == (True, False)
    assert (pp37.training_cost_cap, pp6.training_cost_cap) == (D("1000000"), D("2400000"))
    assert (pp37.counselling_required_monthly, pp6.counselling_required_monthly) == (True, False)
    assert (pp37.bankrupt_closed_rule, pp6.bankrupt_closed_rule) == (False, True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pp6.wage_cap = D("1")  # type: ignore[misc]


def test_month_max_caps_amount_when_table_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a rule set's monthly maximum were below rate × wage cap, the maximum wins."""
    from claims.eligibility import engine

    pp6 = RULE_SETS[1]
    lowered = dataclasses.replace(pp6, max_per_month=(D("2000000"),) * 6, max_total=D("12000000"))
    monkeypatch.setattr(engine, "rule_set_for", lambda d: lowered)
    engine._decided_on.cache_clear()
    try:
        verdict = evaluate(api_example())
    finally:
        engine._decided_on.cache_clear()
    assert [m.amount for m in verdict.schedule] == [D("2000000")] * 6
    assert verdict.total == D("12000000")


# --- malformed input ---------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        dict(phk_reason="quit"),
        dict(employer_size="huge"),
        dict(contract_type="PKWX"),
        dict(jkn_segment="BPJS"),
        dict(last_wage=D("-1")),
    ],
)
def test_malformed_facts_raise_value_error(changes: dict) -> None:
    """Unknown codes and negative wages are caller bugs, not ineligible claims."""
    with pytest.raises(ValueError):
        evaluate(api_example(**changes))


def test_float_wage_rejected() -> None:
    """Money is Decimal, never float."""
    with pytest.raises(TypeError):
        evaluate(api_example(last_wage=4500000.0))


def test_engine_does_not_import_django() -> None:
    """The engine is pure Python: importing it pulls in no Django module."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, claims.eligibility; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


# --- properties --------------------------------------------------------------


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2500, 12, 31)), n=st.integers(min_value=-1200, max_value=1200)
)
def test_add_months_invariants(d: date, n: int) -> None:
    """add_months moves exactly n calendar months, keeps the day when it exists, else clamps."""
    r = add_months(d, n)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    assert r.day <= _month_length(r.year, r.month)
    assert r.day == min(d.day, _month_length(r.year, r.month))
    if d.day <= 28:
        assert add_months(r, -n) == d


@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2500, 12, 31)),
    a=st.integers(min_value=0, max_value=120),
    b=st.integers(min_value=0, max_value=120),
)
def test_add_months_is_monotonic(d: date, a: int, b: int) -> None:
    """More months never give an earlier date; zero months is the identity."""
    assert add_months(d, 0) == d
    if a < b:
        assert add_months(d, a) < add_months(d, b)


def test_add_months_examples() -> None:
    """The rules file's example and the leap-year edge."""
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 6, 15), 6) == date(2025, 12, 15)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2024, 12, 31), 1) == date(2025, 1, 31)
    assert add_months(date(2100, 1, 31), 1) == date(2100, 2, 28)  # not a leap year
    assert add_months(date(2000, 1, 31), 1) == date(2000, 2, 29)  # 400-year leap


@st.composite
def any_facts(draw) -> Facts:
    """Realistic facts; half are drawn to pass every criterion so schedules get exercised."""
    clean = draw(st.booleans())

    def pick(good, anything):
        return draw(good if clean else anything)

    phk = draw(st.dates(min_value=date(2022, 3, 1), max_value=date(2027, 12, 31)))
    filed = phk + timedelta(days=pick(st.integers(0, 88), st.integers(0, 220)))
    decision = filed + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
    phk_idx = phk.year * 12 + phk.month - 1
    history = pick(st.integers(90, 100), st.integers(0, 100))
    pattern = pick(st.just("full"), st.sampled_from(["full", "random", "gappy"]))
    paid = set()
    for i in range(phk_idx - history + 1, phk_idx + 1):
        if pattern == "full":
            keep = True
        elif pattern == "gappy":
            keep = i % 3 != 0
        else:
            keep = draw(st.booleans())
        if keep:
            paid.add((i // 12, i % 12 + 1))
    n_previous = pick(st.sampled_from([0, 1, 2]), st.sampled_from([0, 0, 1, 2, 3]))
    previous = tuple(add_months(phk, -pick(st.integers(60, 85), st.integers(12, 200))) for _ in range(n_previous))
    size = draw(st.sampled_from(["micro", "small", "medium", "large"]))
    programs = ALL_PROGRAMS - pick(
        st.just(frozenset()),
        st.sampled_from([frozenset(), frozenset({"JP"}), frozenset({"JKN"})]),
    )
    contract = draw(st.sampled_from(["PKWT", "PKWTT"]))
    end = None
    if contract == "PKWT":
        end = pick(
            st.dates(min_value=phk + timedelta(days=1), max_value=phk + timedelta(days=900)),
            st.one_of(st.none(), st.dates(min_value=phk - timedelta(days=60), max_value=phk + timedelta(days=900))),
        )
    wage = D(draw(st.integers(min_value=0, max_value=30_000_000))) / draw(st.sampled_from([D(1), D(1), D(100)]))
    reg = draw(st.dates(min_value=date(2021, 2, 2), max_value=phk))
    return Facts(
        citizenship=pick(st.just("WNI"), st.sampled_from(["WNI", "WNA"])),
        birth_date=pick(st.dates(date(1970, 1, 1), date(2003, 12, 31)), st.dates(date(1955, 1, 1), date(2005, 12, 31))),
        jkp_registered_on=reg,
        employer_size=size,
        programs=programs,
        jkn_segment=pick(st.just("PPU"), st.sampled_from(["PPU", "PBI", "PBPU"])),
        contract_type=contract,
        contract_end_date=end,
        phk_date=phk,
        phk_reason=pick(st.sampled_from(PHK_REASONS[:8]), st.sampled_from(PHK_REASONS)),
        filed_on=filed,
        decision_date=decision,
        paid_months=frozenset(paid),
        last_wage=wage,
        employer_arrears_months=draw(st.integers(min_value=0, max_value=10)),
        employer_bankrupt_or_closed=draw(st.booleans()),
        previous_claim_phk_dates=previous,
        reemployed=pick(st.just(False), st.booleans()),
        kapk_signed=pick(st.just(True), st.booleans()),
    )


@settings(max_examples=400)
@given(facts=any_facts())
def test_verdict_invariants(facts: Facts) -> None:
    """For any facts: all 11 criteria in order, eligible ⇔ nothing failed, and a
    schedule whose amounts follow rate × capped wage (half up, never above the
    month's max), due monthly from the decision date, summing to the total."""
    v = evaluate(facts)
    governing = rule_set_for(facts.decision_date)
    assert tuple(c.code for c in v.criteria) == CRITERIA_CODES
    assert v.failed == tuple(c.code for c in v.criteria if not c.passed)
    assert v.eligible == (v.failed == ())
    assert v.rule_set == governing.code
    assert v.claim_deadline == add_months(facts.phk_date, governing.claim_deadline_months)
    assert v.wage_base == min(facts.last_wage, governing.wage_cap)
    assert all(isinstance(c.detail, str) and c.detail for c in v.criteria)
    if not v.eligible:
        assert v.schedule == () and v.total == D(0)
    else:
        assert [m.month for m in v.schedule] == [1, 2, 3, 4, 5, 6]
        assert v.schedule[0].due_date == facts.decision_date
        dues = [m.due_date for m in v.schedule]
        assert all(a < b for a, b in zip(dues, dues[1:]))
        for m in v.schedule:
            assert m.due_date == add_months(facts.decision_date, m.month - 1)
            in_force = rule_set_for(m.due_date)
            assert m.rule_set == in_force.code
            assert m.rate == in_force.rates[m.month - 1]
            ceiling = in_force.max_per_month[m.month - 1]
            exact = (m.rate * min(facts.last_wage, in_force.wage_cap)).quantize(D(1), rounding=ROUND_HALF_UP)
            assert m.amount == min(exact, ceiling)
            assert m.amount <= ceiling
            assert m.amount == m.amount.to_integral_value()
        assert v.total == sum(m.amount for m in v.schedule)
    # Payer follows the arrears rule and never decides eligibility.
    arrears = facts.employer_arrears_months
    expected_payer = (
        "bpjs"
        if arrears <= 3 or (governing.code == "PP6_2025" and facts.employer_bankrupt_or_closed and arrears <= 6)
        else "employer"
    )
    assert v.payer == expected_payer
    other = evaluate(dataclasses.replace(facts, employer_arrears_months=0))
    assert other.eligible == v.eligible and other.total == v.total
    data = v.as_dict()
    json.dumps(data)
    assert data["total"].isdigit()
    assert all(m["amount"].isdigit() and len(m["rate"]) == 4 for m in data["schedule"])


@settings(max_examples=200)
@given(facts=any_facts())
def test_evaluate_is_pure(facts: Facts) -> None:
    """Evaluating twice gives equal verdicts and leaves the facts untouched."""
    before = dataclasses.replace(facts)
    assert evaluate(facts) == evaluate(facts)
    assert facts == before


def test_contract_ended_reason_fails_whatever_the_contract_type() -> None:
    """A contract that simply ran out gives no benefit, even if recorded as PKWTT."""
    verdict = evaluate(api_example(contract_type="PKWTT", contract_end_date=None, phk_reason="contract_ended"))
    assert not verdict.eligible
    assert verdict.failed == ("PKWT_CONTRACT_ENDED",)
