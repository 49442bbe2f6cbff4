"""Approval creates the benefit with six frozen months; re-employment ends it."""

import datetime as dt
from decimal import Decimal

import pytest

from claims.payouts.models import Benefit, BenefitStatus, MonthStatus
from claims.payouts.services import benefit_end
from claims.signals import participant_reemployed
from jkp_portal.audit.selectors import audit_events_for
from tests.claims.payouts.factories import approve, approved_claim, make_benefit

pytestmark = pytest.mark.django_db


def test_approval_creates_benefit_with_six_frozen_months_and_the_2025_transition(branch):
    """A claim decided under PP37 in November 2024 gets 45 % for the months due
    before 2025-02-07 and 60 % for those due on or after it, frozen with the
    rule set, rate, wage base and amount; the account is a snapshot."""
    claim = approved_claim(decision_date=dt.date(2024, 11, 15), wage=Decimal("4500000"), office=branch)
    benefit = approve(claim)
    assert benefit.rule_set == "PP37_2021"
    assert benefit.office == branch
    assert benefit.bank_code == "BRI"
    assert benefit.bank_account_number == claim.bank_account_number
    months = list(benefit.months.order_by("month_no"))
    assert [m.due_date for m in months] == [
        dt.date(2024, 11, 15),
        dt.date(2024, 12, 15),
        dt.date(2025, 1, 15),
        dt.date(2025, 2, 15),
        dt.date(2025, 3, 15),
        dt.date(2025, 4, 15),
    ]
    assert [m.rule_set for m in months] == ["PP37_2021"] * 3 + ["PP6_2025"] * 3
    assert [m.rate for m in months] == [Decimal("0.45")] * 3 + [Decimal("0.60")] * 3
    assert [m.amount for m in months] == [Decimal("2025000")] * 3 + [Decimal("2700000")] * 3
    assert all(m.wage_base == Decimal("4500000") for m in months)
    assert [m.period_start for m in months][1:] == [m.due_date for m in months][:-1]
    assert all(m.status == MonthStatus.SCHEDULED for m in months)
    assert audit_events_for(benefit).filter(action="benefit.created").exists()


def test_wage_above_the_cap_is_paid_on_the_cap():
    """The wage base is capped at Rp 5,000,000: 60 % gives Rp 3,000,000 a month."""
    benefit = make_benefit(decision_date=dt.date(2025, 6, 2), wage=Decimal("9000000"))
    assert {m.amount for m in benefit.months.all()} == {Decimal("3000000")}
    assert benefit.wage_base == Decimal("5000000")


def test_approval_is_idempotent():
    """Sending the approval signal twice still leaves one benefit."""
    claim = approved_claim(decision_date=dt.date(2025, 6, 2))
    approve(claim)
    approve(claim)
    assert Benefit.objects.filter(claim=claim).count() == 1
    assert claim.benefit.months.count() == 6


def test_reemployment_signal_stops_every_month_due_after_the_date():
    """participant_reemployed ends the benefit: months due after the date are stopped, audited."""
    benefit = make_benefit(decision_date=dt.date(2025, 6, 2))
    participant_reemployed.send(
        sender=None,
        participant=benefit.participant,
        on_date=dt.date(2025, 8, 10),
        actor=None,
        source="training.placement",
    )
    benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.ENDED
    assert benefit.ended_on == dt.date(2025, 8, 10)
    assert benefit.last_month_no == 3
    statuses = dict(benefit.months.values_list("month_no", "status"))
    assert [statuses[n] for n in (4, 5, 6)] == [MonthStatus.STOPPED] * 3
    assert [statuses[n] for n in (1, 2, 3)] == [MonthStatus.SCHEDULED] * 3
    event = audit_events_for(benefit).get(action="benefit.ended")
    assert event.data["stopped_months"] == [4, 5, 6]
    assert event.data["source"] == "training.placement"


def test_ending_without_a_running_benefit_changes_nothing():
    """benefit_end for someone without a running benefit is a no-op."""
    benefit = make_benefit(decision_date=dt.date(2025, 6, 2))
    benefit_end(participant=benefit.participant, on_date=dt.date(2025, 7, 1), reason="death")
    assert benefit_end(participant=benefit.participant, on_date=dt.date(2025, 7, 1), reason="death") == []
