"""The whole claim journey in a real browser (Debian's Chromium): a laid-off
worker signs up and files from a phone, a verifier asks for a correction, the
worker fixes it, one staff member verifies, another approves, and the worker
downloads the decision letter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from reportlab.pdfgen import canvas

from claims.eligibility import add_months
from claims.models import Claim, ClaimStatus
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.claims_support import code_sent_to
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.factories import PASSWORD, OfficeFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pdf(path, text: str):
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return str(path)


@pytest.fixture
def registry():
    """A participant laid off last month with four years of paid contributions,
    and the branch's verifier and approver (two different people)."""
    office = OfficeFactory(code="KC-E2E", name="KC Uji Surakarta")
    employer = EmployerFactory(office=office, name="PT Batik Laweyan")
    this_month = timezone.localdate().replace(day=1)
    phk_date = add_months(this_month, -1).replace(day=14)
    participant = ParticipantFactory(
        employer=employer, full_name="Ratna Sari Dewi", birth_date=dt.date(1992, 4, 9), email="ratna@example.id"
    )
    start = add_months(this_month, -48)
    add_contributions(participant, start=start.strftime("%Y-%m"), months=48, wage=Decimal("3200000"))
    verifier = UserFactory(username="verif.e2e", roles=["verifier"], office=office, first_name="Vera")
    approver = UserFactory(username="setuju.e2e", roles=["approver"], office=office, first_name="Agung")
    return {"participant": participant, "phk_date": phk_date, "verifier": verifier, "approver": approver}


def test_claim_journey(live_server, browser, phone_page, desk_page, login, screenshot, registry, tmp_path):
    page = phone_page
    participant = registry["participant"]
    letter = _pdf(tmp_path / "surat-phk.pdf", "Surat PHK PT Batik Laweyan")
    statement = _pdf(tmp_path / "pernyataan.pdf", "Pernyataan tidak menolak PHK")
    receipt = _pdf(tmp_path / "tanda-terima.pdf", "Tanda terima Disnaker")
    receipt_fixed = _pdf(tmp_path / "tanda-terima-cap.pdf", "Tanda terima Disnaker (dengan cap)")

    # 1. Sign up with the registry's data (name typed differently), prove the
    # registry's phone with the code it received, and land on "my claims".
    LogSmsGateway.sent.clear()
    page.goto(f"{live_server.url}/daftar/")
    page.fill("#id_nik", participant.nik)
    page.fill("#id_full_name", "ratna sari  DEWI")
    page.fill("#id_birth_date", "1992-04-09")
    page.fill("#id_email", "ratna@example.id")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.click("[data-testid=signup-form] button[type=submit]")
    page.wait_for_url("**/daftar/kode/")
    assert "••••" in page.inner_text("[data-testid=code-sent-to]")
    page.fill("#id_code", code_sent_to(participant.phone))
    page.click("[data-testid=code-form] button[type=submit]")
    page.wait_for_url("**/klaim/")

    # 2. The wizard: PHK data, proof with documents, bank account, KAPK, review.
    page.click("[data-testid=start-claim]")
    page.wait_for_url("**/langkah/phk/")
    assert "PT Batik Laweyan" in page.inner_text("[data-testid=registry-contract]")
    page.fill("#id_phk_date", registry["phk_date"].isoformat())
    page.select_option("#id_phk_reason", "efficiency")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/bukti/")
    page.check("input[name=proof_type][value=uncontested]")
    page.click("[data-testid=save-proof]")
    page.wait_for_selector("[data-testid=slot-phk_letter]")
    for kind, path in (("phk_letter", letter), ("no_objection", statement), ("disnaker_receipt", receipt)):
        page.set_input_files(f"[data-testid=file-{kind}]", path)
        page.click(f"[data-testid=upload-{kind}]")
        page.wait_for_selector(f"[data-testid=uploaded-{kind}]")
    page.click("[data-testid=next]")
    page.wait_for_url("**/langkah/rekening/")
    page.select_option("#id_bank_name", "BRI")
    page.fill("#id_bank_account_number", "0021 0100 5555 501")
    assert page.input_value("#id_bank_account_holder") == "Ratna Sari Dewi"
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/komitmen/")
    page.check("#id_kapk_signed")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/tinjau/")
    verdict = page.inner_text("[data-testid=verdict]")
    assert "Memenuhi syarat" in verdict and "Masa iuran" in verdict
    assert "1.920.000" in page.inner_text("[data-testid=schedule]")  # 60 % of Rp 3.200.000
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=submit-claim]")
    page.wait_for_selector("[data-testid=claim-status]")
    assert page.inner_text("[data-testid=claim-status]") == "Diajukan"
    claim = Claim.objects.get(participant=participant)
    claim_url = page.url

    # 3. The verifier asks for a clearer Disnaker receipt.
    staff = desk_page
    login(staff, "verif.e2e", PASSWORD)
    staff.click(f"[data-testid=open-claim-{claim.pk}]")
    assert staff.locator("[data-testid=doc-disnaker_receipt] iframe").count() == 1
    staff.check("input[name=decision][value=needs_correction]")
    staff.check("input[name=documents][value=disnaker_receipt]")
    staff.fill("#id_note", "Tanda terima Disnaker belum ada cap dinas.")
    staff.click("[data-testid=correction-submit]")
    staff.wait_for_url("**/petugas/verifikasi/")

    # 4. The worker sees exactly what to fix, fixes it and resubmits.
    page.goto(claim_url)
    request = page.inner_text("[data-testid=correction-request]")
    assert "Tanda terima laporan PHK ke Disnaker" in request and "belum ada cap" in request
    page.click("[data-testid=fix-claim]")
    page.wait_for_url("**/langkah/bukti/")
    page.set_input_files("[data-testid=file-disnaker_receipt]", receipt_fixed)
    page.click("[data-testid=upload-disnaker_receipt]")
    page.wait_for_selector("[data-testid=uploaded-disnaker_receipt]:has-text('tanda-terima-cap.pdf')")
    page.goto(claim_url.rstrip("/") + "/langkah/tinjau/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=submit-claim]")
    page.wait_for_selector("[data-testid=claim-status]")
    assert page.inner_text("[data-testid=claim-status]") == "Diajukan"

    # 5. The verifier ticks the checklist and verifies.
    staff.goto(f"{live_server.url}/petugas/klaim/{claim.pk}/")
    for box in staff.locator("[data-testid=verify-form] input[name^=check_]").all():
        box.check()
    staff.check("input[name=decision][value=verified]")
    staff.click("[data-testid=verify-submit]")
    staff.wait_for_url("**/petugas/verifikasi/")

    # 6. Another person approves.
    approver_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    approver = approver_context.new_page()
    login(approver, "setuju.e2e", PASSWORD)
    approver.click(f"[data-testid=open-claim-{claim.pk}]")
    approver.check("input[name=decision][value=approved]")
    approver.click("[data-testid=approve-submit]")
    approver.wait_for_url("**/petugas/persetujuan/")
    approver_context.close()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.verified_by == registry["verifier"] and claim.decided_by == registry["approver"]

    # 7. The worker sees the schedule and downloads the decision letter.
    page.goto(claim_url)
    assert page.inner_text("[data-testid=claim-status]") == "Disetujui"
    assert len(page.locator("[data-testid=schedule] tbody tr").all()) == 6
    timeline = page.inner_text("[data-testid=timeline]")
    assert "Petugas meminta perbaikan" in timeline and "Klaim disetujui" in timeline
    screenshot(page, "claim_page")
    with page.expect_download() as download_info:
        page.click("[data-testid=letter-link]")
    download = download_info.value
    assert download.suggested_filename == f"surat-penetapan-jkp-{claim.pk}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
