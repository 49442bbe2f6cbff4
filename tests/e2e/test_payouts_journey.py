"""Browser journey of the cash benefit: month 1 paid through a batch approved,
downloaded and reconciled in the browser; month 2 withheld until the worker's
report shows five applications."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from claims.payouts.models import Payment, PaymentStatus, PayoutBatch
from claims.payouts.services import activity_record, run_payouts
from tests.claims.payouts.factories import make_benefit
from tests.factories import PASSWORD, UserFactory
from tests.otp_support import complete_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_month_one_paid_through_the_browser_and_month_two_released_by_the_report(
    browser, live_server, screenshot, office
):
    today = timezone.localdate()
    approver = UserFactory(roles=["approver"], office=office)
    fresh = make_benefit(decision_date=today, office=office)
    older = make_benefit(decision_date=today - dt.timedelta(days=32), office=office)
    for i in range(4):
        activity_record(
            participant=older.participant,
            kind="application",
            occurred_on=today - dt.timedelta(days=5 + i),
            source="payouts.report",
            reference=f"e2e-{i}",
            company=f"PT Uji {i}",
            position="Operator",
        )
    due2 = older.months.get(month_no=2).due_date
    for day in sorted({older.decision_date, due2, today}):
        run_payouts(run_date=day, notify=False)
    assert older.months.get(month_no=2).status == "withheld"

    def login(page, user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        complete_second_factor(page, user.username)

    # the worker with month 2 withheld reports the fifth application
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    login(page, older.participant.user)
    page.goto(f"{live_server.url}/payouts/manfaat-saya/")
    assert page.locator("[data-month='2']").get_attribute("data-state") == "withheld"
    page.click("[data-testid=report-link]")
    page.fill("#id_app-company", "PT Kelima Jaya")
    page.fill("#id_app-position", "Staf gudang")
    page.fill("#id_app-occurred_on", today.isoformat())
    page.select_option("#id_app-channel", "job_fair")
    page.click("[data-testid=application-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-month='2']").get_attribute("data-state") == "prepared"
    screenshot(page, "payouts_worker_month2_released")
    context.close()

    # the approver approves today's batch, sends it, downloads the pain.001 file, imports the bank's answer
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID", accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, approver)
    batch = PayoutBatch.objects.get(status="prepared")
    page.goto(f"{live_server.url}/payouts/batch/")
    page.click(f"[data-testid=batch-link-{batch.pk}]")
    page.click("[data-testid=approve-batch]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=batch-status]").inner_text() == "Disetujui"
    page.click("[data-testid=send-batch]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=batch-status]").inner_text() == "Dikirim ke bank"
    with page.expect_download() as download:
        page.click("[data-testid=download-file]")
    assert b"pain.001.001.09" in Path(download.value.path()).read_bytes()
    page.reload()
    page.click("[data-testid=fetch-results]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=batch-status]").inner_text() == "Direkonsiliasi"
    screenshot(page, "payouts_batch_reconciled")
    context.close()

    assert Payment.objects.get(month__benefit=fresh, month__month_no=1).status == PaymentStatus.PAID
    assert Payment.objects.get(month__benefit=older, month__month_no=2).status == PaymentStatus.PAID

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    login(page, fresh.participant.user)
    page.goto(f"{live_server.url}/payouts/manfaat-saya/")
    assert page.locator("[data-month='1']").get_attribute("data-state") == "paid"
    screenshot(page, "payouts_worker_month1_paid")
    context.close()
