"""Employers report PHK: one worker from the form, many from a CSV file or the API.
The lines are read and checked in ``report_lines``; a report with any bad line
saves nothing.

On submission the workers become non-active in the registry, their claim is
pre-filled from the report (``selectors.phk_prefill_for``), they are told by
email/SMS, and a report of many workers or a closure opens a mass-layoff case.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Employer, Participant
from jkp_portal.accounts.regions import regency_name
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import notify, render_message

from ..deadlines import claim_deadline, deadline_months
from ..models import LIVE_STATUSES, MassLayoffCase, PhkDocument, PhkReport, PhkReportRow, PhkUpload, RowStatus
from ..selectors import employer_for_user
from .documents import StoredFiles, document_store, inspect_upload
from .report_lines import MAX_LINES, PhkLinesInvalid, parse_phk_csv, validate_phk_lines

# A report of at least this many workers (or a closure) opens a mass-layoff case.
MASS_LAYOFF_THRESHOLD = 50


def _worker_message(*, row: PhkReportRow, employer: Employer, report: PhkReport, today: dt.date, language: str):
    deadline = claim_deadline(row.phk_date, today)
    return render_message(
        subject=_("Laporan PHK dari %(employer)s") % {"employer": employer.name},
        body=_(
            "Yth. %(name)s, %(employer)s melaporkan pemutusan hubungan kerja Anda per %(date)s ke Disnaker "
            "melalui portal JKP (laporan %(number)s). Anda dapat mengajukan klaim Jaminan Kehilangan Pekerjaan "
            "paling lambat %(deadline)s. Daftar di portal JKP dengan NIK Anda: data PHK sudah terisi."
        )
        % {
            "name": row.participant.full_name,
            "employer": employer.name,
            "date": row.phk_date.strftime("%d/%m/%Y"),
            "number": report.number,
            "deadline": deadline.strftime("%d/%m/%Y"),
        },
        language=language,
    )


def _notify_participant(participant: Participant, message, channels=("email", "sms")) -> None:
    user = participant.user
    if user is not None:
        notify(
            user=user,
            email=user.email or participant.email,
            phone=user.phone or participant.phone,
            message=message,
            channels=channels,
        )
    elif participant.email or participant.phone:
        notify(email=participant.email, phone=participant.phone, message=message, channels=channels)


def _attach_or_open_case(*, report: PhkReport, employer: Employer, rows: list[PhkReportRow], actor) -> None:
    """Attach the report to the employer's case still within the claim window,
    or open a case when the report is large enough or a closure."""
    now = timezone.now()
    since = now - dt.timedelta(days=31 * deadline_months(timezone.localdate()))
    case = MassLayoffCase.objects.filter(employer=employer, opened_at__gte=since).order_by("-opened_at").first()
    if case is not None:
        report.mass_layoff_case = case
        report.save(update_fields=["mass_layoff_case"])
        audit_record(
            actor=actor, obj=case, action="report_attached", data={"report_id": report.pk, "workers": len(rows)}
        )
        return
    if len(rows) < MASS_LAYOFF_THRESHOLD and not report.is_closure:
        return
    case = MassLayoffCase.objects.create(
        employer=employer,
        is_closure=report.is_closure,
        opening_report=report,
        first_phk_date=min(r.phk_date for r in rows),
    )
    report.mass_layoff_case = case
    report.save(update_fields=["mass_layoff_case"])
    audit_record(
        actor=actor,
        obj=case,
        action="mass_layoff_opened",
        to_state="open",
        reason=_("Perusahaan tutup") if report.is_closure else _("%(n)s pekerja dalam satu laporan") % {"n": len(rows)},
        data={"report_id": report.pk, "workers": len(rows), "closure": report.is_closure},
    )
    User = get_user_model()
    staff = User.objects.filter(is_active=True).filter(
        Q(roles__contains=["supervisor"], office_id=employer.office_id)
        | Q(roles__contains=["mediator"], area_regencies__contains=[employer.regency])
    )
    message = render_message(
        subject=_("PHK massal: %(employer)s") % {"employer": employer.name},
        body=_(
            "%(employer)s (%(regency)s) melaporkan PHK %(n)s pekerja%(closure)s (laporan %(number)s). "
            "Kasus PHK massal %(case)s dibuka: jadwalkan sosialisasi JKP sebelum batas klaim pekerja."
        )
        % {
            "employer": employer.name,
            "regency": regency_name(employer.regency),
            "n": len(rows),
            "closure": _(" karena perusahaan tutup") if report.is_closure else "",
            "number": report.number,
            "case": case.number,
        },
    )
    for user in staff:
        notify(user=user, message=message, channels=("email",))


@transaction.atomic
def _submit(
    *,
    actor,
    employer: Employer,
    lines: list[dict],
    notice: tuple[bytes, str, str],
    is_closure: bool,
    notes: str,
    source: str,
    stored: StoredFiles,
) -> PhkReport:
    # One submission per employer at a time: two uploads of the same worker cannot both pass.
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    today = timezone.localdate()
    results = validate_phk_lines(employer=employer, lines=lines, today=today)
    if any(r.errors for r in results):
        raise PhkLinesInvalid(results)

    report = PhkReport.objects.create(
        employer=employer,
        submitted_by=actor,
        source=source,
        is_closure=is_closure,
        notes=notes[:2000],
        workers_count=len(results),
    )
    rows = PhkReportRow.objects.bulk_create(
        [
            PhkReportRow(
                report=report,
                participant=r.participant,
                line=r.line,
                phk_date=r.phk_date,
                reason=r.reason,
                accepted=r.accepted,
                notes=r.notes,
            )
            for r in results
        ]
    )
    for row, result in zip(rows, results, strict=True):
        row.participant = result.participant
    newly_inactive = [
        r.participant for r in results if r.participant.employment_status == Participant.EmploymentStatus.ACTIVE
    ]
    Participant.objects.filter(pk__in=[p.pk for p in newly_inactive]).update(
        employment_status=Participant.EmploymentStatus.NON_ACTIVE, updated_at=timezone.now()
    )
    data, mime, name = notice
    document_store(
        report=report,
        row=None,
        kind=PhkDocument.Kind.NOTICE_LETTER,
        data=data,
        mime=mime,
        name=name,
        actor=actor,
        stored=stored,
    )
    audit_record(
        actor=actor,
        obj=report,
        action="phk_reported",
        to_state=RowStatus.REPORTED,
        data={"workers": len(rows), "closure": is_closure, "source": source, "employer": employer.npp},
    )
    audit_record_many(actor=actor, objs=rows, action="phk_reported", to_state=RowStatus.REPORTED)
    audit_record_many(
        actor=actor,
        objs=newly_inactive,
        action="employment_status_changed",
        from_state=Participant.EmploymentStatus.ACTIVE,
        to_state=Participant.EmploymentStatus.NON_ACTIVE,
        reason=_("Laporan PHK %(number)s") % {"number": report.number},
        data={"report_id": report.pk},
    )
    _attach_or_open_case(report=report, employer=employer, rows=rows, actor=actor)
    participants = {
        p.pk: p for p in Participant.objects.filter(pk__in=[r.participant_id for r in rows]).select_related("user")
    }
    for row in rows:
        participant = participants[row.participant_id]
        row.participant = participant
        language = participant.user.language if participant.user_id else "id"
        _notify_participant(
            participant, _worker_message(row=row, employer=employer, report=report, today=today, language=language)
        )
    return report


def phk_report_submit(
    *,
    actor,
    lines: list[dict],
    notice_letter,
    is_closure: bool = False,
    notes: str = "",
    source: str = PhkReport.Source.FORM,
) -> PhkReport:
    """Report the PHK of one or more workers of the actor's company.

    ``lines``: ``[{"nik", "phk_date", "reason", "accepted", "notes", "line"?}]``.
    Raises ``PhkLinesInvalid`` (nothing saved) when any line is wrong.
    """
    employer = employer_for_user(actor)
    if not lines:
        raise ApplicationError(
            _("Laporan tidak berisi pekerja."), code="no_lines", errors={"rows": [_("Isi minimal satu pekerja.")]}
        )
    if len(lines) > MAX_LINES:
        raise ApplicationError(
            _("Terlalu banyak pekerja: maksimal %(n)s per laporan.") % {"n": MAX_LINES}, code="too_many_lines"
        )
    if notice_letter is None:
        message = _("Lampirkan surat pemberitahuan PHK (PDF, JPG atau PNG).")
        raise ApplicationError(message, code="file_missing", errors={"notice_letter": [message]})
    notice = inspect_upload(notice_letter, field="notice_letter")
    stored = StoredFiles()
    try:
        return _submit(
            actor=actor,
            employer=employer,
            lines=lines,
            notice=notice,
            is_closure=is_closure,
            notes=notes,
            source=source,
            stored=stored,
        )
    except Exception:
        stored.cleanup()
        raise


def phk_report_submit_csv(
    *, actor, csv_file, notice_letter, is_closure: bool = False, notes: str = "", source: str = PhkReport.Source.CSV
) -> PhkReport:
    """A CSV upload: the file's lines are submitted as one report. A refused
    file is kept as a ``PhkUpload`` with every line's problems (its error
    report); ``PhkLinesInvalid.upload_id`` names it."""
    employer = employer_for_user(actor)
    lines = parse_phk_csv(csv_file)
    source_name = (getattr(csv_file, "name", "") or "phk.csv")[:200]
    try:
        report = phk_report_submit(
            actor=actor, lines=lines, notice_letter=notice_letter, is_closure=is_closure, notes=notes, source=source
        )
    except PhkLinesInvalid as exc:
        upload = PhkUpload.objects.create(
            employer=employer,
            uploaded_by=actor,
            source_name=source_name,
            status=PhkUpload.Status.FAILED,
            rows_total=len(exc.lines),
            rows_rejected=sum(1 for r in exc.lines if r.errors),
            lines=[r.as_dict() for r in exc.lines],
            message=str(exc.message),
        )
        exc.upload_id = upload.pk
        raise
    PhkUpload.objects.create(
        employer=employer,
        uploaded_by=actor,
        source_name=source_name,
        status=PhkUpload.Status.ACCEPTED,
        rows_total=len(lines),
        report=report,
    )
    return report


@transaction.atomic
def phk_row_withdraw(*, actor, row: PhkReportRow, reason: str) -> PhkReportRow:
    """The employer withdraws a worker it reported by mistake, before any
    mediator acted; the worker is active again in the registry."""
    employer = employer_for_user(actor)
    row = PhkReportRow.objects.select_for_update(of=("self",)).select_related("report", "participant").get(pk=row.pk)
    if row.report.employer_id != employer.pk:
        raise ForbiddenError(_("Hanya pemberi kerja pelapor yang dapat menarik laporan ini."))
    if row.status != RowStatus.REPORTED:
        raise StateConflictError(
            _("Laporan tidak dapat ditarik: status pekerja ini %(status)s.") % {"status": row.get_status_display()},
            errors={"status": [row.status]},
        )
    if not (reason or "").strip():
        raise ApplicationError(_("Tulis alasan penarikan."), errors={"reason": [_("Wajib diisi.")]})
    row.status = RowStatus.WITHDRAWN
    row.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        obj=row,
        action="phk_withdrawn",
        from_state=RowStatus.REPORTED,
        to_state=RowStatus.WITHDRAWN,
        reason=reason,
    )
    _reactivate_if_no_live_report(row=row, actor=actor, reason=_("Laporan PHK ditarik pemberi kerja"))
    return row


def _reactivate_if_no_live_report(*, row: PhkReportRow, actor, reason: str) -> None:
    participant = Participant.objects.select_for_update().get(pk=row.participant_id)
    others = PhkReportRow.objects.filter(participant=participant, status__in=LIVE_STATUSES).exclude(pk=row.pk)
    if participant.contract_start:
        others = others.filter(phk_date__gte=participant.contract_start)
    if others.exists() or participant.employment_status == Participant.EmploymentStatus.ACTIVE:
        return
    participant.employment_status = Participant.EmploymentStatus.ACTIVE
    participant.save(update_fields=["employment_status", "updated_at"])
    audit_record(
        actor=actor,
        obj=participant,
        action="employment_status_changed",
        from_state=Participant.EmploymentStatus.NON_ACTIVE,
        to_state=Participant.EmploymentStatus.ACTIVE,
        reason=reason,
        data={"row_id": row.pk},
    )
