"""Browser journey of issue 9: a textile mill closes and reports its 200 workers
by CSV (a first file with a mistake is refused line by line), the Disnaker
mediator confirms the PHK, BPJS holds a sosialisasi and records attendance, and
an invited worker signs up on a phone, finds the claim pre-filled from the
report and files it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from claims.eligibility import add_months
from claims.models import Claim, Contribution, Participant
from claims.phk.models import OutreachEvent, PhkReport, RowStatus
from tests.claims.claims_support import code_sent_to
from tests.claims.factories import EmployerFactory, ParticipantFactory
from tests.claims.phk.factories import pdf_bytes
from tests.factories import PASSWORD, OfficeFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORKERS = 200
SCREENSHOTS = Path(__file__).parent / "screenshots"


def _closing_mill(phk: dt.date):
    office = OfficeFactory(code="KC-SKA", name="KC Surakarta", regencies=["33.72", "33.11"])
    employer = EmployerFactory(
        npp="DM900001", name="PT Sukoharjo Sinar Sandang", size="large", regency="33.11", office=office
    )
    people = ParticipantFactory.build_batch(WORKERS, employer=employer, contract_start=dt.date(2019, 3, 1))
    for i, p in enumerate(people):
        p.email = f"pekerja{i:03d}@surel.contoh.id"
    Participant.objects.bulk_create(people)
    people = list(Participant.objects.filter(employer=employer).order_by("id"))
    worker = people[17]
    worker.full_name = "Sri Handayani"
    worker.birth_date = dt.date(1990, 5, 1)
    worker.save()
    last_paid = add_months(phk, -1).replace(day=1)
    Contribution.objects.bulk_create(
        Contribution(participant=worker, period=add_months(last_paid, -k), wage=Decimal("2900000"), status="paid")
        for k in range(24)
    )
    hr = UserFactory(username="hr.sukoharjo", roles=["employer"], employer_npp=employer.npp, first_name="Yohanes")
    mediator = UserFactory(username="mediator.solo", roles=["mediator"], area_regencies=["33.72", "33.11"])
    supervisor = UserFactory(username="kepala.solo", roles=["supervisor"], office=office)
    return employer, people, worker, hr, mediator, supervisor


def _csv(rows) -> bytes:
    lines = ["nik;tanggal_phk;alasan;diterima;catatan"]
    lines += [f"{nik};{date};business_closure;ya;{note}" for nik, date, note in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_closure_to_filed_claim(live_server, browser, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    phk = today - dt.timedelta(days=10)
    employer, people, worker, hr, mediator, supervisor = _closing_mill(phk)
    phk_text = phk.strftime("%d/%m/%Y")
    problems = []

    def page_for(width):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("dialog", lambda dialog: dialog.accept())
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        return page

    # 1. HR uploads the closure: a first file with a stranger's NIK is refused line by line.
    desk = page_for(1366)
    login(desk, hr.username, PASSWORD)
    expect(desk.get_by_role("heading", level=1)).to_have_text("PT Sukoharjo Sinar Sandang")
    desk.get_by_role("link", name="Unggah CSV (banyak pekerja)").click()
    rows = [(p.nik, phk_text, "bagian tenun") for p in people]
    bad = [*rows[:3], ("3372010101900099", phk_text, "")]
    desk.set_input_files("#id_csv_file", files=[{"name": "phk.csv", "mimeType": "text/csv", "buffer": _csv(bad)}])
    desk.set_input_files(
        "#id_notice_letter", files=[{"name": "pengumuman.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    desk.get_by_label("Perusahaan tutup (semua pekerja di-PHK)").check()
    desk.get_by_role("button", name="Periksa dan kirim laporan").click()
    report_box = desk.get_by_test_id("error-report")
    expect(report_box).to_contain_text("1 dari 4 baris bermasalah")
    expect(report_box).to_contain_text("tidak terdaftar sebagai pekerja perusahaan Anda")
    expect(desk.get_by_test_id("download-errors")).to_be_visible()
    assert not PhkReport.objects.exists()

    desk.set_input_files("#id_csv_file", files=[{"name": "phk.csv", "mimeType": "text/csv", "buffer": _csv(rows)}])
    desk.set_input_files(
        "#id_notice_letter", files=[{"name": "pengumuman.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    desk.get_by_label("Perusahaan tutup (semua pekerja di-PHK)").check()
    desk.get_by_role("button", name="Periksa dan kirim laporan").click()
    expect(desk.locator(".alert-success")).to_contain_text("berisi 200 pekerja terkirim")
    expect(desk.locator(".alert-success")).to_contain_text("Kasus PHK massal")
    report = PhkReport.objects.get()
    assert report.mass_layoff_case.is_closure
    assert Participant.objects.filter(employer=employer, employment_status="non_active").count() == WORKERS
    desk.context.close()

    # 2. The mediator confirms the uncontested closure from the queue.
    med = page_for(1366)
    login(med, mediator.username, PASSWORD)
    med.get_by_role("link", name=report.number).click()
    med.get_by_test_id("confirm-all").click()
    expect(med.locator(".alert-success")).to_contain_text("200 PHK dikonfirmasi")
    assert set(report.rows.values_list("status", flat=True)) == {RowStatus.CONFIRMED}
    med.context.close()

    # 3. BPJS schedules the sosialisasi, invites everyone, holds it and records attendance.
    staff = page_for(1366)
    login(staff, supervisor.username, PASSWORD)
    case_url = f"{live_server.url}/phk/massal/{report.mass_layoff_case_id}/"
    staff.goto(case_url)
    expect(staff.get_by_test_id("n-workers")).to_have_text("200")
    staff.get_by_role("link", name="Jadwalkan sosialisasi").click()
    start = timezone.localtime() - dt.timedelta(minutes=30)
    staff.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#id_ends_at", (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#id_place", "Pendopo Kecamatan Sukoharjo")
    staff.fill("#id_konselor_names", "Widyastuti Pratiwi, Agus Prasetyo")
    staff.get_by_role("button", name="Simpan jadwal").click()
    staff.get_by_test_id("send-invitations").click()
    expect(staff.locator(".alert-success")).to_contain_text("200 pekerja diundang")
    invitation = next(m for m in mail.outbox if worker.email in m.to and m.subject.startswith("Undangan"))
    assert "Pendopo Kecamatan Sukoharjo" in invitation.body
    invitations = OutreachEvent.objects.get().invitations
    attendees = people[:40]  # the worker (index 17) among them
    for person in attendees:
        inv = invitations.get(participant=person)
        staff.check(f"#att-{inv.pk}")
    staff.get_by_test_id("record-attendance").click()
    expect(staff.get_by_test_id("event-status")).to_have_text("Terlaksana")
    assert invitations.filter(attended=True).count() == len(attendees)

    # 4. The invited worker signs up on a phone and finds the claim pre-filled from the report, then files it.
    phone = page_for(390)
    phone.goto(f"{live_server.url}/daftar/")
    phone.get_by_label("NIK (16 digit, sesuai KTP)").fill(worker.nik)
    phone.get_by_label("Nama lengkap (sesuai KTP)").fill("SRI HANDAYANI")
    phone.get_by_label("Tanggal lahir").fill("1990-05-01")
    phone.get_by_label("Email (tidak wajib)").fill(worker.email)
    phone.get_by_label("Kata sandi", exact=True).fill("Pekerja-Tangguh-2025")
    phone.get_by_label("Ulangi kata sandi").fill("Pekerja-Tangguh-2025")
    phone.get_by_role("button", name="Kirim kode").click()
    phone.wait_for_url("**/daftar/kode/")
    phone.get_by_label("Kode (6 angka)").fill(code_sent_to(worker.phone))
    phone.get_by_role("button", name="Buat akun").click()
    phone.get_by_test_id("start-claim").click()
    if "/klaim/baru/" in phone.url:
        phone.get_by_role("button", name="Mulai pengajuan").click()
    # The date the employer reported, shown in the browser's date picker (an <input type=date> needs ISO).
    expect(phone.locator("#id_phk_date")).to_have_value(phk.isoformat())
    expect(phone.locator("#id_phk_reason")).to_have_value("business_closure")
    phone.get_by_test_id("save-next").click()
    expect(phone.locator('input[name="proof_type"][value="employer_report"]')).to_be_checked()
    claim = Claim.objects.get(participant=worker)
    assert claim.proof_type == "employer_report"
    phone.goto(f"{live_server.url}/klaim/{claim.pk}/langkah/rekening/")
    phone.get_by_label("Bank").select_option("BRI")
    phone.get_by_label("Nomor rekening").fill("002301000123567")
    phone.get_by_label("Nama pemilik rekening").fill("Sri Handayani")
    phone.get_by_test_id("save-next").click()
    phone.get_by_label("Saya telah membaca dan menyetujui komitmen di atas.").check()
    phone.get_by_test_id("save-next").click()
    phone.get_by_test_id("submit-claim").click()
    phone.wait_for_load_state("networkidle")
    claim.refresh_from_db()
    assert claim.status == "submitted", claim.status
    phone.context.close()

    # 5. Back on the case page: the countdown, one worker signed up and filed, attendance recorded.
    staff.goto(case_url)
    expect(staff.get_by_test_id("n-signed-up")).to_have_text("1")
    expect(staff.get_by_test_id("n-filed")).to_have_text("1")
    expect(staff.get_by_test_id("countdown")).to_contain_text("hari")
    # The key page as staff see it on opening: countdown, progress, outreach, the first workers.
    staff.screenshot(path=str(SCREENSHOTS / "mass_layoff.png"), full_page=False)
    staff.context.close()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
