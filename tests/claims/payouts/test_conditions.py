"""The monthly conditions: the Python rules and the SQL predicate the run uses
agree everywhere; the progress selector tells what is missing in constant queries;
working days skip weekends and Indonesian public holidays."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection

from claims.payouts.calendar import add_working_days, is_working_day
from claims.payouts.conditions import MonthEvidence, evaluate_month, met_sql
from claims.payouts.selectors import job_search_progress
from claims.payouts.services import activity_record, attendance_record
from tests.claims.payouts.factories import make_benefit

GRID = list(
    itertools.product(
        (1, 2, 6),
        ("PP37_2021", "PP6_2025"),
        (0, 4, 5),
        (0, 1),
        (0, 1),
        (None, Decimal("79.99"), Decimal("80.00")),
        (False, True),
    )
)


@pytest.mark.django_db
def test_sql_predicate_agrees_with_the_python_rules_on_every_combination():
    values = ", ".join(["(%s, %s, %s, %s, %s, %s::numeric, %s)"] * len(GRID))
    params = [v for row in GRID for v in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {met_sql('m')} FROM (VALUES {values}) AS m(month_no, rule_set, applications, interviews, "
            "counselling_sessions, attendance_pct, form_submitted)",
            params,
        )
        sql = [r[0] for r in cursor.fetchall()]
    python = [evaluate_month(MonthEvidence(*row)).met for row in GRID]
    assert sql == python
    assert any(python) and not all(python)


def test_rules_in_words():
    """Five applications or one invitation; attendance decides when enrolled;
    PP37 needs counselling; month 6 needs the form; month 1 has no conditions."""
    assert evaluate_month(MonthEvidence(2, "PP6_2025", applications=5)).met
    assert evaluate_month(MonthEvidence(2, "PP6_2025", interviews=1)).met
    assert not evaluate_month(MonthEvidence(2, "PP6_2025", applications=4)).met
    assert evaluate_month(MonthEvidence(2, "PP6_2025", attendance_pct=Decimal(80))).met
    assert not evaluate_month(MonthEvidence(2, "PP6_2025", applications=9, attendance_pct=Decimal(60))).met
    assert not evaluate_month(MonthEvidence(3, "PP37_2021", applications=5)).met
    assert evaluate_month(MonthEvidence(3, "PP37_2021", applications=5, counselling_sessions=1)).met
    assert not evaluate_month(MonthEvidence(6, "PP6_2025", applications=5)).met
    assert evaluate_month(MonthEvidence(6, "PP6_2025", applications=5, form_submitted=True)).met
    assert evaluate_month(MonthEvidence(1, "PP37_2021")).met


def test_working_days_skip_weekends_and_indonesian_holidays():
    # Friday 28 March 2025; 31 March and 1 April are Idul Fitri.
    assert add_working_days(dt.date(2025, 3, 28), 3) == dt.date(2025, 4, 4)
    assert not is_working_day(dt.date(2025, 8, 17))
    assert add_working_days(dt.date(2025, 6, 2), 3) == dt.date(2025, 6, 5)


@pytest.mark.django_db
def test_progress_for_many_participants_in_one_query(django_assert_num_queries):
    """job_search_progress answers for any number of participants with one query,
    and says in Indonesian what is missing and by when."""
    d0 = dt.date(2025, 6, 2)
    benefits = [make_benefit(decision_date=d0) for _ in range(6)]
    for k in range(3):
        activity_record(
            participant=benefits[0].participant,
            kind="application",
            occurred_on=dt.date(2025, 6, 10),
            source="t",
            reference=f"a{k}",
        )
    activity_record(
        participant=benefits[1].participant,
        kind="interview_invitation",
        occurred_on=dt.date(2025, 6, 10),
        source="t",
        reference="i1",
    )
    attendance_record(
        participant=benefits[2].participant, month=dt.date(2025, 6, 1), percentage=50, source="lpk", reference="x"
    )
    ids = [b.participant_id for b in benefits]
    with django_assert_num_queries(1):
        progress = job_search_progress(participant_ids=ids + [999999], today=dt.date(2025, 6, 20))
    assert set(progress) == set(ids)
    first = progress[ids[0]]
    assert (first.benefit_id, first.next_month_no, first.next_due_date) == (benefits[0].pk, 2, dt.date(2025, 7, 2))
    assert (first.applications, first.sufficient, first.attendance_ok, first.counselling_ok, first.form_ok) == (
        3,
        False,
        None,
        None,
        None,
    )
    assert first.missing == [
        "Laporkan 2 lamaran kerja lagi (baru 3 dari minimal 5) atau 1 undangan tes/wawancara, paling lambat 2 Juli 2025."
    ]
    assert progress[ids[1]].sufficient and progress[ids[1]].missing == []
    assert progress[ids[2]].attendance_ok is False
    assert "Kehadiran pelatihan bulan Juni 2025 minimal 80% (tercatat 50%)." in progress[ids[2]].missing
