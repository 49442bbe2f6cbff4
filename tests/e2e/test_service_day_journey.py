"""Browser journey of a service day of a mass layoff: the officer takes a desk,
gives a worker a queue number on arrival, calls her, checks the KTP, records
her consent with the code from her phone, and files the claim pre-filled from
the confirmed report (only bank account and KAPK to add); the board counts it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from claims.eligibility import add_months
from claims.models import Claim, ClaimStatus
from claims.phk.services import phk_report_submit, phk_rows_confirm
from claims.phk.services.service_days import service_day_create
from jkp_portal.common.notifications import LogSmsGateway
from jkp_portal.common.phones import mobile_or_blank
from tests.claims.assisted_support import make_officer
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.claims.phk.factories import pdf_upload
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_service_day_desk_files_a_prefilled_claim(live_server, office, desk_page, screenshot):
    today = timezone.localdate()
    phk = today - dt.timedelta(days=20)
    employer = EmployerFactory(npp="NPP-TUTUP", name="PT Tutup Sejahtera", regency="33.72", office=office)
    workers = [
        ParticipantFactory(employer=employer, full_name=name, contract_start=dt.date(2015, 1, 5))
        for name in ("Sri Mulyani Antrean", "Tukiman Antrean", "Darsih Antrean")
    ]
    for worker in workers:
        add_contributions(worker, start=f"{add_months(phk.replace(day=1), -24):%Y-%m}", months=24)
    hr = UserFactory(roles=["employer"], employer_npp=employer.npp)
    mediator = UserFactory(roles=["mediator"], area_regencies=["33.72"])
    lines = [
        {
            "line": i + 2,
            "nik": w.nik,
            "phk_date": phk.isoformat(),
            "reason": "business_closure",
            "accepted": "yes",
            "notes": "",
        }
        for i, w in enumerate(workers)
    ]
    report = phk_report_submit(actor=hr, lines=lines, notice_letter=pdf_upload(), is_closure=True)
    phk_rows_confirm(actor=mediator, report=report)
    supervisor = UserFactory(roles=["supervisor"], office=office)
    day = service_day_create(
        actor=supervisor, case=report.mass_layoff_case, day=today, place="Aula Desa", desks=["Meja 1", "Meja 2"]
    )
    officer = make_officer(office, username="rina.loket")
    sri = workers[0]

    page = desk_page
    _login(page, live_server.url, officer)
    page.goto(f"{live_server.url}/phk/hari-layanan/")
    page.click(f"a[href='/phk/hari-layanan/{day.pk}/']")
    page.select_option("[data-testid=my-desk] select", label="Meja 2")
    page.click("[data-testid=my-desk] button[type=submit]")
    assert "Meja 2" in page.inner_text("[data-testid=my-desk]")
    page.fill("input[name=q]", "Sri Mulyani")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    row = report.rows.get(participant=sri)
    page.click(f"[data-testid=arrive-{row.pk}]")
    page.wait_for_load_state("networkidle")
    assert "#1" in page.inner_text("[data-testid=waiting]")
    screenshot(page, "service_day_desk")
    page.click("[data-testid=waiting] a")
    page.fill("#id_ktp_nik", sri.nik)
    page.check("#id_identity_confirmed")
    page.click("[data-testid=serve-form] button[type=submit]")
    page.wait_for_url("**/layanan/sesi/*/")

    LogSmsGateway.sent.clear()
    page.click("[data-testid=send-code]")
    page.wait_for_selector("[data-testid=code-pending]")
    text = next(t for number, t in LogSmsGateway.sent if number == mobile_or_blank(sri.phone))
    page.fill("#id_code", re.search(r"\b(\d{6})\b", text).group(1))
    page.click("[data-testid=code-form] button[type=submit]")
    page.wait_for_selector("[data-testid=consent-recorded]")
    page.click("[data-testid=start-claim]")
    page.wait_for_url("**/langkah/phk/")
    assert page.input_value("#id_phk_date") == phk.isoformat()  # from the confirmed report
    page.goto(page.url.replace("/langkah/phk/", "/langkah/rekening/"))
    page.select_option("#id_bank_name", "BRI")
    page.fill("#id_bank_account_number", "0021 0100 5555 503")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/komitmen/")
    page.check("#id_kapk_signed")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/tinjau/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=submit-claim]")
    page.wait_for_selector("[data-testid=claim-status]")
    claim = Claim.objects.get(participant=sri)
    assert claim.status == ClaimStatus.SUBMITTED and claim.proof_type == "employer_report"
    assert not claim.documents.exists()

    page.goto(f"{live_server.url}/phk/hari-layanan/{day.pk}/papan/")
    assert page.inner_text("[data-testid=filed-total]") == "1"
    assert page.inner_text("[data-testid=waiting-total]") == "0"
    desk = page.inner_text("[data-testid=desk-meja-2]")
    assert "Rina Layanan" in desk and desk.split()[-2:] == ["1", "1"]
    screenshot(page, "service_day_board")
