"""Browser journey at a service desk: a worker without a phone comes with her
KTP; the officer finds her by NIK, checks the card, uploads her signed consent
form, fills the wizard with her (documents scanned at the desk) and submits;
the officer cannot decide that claim; a verifier (who sees who helped)
verifies it and another person approves it."""

import datetime as dt

import pytest
from django.utils import timezone

from claims.eligibility import add_months
from claims.models import Claim, ClaimStatus
from tests.claims.assisted_support import make_officer
from tests.claims.claims_support import make_participant, pdf_bytes
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_officer_files_with_a_worker_without_a_phone(
    live_server, office, desk_page, browser, screenshot, tmp_path, login
):
    today = timezone.localdate()
    phk = today - dt.timedelta(days=20)
    start = add_months(phk.replace(day=1), -24)
    participant = make_participant(
        office, start=f"{start:%Y-%m}", months=24, full_name="Wagiyem Sutarni", phone="", email=""
    )
    officer = make_officer(office, username="rina.loket")
    verifier = UserFactory(roles=["verifier"], office=office)
    approver = UserFactory(username="setuju.meja", roles=["approver"], office=office)
    files = {}
    for name in ("persetujuan", "phk_letter", "no_objection", "disnaker_receipt"):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(pdf_bytes(name))

    page = desk_page
    _login(page, live_server.url, officer)
    page.wait_for_url("**/layanan/")
    page.fill("#id_nik", participant.nik)
    page.click("[data-testid=desk-search] button[type=submit]")
    assert "Wagiyem Sutarni" in page.inner_text("[data-testid=registry-match]")
    page.fill("#id_ktp_nik", participant.nik)
    page.check("#id_identity_confirmed")
    page.fill("#id_desk", "Meja JKP, Disnaker Kota Uji")
    page.click("[data-testid=open-session]")
    page.wait_for_url("**/layanan/sesi/*/")
    assert page.locator("[data-testid=send-code]").count() == 0  # no phone: the signed form
    page.set_input_files("#id_file", str(files["persetujuan"]))
    page.click("[data-testid=consent-form] button[type=submit]")
    page.wait_for_selector("[data-testid=consent-recorded]")
    page.click("[data-testid=start-claim]")
    page.wait_for_url("**/langkah/phk/")
    assert "Wagiyem Sutarni" in page.inner_text("[data-testid=assisted-banner]")
    page.fill("#id_phk_date", phk.isoformat())
    page.select_option("#id_phk_reason", "efficiency")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/bukti/")
    page.check("input[name=proof_type][value=uncontested]")
    page.click("[data-testid=save-proof]")
    page.wait_for_selector("[data-testid=slot-phk_letter]")
    for kind in ("phk_letter", "no_objection", "disnaker_receipt"):
        page.set_input_files(f"[data-testid=file-{kind}]", str(files[kind]))
        page.click(f"[data-testid=upload-{kind}]")
        page.wait_for_selector(f"[data-testid=uploaded-{kind}]")
    page.click("[data-testid=next]")
    page.wait_for_url("**/langkah/rekening/")
    page.select_option("#id_bank_name", "BRI")
    page.fill("#id_bank_account_number", "0021 0100 5555 502")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/komitmen/")
    page.check("#id_kapk_signed")
    page.click("[data-testid=save-next]")
    page.wait_for_url("**/langkah/tinjau/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=submit-claim]")
    page.wait_for_selector("[data-testid=claim-status]")
    assert page.inner_text("[data-testid=claim-status]") == "Diajukan"
    assert "Rina Layanan" in page.inner_text("[data-testid=assisted-line]")
    screenshot(page, "assisted_desk_session")
    claim = Claim.objects.get(participant=participant)
    assert claim.status == ClaimStatus.SUBMITTED and claim.assisted_by == officer

    staff_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    staff = staff_context.new_page()
    _login(staff, live_server.url, verifier)
    staff.goto(f"{live_server.url}/petugas/klaim/{claim.pk}/")
    assert "Meja JKP, Disnaker Kota Uji" in staff.inner_text("[data-testid=assisted-by]")
    # The verifier ticks the checklist and verifies; another person approves.
    for box in staff.locator("[data-testid=verify-form] input[name^=check_]").all():
        box.check()
    staff.check("input[name=decision][value=verified]")
    staff.click("[data-testid=verify-submit]")
    staff.wait_for_url("**/petugas/verifikasi/")
    staff_context.close()
    approver_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    approving = approver_context.new_page()
    login(approving, "setuju.meja", PASSWORD)
    approving.goto(f"{live_server.url}/petugas/klaim/{claim.pk}/")
    approving.check("input[name=decision][value=approved]")
    approving.click("[data-testid=approve-submit]")
    approving.wait_for_url("**/petugas/persetujuan/")
    approver_context.close()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.verified_by == verifier and claim.decided_by == approver and officer not in (verifier, approver)
