"""Money per month and the 3-working-day payment SLA, read from the deadline
payouts stored (weekends and Indonesian public holidays already excluded)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from claims.payouts.calendar import add_working_days

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def benefit(offices):
    claim = f.claim(offices["solo"], submitted="2025-01-10", decided="2025-01-20", rule_set="PP37_2021")
    return f.benefit(claim)


def test_sla_counts_working_days_across_the_lebaran_holidays(benefit, staff, refresh, summary):
    """Due Friday 28 March 2025: Saturday 29 (Nyepi), Sunday, and 31 March – 1 April
    (Idul Fitri) are not working days, so the deadline is Friday 4 April. Paid on
    4 April is on time although 7 calendar days later; paid on 7 April is late."""
    deadline = add_working_days(dt.date(2025, 3, 28), 3)
    assert deadline == dt.date(2025, 4, 4)
    on_time = f.month(benefit, 3, due="2025-03-28")
    late = f.month(benefit, 4, due="2025-03-28")
    f.payment(on_time, sla=deadline.isoformat(), paid_on="2025-04-04")
    f.payment(late, sla=deadline.isoformat(), paid_on="2025-04-07")
    refresh()
    april = next(r for r in summary(staff["solo"], start="2025-04", end="2025-04")["payments_by_month"])
    assert (april["paid_count"], april["on_time_count"], april["late_count"]) == (2, 1, 1)
    assert april["on_time_pct"] == 50.0
    assert april["paid_amount"] == Decimal("4800000.00")


@time_machine.travel(dt.datetime(2025, 6, 20, 9, tzinfo=f.JAKARTA), tick=False)
def test_unpaid_payments_past_their_deadline_count_as_overdue_in_the_deadline_month(benefit, staff, refresh, summary):
    pending = f.month(benefit, 5, due="2025-06-10")
    f.payment(pending, sla="2025-06-13", paid_on=None, status="pending")
    not_yet = f.month(benefit, 6, due="2025-06-19")
    f.payment(not_yet, sla="2025-06-24", paid_on=None, status="pending")
    refresh()
    june = summary(staff["solo"], start="2025-06", end="2025-06")["payments_by_month"][0]
    assert june["overdue_count"] == 1
    assert june["paid_count"] == 0


def test_withheld_forfeited_failed_and_reissued_money_per_month(benefit, staff, refresh, summary):
    """Withheld and forfeited in the due month (a forfeited month was withheld
    first); a failed transfer and its re-issue in the months the bank answered."""
    withheld_then_paid = f.month(benefit, 2, due="2025-02-20", status="withheld", withheld_on="2025-02-20")
    f.payment(withheld_then_paid, sla="2025-02-27", paid_on="2025-02-26")
    f.month(benefit, 3, due="2025-03-20", status="forfeited", withheld_on="2025-03-20", amount="1000000")
    failed_first = f.month(benefit, 4, due="2025-04-21")
    payment = f.payment(failed_first, sla="2025-04-24", paid_on="2025-05-06", attempt=2)
    f.attempt(payment, no=1, result="failed", on="2025-04-22")
    f.attempt(payment, no=2, result="paid", on="2025-05-06")
    refresh()
    months = {
        f"{r['month']:%Y-%m}": r for r in summary(staff["solo"], start="2025-02", end="2025-05")["payments_by_month"]
    }
    assert months["2025-02"]["withheld_count"] == 1 and months["2025-02"]["paid_count"] == 1
    assert months["2025-03"]["withheld_amount"] == Decimal("1000000") == months["2025-03"]["forfeited_amount"]
    assert months["2025-04"]["failed_count"] == 1 and months["2025-04"]["failed_amount"] == Decimal("2400000")
    assert months["2025-05"]["reissued_count"] == 1 and months["2025-05"]["late_count"] == 1
    assert months["2025-05"]["paid_amount"] == Decimal("2400000")
