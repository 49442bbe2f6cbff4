"""Browser journey of issue 7: a konselor recommends a programme, the worker
enrols within the cap, attendance is recorded, the worker applies to a matched
vacancy, the employer hires them, and the cash benefit stops."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim
from claims.payouts.models import Benefit
from claims.services.transitions import claim_approve
from counseling.models import Case
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.factories import PASSWORD, OfficeFactory, UserFactory
from tests.training.factories import LpkFactory, ProgrammeFactory, VacancyFactory, konselor_with_clients
from training.models import Application, AttendanceRecord, Enrolment, JobSeekerProfile, MonthlyAttendance
from training.services import job_seeker_profile_update

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _approved_worker(office):
    """A worker laid off 20 days ago with 24 paid months, whose claim is
    approved through claims' own service (payouts creates the benefit)."""
    today = timezone.localdate()
    phk = today - dt.timedelta(days=20)
    employer = EmployerFactory(province_code="33", regency="33.72", office=office)
    participant = ParticipantFactory(employer=employer, full_name="Siti Rahmawati")
    start = phk.replace(day=1) - dt.timedelta(days=1)
    for _ in range(22):
        start = start.replace(day=1) - dt.timedelta(days=1)
    add_contributions(participant, start=start.strftime("%Y-%m"), months=24, wage=Decimal("3000000"))
    participant.user = UserFactory(
        username="siti", roles=["worker"], nik=participant.nik, email=participant.email, first_name="Siti"
    )
    participant.save(update_fields=["user"])
    claim = Claim.objects.create(
        participant=participant,
        office=office,
        status="verified",
        phk_date=phk,
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name="BRI",
        bank_account_number="002301000123567",
        bank_account_last4="3567",
        bank_account_holder=participant.full_name,
        kapk_signed=True,
        kapk_signed_at=timezone.now(),
        filed_on=today - dt.timedelta(days=5),
        submitted_at=timezone.now(),
        verified_by=UserFactory(roles=["verifier"], office=office),
        verified_at=timezone.now(),
    )
    return participant, claim


def test_konselor_recommends_worker_enrols_attends_applies_is_hired_and_benefit_stops(
    live_server, browser, login, screenshot, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    today = timezone.localdate()
    office = OfficeFactory(code="KC-E2E", province_codes=["33"], regencies=["33.72"])
    participant, claim = _approved_worker(office)
    konselor = konselor_with_clients(office=office)
    konselor.username, konselor.first_name, konselor.last_name = "konselor.e2e", "Dewi", "Lestari"
    konselor.save(update_fields=["username", "first_name", "last_name"])
    Case.objects.create(
        claim=claim,
        participant=participant,
        konselor=konselor.konselor_profile,
        office=office,
        province_code="33",
        regency="33.72",
        status="active",
    )
    claim_approve(claim=claim, actor=UserFactory(roles=["approver"], office=office))
    claim.refresh_from_db()
    benefit = Benefit.objects.get(claim=claim)
    assert benefit.status == "active"
    job_seeker_profile_update(
        participant=participant, actor=None, desired_occupation="Operator Jahit", skills=["menjahit", "obras"]
    )
    programme = ProgrammeFactory(
        lpk=LpkFactory(name="BLK Surakarta"),
        title="Menjahit Pakaian dengan Mesin Jahit Industri",
        cost=Decimal("1900000"),
        sessions=[today - dt.timedelta(days=1), today + dt.timedelta(days=6)],
    )
    ProgrammeFactory(title="Barista Profesional", skills=["barista"], cost=Decimal("2100000"))
    vacancy = VacancyFactory(
        employer=EmployerFactory(name="PT Bengawan Tekstil Nusantara", province_code="33", regency="33.72"),
        occupation="Operator Jahit",
        skills=["menjahit", "obras", "mesin jahit industri"],
        openings=2,
    )
    VacancyFactory(occupation="Kasir", skills=["kasir"], description="Toko swalayan")
    hr = UserFactory(username="hr.bengawan.e2e", roles=["employer"], employer_npp=vacancy.employer.npp)
    admin = UserFactory(username="admin.e2e", roles=["admin"])

    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    staff_page = desk.new_page()
    staff_page.set_default_timeout(15_000)
    staff_page.on("dialog", lambda dialog: dialog.accept())

    # 1. The konselor recommends the sewing programme to their client.
    login(staff_page, konselor.username, PASSWORD)
    staff_page.goto(f"{live_server.url}/pelatihan/konselor/")
    staff_page.get_by_test_id("client").filter(has_text="Siti Rahmawati").click()
    staff_page.get_by_label("Program pelatihan").select_option(str(programme.pk))
    staff_page.get_by_label("Catatan untuk peserta").fill("Sesuai pengalaman Anda di garmen.")
    staff_page.get_by_test_id("recommend").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("direkomendasikan kepada Siti Rahmawati")

    # 2. The worker, on a phone, enrols on the recommendation within the Rp 2.400.000 cap.
    worker = phone.new_page()
    worker.set_default_timeout(15_000)
    login(worker, "siti", PASSWORD)
    worker.goto(f"{live_server.url}/pelatihan/")
    expect(worker.get_by_test_id("recommendation")).to_contain_text("Sesuai pengalaman Anda di garmen.")
    worker.get_by_role("link", name="Lihat & daftar").click()
    expect(worker.get_by_test_id("budget-remaining")).to_have_text("Rp 2.400.000")
    worker.get_by_test_id("enrol").click()
    expect(worker.locator(".alert-success")).to_contain_text("Anda terdaftar")
    expect(worker.get_by_test_id("budget-remaining")).to_have_text("Rp 500.000")
    expect(worker.get_by_test_id("enrolment-status")).to_have_text("Terdaftar")
    # The barista programme (Rp 2.100.000) no longer fits the remaining budget.
    barista = worker.get_by_test_id("programme").filter(has_text="Barista Profesional")
    barista.get_by_role("link").click()
    worker.get_by_test_id("enrol").click()
    expect(worker.locator(".alert-danger")).to_contain_text("melebihi sisa batas biaya pelatihan Rp 500.000")
    enrolment = Enrolment.objects.get(participant=participant, status="enrolled")
    assert enrolment.source == "recommendation"

    # 3. Staff record yesterday's attendance from the LPK's list.
    staff_page.get_by_role("button", name="Keluar").click()
    login(staff_page, admin.username, PASSWORD)
    staff_page.goto(f"{live_server.url}/pelatihan/kelola/program/{programme.pk}/")
    staff_page.get_by_test_id("record-attendance").first.click()
    staff_page.get_by_label("Siti Rahmawati").check()
    staff_page.get_by_test_id("save-attendance").click()
    expect(staff_page.locator(".alert-info")).to_contain_text("Persentase kehadiran bulanan 1 peserta diperbarui")
    assert AttendanceRecord.objects.get(enrolment=enrolment).present
    assert MonthlyAttendance.objects.get(enrolment=enrolment).percentage == Decimal("100.00")

    # 4. The worker sees the attendance and applies to the matched vacancy.
    worker.goto(f"{live_server.url}/pelatihan/")
    expect(worker.get_by_test_id("monthly-attendance")).to_contain_text("100%")
    match = worker.get_by_test_id("match").filter(has_text="PT Bengawan Tekstil Nusantara")
    expect(match).to_contain_text("Keterampilan cocok")
    expect(worker.get_by_test_id("match").filter(has_text="Kasir")).to_have_count(0)
    match.get_by_test_id("apply").click()
    expect(worker.locator(".alert-success")).to_contain_text("Lamaran ke PT Bengawan Tekstil Nusantara terkirim")
    expect(worker.get_by_test_id("application")).to_contain_text("Terkirim")
    screenshot(worker, "training")

    # 5. The employer invites, offers and hires.
    employer_page = desk.new_page()
    employer_page.set_default_timeout(15_000)
    employer_page.on("dialog", lambda dialog: dialog.accept())
    staff_page.get_by_role("button", name="Keluar").click()
    login(employer_page, hr.username, PASSWORD)
    employer_page.goto(f"{live_server.url}/pelatihan/perusahaan/lowongan/{vacancy.pk}/")
    applicant = employer_page.get_by_test_id("applicant").filter(has_text="Siti Rahmawati")
    applicant.get_by_label("Tanggal tes/wawancara").fill((today + dt.timedelta(days=2)).isoformat())
    applicant.get_by_test_id("invite").click()
    expect(applicant.get_by_test_id("applicant-status")).to_have_text("Undangan tes/wawancara")
    applicant.get_by_test_id("offer").click()
    expect(applicant.get_by_test_id("applicant-status")).to_have_text("Ditawari kerja")
    start = today + dt.timedelta(days=7)
    applicant.get_by_label("Mulai bekerja").fill(start.isoformat())
    applicant.get_by_test_id("hire").click()
    expect(employer_page.locator(".alert-success")).to_contain_text("Manfaat JKP-nya berhenti")
    expect(applicant.get_by_test_id("applicant-status")).to_have_text("Diterima bekerja")

    # 6. The benefit stops after the first working day; the case closes; the worker sees it.
    application = Application.objects.get(participant=participant)
    assert application.status == "hired" and application.hired_on == start
    benefit.refresh_from_db()
    assert (benefit.status, benefit.ended_on, benefit.end_reason) == ("ended", start, "reemployed")
    assert not benefit.months.filter(due_date__gt=start).exclude(status="stopped").exists()
    assert Case.objects.get(claim=claim).status == "reemployed"
    assert JobSeekerProfile.objects.get(participant=participant).reemployed_on == start
    worker.goto(f"{live_server.url}/pelatihan/")
    expect(worker.get_by_text("Anda tercatat bekerja kembali")).to_be_visible()
    expect(worker.get_by_test_id("application")).to_contain_text("Diterima bekerja")
    desk.close()
    phone.close()
