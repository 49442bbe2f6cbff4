"""Evidence for the monthly conditions, and the counters the daily run reads.

Every write here ends with ``refresh_month_evidence``: the counters of the
participant's open months are recomputed from the evidence rows (never
incremented), so they cannot drift from what the worker and the other apps
reported.
"""

# ruff: noqa: S608 -- SQL is built only from model table names and rule-set numbers; values are parameters.

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.services.documents import clean_file_name, inspect_document
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

from ..conditions import MonthEvidence, evaluate_month, grace_end, grace_sql
from ..locks import lock_benefits
from ..models import (
    ActivityKind,
    Benefit,
    BenefitMonth,
    EmploymentStatus,
    EmploymentStatusForm,
    EndReason,
    JobSearchActivity,
    MonthStatus,
    Payment,
    TrainingAttendance,
)

REPORT_SOURCE = "payouts.report"

CHANNELS = [
    ("job_portal", gettext_lazy("Portal lowongan (SIAPkerja/Karirhub, dll.)")),
    ("company_site", gettext_lazy("Situs/email perusahaan")),
    ("job_fair", gettext_lazy("Bursa kerja / job fair")),
    ("walk_in", gettext_lazy("Datang langsung")),
    ("referral", gettext_lazy("Rujukan konselor/kenalan")),
    ("social_media", gettext_lazy("Media sosial")),
    ("other", gettext_lazy("Lainnya")),
]
CHANNEL_VALUES = {c for c, _label in CHANNELS}


_M = BenefitMonth._meta.db_table
_B = Benefit._meta.db_table
_A = JobSearchActivity._meta.db_table
_T = TrainingAttendance._meta.db_table
_F = EmploymentStatusForm._meta.db_table
_P = Payment._meta.db_table

_REFRESH_SQL = f"""
UPDATE {_M} AS t
SET applications = s.applications, interviews = s.interviews, counselling_sessions = s.sessions,
    attendance_pct = s.attendance, form_submitted = s.form
FROM (
    SELECT m.id,
           coalesce(a.applications, 0) AS applications, coalesce(a.interviews, 0) AS interviews,
           coalesce(a.sessions, 0) AS sessions,
           (SELECT min(tr.percentage) FROM {_T} tr
             WHERE tr.participant_id = b.participant_id
               AND tr.month = (date_trunc('month', m.due_date) - interval '1 month')::date) AS attendance,
           EXISTS (SELECT 1 FROM {_F} f WHERE f.benefit_id = b.id) AS form
    FROM {_M} m
    JOIN {_B} b ON b.id = m.benefit_id
    LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.kind = 'application') AS applications,
               count(*) FILTER (WHERE x.kind = 'interview_invitation') AS interviews,
               count(*) FILTER (WHERE x.kind = 'counselling_session') AS sessions
        FROM {_A} x
        WHERE x.participant_id = b.participant_id
          AND x.occurred_on > m.period_start AND x.occurred_on <= m.due_date + {grace_sql("m")}
    ) a ON true
    WHERE b.participant_id = ANY(%s) AND b.is_open AND m.month_no > 1
      AND m.status IN ('scheduled', 'withheld')
      AND NOT EXISTS (SELECT 1 FROM {_P} p WHERE p.month_id = m.id)
) s
WHERE t.id = s.id
  AND (t.applications, t.interviews, t.counselling_sessions, t.attendance_pct, t.form_submitted) IS DISTINCT FROM
      (s.applications, s.interviews, s.sessions, s.attendance, s.form)
"""


def refresh_month_evidence(*, participant_ids) -> int:
    """Recompute the evidence counters of the open, unsettled months of these participants."""
    ids = sorted({int(pk) for pk in participant_ids})
    if not ids:
        return 0
    benefit_ids = Benefit.objects.filter(participant_id__in=ids, is_open=True).values_list("pk", flat=True)
    lock_benefits(list(benefit_ids))
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, [ids])
        return cursor.rowcount


def _open_benefit(participant) -> Benefit | None:
    return Benefit.objects.filter(participant=participant, is_open=True).order_by("-decision_date").first()


@transaction.atomic
def activity_record(
    *,
    participant,
    kind: str,
    occurred_on: date,
    source: str,
    reference: str,
    actor=None,
    description: str = "",
    company: str = "",
    position: str = "",
    channel: str = "",
    benefit: Benefit | None = None,
    evidence=None,
) -> tuple[JobSearchActivity, bool]:
    """Record one job-search activity; a repeat of ``(source, reference)`` adds nothing.
    Returns the row and whether it was created."""
    if kind not in ActivityKind.values:
        raise ApplicationError(_("Jenis aktivitas tidak dikenal: %(k)s") % {"k": kind})
    if not source or not reference:
        raise ApplicationError(_("Sumber dan referensi aktivitas wajib diisi."))
    existing = JobSearchActivity.objects.filter(source=source, reference=reference[:200]).first()
    if existing is not None:
        return existing, False
    activity = JobSearchActivity(
        participant=participant,
        benefit=benefit or _open_benefit(participant),
        kind=kind,
        occurred_on=occurred_on,
        source=source[:60],
        reference=reference[:200],
        description=(description or "")[:500],
        company=(company or "")[:200],
        position=(position or "")[:200],
        channel=(channel or "")[:30],
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if evidence is not None:
        meta = check_evidence_file(evidence)
        activity.evidence_name = meta["name"]
        activity.evidence_type = meta["content_type"]
        activity.evidence_size = meta["size"]
        activity.evidence_sha256 = meta["sha256"]
        activity.evidence.save(meta["name"], evidence, save=False)
    with transaction.atomic():
        activity.save()
    audit_record(
        actor=actor,
        obj=activity,
        action="activity.recorded",
        to_state=kind,
        data={"source": source, "reference": reference, "occurred_on": occurred_on.isoformat()},
    )
    refresh_month_evidence(participant_ids=[participant.pk])
    return activity, True


@transaction.atomic
def attendance_record(
    *, participant, month: date, percentage, source: str, reference: str, actor=None
) -> TrainingAttendance:
    """Record (or update) one enrolment's attendance for a calendar month."""
    pct = Decimal(str(percentage))
    if pct < 0 or pct > 100:
        raise ApplicationError(_("Persentase kehadiran harus 0–100."))
    row, created = TrainingAttendance.objects.update_or_create(
        source=source[:60],
        reference=reference[:200],
        defaults={"participant": participant, "month": month.replace(day=1), "percentage": pct},
    )
    audit_record(
        actor=actor,
        obj=row,
        action="attendance.recorded" if created else "attendance.updated",
        data={"month": row.month.isoformat(), "percentage": str(pct)},
    )
    refresh_month_evidence(participant_ids=[participant.pk])
    return row


def check_evidence_file(upload) -> dict:
    """PDF, JPEG or PNG judged by content (not by name), at most MAX_DOCUMENT_BYTES,
    no active PDF content: the same inspection as a claim document."""
    try:
        data, mime = inspect_document(upload)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, code=exc.code, errors={"evidence": [exc.message]}) from exc
    if hasattr(upload, "seek"):
        upload.seek(0)
    return {
        "name": clean_file_name(getattr(upload, "name", "") or "bukti"),
        "content_type": mime,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


# --- the worker's monthly report ------------------------------------------------


@dataclass
class ReportEntry:
    kind: str  # application | interview_invitation
    company: str
    position: str
    occurred_on: date
    channel: str = ""
    evidence: object | None = None


@dataclass
class EmploymentFormInput:
    status: str
    employer_name: str = ""
    job_title: str = ""
    started_on: date | None = None
    note: str = ""


@dataclass
class ReportResult:
    month: BenefitMonth | None
    created: list[JobSearchActivity] = field(default_factory=list)
    form: EmploymentStatusForm | None = None
    ended: bool = False
    withheld_now_met: bool = False  # the report met a withheld month: it is paid now


def upcoming_month(benefit: Benefit, today: date) -> BenefitMonth | None:
    """The month whose conditions are being collected: the first month 2..6 not
    yet settled whose grace days have not passed."""
    paid_months = set(Payment.objects.filter(month__benefit=benefit).values_list("month_id", flat=True))
    for month in benefit.months.order_by("month_no"):
        if month.month_no < 2 or month.pk in paid_months:
            continue
        if month.status not in (MonthStatus.SCHEDULED, MonthStatus.WITHHELD):
            continue
        if grace_end(month.rule_set, month.due_date) >= today:
            return month
    return None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", text.casefold()).split())


def _reference(benefit: Benefit, entry: ReportEntry) -> str:
    raw = f"b{benefit.pk}:{entry.kind}:{entry.occurred_on.isoformat()}:{_norm(entry.company)}:{_norm(entry.position)}"
    if len(raw) <= 200:
        return raw
    return raw[:130] + ":" + hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def job_search_report_submit(
    *,
    benefit: Benefit,
    actor,
    entries: list[ReportEntry],
    employment_form: EmploymentFormInput | None = None,
    today: date | None = None,
) -> ReportResult:
    """The worker reports job applications and invitations for the coming month
    (and, before month 6, the employment-status form). All or nothing: a
    problem with any entry refuses the whole report with a message per entry."""
    today = today or timezone.localdate()
    participant = benefit.participant
    if participant.user_id is None or participant.user_id != getattr(actor, "pk", None):
        raise ForbiddenError(_("Hanya pemilik manfaat yang dapat mengirim laporan."))
    if not benefit.is_open or benefit.status != "active":
        raise StateConflictError(
            _("Manfaat berstatus %(s)s; laporan tidak lagi diperlukan.") % {"s": benefit.get_status_display()}
        )
    month = upcoming_month(benefit, today)
    if month is None:
        raise StateConflictError(_("Tidak ada bulan manfaat yang menunggu laporan pencarian kerja."))
    if not entries and employment_form is None:
        raise ApplicationError(_("Laporan masih kosong: tambahkan lamaran, undangan atau formulir."))
    errors: dict[str, list[str]] = {}
    seen = set()
    for i, entry in enumerate(entries):
        key = f"entries[{i}]"
        problems = []
        if entry.kind not in (ActivityKind.APPLICATION, ActivityKind.INTERVIEW):
            problems.append(_("Jenis harus lamaran atau undangan tes/wawancara."))
        if not entry.company.strip():
            problems.append(_("Nama perusahaan wajib diisi."))
        if not entry.position.strip():
            problems.append(_("Posisi wajib diisi."))
        if entry.occurred_on > today:
            problems.append(_("Tanggal tidak boleh di masa depan."))
        elif entry.occurred_on <= benefit.decision_date:
            problems.append(
                _("Tanggal harus setelah penetapan manfaat (%(d)s).")
                % {"d": benefit.decision_date.strftime("%d-%m-%Y")}
            )
        if entry.kind == ActivityKind.APPLICATION and entry.channel not in CHANNEL_VALUES:
            problems.append(_("Pilih saluran lamaran."))
        ref = _reference(benefit, entry)
        if ref in seen or JobSearchActivity.objects.filter(source=REPORT_SOURCE, reference=ref).exists():
            problems.append(_("Sudah dilaporkan sebelumnya."))
        seen.add(ref)
        if entry.evidence is not None:
            try:
                check_evidence_file(entry.evidence)
            except ApplicationError as exc:
                problems.append(str(exc.message))
        if problems:
            errors[key] = problems
    if employment_form is not None:
        form_problems = []
        if month.month_no != benefit.last_month_no:
            form_problems.append(
                _("Formulir status kebekerjaan diisi menjelang bulan ke-%(n)s.") % {"n": benefit.last_month_no}
            )
        if employment_form.status not in EmploymentStatus.values:
            form_problems.append(_("Pilih status kebekerjaan."))
        if employment_form.status == EmploymentStatus.WAGE_EMPLOYED:
            if employment_form.started_on is None:
                form_problems.append(_("Isi tanggal mulai bekerja."))
            elif employment_form.started_on > today:
                form_problems.append(_("Tanggal mulai bekerja tidak boleh di masa depan."))
            if not employment_form.employer_name.strip():
                form_problems.append(_("Isi nama tempat kerja."))
        if EmploymentStatusForm.objects.filter(benefit=benefit).exists():
            form_problems.append(_("Formulir sudah dikirim."))
        if form_problems:
            errors["employment_form"] = form_problems
    if errors:
        raise ApplicationError(_("Laporan belum dapat disimpan; periksa isian yang ditandai."), errors=errors)

    result = ReportResult(month=month)
    for entry in entries:
        activity, _created = activity_record(
            participant=participant,
            benefit=benefit,
            kind=entry.kind,
            occurred_on=entry.occurred_on,
            source=REPORT_SOURCE,
            reference=_reference(benefit, entry),
            actor=actor,
            company=entry.company.strip(),
            position=entry.position.strip(),
            channel=entry.channel if entry.kind == ActivityKind.APPLICATION else "",
            evidence=entry.evidence,
        )
        result.created.append(activity)
    if employment_form is not None:
        form = EmploymentStatusForm.objects.create(
            benefit=benefit,
            status=employment_form.status,
            employer_name=employment_form.employer_name.strip()[:200],
            job_title=employment_form.job_title.strip()[:200],
            started_on=employment_form.started_on,
            note=employment_form.note.strip()[:500],
            submitted_by=actor,
            submitted_at=timezone.now(),
        )
        audit_record(actor=actor, obj=benefit, action="benefit.employment_form", data={"status": form.status})
        result.form = form
        refresh_month_evidence(participant_ids=[participant.pk])
        if form.status == EmploymentStatus.WAGE_EMPLOYED:
            from .benefits import benefit_end

            benefit_end(
                participant=participant,
                on_date=form.started_on,
                reason=EndReason.REEMPLOYED,
                actor=actor,
                source="payouts.employment_form",
            )
            result.ended = True
    if not result.ended and month.status == MonthStatus.WITHHELD:
        month.refresh_from_db()
        if evaluate_month(
            MonthEvidence(
                month.month_no,
                month.rule_set,
                month.applications,
                month.interviews,
                month.counselling_sessions,
                month.attendance_pct,
                month.form_submitted,
            )
        ).met:
            # Met within the grace days: pay it now instead of at tomorrow's run.
            from .benefits import _settle_benefit_now

            benefit_id = benefit.pk
            transaction.on_commit(lambda: _settle_benefit_now(benefit_id))
            result.withheld_now_met = True
    return result
