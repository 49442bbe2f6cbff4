"""Reads of the payouts app, each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jkp_portal.accounts.roles import CLAIM_STAFF_ROLES, PAYOUT_OPERATOR_ROLES, REVIEWER_ROLES
from jkp_portal.accounts.selectors import scope_by_office

from .conditions import MonthEvidence, attendance_month, evaluate_month, grace_end, rule_set
from .models import (
    AccountChangeStatus,
    BankAccountChange,
    BatchStatus,
    Benefit,
    BenefitMonth,
    BenefitStatus,
    EmployerReimbursement,
    JobSearchActivity,
    MonthStatus,
    Payment,
    PaymentStatus,
    PayoutBatch,
)

STAFF_ROLES = CLAIM_STAFF_ROLES
MAX_ID = 2**63 - 1  # ids in URLs beyond bigint are simply not found
BATCH_ROLES = PAYOUT_OPERATOR_ROLES


# --- job-search progress (used by counselling) ----------------------------------------------


@dataclass(frozen=True)
class JobSearchProgress:
    benefit_id: int
    next_month_no: int | None
    next_due_date: date | None
    applications: int
    interviews: int
    attendance_ok: bool | None
    counselling_ok: bool | None
    form_ok: bool | None
    sufficient: bool
    missing: list[str] = field(default_factory=list)
    deadline: date | None = None  # the last day to complete it (due date, or end of the grace days when withheld)
    withheld: bool = False


def _d(value: date) -> str:
    return date_format(value, "j F Y")


def missing_sentences(month: BenefitMonth, deadline: date) -> list[str]:
    rs = rule_set(month.rule_set)
    result = evaluate_month(_evidence(month))
    out = []
    when = _d(deadline)
    if result.attendance_ok is False:
        out.append(
            _("Kehadiran pelatihan bulan %(month)s minimal %(min)s%% (tercatat %(pct)s%%).")
            % {
                "month": date_format(attendance_month(month.due_date), "F Y"),
                "min": f"{rs.min_training_attendance * 100:.0f}",
                "pct": f"{month.attendance_pct:.0f}",
            }
        )
    elif result.attendance_ok is None and not result.job_search_ok:
        more = rs.min_job_applications - month.applications
        out.append(
            _(
                "Laporkan %(more)s lamaran kerja lagi (baru %(done)s dari minimal %(min)s) "
                "atau %(interviews)s undangan tes/wawancara, paling lambat %(when)s."
            )
            % {
                "more": more,
                "done": month.applications,
                "min": rs.min_job_applications,
                "interviews": rs.min_interviews,
                "when": when,
            }
        )
    if result.counselling_ok is False:
        out.append(_("Ikuti minimal 1 sesi konseling dengan konselor JKP, paling lambat %(when)s.") % {"when": when})
    if result.form_ok is False:
        out.append(_("Isi formulir status kebekerjaan, paling lambat %(when)s.") % {"when": when})
    return out


def _evidence(month: BenefitMonth) -> MonthEvidence:
    return MonthEvidence(
        month_no=month.month_no,
        rule_set=month.rule_set,
        applications=month.applications,
        interviews=month.interviews,
        counselling_sessions=month.counselling_sessions,
        attendance_pct=month.attendance_pct,
        form_submitted=month.form_submitted,
    )


def _upcoming(months: list[BenefitMonth], today: date) -> BenefitMonth | None:
    for month in months:
        if month.month_no < 2 or month.has_payment:
            continue
        if (
            month.status in (MonthStatus.SCHEDULED, MonthStatus.WITHHELD)
            and grace_end(month.rule_set, month.due_date) >= today
        ):
            return month
    return None


def progress_for_month(benefit_id: int, month: BenefitMonth | None, today: date) -> JobSearchProgress:
    if month is None:
        return JobSearchProgress(benefit_id, None, None, 0, 0, None, None, None, True, [])
    result = evaluate_month(_evidence(month))
    withheld = month.status == MonthStatus.WITHHELD or month.due_date < today
    deadline = grace_end(month.rule_set, month.due_date) if withheld else month.due_date
    return JobSearchProgress(
        benefit_id=benefit_id,
        next_month_no=month.month_no,
        next_due_date=month.due_date,
        applications=month.applications,
        interviews=month.interviews,
        attendance_ok=result.attendance_ok,
        counselling_ok=result.counselling_ok,
        form_ok=result.form_ok,
        sufficient=result.met,
        missing=[] if result.met else missing_sentences(month, deadline),
        deadline=deadline,
        withheld=withheld,
    )


def _months_with_payment_flag() -> QuerySet:
    return BenefitMonth.objects.annotate(has_payment=Exists(Payment.objects.filter(month_id=OuterRef("pk"))))


def job_search_progress(*, participant_ids, today: date | None = None) -> dict[int, JobSearchProgress]:
    """For each participant with a running benefit: the coming month whose
    conditions are being collected, what counts so far and what is missing.
    Participants without a running benefit are absent. One query."""
    today = today or timezone.localdate()
    months = (
        _months_with_payment_flag()
        .filter(
            benefit__participant_id__in=list(participant_ids),
            benefit__status=BenefitStatus.ACTIVE,
            benefit__is_open=True,
        )
        .select_related("benefit")
        .order_by("benefit__participant_id", "-benefit__decision_date", "benefit_id", "month_no")
    )
    by_benefit: dict[int, list[BenefitMonth]] = defaultdict(list)
    owner: dict[int, int] = {}
    for month in months:
        by_benefit[month.benefit_id].append(month)
        owner.setdefault(month.benefit.participant_id, month.benefit_id)
    return {pid: progress_for_month(bid, _upcoming(by_benefit[bid], today), today) for pid, bid in owner.items()}


# --- benefits and their ledger --------------------------------------------------------------


def benefits_for_worker(user) -> QuerySet[Benefit]:
    return Benefit.objects.filter(participant__user=user).select_related("participant", "claim")


def benefit_for_user(*, user, benefit_id: int) -> Benefit:
    """A benefit the user may see: a worker their own, staff their office's. Otherwise DoesNotExist."""
    qs = Benefit.objects.select_related("participant__user", "participant__employer", "office", "claim")
    if user.has_role(*STAFF_ROLES):
        staff_qs = scope_by_office(qs, user)
        if user.has_role("worker"):
            return qs.filter(Q(pk__in=staff_qs.values("pk")) | Q(participant__user=user)).get(pk=benefit_id)
        return staff_qs.get(pk=benefit_id)
    return qs.get(pk=benefit_id, participant__user=user)


def benefits_for_user(*, user, status: str = "") -> QuerySet[Benefit]:
    """The benefits a user may list, newest decision first: a worker their own,
    staff their office scope's (a worker who is also staff: both)."""
    qs = Benefit.objects.select_related("participant", "office")
    if user.has_role(*STAFF_ROLES):
        visible = scope_by_office(qs, user)
        if user.has_role("worker"):
            visible = qs.filter(Q(pk__in=visible.values("pk")) | Q(participant__user=user))
    else:
        visible = qs.filter(participant__user=user)
    if status:
        visible = visible.filter(status=status)
    return visible.order_by("-decision_date", "-id")


STATE_LABELS = {
    "scheduled": gettext_lazy("Terjadwal"),
    "due": gettext_lazy("Menunggu proses"),
    "withheld": gettext_lazy("Ditahan"),
    "forfeited": gettext_lazy("Hangus"),
    "stopped": gettext_lazy("Dihentikan"),
    "employer": gettext_lazy("Ditanggung pemberi kerja"),
    "prepared": gettext_lazy("Menunggu persetujuan batch"),
    "approved": gettext_lazy("Batch disetujui"),
    "sent": gettext_lazy("Dikirim ke bank"),
    "paid": gettext_lazy("Dibayar"),
    "failed": gettext_lazy("Gagal — perbarui rekening"),
    "reissue_ready": gettext_lazy("Menunggu penerbitan ulang"),
    "cancelled": gettext_lazy("Dibatalkan"),
}
STATE_BADGES = {
    "scheduled": "secondary",
    "due": "info",
    "withheld": "warning",
    "forfeited": "dark",
    "stopped": "dark",
    "employer": "secondary",
    "prepared": "info",
    "approved": "info",
    "sent": "primary",
    "paid": "success",
    "failed": "danger",
    "reissue_ready": "warning",
    "cancelled": "dark",
}


@dataclass
class MonthRow:
    month: BenefitMonth
    payment: Payment | None
    state: str
    sla_late: bool

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]


def month_state(month: BenefitMonth, payment: Payment | None, today: date) -> str:
    if payment is not None:
        if payment.status == PaymentStatus.PENDING:
            return payment.batch.status if payment.batch.status != BatchStatus.RECONCILED else "sent"
        return payment.status
    if month.status == MonthStatus.SCHEDULED:
        return "due" if month.due_date <= today else "scheduled"
    return month.status


@dataclass
class Ledger:
    """Where the money of a benefit stands. The amounts add up: ``entitled`` =
    ``paid`` + ``remaining`` (still to be paid by BPJS: scheduled, in process,
    withheld, failed) + ``employer`` (paid by an employer in arrears); the
    months decided = ``entitled`` + ``forfeited`` (forfeited or stopped: never
    paid)."""

    rows: list[MonthRow]
    totals: dict[str, dict[str, Decimal | int]]
    entitled: Decimal
    paid: Decimal
    reissued_count: int
    reissued_total: Decimal
    forfeited: Decimal = Decimal(0)
    remaining: Decimal = Decimal(0)
    employer: Decimal = Decimal(0)


LEDGER_BUCKETS = ("scheduled", "in_process", "paid", "withheld", "forfeited", "failed", "employer", "stopped")


def benefit_ledger(benefit: Benefit, today: date | None = None) -> Ledger:
    """Every month of a benefit with its payment and where the money stands. Two queries."""
    today = today or timezone.localdate()
    months = list(benefit.months.order_by("month_no"))
    payments = {
        p.month_id: p
        for p in Payment.objects.filter(month__benefit=benefit).select_related("batch").prefetch_related("attempts")
    }
    totals = {key: {"count": 0, "amount": Decimal(0)} for key in LEDGER_BUCKETS}
    rows = []
    reissued_count, reissued_total = 0, Decimal(0)
    for month in months:
        payment = payments.get(month.pk)
        state = month_state(month, payment, today)
        bucket = {
            "scheduled": "scheduled",
            "due": "scheduled",
            "prepared": "in_process",
            "approved": "in_process",
            "sent": "in_process",
            "reissue_ready": "failed",
            "cancelled": "stopped",
        }.get(state, state)
        totals[bucket]["count"] += 1
        totals[bucket]["amount"] += month.amount
        sla_late = False
        if payment is not None:
            if payment.attempt > 1:
                reissued_count += 1
                reissued_total += payment.amount
            done_on = payment.paid_on or today
            sla_late = payment.status != PaymentStatus.CANCELLED and done_on > payment.sla_deadline
        rows.append(MonthRow(month, payment, state, sla_late))
    amount = {key: totals[key]["amount"] for key in LEDGER_BUCKETS}
    forfeited = amount["forfeited"] + amount["stopped"]
    remaining = amount["scheduled"] + amount["in_process"] + amount["withheld"] + amount["failed"]
    entitled = sum((m.amount for m in months), Decimal(0)) - forfeited
    return Ledger(
        rows,
        totals,
        entitled,
        amount["paid"],
        reissued_count,
        reissued_total,
        forfeited=forfeited,
        remaining=remaining,
        employer=amount["employer"],
    )


def worker_benefits_with_ledgers(user, today: date | None = None):
    benefits = list(benefits_for_worker(user).order_by("-decision_date"))
    return [(b, benefit_ledger(b, today)) for b in benefits]


def report_activities(benefit: Benefit, month: BenefitMonth | None) -> list[JobSearchActivity]:
    qs = JobSearchActivity.objects.filter(participant_id=benefit.participant_id)
    if month is not None:
        qs = qs.filter(occurred_on__gt=month.period_start, occurred_on__lte=grace_end(month.rule_set, month.due_date))
    return list(qs.order_by("-occurred_on", "-id")[:200])


# --- batches -----------------------------------------------------------------------------------


def batches_for_staff(user, *, status: str = "") -> QuerySet[PayoutBatch]:
    qs = PayoutBatch.objects.select_related("office", "prepared_by", "approved_by")
    qs = scope_by_office(qs, user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-prepared_at", "-id")


def batch_for_staff(*, user, batch_id: int) -> PayoutBatch:
    return batches_for_staff(user).get(pk=batch_id)


def live_totals(batch_ids) -> dict[int, tuple[int, Decimal]]:
    """Current count and total of the (non-cancelled) payments of these batches. One query."""
    rows = (
        Payment.objects.filter(batch_id__in=list(batch_ids))
        .exclude(status=PaymentStatus.CANCELLED)
        .values("batch_id")
        .annotate(n=Count("id"), total=Sum("amount"))
    )
    return {r["batch_id"]: (r["n"], r["total"] or Decimal(0)) for r in rows}


def batch_payments(batch: PayoutBatch) -> QuerySet[Payment]:
    return batch.payments.select_related("month__benefit__participant").order_by("status", "id")


def payments_needing_action(user) -> QuerySet[Payment]:
    qs = Payment.objects.filter(status__in=[PaymentStatus.FAILED, PaymentStatus.REISSUE_READY]).select_related(
        "month__benefit__participant", "batch"
    )
    return scope_by_office(qs, user, field="month__benefit__office").order_by("status", "id")


_LATE_OPEN_STATUSES = [PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.REISSUE_READY]
_PAID_LATE = Q(status=PaymentStatus.PAID, paid_on__gt=F("sla_deadline"))


def _late_open(today: date) -> Q:
    return Q(status__in=_LATE_OPEN_STATUSES, sla_deadline__lt=today)


def late_payments(user, today: date | None = None, *, paid: bool = False) -> QuerySet[Payment]:
    """Payments past their SLA. By default those still open after the deadline
    (pending at the bank, failed, waiting for re-issue): the ones someone must
    act on. With ``paid``, those the bank paid after the deadline (the record
    the dashboards' SLA figures count)."""
    condition = _PAID_LATE if paid else _late_open(today or timezone.localdate())
    qs = Payment.objects.filter(condition).select_related("month__benefit__participant", "batch")
    return scope_by_office(qs, user, field="month__benefit__office").order_by("sla_deadline", "id")


def late_payment_counts(user, today: date | None = None) -> dict[str, int]:
    """Both counts of :func:`late_payments` in one pass: ``open`` and ``paid``."""
    late_open = _late_open(today or timezone.localdate())
    qs = scope_by_office(Payment.objects.filter(late_open | _PAID_LATE), user, field="month__benefit__office")
    return qs.aggregate(open=Count("id", filter=late_open), paid=Count("id", filter=_PAID_LATE))


def reimbursements_for_staff(user) -> QuerySet[EmployerReimbursement]:
    qs = EmployerReimbursement.objects.select_related("benefit__participant", "employer")
    return scope_by_office(qs, user, field="benefit__office")


def reimbursements_for_employer(user) -> QuerySet[EmployerReimbursement]:
    return EmployerReimbursement.objects.filter(employer__npp=user.employer_npp).select_related("benefit__participant")


def employer_owed_benefits(user) -> QuerySet[Benefit]:
    """Benefits the employer pays itself (payer employer) of its workers."""
    return (
        Benefit.objects.filter(payer="employer", participant__employer__npp=user.employer_npp)
        .select_related("participant")
        .prefetch_related(Prefetch("months", queryset=BenefitMonth.objects.order_by("month_no")))
        .order_by("-decision_date")
    )


ACCOUNT_REVIEW_ROLES = REVIEWER_ROLES


def account_changes_for_review(user) -> QuerySet:
    """Bank account changes waiting for staff review in the user's offices, oldest first."""
    qs = BankAccountChange.objects.filter(status=AccountChangeStatus.IN_REVIEW).select_related(
        "benefit", "benefit__participant", "benefit__office", "requested_by"
    )
    return scope_by_office(qs, user, field="benefit__office").order_by("requested_at", "pk")


def account_changes_decided(user, limit: int = 20) -> list:
    qs = BankAccountChange.objects.filter(
        status__in=[AccountChangeStatus.APPLIED, AccountChangeStatus.REJECTED], decided_by__isnull=False
    ).select_related("benefit", "benefit__participant", "decided_by")
    return list(scope_by_office(qs, user, field="benefit__office").order_by("-decided_at", "-pk")[:limit])
