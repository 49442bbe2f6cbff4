"""The daily task on Celery (chunks as a chord) and the employer's reimbursement."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from claims.payouts.models import MonthStatus, Payment, PayoutRun, ReimbursementStatus, RunStatus
from claims.payouts.services import (
    reimbursement_mark_complete,
    reimbursement_pay,
    reimbursement_reject,
    reimbursement_request,
    run_payouts,
)
from claims.payouts.tasks import run_daily, run_for_benefit
from jkp_portal.audit.models import AuditEvent
from jkp_portal.celery import app
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.claims.payouts.factories import make_benefit
from tests.factories import UserFactory

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


def _queued_run(day, *, started_hours_ago):
    run = PayoutRun.objects.create(run_date=day, triggered_by="celery:payouts.run_daily", chunks_total=1)
    PayoutRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(hours=started_hours_ago))
    return run


def test_daily_task_resumes_a_run_whose_fan_out_was_lost():
    """The Celery run's chunks live on many workers, so no process holds the
    date for the whole run. A run of the day left running past
    PAYOUT_RUN_STALE_MINUTES (its chord was lost: a killed worker, an emptied
    broker) is resumed by the next run_daily, not left running beside a new
    one; nothing is paid twice."""
    benefits = [make_benefit(decision_date=D0) for _ in range(2)]
    lost = _queued_run(D0, started_hours_ago=5)
    run_id = run_daily.apply(kwargs={"run_date": D0.isoformat()}).get()
    assert run_id == lost.pk
    lost.refresh_from_db()
    assert lost.status == RunStatus.DONE and lost.payments_created == 2
    assert not PayoutRun.objects.filter(status=RunStatus.RUNNING).exists()
    assert Payment.objects.filter(month__benefit__in=benefits).count() == 2
    assert AuditEvent.objects.filter(object_id=str(lost.pk), action="run.resumed").exists()


def test_daily_task_leaves_a_run_that_is_still_working_alone():
    """A run of the day started minutes ago is still being worked by the
    queue: a second run_daily (beat firing twice, an operator retrying) starts
    nothing beside it."""
    make_benefit(decision_date=D0)
    live = _queued_run(D0, started_hours_ago=0)
    assert run_daily.apply(kwargs={"run_date": D0.isoformat()}).get() == live.pk
    assert PayoutRun.objects.count() == 1 and Payment.objects.count() == 0
    live.refresh_from_db()
    assert live.status == RunStatus.RUNNING


def test_daily_task_supersedes_runs_of_earlier_days_left_running():
    """A run of an earlier day still marked running long after it started is
    dead; the next day's run marks it failed, superseded (its days are covered
    by the scan from the last finished run), so nothing stays running for ever."""
    make_benefit(decision_date=D0)
    dead = _queued_run(D0, started_hours_ago=30)
    run_id = run_daily.apply(kwargs={"run_date": (D0 + dt.timedelta(days=1)).isoformat()}).get()
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and f"#{run_id}" in dead.error
    assert AuditEvent.objects.filter(object_id=str(dead.pk), action="run.superseded").exists()
    assert PayoutRun.objects.get(pk=run_id).status == RunStatus.DONE
    assert Payment.objects.count() == 1
