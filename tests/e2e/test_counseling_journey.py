"""Browser journey of issue 6: a claim is approved, a konselor is assigned
automatically, the worker fills the asesmen diri, the konselor schedules a
session, the worker is reminded and confirms, attends, the konselor records
notes and a recommendation the worker then sees, and a supervisor hands the
konselor's caseload over to a colleague (the worker is told)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim
from claims.payouts.models import JobSearchActivity
from claims.services.transitions import claim_approve
from counseling.models import Assessment, Case, CaseStatus, CounsellingSession, SessionStatus
from counseling.tasks import send_session_reminders
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.counseling.factories import KonselorFactory
from tests.factories import PASSWORD, OfficeFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _verified_claim(office):
    """A worker laid off 20 days ago with 24 paid months; the claim is verified
    and waits for an approver (claims' own service approves it below)."""
    today = timezone.localdate()
    phk = today - dt.timedelta(days=20)
    employer = EmployerFactory(province_code="33", regency="33.72", office=office, name="PT Sritex Uji")
    participant = ParticipantFactory(employer=employer, full_name="Bambang Sutrisno")
    start = phk.replace(day=1)
    for _ in range(23):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    add_contributions(participant, start=start.strftime("%Y-%m"), months=24, wage=Decimal("3200000"))
    participant.user = UserFactory(
        username="bambang", roles=["worker"], nik=participant.nik, email="bambang@example.id", first_name="Bambang"
    )
    participant.save(update_fields=["user"])
    return Claim.objects.create(
        participant=participant,
        office=office,
        status="verified",
        phk_date=phk,
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name="BRI",
        bank_account_number="002301000765432",
        bank_account_last4="5432",
        bank_account_holder=participant.full_name,
        kapk_signed=True,
        kapk_signed_at=timezone.now(),
        filed_on=today - dt.timedelta(days=5),
        submitted_at=timezone.now(),
        verified_by=UserFactory(roles=["verifier"], office=office),
        verified_at=timezone.now(),
    )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_approved_claim_to_counselling_and_caseload_handover(
    live_server, browser, login, screenshot, settings, phone_page, desk_page
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from jkp_portal.celery import app

    app.conf.task_always_eager = True
    office = OfficeFactory(code="KC-E2E6", name="KC Surakarta (uji)", province_codes=["33"], regencies=["33.72"])
    sri = KonselorFactory(
        user__username="konselor.sri", office=office, name="Sri Wahyuningsih", regencies=["33.72"], capacity=30
    )
    agus = KonselorFactory(
        user__username="konselor.agus",
        office=office,
        name="Agus Prasetyo",
        regencies=["33.13"],
        capacity=30,
    )
    UserFactory(username="kepala.e2e", roles=["supervisor"], office=office, first_name="Kepala")
    claim = _verified_claim(office)
    worker = claim.participant.user

    # 1. The approver approves the claim (claims' service): the case opens and,
    #    after commit, the Celery task assigns the konselor of the worker's regency.
    claim_approve(claim=claim, actor=UserFactory(roles=["approver"], office=office))
    case = Case.objects.get(claim=claim)
    assert case.konselor == sri and case.status == CaseStatus.NEW
    assert any(m.to == [worker.email] and "Sri Wahyuningsih" in m.body for m in mail.outbox)

    # 2. The worker sees their konselor and fills the asesmen diri on a phone.
    page = phone_page
    login(page, "bambang", PASSWORD)
    page.goto(f"{live_server.url}/konseling/saya/")
    expect(page.get_by_test_id("my-konselor")).to_contain_text("Sri Wahyuningsih")
    page.get_by_test_id("start-assessment").click()
    page.select_option("#id_education_level", "smk")
    page.fill("#id_education_major", "Tata busana")
    page.fill("#id_work-0-position", "Operator jahit")
    page.fill("#id_skills", "menjahit, obras, mesin jahit industri")
    page.select_option("#id_occupation_1", "8153")
    page.select_option("#id_occupation_2", "7531")
    page.fill("#id_desired_location", "Solo Raya")
    page.check("input[name=training_interests][value=garment]")
    page.check("input[name=barriers][value=care_duties]")
    page.get_by_test_id("submit-assessment").click()
    expect(page.locator(".alert-success")).to_contain_text("Asesmen diri tersimpan")
    assessment = Assessment.objects.get(case=case)
    assert assessment.desired_occupations == ["8153", "7531"]
    assert assessment.work_history[0]["employer"] == "PT Sritex Uji"  # prefilled from the registry
    screenshot(page, "counseling_worker")

    # 3. The konselor starts on the caseload, opens the new case and schedules a session for tomorrow.
    staff = desk_page
    login(staff, "konselor.sri", PASSWORD)
    expect(staff).to_have_url(f"{live_server.url}/konseling/kasus/")
    expect(staff.get_by_test_id("queue-new")).to_contain_text("1")
    expect(staff.get_by_test_id("caseload-list")).to_contain_text("Bambang Sutrisno")
    screenshot(staff, "caseload")
    staff.get_by_test_id("case-row").first.click()
    expect(staff.get_by_test_id("assessment-summary")).to_contain_text("8153")
    staff.get_by_test_id("schedule-session").click()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    staff.check("input[name=mode][value=online]")
    staff.fill("#id_date", tomorrow.isoformat())
    staff.fill("#id_time", "10:00")
    staff.fill("#id_meeting_link", "https://meet.example.id/jkp-bambang")
    staff.get_by_test_id("submit-session").click()
    expect(staff.get_by_test_id("pending-session")).to_contain_text("meet.example.id/jkp-bambang")
    session = CounsellingSession.objects.get(case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE

    # 4. Tomorrow morning the hourly reminder task emails the worker, who confirms.
    traveller = time_machine.travel(_at(tomorrow, 9, 0), tick=True)
    clock = traveller.start()
    try:
        mail.outbox.clear()
        assert send_session_reminders() == 1
        assert [m.to for m in mail.outbox] == [[worker.email]]
        assert "besok" in mail.outbox[0].subject.lower() and "meet.example.id/jkp-bambang" in mail.outbox[0].body
        page.context.clear_cookies()  # a new day, a new sign-in
        login(page, "bambang", PASSWORD)
        page.goto(f"{live_server.url}/konseling/saya/")
        expect(page.get_by_test_id("next-appointment")).to_contain_text("10:00")
        page.get_by_test_id("confirm-session").click()
        expect(page.get_by_test_id("appointment-status")).to_contain_text("Dikonfirmasi")
        clock.shift(dt.timedelta(hours=2))  # 11:00, after the session

        # 5. The konselor records attendance, notes and a training recommendation.
        staff.context.clear_cookies()
        login(staff, "konselor.sri", PASSWORD)
        staff.goto(f"{live_server.url}/konseling/kasus/{case.pk}/")
        expect(staff.get_by_test_id("reminder-sent")).to_be_visible()
        staff.get_by_test_id("mark-attended").click()
        staff.fill("#id_outcome", "Berpengalaman 9 tahun di garmen; ingin sertifikat operator")
        staff.check("input[name=recommendation][value=training]")
        staff.fill("#id_recommended_programme", "Operator Mesin Jahit Industri — BLK Surakarta")
        staff.fill("#id_next_steps", "Daftar pelatihan operator mesin jahit; lamar 2 lowongan garmen minggu ini.")
        staff.fill("#id_notes", "Catatan internal: masih cemas soal cicilan rumah.")
        staff.get_by_test_id("submit-report").click()
        expect(staff.get_by_test_id("case-recommendation")).to_contain_text("Operator Mesin Jahit Industri")
        expect(staff.get_by_test_id(f"session-{session.pk}")).to_contain_text("cicilan rumah")
        session.refresh_from_db()
        assert session.status == SessionStatus.ATTENDED
        # payouts counted the session as job-search activity (PP37 months need one)
        assert JobSearchActivity.objects.filter(source="counseling.session", reference=str(session.pk)).exists()

        # 6. The worker sees the recommendation and next steps, never the notes.
        page.goto(f"{live_server.url}/konseling/saya/")
        expect(page.get_by_test_id("my-next-steps")).to_contain_text("lamar 2 lowongan garmen")
        expect(page.get_by_test_id("my-recommendation")).to_contain_text("Pelatihan")
        assert "cicilan" not in page.content()

        # 7. The supervisor hands Sri's caseload over to Agus; the worker is told.
        mail.outbox.clear()
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
        boss = context.new_page()
        login(boss, "kepala.e2e", PASSWORD)
        boss.goto(f"{live_server.url}/konseling/supervisor/")
        expect(boss.get_by_test_id("konselor-loads")).to_contain_text("Sri Wahyuningsih")
        screenshot(boss, "counseling_supervisor")
        boss.get_by_role("link", name="Sri Wahyuningsih").click()
        boss.select_option("#handover_to_konselor", str(agus.pk))
        boss.fill("#handover_reason", "Sri mutasi ke Disnaker Provinsi")
        boss.once("dialog", lambda dialog: dialog.accept())
        boss.get_by_test_id("handover-submit").click()
        expect(boss.locator(".alert-success")).to_contain_text("1 kasus dialihkan")
        context.close()
    finally:
        traveller.stop()
    case.refresh_from_db()
    assert case.konselor == agus
    assert any(m.to == [worker.email] and "Agus Prasetyo" in m.body for m in mail.outbox)
    page.goto(f"{live_server.url}/konseling/saya/")
    expect(page.get_by_test_id("my-konselor")).to_contain_text("Agus Prasetyo")
