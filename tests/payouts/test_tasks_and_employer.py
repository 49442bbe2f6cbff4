"""The daily task on Celery (chunks as a chord) and the employer's reimbursement."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from claims.payouts.models import MonthStatus, Payment, PayoutRun, ReimbursementStatus, RunStatus
from claims.payouts.services import (
    reimbursement_mark_complete,
    reimbursement_pay,
    reimbursement_reject,
    reimbursement_request,
    run_payouts,
)
from claims.payouts.tasks import run_daily, run_for_benefit
from jkp_portal.celery import app
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.factories import UserFactory
from tests.payouts.factories import make_benefit

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)


def test_daily_task_is_scheduled_in_code():
    entry = app.conf.beat_schedule["payouts-daily-run"]
    assert entry["task"] == "payouts.run_daily"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({5}, {30})


def test_daily_task_fans_chunks_out_and_finishes_the_run(settings):
    """Run eagerly: the chord processes every chunk, then closes the run."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    try:
        benefits = [make_benefit(decision_date=D0) for _ in range(3)]
        run_id = run_daily.apply(kwargs={"run_date": "2025-06-02"}).get()
    finally:
        app.conf.task_always_eager = False
    run = PayoutRun.objects.get(pk=run_id)
    assert run.status == RunStatus.DONE and run.payments_created == 3
    assert Payment.objects.filter(month__benefit__in=benefits).count() == 3


def test_approval_follow_up_task_pays_month_one_at_once():
    benefit = make_benefit(decision_date=D0)
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)):
        assert run_for_benefit(benefit.pk) == 1
    assert Payment.objects.get().batch.payment_count == 1


@pytest.fixture
def employer_benefit():
    benefit = make_benefit(decision_date=D0, employer_arrears_months=5)
    run_payouts(run_date=D0, notify=False)
    for m in benefit.months.filter(month_no=2):
        m.applications = 5
        m.save()
    run_payouts(run_date=dt.date(2025, 7, 2), notify=False)
    hr = UserFactory(roles=["employer"], employer_npp=benefit.participant.employer.npp)
    return benefit, hr


def test_employer_requests_reimbursement_of_owed_months_tracked_with_sla(employer_benefit, branch):
    """The employer asks for the months it paid; complete documents start the 7-working-day SLA."""
    benefit, hr = employer_benefit
    assert list(benefit.months.filter(status=MonthStatus.EMPLOYER).values_list("month_no", flat=True)) == [1, 2]
    assert not Payment.objects.exists()
    staff = UserFactory(roles=["verifier"], office=branch)
    with time_machine.travel(dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)):
        with pytest.raises(ForbiddenError):
            reimbursement_request(
                benefit=benefit,
                actor=UserFactory(roles=["employer"], employer_npp="LAIN"),
                arrears_settled_on=dt.date(2025, 7, 1),
                paid_to_worker_on=dt.date(2025, 7, 3),
            )
        item = reimbursement_request(
            benefit=benefit, actor=hr, arrears_settled_on=dt.date(2025, 7, 1), paid_to_worker_on=dt.date(2025, 7, 3)
        )
        assert item.amount == Decimal("5400000") and item.status == ReimbursementStatus.SUBMITTED
        with pytest.raises(StateConflictError):
            reimbursement_request(
                benefit=benefit, actor=hr, arrears_settled_on=dt.date(2025, 7, 1), paid_to_worker_on=dt.date(2025, 7, 3)
            )
        with pytest.raises(StateConflictError):
            reimbursement_pay(reimbursement_id=item.pk, actor=staff, reference="TRX1")
        item = reimbursement_mark_complete(reimbursement_id=item.pk, actor=staff, on_date=dt.date(2025, 8, 14))
        # 15 Aug Fri, 17 Aug (Sunday) holiday; weekends skipped: 15,18,19,20,21,22,25
        assert item.sla_deadline == dt.date(2025, 8, 25)
        item = reimbursement_pay(reimbursement_id=item.pk, actor=staff, reference="TRX1", on_date=dt.date(2025, 8, 20))
        assert item.status == ReimbursementStatus.REIMBURSED


def test_reimbursement_request_after_three_months_is_refused_and_rejection_frees_months(employer_benefit, branch):
    benefit, hr = employer_benefit
    with time_machine.travel(dt.datetime(2025, 11, 10, 9, tzinfo=dt.UTC)):
        with pytest.raises(ApplicationError) as exc:
            reimbursement_request(
                benefit=benefit, actor=hr, arrears_settled_on=dt.date(2025, 7, 1), paid_to_worker_on=dt.date(2025, 7, 3)
            )
        assert "arrears_settled_on" in exc.value.errors
        item = reimbursement_request(
            benefit=benefit, actor=hr, arrears_settled_on=dt.date(2025, 10, 1), paid_to_worker_on=dt.date(2025, 7, 3)
        )
        reimbursement_reject(
            reimbursement_id=item.pk,
            actor=UserFactory(roles=["supervisor"], office=branch),
            reason="Bukti bayar tidak ada",
        )
    assert not benefit.months.filter(reimbursement__isnull=False).exists()
