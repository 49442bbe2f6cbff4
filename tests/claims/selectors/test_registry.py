"""Eligibility facts built from the registry (claims.selectors.registry), against the real database."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from claims.eligibility import evaluate
from claims.models import Contribution
from claims.selectors.registry import arrears_streak, facts_for_participants, participant_facts
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions

pytestmark = pytest.mark.django_db

D = Decimal


def _set(participant, period: str, *, status: str, wage: str = "4500000"):
    year, month = (int(x) for x in period.split("-"))
    Contribution.objects.update_or_create(
        participant=participant, period=dt.date(year, month, 1), defaults={"status": status, "wage": D(wage)}
    )


def test_facts_carry_registry_data_and_window_months():
    """Registry fields reach the facts, and every paid month up to the PHK month is counted, nothing after it."""
    employer = EmployerFactory(size="small", bankrupt_or_closed=True)
    p = ParticipantFactory(
        employer=employer,
        citizenship="WNA",
        contract_type="PKWT",
        contract_end=dt.date(2026, 3, 31),
        programs=["JKN", "JKK", "JKM", "JHT"],
        jkn_segment="PBPU",
    )
    add_contributions(p, start="2023-01", months=36)  # 2023-01 .. 2025-12
    facts = participant_facts(
        p, phk_date=dt.date(2025, 6, 15), phk_reason="efficiency", decision_date=dt.date(2025, 7, 3)
    )
    assert facts.citizenship == "WNA"
    assert facts.employer_size == "small"
    assert facts.employer_bankrupt_or_closed is True
    assert facts.contract_type == "PKWT"
    assert facts.contract_end_date == dt.date(2026, 3, 31)
    assert facts.programs == frozenset({"JKN", "JKK", "JKM", "JHT"})
    assert facts.jkn_segment == "PBPU"
    assert facts.filed_on == dt.date(2025, 7, 3)
    assert (2025, 6) in facts.paid_months
    assert (2025, 7) not in facts.paid_months
    assert len(facts.paid_months) == 30  # Jan 2023–Jun 2025
    verdict = evaluate(facts)
    crit = {c.code: c for c in verdict.criteria}
    assert "24 bulan iuran lunas pada Jul 2023–Jun 2025" in crit["INSUFFICIENT_CONTRIBUTIONS"].detail


def test_last_wage_is_latest_paid_month_up_to_phk():
    """The wage base is the wage of the latest PAID month up to the PHK month: later months and
    arrears months are ignored."""
    p = ParticipantFactory()
    add_contributions(p, start="2023-07", months=22, wage=D("4000000"))  # ..2025-04
    _set(p, "2025-05", status="paid", wage="4800000.00")
    _set(p, "2025-06", status="arrears", wage="9000000")
    _set(p, "2025-07", status="paid", wage="7000000")
    facts = participant_facts(
        p, phk_date=dt.date(2025, 6, 20), phk_reason="efficiency", decision_date=dt.date(2025, 7, 1)
    )
    assert facts.last_wage == D("4800000")
    assert isinstance(facts.last_wage, Decimal)
    assert evaluate(facts).wage_base == D("4800000")


def test_no_paid_month_gives_zero_wage():
    """A participant without any paid month has last wage 0 and fails the contribution criterion."""
    p = ParticipantFactory()
    facts = participant_facts(
        p, phk_date=dt.date(2025, 6, 20), phk_reason="efficiency", decision_date=dt.date(2025, 7, 1)
    )
    assert facts.last_wage == D(0)
    assert facts.paid_months == frozenset()
    assert "INSUFFICIENT_CONTRIBUTIONS" in evaluate(facts).failed


@pytest.mark.parametrize(
    ("arrears", "phk_month_row", "expected"),
    [
        (["2025-03", "2025-04", "2025-05", "2025-06"], True, 4),
        (["2025-03", "2025-04", "2025-05"], False, 3),  # PHK month not reported: count from the month before
        (["2025-01", "2025-02", "2025-04", "2025-05", "2025-06"], True, 3),  # a paid month breaks the streak
        (["2025-04", "2025-05"], True, 0),  # PHK month itself paid
    ],
)
def test_arrears_streak_ends_at_phk_month(arrears, phk_month_row, expected):
    """employer_arrears_months counts the consecutive arrears months ending at the PHK month, or at
    the month before when the PHK month has no ledger row."""
    p = ParticipantFactory()
    add_contributions(p, start="2023-01", months=30 if phk_month_row else 29)  # through 2025-06 or 2025-05
    for period in arrears:
        _set(p, period, status="arrears")
    facts = participant_facts(
        p, phk_date=dt.date(2025, 6, 10), phk_reason="efficiency", decision_date=dt.date(2025, 7, 1)
    )
    assert facts.employer_arrears_months == expected


def test_missing_month_breaks_arrears_streak():
    """A month without a ledger row inside the streak ends it."""
    assert arrears_streak({10, 11, 13, 14}, 14, phk_month_has_row=True) == 2
    assert arrears_streak({10, 11, 12, 13}, 14, phk_month_has_row=False) == 4
    assert arrears_streak(set(), 14, phk_month_has_row=True) == 0


def test_seven_month_arrears_makes_employer_payer():
    """More than 3 consecutive arrears months: the claim stays eligible, the employer pays."""
    p = ParticipantFactory()
    add_contributions(p, start="2023-01", months=23)  # ..2024-11
    add_contributions(p, start="2024-12", months=7, status="arrears")  # Des 2024–Jun 2025
    verdict = evaluate(
        participant_facts(p, phk_date=dt.date(2025, 6, 10), phk_reason="efficiency", decision_date=dt.date(2025, 7, 1))
    )
    assert verdict.eligible
    assert verdict.payer == "employer"


def test_second_claim_counts_months_after_previous_phk():
    """A second claim needs 60 paid months after the month of the previous claim's PHK; the facts
    carry enough history for the engine to count them."""
    p = ParticipantFactory(jkp_registered_on=dt.date(2019, 1, 2))
    add_contributions(p, start="2019-01", months=84)  # 2019-01 .. 2025-12
    kwargs = dict(phk_reason="efficiency", decision_date=dt.date(2025, 7, 1))
    facts = participant_facts(
        p, phk_date=dt.date(2025, 6, 10), previous_claim_phk_dates=[dt.date(2020, 3, 5)], **kwargs
    )
    crit = {c.code: c for c in evaluate(facts).criteria}
    assert crit["INSUFFICIENT_CONTRIBUTIONS"].passed
    assert crit["INSUFFICIENT_CONTRIBUTIONS"].detail.startswith("63 bulan")  # Apr 2020–Jun 2025
    facts = participant_facts(
        p, phk_date=dt.date(2025, 6, 10), previous_claim_phk_dates=[dt.date(2021, 1, 5)], **kwargs
    )
    crit = {c.code: c for c in evaluate(facts).criteria}
    assert not crit["INSUFFICIENT_CONTRIBUTIONS"].passed
    assert crit["INSUFFICIENT_CONTRIBUTIONS"].detail.startswith("53 bulan")


@time_machine.travel(dt.datetime(2025, 8, 4, 9, 0, tzinfo=dt.UTC))
def test_dates_default_to_today():
    """decision_date defaults to today (Asia/Jakarta) and filed_on to the decision date."""
    p = ParticipantFactory()
    facts = participant_facts(p, phk_date=dt.date(2025, 6, 10), phk_reason="efficiency")
    assert facts.decision_date == dt.date(2025, 8, 4)
    assert facts.filed_on == dt.date(2025, 8, 4)


def test_participant_facts_uses_at_most_two_queries(django_assert_max_num_queries):
    """Building the facts of one participant from an id costs at most two queries."""
    p = ParticipantFactory()
    add_contributions(p, start="2023-07", months=24)
    with django_assert_max_num_queries(2):
        participant_facts(
            p.pk, phk_date=dt.date(2025, 6, 10), phk_reason="efficiency", decision_date=dt.date(2025, 7, 1)
        )


def test_set_based_facts_equal_single_facts(django_assert_max_num_queries):
    """facts_for_participants gives exactly the facts participant_facts gives, for many participants
    in a single statement."""
    employer = EmployerFactory(size="large")
    people = []
    for i in range(12):
        p = ParticipantFactory(employer=employer, contract_type="PKWT" if i % 2 else "PKWTT")
        add_contributions(p, start="2023-03", months=10 + i * 2, wage=D(3_000_000 + i * 250_000))
        if i % 3 == 0:
            _set(p, "2025-05", status="arrears")
            _set(p, "2025-06", status="arrears")
        people.append(p)
    people.append(ParticipantFactory(employer=employer))  # no ledger at all
    kwargs = dict(phk_date=dt.date(2025, 6, 10), phk_reason="efficiency", decision_date=dt.date(2025, 7, 1))
    with django_assert_max_num_queries(1):
        bulk = dict(facts_for_participants([p.pk for p in people], chunk_size=5, **kwargs))
    assert set(bulk) == {p.pk for p in people}
    for p in people:
        assert bulk[p.pk] == participant_facts(p.pk, **kwargs), p
        assert evaluate(bulk[p.pk]) == evaluate(participant_facts(p.pk, **kwargs))
