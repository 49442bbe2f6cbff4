"""The lines of a PHK report: reading a CSV file (encoding, header names an
Indonesian spreadsheet may use, size and line limits), checking every line,
and the error report to download.

Every line is checked (the NIK is a participant of THIS employer, the PHK date
is not in the future nor before the contract start, the reason is one the
rules know, no duplicate in the file nor with a report still open). A report
with any bad line saves nothing (``PhkLinesInvalid``): the employer gets the
problems line by line (and, for a CSV file, an error report to download),
fixes them and sends again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

import filetype
from django.utils.translation import gettext as _

from claims.eligibility import PHK_REASONS
from claims.models import Employer, Participant
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.exports import csv_writer

from ..models import LIVE_STATUSES, PHK_REASON_LABELS, PhkReportRow

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
