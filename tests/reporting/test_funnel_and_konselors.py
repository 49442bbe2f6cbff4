"""The re-employment funnel and the counsellors' load."""

import datetime as dt

import pytest
import time_machine

from . import factories as f

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2025, 9, 15, 9, tzinfo=f.JAKARTA), tick=False)
def test_funnel_steps_and_back_at_work_within_1_3_6_months(offices, staff, refresh, summary):
    """Five beneficiaries approved on 10 January 2025: four did the asesmen, two
    were counselled (a no-show does not count), one trained. Back at work on
    5 February (≤ 1 month, the benefit ended), 1 April (≤ 3 months, the
    counselling case) and 20 May (≤ 6 months, hired through a vacancy). One
    approved on 1 September is too young for any share and does not dilute them."""
    k = f.konselor(offices["solo"])
    people = [f.claim(offices["solo"], submitted="2025-01-06", decided="2025-01-10") for _ in range(5)]
    cases = [f.case(c, konselor_obj=k) for c in people]
    for c in cases[:4]:
        f.assessment(c)
    f.session(cases[0])
    f.session(cases[1])
    f.session(cases[2], status="no_show")
    f.enrolment(people[0])
    f.benefit(people[0], ended_on=dt.date(2025, 2, 5))
    cases[1].reemployed_on = dt.date(2025, 4, 1)
    cases[1].status = "reemployed"
    cases[1].save()
    f.hired(people[2], on=dt.date(2025, 5, 20))
    young = f.claim(offices["solo"], submitted="2025-08-28", decided="2025-09-01")
    f.case(young, konselor_obj=k, reemployed_on=dt.date(2025, 9, 5), status="reemployed")
    refresh()
    result = summary(staff["solo"], start="2025-01", end="2025-09")
    funnel = result["funnel"]
    assert (funnel["claimants"], funnel["assessed"], funnel["counselled"], funnel["trained"], funnel["placed"]) == (
        6,
        4,
        2,
        1,
        4,
    )
    assert (funnel["due_1m"], funnel["back_1m"], funnel["back_1m_pct"]) == (5, 1, 20.0)
    assert (funnel["due_3m"], funnel["back_3m"]) == (5, 2)
    assert (funnel["due_6m"], funnel["back_6m"]) == (5, 3)
    assert result["kpis"]["back_1m_pct"] == 20.0
    january = next(r for r in result["funnel_by_month"] if r["month"] == dt.date(2025, 1, 1))
    assert january["claimants"] == 5


@time_machine.travel(dt.datetime(2025, 9, 15, 9, tzinfo=f.JAKARTA), tick=False)
def test_konselor_load_against_capacity_and_the_unassigned_queue(offices, staff, refresh, summary):
    """Open cases (new, active, in training) count against capacity; closed ones
    do not. A konselor on leave today does not take cases. The queue tells how
    many wait, how many longer than 7 days, and the oldest."""
    busy = f.konselor(offices["solo"], capacity=4)
    away = f.konselor(offices["solo"], capacity=10)
    f.leave(away, start=dt.date(2025, 9, 14), end=dt.date(2025, 9, 20))
    for status in ("new", "active", "in_training", "closed"):
        f.case(f.claim(offices["solo"], submitted="2025-09-01", decided="2025-09-02"), konselor_obj=busy, status=status)
    for opened in ("2025-09-01", "2025-09-14"):
        f.case(
            f.claim(offices["solo"], submitted="2025-08-25", decided="2025-08-30"), status="unassigned", opened=opened
        )
    refresh()
    result = summary(staff["solo"])
    people = {k["konselor_id"]: k for k in result["konselors"]}
    assert (people[busy.pk]["open_cases"], people[busy.pk]["load_pct"], people[busy.pk]["takes_cases"]) == (
        3,
        75.0,
        True,
    )
    assert people[away.pk]["takes_cases"] is False
    office = result["konselor_offices"][0]
    assert (office["konselors"], office["taking_cases"], office["capacity"], office["open_cases"]) == (2, 1, 14, 3)
    queue = result["unassigned"][0]
    assert (queue["waiting"], queue["over_7_days"], queue["oldest_days"]) == (2, 1, 14)
    assert result["kpis"]["unassigned"] == 2
