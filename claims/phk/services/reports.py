"""Employers report PHK: one worker from the form, many from a CSV file or the API.

Every line is checked (the NIK is a participant of THIS employer, the PHK date
is not in the future nor before the contract start, the reason is one the
rules know, no duplicate in the file nor with a report still open). A report
with any bad line saves nothing: the employer gets the problems line by line
(and, for a CSV file, an error report to download), fixes them and sends again.

On submission the workers become non-active in the registry, their claim is
pre-filled from the report (``selectors.phk_prefill_for``), they are told by
email/SMS, and a report of many workers or a closure opens a mass-layoff case.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

import filetype
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import PHK_REASONS
from claims.models import Employer, Participant
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.exports import csv_writer
from jkp_portal.common.notifications import notify, render_message

from ..deadlines import claim_deadline, deadline_months
from ..models import (
    LIVE_STATUSES,
    PHK_REASON_LABELS,
    MassLayoffCase,
    PhkDocument,
    PhkReport,
    PhkReportRow,
    PhkUpload,
    RowStatus,
)
from ..selectors import employer_for_user
from .documents import StoredFiles, document_store, inspect_upload

# A report of at least this many workers (or a closure) opens a mass-layoff case.
MASS_LAYOFF_THRESHOLD = 50
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000
MAX_NOTES = 500

CSV_COLUMNS = ("nik", "phk_date", "reason", "accepted", "notes")
REQUIRED_COLUMNS = ("nik", "phk_date", "reason", "accepted")
# Header names an Indonesian spreadsheet may use for the same columns.
_HEADER_ALIASES = {
    "tanggal_phk": "phk_date",
    "tgl_phk": "phk_date",
    "alasan": "reason",
    "alasan_phk": "reason",
    "diterima": "accepted",
    "menerima": "accepted",
    "menerima_phk": "accepted",
    "catatan": "notes",
    "keterangan": "notes",
}
_YES = {"yes", "ya", "y", "1", "true", "benar", "setuju", "menerima"}
_NO = {"no", "tidak", "n", "0", "false", "salah", "menolak"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


def _reason_lookup() -> dict[str, str]:
    lookup = {code: code for code in PHK_REASONS}
    for code, label in PHK_REASON_LABELS.items():
        lookup[str(label).strip().lower()] = code
    return lookup


@dataclass
class LineResult:
    """One input line with what was understood and what is wrong with it."""

    line: int
    nik: str = ""
    phk_date_text: str = ""
    reason_text: str = ""
    accepted_text: str = ""
    notes: str = ""
    errors: list[str] = field(default_factory=list)
    # (form field, message) for the browser form of a single worker.
    field_errors: list[tuple[str, str]] = field(default_factory=list)
    participant: Participant | None = None
    phk_date: dt.date | None = None
    reason: str = ""
    accepted: bool | None = None

    def add(self, field_name: str, message: str) -> None:
        self.errors.append(message)
        self.field_errors.append((field_name, message))

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "nik": self.nik,
            "phk_date": self.phk_date_text,
            "reason": self.reason_text,
            "accepted": self.accepted_text,
            "notes": self.notes,
            "errors": list(self.errors),
        }


class PhkLinesInvalid(ApplicationError):
    """Some lines are wrong; nothing was saved. ``lines`` has every line's result."""

    code = "invalid_rows"

    def __init__(self, lines: list[LineResult], upload_id: int | None = None):
        bad = [r for r in lines if r.errors]
        message = _(
            "%(bad)s dari %(total)s baris bermasalah; tidak ada yang disimpan. Perbaiki baris tersebut lalu kirim ulang."
        ) % {"bad": len(bad), "total": len(lines)}
        super().__init__(
            message,
            errors={
                "rows": [_("Baris %(line)s: %(errors)s") % {"line": r.line, "errors": " ".join(r.errors)} for r in bad]
            },
        )
        self.lines = lines
        self.upload_id = upload_id


# ---------------------------------------------------------------------------
# Reading a CSV file


def _file_error(message: str, code: str = "invalid_csv") -> ApplicationError:
    return ApplicationError(message, code=code, errors={"csv_file": [message]})


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_phk_csv(upload) -> list[dict]:
    """The data lines of an uploaded CSV as ``{"line", "nik", "phk_date", "reason",
    "accepted", "notes"}`` strings, or an ApplicationError about the whole file
    (not a text CSV, too big, missing columns, no line, too many lines).

    Comma, semicolon (Excel in Indonesian) or tab separated; UTF-8 or Windows-1252.
    """
    if upload is None:
        raise _file_error(_("Pilih berkas CSV yang akan diunggah."), code="file_missing")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_CSV_BYTES:
        raise _file_error(_("Berkas CSV terlalu besar: maksimal 2 MB."), code="file_too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise _file_error(_("Berkas CSV terlalu besar: maksimal 2 MB."), code="file_too_large")
    if not data.strip():
        raise _file_error(_("Berkas CSV kosong."), code="file_empty")
    if b"\x00" in data or filetype.guess(data) is not None:
        raise _file_error(
            _(
                "Berkas ini bukan CSV (teks). Simpan daftar pekerja sebagai CSV dari Excel/Spreadsheet lalu unggah ulang."
            ),
            code="file_type",
        )
    text = _decode(data)
    first_line = text.lstrip().splitlines()[0] if text.strip() else ""
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise _file_error(_("Baris judul kolom tidak dapat dibaca.")) from exc
    columns = []
    for name in header:
        key = re.sub(r"\s+", "_", name.strip().lower().lstrip("\ufeff"))
        columns.append(_HEADER_ALIASES.get(key, key))
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise _file_error(
            _("Kolom wajib tidak ada: %(missing)s. Judul kolom harus: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ",".join(CSV_COLUMNS)},
            code="missing_columns",
        )
    index = {name: columns.index(name) for name in CSV_COLUMNS if name in columns}
    lines = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(lines) >= MAX_LINES:
                raise _file_error(
                    _("Terlalu banyak baris: maksimal %(n)s pekerja per unggahan.") % {"n": MAX_LINES},
                    code="too_many_lines",
                )

            def cell(name, values=values):
                i = index.get(name)
                return values[i].strip() if i is not None and i < len(values) else ""

            lines.append(
                {
                    "line": reader.line_num,
                    "nik": cell("nik"),
                    "phk_date": cell("phk_date"),
                    "reason": cell("reason"),
                    "accepted": cell("accepted"),
                    "notes": cell("notes"),
                }
            )
    except csv.Error as exc:
        raise _file_error(_("Berkas CSV rusak di baris %(line)s.") % {"line": reader.line_num}) from exc
    if not lines:
        raise _file_error(_("Berkas CSV tidak berisi data pekerja (hanya judul kolom)."), code="no_lines")
    return lines


def error_report_csv(lines: list[dict]) -> str:
    """The upload's lines with a ``kesalahan`` column, for the employer to fix
    in a spreadsheet (values are defused: nothing runs as a formula)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["baris", *CSV_COLUMNS, "kesalahan"])
    for item in lines:
        writer.writerow(
            [
                item.get("line", ""),
                *(str(item.get(c, "")) for c in CSV_COLUMNS),
                " ".join(item.get("errors", [])) or _("OK"),
            ]
        )
    return out.getvalue()


# ---------------------------------------------------------------------------
# Checking the lines


def _parse_date(text: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_accepted(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def validate_phk_lines(*, employer: Employer, lines: list[dict], today: dt.date) -> list[LineResult]:
    """Check every line; three queries whatever the number of lines."""
    reasons = _reason_lookup()
    results: list[LineResult] = []
    for i, raw in enumerate(lines, start=1):
        nik = re.sub(r"[\s'.-]", "", _as_text(raw.get("nik")))
        result = LineResult(
            line=int(raw.get("line") or i),
            nik=_as_text(raw.get("nik")),
            phk_date_text=_as_text(raw.get("phk_date")),
            reason_text=_as_text(raw.get("reason")),
            accepted_text=_as_text(raw.get("accepted")),
            notes=_as_text(raw.get("notes")),
        )
        if not nik:
            result.add("nik", _("NIK wajib diisi."))
        elif _SCIENTIFIC.match(result.nik):
            result.add(
                "nik",
                _("NIK terbaca sebagai angka ilmiah (%(v)s): format kolom NIK sebagai Teks di Excel lalu simpan ulang.")
                % {"v": result.nik},
            )
        elif not re.fullmatch(r"\d{16}", nik):
            result.add("nik", _("NIK harus 16 digit angka."))
        else:
            result.nik = nik

        raw_date = raw.get("phk_date")
        phk_date = raw_date if isinstance(raw_date, dt.date) else _parse_date(result.phk_date_text)
        if not result.phk_date_text:
            result.add("phk_date", _("Tanggal PHK wajib diisi."))
        elif phk_date is None:
            result.add(
                "phk_date", _("Tanggal PHK tidak valid: gunakan TTTT-BB-HH (contoh 2025-10-31) atau HH/BB/TTTT.")
            )
        elif phk_date > today:
            result.add("phk_date", _("Tanggal PHK tidak boleh di masa depan."))
        else:
            result.phk_date = phk_date

        reason = reasons.get(result.reason_text.lower())
        if not result.reason_text:
            result.add("reason", _("Alasan PHK wajib diisi."))
        elif reason is None:
            result.add(
                "reason",
                _("Alasan PHK tidak dikenal (%(v)s). Pilihan: %(choices)s.")
                % {"v": result.reason_text, "choices": ", ".join(PHK_REASONS)},
            )
        else:
            result.reason = reason

        accepted = _parse_accepted(raw.get("accepted"))
        if accepted is None:
            result.add("accepted", _("Kolom accepted (pekerja menerima PHK) harus yes atau no (ya/tidak)."))
        else:
            result.accepted = accepted

        if len(result.notes) > MAX_NOTES:
            result.add("notes", _("Catatan terlalu panjang (maksimal %(n)s karakter).") % {"n": MAX_NOTES})
        results.append(result)

    niks = {r.nik for r in results if re.fullmatch(r"\d{16}", r.nik)}
    participants = {p.nik: p for p in Participant.objects.filter(employer=employer, nik__in=niks)}
    live = {}
    for row in (
        PhkReportRow.objects.filter(participant__in=list(participants.values()), status__in=LIVE_STATUSES)
        .select_related("report")
        .order_by("-phk_date")
    ):
        live.setdefault(row.participant_id, []).append(row)

    first_line_of: dict[str, int] = {}
    for result in results:
        if result.nik not in niks:
            continue
        if result.nik in first_line_of:
            result.add(
                "nik",
                _("NIK ganda dalam laporan ini (sama dengan baris %(line)s).") % {"line": first_line_of[result.nik]},
            )
            continue
        first_line_of[result.nik] = result.line
        participant = participants.get(result.nik)
        if participant is None:
            # The same words whether the NIK is unknown or another company's worker.
            result.add("nik", _("NIK tidak terdaftar sebagai pekerja perusahaan Anda di registri BPJS."))
            continue
        result.participant = participant
        for row in live.get(participant.pk, []):
            if participant.contract_start is None or row.phk_date >= participant.contract_start:
                result.add(
                    "nik",
                    _("Pekerja ini sudah dilaporkan PHK (laporan %(number)s, %(status)s).")
                    % {"number": row.report.number, "status": row.get_status_display()},
                )
                break
        if (
            result.phk_date is not None
            and participant.contract_start is not None
            and result.phk_date < participant.contract_start
        ):
            result.add(
                "phk_date",
                _("Tanggal PHK sebelum awal kontrak pekerja (%(start)s).")
                % {"start": participant.contract_start.strftime("%d/%m/%Y")},
            )
    return results


# ---------------------------------------------------------------------------
# Submitting


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
            "regency": employer.regency,
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
