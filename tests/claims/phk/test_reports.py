"""Employers report PHK: validation line by line, hostile files, registry update, mass layoffs."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Participant
from claims.phk.models import MassLayoffCase, PhkDocument, PhkReport, PhkReportRow, PhkUpload
from claims.phk.services import (
    MASS_LAYOFF_THRESHOLD,
    PhkLinesInvalid,
    error_report_csv,
    parse_phk_csv,
    phk_report_submit,
    phk_report_submit_csv,
    phk_row_withdraw,
    phk_rows_confirm,
)
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import LogSmsGateway

from .conftest import active
from .factories import csv_upload, pdf_bytes, pdf_upload, png_bytes

pytestmark = pytest.mark.django_db


def test_single_report_makes_the_worker_non_active_and_tells_them(
    world, make_workers, submit, mailoutbox, django_capture_on_commit_callbacks
):
    """One worker reported: non-active in the registry (audited), told by email and SMS with the deadline."""
    (worker,) = make_workers(1)
    LogSmsGateway.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = submit([worker], phk_date="2025-10-31")
    assert not active(worker)
    assert report.workers_count == 1
    assert report.mass_layoff_case is None
    assert report.documents.get().kind == PhkDocument.Kind.NOTICE_LETTER
    event = AuditEvent.objects.get(object_id=str(worker.pk), action="employment_status_changed")
    assert (event.from_state, event.to_state, event.actor) == ("active", "non_active", world.hr)
    assert AuditEvent.objects.filter(action="phk_reported", object_id=str(report.pk)).exists()
    assert len(mailoutbox) == 1
    assert worker.email in mailoutbox[0].to
    assert "30/04/2026" in mailoutbox[0].body  # 2025-10-31 + 6 months (PP 6/2025), month-end clamped
    assert LogSmsGateway.sent and LogSmsGateway.sent[-1][0] == worker.phone


def test_other_company_worker_is_refused_with_the_same_words_as_an_unknown_nik(world, make_workers):
    """An employer cannot report (or probe) another company's worker."""
    (stranger,) = make_workers(1, employer=world.other_employer)
    lines = [
        {"line": 2, "nik": stranger.nik, "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes"},
        {"line": 3, "nik": "3372010101900099", "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes"},
    ]
    with pytest.raises(PhkLinesInvalid) as exc:
        phk_report_submit(actor=world.hr, lines=lines, notice_letter=pdf_upload())
    assert exc.value.lines[0].errors == exc.value.lines[1].errors
    assert "tidak terdaftar sebagai pekerja perusahaan Anda" in exc.value.lines[0].errors[0]
    assert active(stranger)
    assert not PhkReport.objects.exists()


def test_every_bad_line_is_reported_and_nothing_is_saved(world, make_workers):
    """A CSV with mistakes: each line gets its own reasons; no report, no row, nobody deactivated."""
    good, late_start, dup = make_workers(3)
    late_start.contract_start = dt.date(2025, 6, 1)
    late_start.save()
    rows = [
        (good.nik, "2025-10-31", "business_closure", "yes", ""),
        ("3.37201E+15", "2025-10-31", "business_closure", "yes", ""),
        ("12345", "2025-10-31", "business_closure", "yes", ""),
        (dup.nik, "31/10/2025", "efficiency", "ya", ""),
        (dup.nik, "2025-10-31", "efficiency", "yes", ""),
        (late_start.nik, "2025-05-31", "efficiency", "yes", ""),
        (good.nik.replace(good.nik[-1], "9"), "2025-12-01", "liburan", "mungkin", ""),
        ("", "", "", "", ""),  # blank line: skipped
        (good.nik[:-1] + "0", "tanggal", "efficiency", "yes", "x" * 600),
    ]
    with pytest.raises(PhkLinesInvalid) as exc:
        phk_report_submit_csv(actor=world.hr, csv_file=csv_upload(rows), notice_letter=pdf_upload())
    by_line = {r.line: r.errors for r in exc.value.lines}
    assert by_line[2] == []
    assert "angka ilmiah" in by_line[3][0]
    assert by_line[4] == ["NIK harus 16 digit angka."]
    assert by_line[5] == []
    assert "NIK ganda dalam laporan ini (sama dengan baris 5)" in by_line[6][0]
    assert any("sebelum awal kontrak" in e for e in by_line[7])
    line8 = " ".join(by_line[8])
    assert "masa depan" in line8 and "Alasan PHK tidak dikenal" in line8 and "yes atau no" in line8
    assert 9 not in by_line
    line10 = " ".join(by_line[10])
    assert "Tanggal PHK tidak valid" in line10 and "Catatan terlalu panjang" in line10
    assert PhkReport.objects.count() == 0 and PhkReportRow.objects.count() == 0
    assert PhkDocument.objects.count() == 0
    assert active(good) and active(dup)

    upload = PhkUpload.objects.get(pk=exc.value.upload_id)
    assert upload.status == PhkUpload.Status.FAILED
    assert (upload.rows_total, upload.rows_rejected) == (8, 6)
    report = error_report_csv(upload.lines)
    assert report.splitlines()[0] == "baris,nik,phk_date,reason,accepted,notes,kesalahan"
    assert len(report.splitlines()) == 9


def test_duplicate_with_an_open_report_is_refused(world, make_workers, submit):
    """A worker already reported (still open or settled for this employment) cannot be reported twice."""
    (worker,) = make_workers(1)
    first = submit([worker])
    with pytest.raises(PhkLinesInvalid) as exc:
        submit([worker])
    assert first.number in exc.value.lines[0].errors[0]
    phk_rows_confirm(actor=world.mediator, report=first)
    with pytest.raises(PhkLinesInvalid):
        submit([worker])


def test_withdrawn_worker_can_be_reported_again_and_is_active_meanwhile(world, make_workers, submit):
    """A report withdrawn by mistake reactivates the worker and frees them for a correct report."""
    (worker,) = make_workers(1)
    report = submit([worker], phk_date="2025-10-30")
    phk_row_withdraw(actor=world.hr, row=report.rows.get(), reason="Tanggal salah")
    assert active(worker)
    again = submit([worker], phk_date="2025-10-31")
    assert again.rows.get().status == "reported"
    assert not active(worker)


def test_withdraw_after_mediation_is_a_conflict(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker])
    phk_rows_confirm(actor=world.mediator, report=report)
    with pytest.raises(StateConflictError) as exc:
        phk_row_withdraw(actor=world.hr, row=report.rows.get(), reason="x")
    assert exc.value.status_code == 409
    assert "Dikonfirmasi mediator" in exc.value.message


def test_only_the_reporting_employer_withdraws(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker])
    with pytest.raises(ForbiddenError):
        phk_row_withdraw(actor=world.other_hr, row=report.rows.get(), reason="x")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("surat.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "file_type"),  # a Windows program
        ("surat.pdf", b"<html><script>alert(1)</script></html>", "file_type"),
        ("surat.pdf", b"", "file_empty"),
        (
            "surat.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\ntrailer<</Root 1 0 R>>",
            "file_active_content",
        ),
    ],
)
def test_hostile_notice_letters_are_refused_and_nothing_is_stored(world, make_workers, name, content, code):
    """Executables, HTML, empty files and PDFs with JavaScript are refused whatever their name."""
    (worker,) = make_workers(1)
    lines = [{"nik": worker.nik, "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes"}]
    with pytest.raises(ApplicationError) as exc:
        phk_report_submit(actor=world.hr, lines=lines, notice_letter=SimpleUploadedFile(name, content))
    assert exc.value.code == code
    assert "notice_letter" in exc.value.errors
    assert not PhkReport.objects.exists()
    assert active(worker)


def test_oversized_notice_letter_is_refused(world, make_workers, settings):
    (worker,) = make_workers(1)
    settings.MAX_DOCUMENT_BYTES = 1024
    lines = [{"nik": worker.nik, "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes"}]
    big = SimpleUploadedFile("besar.pdf", pdf_bytes() + b"%" * 2048)
    with pytest.raises(ApplicationError) as exc:
        phk_report_submit(actor=world.hr, lines=lines, notice_letter=big)
    assert exc.value.code == "file_too_large"


def test_png_notice_letter_is_accepted_by_content_not_name(world, make_workers):
    """A photo of the letter named .pdf is stored as the PNG it is."""
    (worker,) = make_workers(1)
    lines = [{"nik": worker.nik, "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes"}]
    report = phk_report_submit(
        actor=world.hr, lines=lines, notice_letter=SimpleUploadedFile("foto.pdf", png_bytes(), "application/pdf")
    )
    doc = report.documents.get()
    assert doc.content_type == "image/png"
    assert "foto" not in doc.file.name


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (png_bytes(), "file_type"),
        (b"\x00\x01\x02binary", "file_type"),
        (b"nama,tanggal\nBudi,2025-10-31\n", "missing_columns"),
        (b"nik,phk_date,reason,accepted,notes\n", "no_lines"),
        (b"   \n", "file_empty"),
    ],
)
def test_whole_file_problems_are_explained(world, content, code):
    with pytest.raises(ApplicationError) as exc:
        parse_phk_csv(SimpleUploadedFile("pekerja.csv", content))
    assert exc.value.code == code
    assert "csv_file" in exc.value.errors


def test_semicolon_excel_csv_with_indonesian_headers_and_bom(world, make_workers):
    """Excel in Indonesian saves with semicolons, a BOM and DD/MM/YYYY dates."""
    (worker,) = make_workers(1)
    body = "\ufeffNIK;Tanggal PHK;Alasan;Diterima;Catatan\n" + f"{worker.nik};31/10/2025;Perusahaan tutup;Ya;gudang\n"
    lines = parse_phk_csv(SimpleUploadedFile("excel.csv", body.encode("utf-8")))
    assert lines == [
        {
            "line": 2,
            "nik": worker.nik,
            "phk_date": "31/10/2025",
            "reason": "Perusahaan tutup",
            "accepted": "Ya",
            "notes": "gudang",
        }
    ]
    report = phk_report_submit(actor=world.hr, lines=lines, notice_letter=pdf_upload())
    row = report.rows.get()
    assert (row.phk_date, row.reason, row.accepted) == (dt.date(2025, 10, 31), "business_closure", True)


def test_error_report_defuses_spreadsheet_formulas():
    """A value that Excel would run as a formula comes back as text."""
    text = error_report_csv(
        [
            {
                "line": 2,
                "nik": '=HYPERLINK("http://x")',
                "phk_date": "+1",
                "reason": "@SUM(A1)",
                "accepted": "-1",
                "errors": ["x"],
            }
        ]
    )
    row = text.splitlines()[1]
    assert "'=HYPERLINK" in row and "'+1" in row and "'@SUM" in row and "'-1" in row


def test_report_below_threshold_opens_no_case(world, make_workers, submit):
    workers = make_workers(MASS_LAYOFF_THRESHOLD - 1)
    report = submit(workers)
    assert report.mass_layoff_case is None
    assert not MassLayoffCase.objects.exists()


def test_report_at_threshold_opens_a_case_and_alerts_office_and_mediator(
    world, make_workers, submit, mailoutbox, django_capture_on_commit_callbacks
):
    """50 workers in one report open a mass-layoff case; the office's supervisor and the area's mediator hear of it."""
    workers = make_workers(MASS_LAYOFF_THRESHOLD)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(workers, reason="efficiency")
    case = report.mass_layoff_case
    assert case is not None and case.opening_report == report and not case.is_closure
    assert case.first_phk_date == dt.date(2025, 10, 31)
    staff_mail = [m for m in mailoutbox if m.subject.startswith("PHK massal")]
    assert {addr for m in staff_mail for addr in m.to} == {world.supervisor.email, world.mediator.email}
    assert AuditEvent.objects.filter(action="mass_layoff_opened", object_id=str(case.pk)).exists()


def test_small_closure_opens_a_case(world, make_workers, submit):
    """A closure opens a case whatever the number of workers."""
    workers = make_workers(3)
    report = submit(workers, is_closure=True)
    assert report.mass_layoff_case.is_closure


def test_later_report_joins_the_open_case(world, make_workers, submit):
    first = submit(make_workers(MASS_LAYOFF_THRESHOLD))
    second = submit(make_workers(2))
    assert second.mass_layoff_case == first.mass_layoff_case
    assert MassLayoffCase.objects.count() == 1


def test_only_linked_employer_accounts_report(world, make_workers, make_user):
    (worker,) = make_workers(1)
    lines = [{"nik": worker.nik, "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes"}]
    for user in (make_user("employer", employer_npp="NPP-TIDAK-ADA"), world.mediator, world.verifier):
        with pytest.raises(ForbiddenError):
            phk_report_submit(actor=user, lines=lines, notice_letter=pdf_upload())


def test_submission_of_200_workers_uses_few_queries(world, make_workers, submit, django_assert_max_num_queries):
    """Set-based: the number of queries does not grow with the number of workers."""
    workers = make_workers(200)
    with django_assert_max_num_queries(30):
        report = submit(workers, is_closure=True)
    assert report.rows.count() == 200
    assert Participant.objects.filter(employer=world.employer, employment_status="non_active").count() == 200
