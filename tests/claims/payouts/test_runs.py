"""The payout run: due months become payments in batches, once; unmet months
are withheld, paid late within the grace days or forfeited."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from claims.payouts.calendar import add_working_days
from claims.payouts.ledger import check_payout_ledger
from claims.payouts.models import (
    BatchKind,
    BatchStatus,
    Benefit,
    BenefitStatus,
    MonthStatus,
    Payment,
    PaymentStatus,
    PayoutBatch,
)
from claims.payouts.services import activity_record, attendance_record, benefit_end, run_payouts
from claims.payouts.services.evidence import EmploymentFormInput, ReportEntry, job_search_report_submit
from jkp_portal.audit.models import AuditEvent
from tests.claims.payouts.factories import make_benefit
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)  # a Monday; months due 2 Jun, 2 Jul, 2 Aug, 2 Sep, 2 Oct, 2 Nov 2025


def run(day):
    return run_payouts(run_date=day, notify=False)


def applications(benefit, n, *, on, start=0, source="training.application"):
    for i in range(start, start + n):
        activity_record(
            participant=benefit.participant,
            kind="application",
            occurred_on=on,
            source=source,
            reference=f"{benefit.pk}-{i}",
            company=f"PT Lowongan {i}",
        )


def test_month_one_becomes_a_payment_in_a_batch_per_office_and_bank(branch):
    """On the decision date month 1 is paid: one payment with the frozen amount,
    rule set, rate, wage base and account snapshot, in the open batch of its
    office and bank, with a 3-working-day SLA deadline."""
    other = OfficeFactory()
    a = make_benefit(decision_date=D0, office=branch)
    b = make_benefit(decision_date=D0, office=branch, bank_name="Bank Mandiri")
    c = make_benefit(decision_date=D0, office=other)
    r = run(D0)
    assert r.payments_created == 3
    assert r.amount_created == Decimal("8100000")
    payment = Payment.objects.get(month__benefit=a)
    month1 = a.months.get(month_no=1)
    assert (payment.amount, payment.rule_set, payment.rate, payment.wage_base) == (
        month1.amount,
        "PP6_2025",
        Decimal("0.60"),
        Decimal("4500000"),
    )
    assert payment.account_number == a.bank_account_number
    assert payment.account_holder == a.participant.full_name
    assert payment.sla_deadline == add_working_days(D0, 3) == dt.date(2025, 6, 5)
    batches = {(p.batch.office_id, p.batch.bank_code) for p in Payment.objects.select_related("batch")}
    assert batches == {(branch.pk, "BRI"), (branch.pk, "MANDIRI"), (other.pk, "BRI")}
    assert PayoutBatch.objects.filter(status=BatchStatus.PREPARED, kind=BatchKind.SCHEDULED).count() == 3
    batch = PayoutBatch.objects.get(office=branch, bank_code="BRI")
    assert (batch.payment_count, batch.total_amount) == (1, Decimal("2700000"))
    assert not Payment.objects.filter(month__benefit__in=[b, c], month__month_no__gt=1).exists()


def test_a_repeated_run_creates_nothing_and_the_ledger_checks_out():
    """Running the same date again adds no payment and changes no total."""
    for _ in range(3):
        make_benefit(decision_date=D0)
    first = run(D0)
    again = run(D0)
    assert first.payments_created == 3
    assert again.payments_created == 0
    assert Payment.objects.count() == 3
    report = check_payout_ledger(as_of=D0)
    assert report.ok, report.problems
    assert report.payment_total == report.expected_total == Decimal("8100000")


def test_unmet_month_is_withheld_then_paid_when_met_within_five_days():
    """Month 2 without five applications is withheld on its due date; the worker
    reports the fifth application three days later and the next run pays it."""
    benefit = make_benefit(decision_date=D0)
    run(D0)
    applications(benefit, 4, on=dt.date(2025, 6, 20))
    r = run(dt.date(2025, 7, 2))
    month2 = benefit.months.get(month_no=2)
    assert r.withheld == 1 and r.payments_created == 0
    assert month2.status == MonthStatus.WITHHELD
    assert AuditEvent.objects.filter(object_id=str(month2.pk), action="month.withheld").exists()
    with time_machine.travel(dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC)):
        job_search_report_submit(
            benefit=benefit,
            actor=benefit.participant.user,
            entries=[ReportEntry("application", "PT Kelima", "Operator", dt.date(2025, 7, 4), "job_fair")],
        )
    r = run(dt.date(2025, 7, 5))
    assert r.payments_created == 1
    payment = Payment.objects.get(month=month2)
    assert payment.was_withheld
    assert payment.sla_deadline == add_working_days(dt.date(2025, 7, 5), 3)


def test_unmet_month_is_forfeited_after_the_grace_days_and_the_schedule_goes_on():
    """Not met within 5 days: forfeited (never paid); month 3 is still checked on its own."""
    benefit = make_benefit(decision_date=D0)
    run(D0)
    run(dt.date(2025, 7, 2))
    run(dt.date(2025, 7, 7))  # due + 5: still withheld
    assert benefit.months.get(month_no=2).status == MonthStatus.WITHHELD
    run(dt.date(2025, 7, 8))
    assert benefit.months.get(month_no=2).status == MonthStatus.FORFEITED
    applications(benefit, 5, on=dt.date(2025, 7, 20))
    run(dt.date(2025, 8, 2))
    assert Payment.objects.filter(month__benefit=benefit).count() == 2
    assert not Payment.objects.filter(month__month_no=2).exists()


def test_interview_invitation_or_training_attendance_meets_the_month():
    """One invitation is enough; an enrolled participant needs 80 % attendance
    in the calendar month before the due month."""
    invited = make_benefit(decision_date=D0)
    trainee = make_benefit(decision_date=D0)
    low = make_benefit(decision_date=D0)
    activity_record(
        participant=invited.participant,
        kind="interview_invitation",
        occurred_on=dt.date(2025, 6, 10),
        source="training.application",
        reference="inv-1",
    )
    attendance_record(
        participant=trainee.participant, month=dt.date(2025, 6, 1), percentage=85, source="lpk", reference="t1"
    )
    attendance_record(
        participant=low.participant, month=dt.date(2025, 6, 1), percentage=70, source="lpk", reference="t2"
    )
    applications(low, 5, on=dt.date(2025, 6, 15))  # attendance decides while enrolled
    run(D0)
    run(dt.date(2025, 7, 2))
    paid = set(Payment.objects.filter(month__month_no=2).values_list("month__benefit_id", flat=True))
    assert paid == {invited.pk, trainee.pk}
    assert low.months.get(month_no=2).status == MonthStatus.WITHHELD


def test_pp37_months_also_need_a_counselling_session():
    """Under PP37_2021 five applications are not enough without a counselling session in the period."""
    benefit = make_benefit(decision_date=dt.date(2024, 9, 2))
    other = make_benefit(decision_date=dt.date(2024, 9, 2))
    for b in (benefit, other):
        applications(b, 5, on=dt.date(2024, 9, 20))
    activity_record(
        participant=other.participant,
        kind="counselling_session",
        occurred_on=dt.date(2024, 9, 25),
        source="counseling.session",
        reference="s1",
    )
    run(dt.date(2024, 9, 2))
    run(dt.date(2024, 10, 2))
    assert benefit.months.get(month_no=2).status == MonthStatus.WITHHELD
    assert Payment.objects.filter(month__benefit=other, month__month_no=2).exists()


def test_month_six_needs_the_employment_status_form():
    """With the job search done, month 6 is paid only once the form is in; then the benefit completes."""
    benefit = make_benefit(decision_date=D0)
    due = [m.due_date for m in benefit.months.order_by("month_no")]
    for k in range(1, 6):
        applications(benefit, 5, on=due[k] - dt.timedelta(days=3), start=10 * k)
    for day in due[:5]:
        run(day)
    assert Payment.objects.filter(month__benefit=benefit).count() == 5
    run(due[5])
    assert benefit.months.get(month_no=6).status == MonthStatus.WITHHELD
    with time_machine.travel(dt.datetime.combine(due[5] + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)):
        job_search_report_submit(
            benefit=benefit, actor=benefit.participant.user, entries=[], employment_form=EmploymentFormInput("seeking")
        )
    run(due[5] + dt.timedelta(days=1))
    benefit.refresh_from_db()
    assert Payment.objects.filter(month__benefit=benefit).count() == 6
    assert benefit.status == BenefitStatus.COMPLETED and not benefit.is_open


def test_reemployment_stops_the_run_from_paying_later_months():
    """A worker re-employed on 10 July gets month 2 (due 2 July) but nothing after."""
    benefit = make_benefit(decision_date=D0)
    due = [m.due_date for m in benefit.months.order_by("month_no")]
    for k in range(1, 6):
        applications(benefit, 5, on=due[k] - dt.timedelta(days=3), start=10 * k)
    run(due[0])
    run(due[1])
    benefit_end(participant=benefit.participant, on_date=dt.date(2025, 7, 10), reason="reemployed")
    for day in due[2:]:
        run(day)
    benefit.refresh_from_db()
    assert sorted(Payment.objects.filter(month__benefit=benefit).values_list("month_no", flat=True)) == [1, 2]
    assert not benefit.is_open and benefit.status == BenefitStatus.ENDED
    assert check_payout_ledger(as_of=due[5]).ok


def test_reemployment_cancels_a_payment_not_yet_sent(branch, approver):
    """A payment for a month due after the re-employment date that is still in a
    prepared batch is cancelled, and the batch total drops."""
    benefit = make_benefit(decision_date=D0, office=branch)
    applications(benefit, 5, on=dt.date(2025, 6, 20))
    run(D0)
    run(dt.date(2025, 7, 2))
    batch = PayoutBatch.objects.get()
    assert batch.payment_count == 2
    benefit_end(participant=benefit.participant, on_date=dt.date(2025, 6, 30), reason="reemployed")
    payment = Payment.objects.get(month__month_no=2)
    batch.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert (batch.payment_count, batch.total_amount) == (1, Decimal("2700000"))
    assert benefit.months.get(month_no=2).status == MonthStatus.STOPPED


def test_employer_payer_months_are_owed_by_the_employer_not_paid():
    """Arrears over three months make the employer the payer: due months are
    recorded as owed by the employer and no BPJS payment is made."""
    benefit = make_benefit(decision_date=D0, employer_arrears_months=4)
    assert benefit.payer == "employer"
    r = run(D0)
    assert r.payments_created == 0 and r.employer_owed == 1
    assert benefit.months.get(month_no=1).status == MonthStatus.EMPLOYER
    assert check_payout_ledger(as_of=D0).ok


def test_run_payouts_command_prints_a_summary(capsys):
    make_benefit(decision_date=D0)
    call_command("run_payouts", "--date", "2025-06-02", "--quiet", "--no-notify")
    out = capsys.readouterr().out
    assert "1 payments" in out
    call_command("check_payout_ledger", "--date", "2025-06-02")
    assert "payout ledger OK" in capsys.readouterr().out


def test_benefit_left_open_counts_only_running_benefits():
    """Completed benefits are not looked at again by later runs."""
    benefit = make_benefit(decision_date=D0, employer_arrears_months=4)
    for m in benefit.months.all():
        m.applications = 5
        m.form_submitted = True
        m.save()
    for m in benefit.months.order_by("month_no"):
        run(m.due_date)
    assert not Benefit.objects.get(pk=benefit.pk).is_open


def test_runs_left_running_by_dead_processes_are_resumed_or_superseded():
    """Two runs of a date still marked running (their processes died; nobody
    holds the date): the next run resumes the newest and marks the older one
    failed, superseded; no run stays running and nothing is paid twice."""
    from claims.payouts.models import PayoutRun, RunStatus

    for _ in range(2):
        make_benefit(decision_date=D0)
    older = PayoutRun.objects.create(run_date=D0, triggered_by="command:run_payouts", chunks_total=1)
    newer = PayoutRun.objects.create(run_date=D0, triggered_by="command:run_payouts", chunks_total=1)
    resumed = run(D0)
    assert resumed.pk == newer.pk and resumed.status == RunStatus.DONE
    assert resumed.chunks_done == resumed.chunks_total
    older.refresh_from_db()
    assert older.status == RunStatus.FAILED and f"#{newer.pk}" in older.error
    assert not PayoutRun.objects.filter(status=RunStatus.RUNNING).exists()
    actions = set(AuditEvent.objects.filter(action__startswith="run.").values_list("object_id", "action"))
    assert {(str(older.pk), "run.superseded"), (str(newer.pk), "run.resumed")} <= actions
    assert Payment.objects.count() == 2
    again = run(D0)
    assert again.pk not in (older.pk, newer.pk) and again.payments_created == 0


def test_a_forfeited_month_leaves_the_entitlement_and_the_totals_add_up():
    """Entitled = paid + still to pay + by the employer; forfeited months are no longer entitled."""
    from claims.payouts.selectors import benefit_ledger

    benefit = make_benefit(decision_date=D0)
    run(D0)
    run(dt.date(2025, 7, 2))
    run(dt.date(2025, 7, 8))  # month 2 forfeited
    benefit.refresh_from_db()
    ledger = benefit_ledger(benefit, dt.date(2025, 7, 8))
    decided = sum(m.amount for m in benefit.months.all())
    month2 = benefit.months.get(month_no=2).amount
    assert ledger.forfeited == month2
    assert ledger.entitled == decided - month2
    assert ledger.entitled == ledger.paid + ledger.remaining + ledger.employer
    assert ledger.entitled + ledger.forfeited == decided
