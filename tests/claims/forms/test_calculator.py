"""The calculator's input helpers: Indonesian money, months, the simple mode's month list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.eligibility import PHK_REASONS, evaluate
from claims.eligibility.rules import CONTRACT_TYPES, EMPLOYER_SIZES, JKN_SEGMENTS, PROGRAMS
from claims.forms.calculator.checks import SimulationInputError
from claims.forms.calculator.choices import (
    CONTRACT_CHOICES,
    NO_BENEFIT_REASONS,
    PROGRAM_CHOICES,
    REASON_CHOICES,
    REASON_LABELS,
    SEGMENT_CHOICES,
    SIZE_CHOICES,
)
from claims.forms.calculator.form import CalculatorForm
from claims.forms.calculator.parsing import months_from_count, parse_month, parse_rupiah
from claims.forms.calculator.simulation import simulate


@pytest.mark.parametrize(
    "text, value",
    [
        ("4.500.000", Decimal("4500000")),
        ("4500000", Decimal("4500000")),
        ("Rp 4.500.000", Decimal("4500000")),
        ("Rp4.500.000,50", Decimal("4500000.50")),
        ("rp. 750.000", Decimal("750000")),
        (" 12.000.000 ", Decimal("12000000")),
        ("0", Decimal("0")),
        ("4500000,5", Decimal("4500000.5")),
    ],
)
def test_parse_rupiah_reads_indonesian_money(text, value):
    """Dots group thousands, a comma starts the decimals, "Rp" and spaces are ignored."""
    assert parse_rupiah(text) == value


@pytest.mark.parametrize("text", ["", "abc", "4,500,000", "4.50.000", "-4.500.000", "4.500.000,123", "1e6", "4 juta"])
def test_parse_rupiah_refuses_what_is_not_rupiah(text):
    """Anything else is refused with a message, never silently misread (4,500,000 is not 4,5)."""
    with pytest.raises(ValueError):
        parse_rupiah(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_rupiah_round_trips_grouped_digits(n):
    """Any whole rupiah amount written with thousands dots reads back as itself."""
    assert parse_rupiah(f"{n:,}".replace(",", ".")) == n


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024-7", "24-07", "2024/07", "x", "", "1899-12"])
def test_parse_month_refuses_bad_months(text):
    """A month is exactly YYYY-MM with MM 01..12."""
    with pytest.raises(ValueError):
        parse_month(text)


def test_parse_month_reads_months():
    """ "2024-07" is July 2024."""
    assert parse_month("2024-07") == (2024, 7)
    assert parse_month(" 2025-12 ") == (2025, 12)


@given(
    phk=st.dates(min_value=date(2021, 1, 1), max_value=date(2030, 12, 31)),
    count=st.integers(min_value=0, max_value=24),
    consecutive=st.booleans(),
)
def test_simple_mode_months_say_what_the_worker_answered(phk, count, consecutive):
    """The months built from the simple mode have the count asked for, end at the PHK month, and have
    six in a row before the PHK exactly when the worker said so."""
    if consecutive and count < 6 or not consecutive and count > 23:
        return  # answers the form refuses as contradictory
    months = months_from_count(phk, count, last_six_consecutive=consecutive)
    assert len(months) == count
    idx = {y * 12 + m - 1 for y, m in months}
    phk_idx = phk.year * 12 + phk.month - 1
    assert all(phk_idx - 23 <= i <= phk_idx for i in idx)
    run_to_phk = set(range(phk_idx - 5, phk_idx + 1)) <= idx
    run_to_before = set(range(phk_idx - 6, phk_idx)) <= idx
    assert (run_to_phk or run_to_before) == consecutive


def test_choices_cover_the_engine_codes():
    """Every code the engine knows has a label on the page, and no other."""
    assert {c for c, _ in SIZE_CHOICES} == set(EMPLOYER_SIZES)
    assert {c for c, _ in PROGRAM_CHOICES} == set(PROGRAMS)
    assert {c for c, _ in SEGMENT_CHOICES} == set(JKN_SEGMENTS)
    assert {c for c, _ in CONTRACT_CHOICES} == set(CONTRACT_TYPES)
    assert set(REASON_LABELS) == set(PHK_REASONS)
    grouped = [code for _group, options in REASON_CHOICES[1:] for code, _label in options]
    assert sorted(grouped) == sorted(PHK_REASONS)


def test_reasons_grouped_as_no_benefit_really_give_no_benefit():
    """The "Tidak mendapat JKP" group is exactly the reasons the engine refuses for any contract."""
    from tests.claims.eligibility.test_engine import api_example

    refused = {r for r in PHK_REASONS if not evaluate(api_example(phk_reason=r)).eligible}
    assert refused == set(NO_BENEFIT_REASONS)


def _values(**changes):
    """Parsed values for ``simulate()`` (the issue's example), bypassing the form and the serializer."""
    values = {
        "citizenship": "WNI",
        "birth_date": date(1990, 5, 1),
        "jkp_registered_on": date(2022, 1, 10),
        "employer_size": "medium",
        "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
        "jkn_segment": "PPU",
        "contract_type": "PKWT",
        "contract_end_date": date(2026, 12, 31),
        "phk_date": date(2025, 6, 15),
        "phk_reason": "efficiency",
        "filed_on": date(2025, 7, 1),
        "decision_date": date(2025, 7, 3),
        "paid_months": months_from_count(date(2025, 6, 15), 24, last_six_consecutive=True),
        "last_wage": Decimal("4500000"),
        "employer_arrears_months": 0,
        "employer_bankrupt_or_closed": False,
        "previous_claim_phk_dates": [],
        "reemployed": False,
        "kapk_signed": True,
    }
    values.update(changes)
    return values


def test_simulate_runs_the_engine():
    """Valid values give the engine's verdict."""
    assert simulate(_values()).total == Decimal("16200000")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"phk_reason": "laid_off"}, "phk_reason"),
        ({"employer_size": "huge"}, "employer_size"),
        ({"jkn_segment": "X"}, "jkn_segment"),
        ({"contract_type": "X"}, "contract_type"),
        ({"last_wage": 4500000.0}, "last_wage"),
        ({"last_wage": Decimal("-1")}, "last_wage"),
    ],
)
def test_engine_errors_become_field_errors(changes, field):
    """Whatever slips past the parsers, the engine's ValueError/TypeError comes back as an error on that field."""
    with pytest.raises(SimulationInputError) as caught:
        simulate(_values(**changes))
    assert field in caught.value.as_dict()
    assert caught.value.errors == caught.value.as_dict()  # the API handler shows these


def test_engine_no_rule_set_becomes_a_decision_date_error(monkeypatch):
    """Even without the shared checks, a date before JKP existed is a decision_date error, not a crash."""
    monkeypatch.setattr("claims.forms.calculator.simulation.check_relations", lambda v: [])
    with pytest.raises(SimulationInputError) as caught:
        simulate(_values(decision_date=date(2021, 2, 1)))
    assert list(caught.value.as_dict()) == ["decision_date"]


_FORM_FIELDS = list(CalculatorForm.base_fields)
_FORM_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["2025-06-15", "9999-12-31", "0001-01-01", "2025-02-30", "31/12/2024", "24", "-1", "PKWT", "on"]),
)


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(_FORM_FIELDS), _FORM_TEXT, max_size=5))
def test_page_never_crashes(client, changes):
    """Whatever a visitor posts, the page answers with the form (a result or field errors), or a
    400 for a NUL byte, never a 500."""
    from django.core.cache import cache

    cache.clear()  # stay under the rate limit across examples
    data = {
        "birth_date": "1990-05-01",
        "jkp_registered_on": "2022-01-10",
        "employer_size": "medium",
        "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
        "jkn_segment": "PPU",
        "contract_type": "PKWTT",
        "phk_date": "2025-06-15",
        "phk_reason": "efficiency",
        "filed_on": "2025-07-01",
        "decision_date": "2025-07-03",
        "contribution_mode": "simple",
        "paid_count": "24",
        "last6_consecutive": "yes",
        "last_wage": "4.500.000",
    }
    data.update(changes)
    response = client.post(reverse("claims:calculator"), data)
    if any("\x00" in value for value in changes.values()):
        # A NUL byte is refused before any view runs (RejectNulBytesMiddleware).
        assert response.status_code == 400
    else:
        assert response.status_code == 200
