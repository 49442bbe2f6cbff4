"""Reads of PHK reports, mediation, mass layoffs and outreach.

Scoping lives here: an employer sees only its own company's reports, a
mediator only the employers in their area (``User.area_regencies``), BPJS
staff the employers of their office scope. Getters raise 404 for anything
outside the user's reach, so a guessed id reveals nothing.

The first three functions are what the claims app calls (draft pre-fill,
approval check, the verifier's proof view).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import NoRuleSetError, add_months, rule_set_for
from claims.models import Claim, ClaimStatus, Contribution, Employer, Participant
from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.common.exceptions import ForbiddenError

from .deadlines import claim_deadline, deadline_months, phk_date_range_with_deadline_between
from .models import (
    LIVE_STATUSES,
    SETTLED_STATUSES,
    MassLayoffCase,
    OutreachEvent,
    OutreachInvitation,
    PhkDocument,
    PhkReport,
    PhkReportRow,
    PhkUpload,
    RowStatus,
    ServiceArrival,
    ServiceDay,
    ServiceDesk,
)

# Claim statuses that mean the worker has filed (submitted at least once).
FILED_STATUSES = (
    ClaimStatus.SUBMITTED,
    ClaimStatus.NEEDS_CORRECTION,
    ClaimStatus.VERIFIED,
    ClaimStatus.APPROVED,
    ClaimStatus.REJECTED,
)


# ---------------------------------------------------------------------------
# Integration points for the claims app


def _participant(participant) -> Participant:
    if isinstance(participant, Participant):
        return participant
    return Participant.objects.get(pk=participant)


def current_row_for(participant) -> PhkReportRow | None:
    """The report row about the participant's current employment: the latest
    PHK date reported on or after the contract start (a rehired worker's old
    report does not count), withdrawn rows ignored. One query."""
    participant = _participant(participant)
    qs = PhkReportRow.objects.filter(participant_id=participant.pk).exclude(status=RowStatus.WITHDRAWN)
    if participant.contract_start:
        qs = qs.filter(phk_date__gte=participant.contract_start)
    return (
        qs.select_related("report", "report__employer", "mediator")
        .prefetch_related("report__documents")
        .order_by("-phk_date", "-id")
        .first()
    )


def phk_prefill_for(participant) -> dict | None:
    """Claim fields to pre-fill from the employer's PHK report, or None when
    there is no report for the current employment, or it is disputed,
    annulled or withdrawn.

    ``proof_type`` is ``"employer_report"`` when a mediator confirmed the PHK
    (directly, through a registered perjanjian bersama or after an inkracht
    decision): under the rules file that report is proof of type 1.
    """
    row = current_row_for(participant)
    if row is None or row.status not in (RowStatus.REPORTED, *SETTLED_STATUSES):
        return None
    confirmed = row.status in SETTLED_STATUSES
    return {
        "phk_date": row.phk_date,
        "phk_reason": row.reason,
        "proof_type": "employer_report" if confirmed else "",
        "report_id": row.report_id,
        "row_id": row.pk,
        "report_number": row.report.number,
        "confirmed": confirmed,
    }


def claim_approval_blockers(claim: Claim) -> list[str]:
    """Indonesian reasons that must stop the approval of ``claim`` (empty: none)."""
    row = current_row_for(claim.participant)
    relies_on_report = claim.proof_type == "employer_report"
    if row is None:
        if relies_on_report:
            return [
                _("Tidak ada laporan PHK pemberi kerja untuk peserta ini, padahal klaim memakai bukti laporan PHK.")
            ]
        return []
    if row.status == RowStatus.DISPUTED:
        text = _("PHK masih diperselisihkan (perkara di PHI)")
        if row.court_case_number:
            text += " – " + _("nomor perkara %(n)s") % {"n": row.court_case_number}
        return [text]
    if row.status == RowStatus.ANNULLED:
        return [_("PHK dibatalkan oleh putusan PHI: pekerja dipekerjakan kembali.")]
    if relies_on_report and row.status == RowStatus.REPORTED:
        return [_("Laporan PHK pemberi kerja belum dikonfirmasi mediator Disnaker.")]
    return []


def _document_dict(doc: PhkDocument) -> dict:
    return {
        "id": doc.pk,
        "kind": doc.kind,
        "label": str(doc.get_kind_display()),
        "original_name": doc.original_name,
        "content_type": doc.content_type,
        "url": reverse("phk:document", args=[doc.pk]),
    }


def proof_from_report(participant) -> dict | None:
    """The mediator-confirmed PHK report as proof, for the verifier; None when
    the current report is not confirmed (or there is none)."""
    row = current_row_for(participant)
    if row is None or row.status not in SETTLED_STATUSES:
        return None
    report = row.report
    notice = next((d for d in report.documents.all() if d.kind == PhkDocument.Kind.NOTICE_LETTER), None)
    mediator = row.mediator
    return {
        "report_id": report.pk,
        "report_number": report.number,
        "report_url": reverse("phk:report_detail", args=[report.pk]),
        "row_id": row.pk,
        "submitted_at": report.submitted_at,
        "employer": report.employer.name,
        "employer_npp": report.employer.npp,
        "phk_date": row.phk_date,
        "phk_reason": row.reason,
        "phk_reason_label": str(row.get_reason_display()),
        "accepted_by_worker": row.accepted,
        "status": row.status,
        "status_label": str(row.get_status_display()),
        "mediator": (mediator.get_full_name() or mediator.username) if mediator else "",
        "confirmed_at": row.confirmed_at,
        "agreement": {
            "number": row.agreement_number,
            "deed_number": row.agreement_deed_number,
            "deed_date": row.agreement_deed_date,
            "court": row.court_name,
        }
        if row.status == RowStatus.AGREEMENT
        else None,
        "court_decision": {
            "case_number": row.court_case_number,
            "decision_number": row.decision_number,
            "inkracht_date": row.decision_inkracht_date,
            "court": row.court_name,
        }
        if row.decision_number
        else None,
        "notice_letter_document_id": notice.pk if notice else None,
        "notice_letter_url": reverse("phk:document", args=[notice.pk]) if notice else None,
        "documents": [_document_dict(d) for d in report.documents.all() if d.row_id in (None, row.pk)],
    }


# ---------------------------------------------------------------------------
# Who sees what


def employer_for_user(user) -> Employer:
    """The company an employer account acts for (403 when it is not linked)."""
    npp = getattr(user, "employer_npp", "") or ""
    employer = Employer.objects.select_related("office").filter(npp=npp).first() if npp else None
    if employer is None or not user.has_role("employer"):
        raise ForbiddenError(_("Akun ini tidak terhubung dengan perusahaan terdaftar (NPP). Hubungi kantor BPJS."))
    return employer


def _employer_scope(user, *, prefix: str, employer_role: bool = True) -> Q | None:
    """A filter on employers (through ``prefix``) for what ``user`` may see; None = everything."""
    q = Q(pk__in=[])
    if employer_role and user.has_role("employer") and user.employer_npp:
        q |= Q(**{f"{prefix}npp": user.employer_npp})
    if user.has_role("mediator") and user.area_regencies:
        q |= Q(**{f"{prefix}regency__in": list(user.area_regencies)})
    if user.has_role(*STAFF_ROLES):
        ids = office_scope_ids(user)
        if ids is None:
            return None
        q |= Q(**{f"{prefix}office_id__in": list(ids)})
    return q


def _scoped(qs: QuerySet, user, *, prefix: str, employer_role: bool = True) -> QuerySet:
    q = _employer_scope(user, prefix=prefix, employer_role=employer_role)
    return qs if q is None else qs.filter(q)


def is_area_mediator(user, employer: Employer) -> bool:
    return user.has_role("mediator") and employer.regency in (user.area_regencies or [])


def is_case_staff(user, employer: Employer) -> bool:
    """BPJS staff whose office scope covers the employer's office."""
    if not user.has_role(*STAFF_ROLES):
        return False
    ids = office_scope_ids(user)
    return ids is None or employer.office_id in ids


def row_counts() -> dict:
    return {
        "n_reported": Count("rows", filter=Q(rows__status=RowStatus.REPORTED)),
        "n_disputed": Count("rows", filter=Q(rows__status=RowStatus.DISPUTED)),
        "n_settled": Count("rows", filter=Q(rows__status__in=SETTLED_STATUSES)),
    }


def reports_visible_to(user) -> QuerySet[PhkReport]:
    qs = PhkReport.objects.select_related("employer", "submitted_by", "mass_layoff_case")
    return _scoped(qs, user, prefix="employer__")


def report_get(*, user, pk: int) -> PhkReport:
    report = reports_visible_to(user).select_related("employer__office").annotate(**row_counts()).filter(pk=pk).first()
    if report is None:
        raise Http404(_("Laporan PHK tidak ditemukan."))
    return report


def report_rows(report: PhkReport) -> QuerySet[PhkReportRow]:
    return report.rows.select_related("participant", "mediator").prefetch_related("documents").order_by("line")


def row_get(*, user, pk: int) -> PhkReportRow:
    row = (
        PhkReportRow.objects.select_related("report", "report__employer", "participant", "mediator")
        .filter(report__in=reports_visible_to(user).values("pk"), pk=pk)
        .first()
    )
    if row is None:
        raise Http404(_("Data pekerja tidak ditemukan."))
    return row


def employer_reports(employer: Employer) -> QuerySet[PhkReport]:
    return (
        PhkReport.objects.filter(employer=employer)
        .select_related("mass_layoff_case")
        .annotate(**row_counts())
        .order_by("-submitted_at", "-id")
    )


MEDIATOR_FILTERS = ("pending", "disputed", "all")


def mediator_queue(*, user, status: str = "pending") -> QuerySet[PhkReport]:
    """Reports of employers in the mediator's area; pending ones oldest first."""
    qs = PhkReport.objects.select_related("employer").annotate(**row_counts())
    qs = qs.filter(employer__regency__in=list(user.area_regencies or []))
    if status == "pending":
        qs = qs.filter(n_reported__gt=0).order_by("submitted_at", "id")
    elif status == "disputed":
        qs = qs.filter(n_disputed__gt=0).order_by("submitted_at", "id")
    else:
        qs = qs.order_by("-submitted_at", "-id")
    return qs


def document_get(*, user, pk: int) -> PhkDocument:
    doc = PhkDocument.objects.filter(report__in=reports_visible_to(user).values("pk"), pk=pk).first()
    if doc is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return doc


def upload_get(*, user, pk: int) -> PhkUpload:
    upload = PhkUpload.objects.filter(employer__npp=user.employer_npp or "-", uploaded_by=user, pk=pk).first()
    if upload is None:
        raise Http404(_("Unggahan tidak ditemukan."))
    return upload


# ---------------------------------------------------------------------------
# The employer's contribution arrears and the benefits it pays


@dataclass(frozen=True)
class ArrearsMonth:
    period: dt.date
    workers: int
    wages: Decimal
    jkp_amount: Decimal


@dataclass(frozen=True)
class ArrearsSummary:
    months: list[ArrearsMonth]
    latest_period: dt.date | None
    streak: int  # consecutive arrears months ending with the latest ledger month
    total_wages: Decimal
    total_jkp_amount: Decimal

    @property
    def months_count(self) -> int:
        return len(self.months)

    @property
    def over_payer_threshold(self) -> bool:
        return self.streak > rule_set_for(timezone.localdate()).employer_payer_arrears_threshold


def _jkp_contribution(wages: Decimal, period: dt.date) -> Decimal:
    """JKP contribution on ``wages`` at the rate in force at the month's end
    (capped wage per worker is not known here: an estimate on reported wages)."""
    try:
        rate = rule_set_for(add_months(period, 1) - dt.timedelta(days=1)).contribution_rate
    except NoRuleSetError:
        return Decimal(0)
    return (wages * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def employer_arrears(employer: Employer) -> ArrearsSummary:
    """Months in arrears across the employer's participants (two queries)."""
    base = Contribution.objects.filter(participant__employer=employer)
    latest = base.order_by("-period").values_list("period", flat=True).first()
    rows = (
        base.filter(status=Contribution.Status.ARREARS)
        .values("period")
        .annotate(workers=Count("id"), wages=Sum("wage"))
        .order_by("-period")
    )
    months = [
        ArrearsMonth(
            r["period"],
            r["workers"],
            r["wages"] or Decimal(0),
            _jkp_contribution(r["wages"] or Decimal(0), r["period"]),
        )
        for r in rows
    ]
    arrears_periods = {m.period for m in months}
    streak = 0
    if latest is not None:
        month = latest
        while month in arrears_periods:
            streak += 1
            month = add_months(month, -1)
    return ArrearsSummary(
        months=months,
        latest_period=latest,
        streak=streak,
        total_wages=sum((m.wages for m in months), Decimal(0)),
        total_jkp_amount=sum((m.jkp_amount for m in months), Decimal(0)),
    )


@dataclass(frozen=True)
class EmployerPaidBenefit:
    claim_id: int
    worker: str
    decision_date: dt.date | None
    # [{"month", "due_date", "amount", "status", "status_label", "owed", "reimbursement"}]
    months: list[dict]
    total: Decimal  # the schedule the employer pays (months stopped or forfeited excluded)
    owed: Decimal  # months already due and recorded as the employer's
    reimbursements: list[dict] = field(default_factory=list)  # [{"status_label", "amount", "requested_at"}]


def employer_paid_benefits(employer: Employer) -> list[EmployerPaidBenefit]:
    """Benefits whose payer is the employer (arrears over three months at the
    PHK): the months it owes and the reimbursements it asked for, read from the
    payouts app."""
    from claims.payouts.models import Benefit, BenefitMonth, MonthStatus

    not_payable = {MonthStatus.STOPPED, MonthStatus.FORFEITED}
    benefits = (
        Benefit.objects.filter(participant__employer=employer, payer="employer")
        .select_related("participant")
        .prefetch_related(
            Prefetch("months", queryset=BenefitMonth.objects.select_related("reimbursement").order_by("month_no")),
            "reimbursements",
        )
        .order_by("decision_date", "id")
    )
    out = []
    for benefit in benefits:
        months = [
            {
                "month": m.month_no,
                "due_date": m.due_date,
                "amount": m.amount,
                "status": m.status,
                "status_label": str(m.get_status_display()),
                "owed": m.status == MonthStatus.EMPLOYER,
                "reimbursement": str(m.reimbursement.get_status_display()) if m.reimbursement_id else "",
            }
            for m in benefit.months.all()
        ]
        out.append(
            EmployerPaidBenefit(
                claim_id=benefit.claim_id,
                worker=benefit.participant.full_name,
                decision_date=benefit.decision_date,
                months=months,
                total=sum((m["amount"] for m in months if m["status"] not in not_payable), Decimal(0)),
                owed=sum((m["amount"] for m in months if m["owed"]), Decimal(0)),
                reimbursements=[
                    {"status_label": str(r.get_status_display()), "amount": r.amount, "requested_at": r.requested_at}
                    for r in benefit.reimbursements.all()
                ],
            )
        )
    return out


# ---------------------------------------------------------------------------
# Mass layoffs


def mass_layoffs_visible_to(user) -> QuerySet[MassLayoffCase]:
    """Cases of employers in the user's office scope or mediation area (the
    employer itself does not see the workers' claim progress)."""
    if not (user.has_role("mediator") or user.has_role(*STAFF_ROLES)):
        return MassLayoffCase.objects.none()
    qs = MassLayoffCase.objects.select_related("employer", "employer__office", "opening_report")
    return _scoped(qs, user, prefix="employer__", employer_role=False)


def mass_layoff_list(*, user) -> QuerySet[MassLayoffCase]:
    return (
        mass_layoffs_visible_to(user)
        .annotate(n_workers=Count("reports__rows", filter=Q(reports__rows__status__in=LIVE_STATUSES)))
        .order_by("-opened_at", "-id")
    )


def mass_layoff_get(*, user, pk: int) -> MassLayoffCase:
    case = mass_layoffs_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404(_("Kasus PHK massal tidak ditemukan."))
    return case


def case_rows(case: MassLayoffCase) -> QuerySet[PhkReportRow]:
    """The case's affected workers (rows whose PHK still stands or is pending)."""
    return PhkReportRow.objects.filter(report__mass_layoff_case=case, status__in=LIVE_STATUSES)


def _claim_subquery():
    # The worker's claim for this PHK: started on or after the PHK date, not withdrawn.
    return (
        Claim.objects.filter(participant_id=OuterRef("participant_id"), created_at__date__gte=OuterRef("phk_date"))
        .exclude(status=ClaimStatus.WITHDRAWN)
        .order_by("-created_at")
    )


def with_claim_progress(rows: QuerySet[PhkReportRow]) -> QuerySet[PhkReportRow]:
    claims = _claim_subquery()
    return rows.annotate(
        claim_id=Subquery(claims.values("pk")[:1]),
        claim_status=Subquery(claims.values("status")[:1]),
        filed=Exists(claims.filter(status__in=FILED_STATUSES)),
    )


CASE_WORKER_FILTERS = ("all", "not_signed_up", "not_filed", "due_30")


@dataclass
class CaseWorker:
    row: PhkReportRow
    deadline: dt.date
    days_left: int

    @property
    def participant(self) -> Participant:
        return self.row.participant

    @property
    def signed_up(self) -> bool:
        return self.row.participant.user_id is not None

    @property
    def claim_label(self) -> str:
        status = self.row.claim_status
        return str(ClaimStatus(status).label) if status else ""

    @property
    def urgency(self) -> str:
        if self.row.filed:
            return "done"
        if self.days_left < 0:
            return "passed"
        if self.days_left <= 14:
            return "danger"
        if self.days_left <= 30:
            return "warning"
        return "ok"


def case_workers(case: MassLayoffCase, *, status: str = "all", today: dt.date | None = None) -> QuerySet:
    """The affected workers with their sign-up and claim progress, earliest deadline first."""
    today = today or timezone.localdate()
    rows = with_claim_progress(case_rows(case)).select_related("participant", "report")
    if status == "not_signed_up":
        rows = rows.filter(participant__user__isnull=True)
    elif status == "not_filed":
        rows = rows.filter(filed=False)
    elif status == "due_30":
        first, last = phk_date_range_with_deadline_between(today, today + dt.timedelta(days=30), deadline_months(today))
        rows = rows.filter(filed=False, phk_date__gte=first, phk_date__lte=last)
    return rows.order_by("phk_date", "participant__full_name", "id")


def as_case_workers(rows, *, today: dt.date | None = None) -> list[CaseWorker]:
    today = today or timezone.localdate()
    out = []
    for row in rows:
        deadline = claim_deadline(row.phk_date, today)
        out.append(CaseWorker(row=row, deadline=deadline, days_left=(deadline - today).days))
    return out


@dataclass(frozen=True)
class CaseSummary:
    workers: int
    signed_up: int
    filed: int
    approved: int
    earliest_deadline: dt.date | None
    latest_deadline: dt.date | None
    due_30_not_filed: int


def case_summary(case: MassLayoffCase, *, today: dt.date | None = None) -> CaseSummary:
    """Counts for the case header (one query)."""
    today = today or timezone.localdate()
    claims = _claim_subquery()
    months = deadline_months(today)
    first, last = phk_date_range_with_deadline_between(today, today + dt.timedelta(days=30), months)
    agg = (
        case_rows(case)
        .annotate(
            filed_flag=Exists(claims.filter(status__in=FILED_STATUSES)),
            approved_flag=Exists(claims.filter(status=ClaimStatus.APPROVED)),
        )
        .aggregate(
            workers=Count("id"),
            signed_up=Count("id", filter=Q(participant__user__isnull=False)),
            filed=Count("id", filter=Q(filed_flag=True)),
            approved=Count("id", filter=Q(approved_flag=True)),
            due_30=Count("id", filter=Q(filed_flag=False, phk_date__gte=first, phk_date__lte=last)),
            first_phk=Min("phk_date"),
            last_phk=Max("phk_date"),
        )
    )
    return CaseSummary(
        workers=agg["workers"],
        signed_up=agg["signed_up"],
        filed=agg["filed"],
        approved=agg["approved"],
        earliest_deadline=claim_deadline(agg["first_phk"], today) if agg["first_phk"] else None,
        latest_deadline=claim_deadline(agg["last_phk"], today) if agg["last_phk"] else None,
        due_30_not_filed=agg["due_30"],
    )


# ---------------------------------------------------------------------------
# Outreach events


def events_visible_to(user) -> QuerySet[OutreachEvent]:
    return OutreachEvent.objects.filter(case__in=mass_layoffs_visible_to(user).values("pk")).select_related(
        "case", "case__employer", "organiser_office", "created_by"
    )


def event_get(*, user, pk: int) -> OutreachEvent:
    event = (
        events_visible_to(user)
        .annotate(
            n_invited=Count("invitations"),
            n_attended=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404(_("Sosialisasi tidak ditemukan."))
    return event


def case_events(case: MassLayoffCase) -> QuerySet[OutreachEvent]:
    return (
        case.events.select_related("organiser_office")
        .annotate(
            n_invited=Count("invitations"),
            n_attended=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by("starts_at", "id")
    )


def event_invitations(event: OutreachEvent) -> QuerySet[OutreachInvitation]:
    return event.invitations.select_related("participant", "participant__user").order_by("participant__full_name", "id")


def uninvited_count(event: OutreachEvent) -> int:
    """Affected workers of the event's case not invited yet (added to the case later, or never sent)."""
    invited = event.invitations.values("participant_id")
    return case_rows(event.case).exclude(participant_id__in=invited).values("participant_id").distinct().count()


def upcoming_events_for_employer(employer: Employer) -> QuerySet[OutreachEvent]:
    """Scheduled sosialisasi for the employer's laid-off workers (the employer
    can tell its workers; it does not see who attended)."""
    return OutreachEvent.objects.filter(
        case__employer=employer, status=OutreachEvent.Status.SCHEDULED, starts_at__gte=timezone.now()
    ).order_by("starts_at")


# ---------------------------------------------------------------------------
# service days (claims/phk/services/service_days.py)

SERVICE_DAY_ROLES = ("supervisor", "service_officer", "admin")


def service_days_visible_to(user) -> QuerySet[ServiceDay]:
    """Days staffed by an office in the user's scope (service officers, office leads)."""
    if not user.has_role(*SERVICE_DAY_ROLES):
        return ServiceDay.objects.none()
    qs = ServiceDay.objects.select_related("case", "case__employer", "office")
    ids = office_scope_ids(user)
    return qs if ids is None else qs.filter(office_id__in=list(ids))


def service_day_get(*, user, pk: int) -> ServiceDay:
    service_day = service_days_visible_to(user).filter(pk=pk).first()
    if service_day is None:
        raise Http404(_("Hari layanan tidak ditemukan."))
    return service_day


def service_day_cases(user) -> QuerySet[MassLayoffCase]:
    """Cases a user may open a service day for: employers of their office scope."""
    if not user.has_role(*SERVICE_DAY_ROLES):
        return MassLayoffCase.objects.none()
    qs = MassLayoffCase.objects.select_related("employer").order_by("-opened_at", "-id")
    ids = office_scope_ids(user)
    return qs if ids is None else qs.filter(employer__office_id__in=list(ids))


def service_day_workers(service_day: ServiceDay, *, query: str = "") -> QuerySet[PhkReportRow]:
    """The case's workers for the desk screen, by name (part of it: the trigram
    index on the participant's name) or NIK (6+ digits: prefix, the pattern
    index), each with their queue number of the day and claim progress. Ordered
    by name; the page paginates (a case may have 10,000 workers)."""
    arrivals = ServiceArrival.objects.filter(service_day=service_day, row_id=OuterRef("pk"))
    rows = (
        case_rows(service_day.case)
        .select_related("participant")
        .only(
            "id",
            "phk_date",
            "reason",
            "status",
            "participant__id",
            "participant__nik",
            "participant__full_name",
            "participant__birth_date",
            "participant__user_id",
        )
        .annotate(
            queue_number=Subquery(arrivals.values("queue_number")[:1]),
            arrival_id=Subquery(arrivals.values("pk")[:1]),
            session_id=Subquery(arrivals.values("session_id")[:1]),
            claim_status=Subquery(
                Claim.objects.filter(
                    participant_id=OuterRef("participant_id"), created_at__date__gte=OuterRef("phk_date")
                )
                .exclude(status=ClaimStatus.WITHDRAWN)
                .order_by("-created_at")
                .values("status")[:1]
            ),
        )
    )
    query = " ".join((query or "").split())
    if query:
        digits = query.replace(" ", "")
        if digits.isdigit() and len(digits) >= 6:
            rows = rows.filter(participant__nik__startswith=digits)
        elif digits.isdigit():
            rows = rows.filter(queue_number=int(digits))
        else:
            rows = rows.filter(participant__full_name__icontains=query)
    return rows.order_by("participant__full_name", "id")


def service_day_waiting(service_day: ServiceDay, *, limit: int = 30) -> list[ServiceArrival]:
    """The next workers in the queue (arrived, not yet called to a desk)."""
    return list(
        ServiceArrival.objects.filter(service_day=service_day, session__isnull=True)
        .select_related("row__participant")
        .order_by("queue_number")[:limit]
    )


@dataclass(frozen=True)
class DayBoard:
    workers: int
    arrived: int
    waiting: int
    served: int
    filed: int
    desks: list


def service_day_board(service_day: ServiceDay) -> DayBoard:
    """Served / filed per desk and the day's totals (three queries whatever the size)."""
    filed_q = Q(arrivals__session__claim__submitted_at__isnull=False)
    desks = list(
        ServiceDesk.objects.filter(service_day=service_day)
        .select_related("officer")
        .annotate(
            served=Count("arrivals", filter=Q(arrivals__session__isnull=False)),
            filed=Count("arrivals", filter=filed_q),
        )
        .order_by("name")
    )
    totals = ServiceArrival.objects.filter(service_day=service_day).aggregate(
        arrived=Count("pk"),
        waiting=Count("pk", filter=Q(session__isnull=True)),
        served=Count("pk", filter=Q(session__isnull=False)),
        filed=Count("pk", filter=Q(session__claim__submitted_at__isnull=False)),
    )
    return DayBoard(workers=case_rows(service_day.case).count(), desks=desks, **totals)
