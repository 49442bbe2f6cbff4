"""Browser journey of a bank account change on a phone: the bank refused
month 1, the worker asks for a new account with their password, types the
code from the SMS sent to the registry phone, the change waits for review (a
failed transfer is due now), and a verifier of the office approves it."""

import re

import pytest
from django.utils import timezone

from claims.payouts.bank_adapters import SimulatedBank
from claims.payouts.models import Benefit, Payment, PaymentStatus, PayoutBatch
from claims.payouts.services import payout_batch_approve, payout_batch_fetch_results, payout_batch_send, run_payouts
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.payouts.factories import account_number, make_benefit
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_worker_changes_the_account_on_a_phone_and_staff_approve(
    browser, live_server, screenshot, office, phone_page, desk_page
):
    today = timezone.localdate()
    approver = UserFactory(roles=["approver"], office=office)
    verifier = UserFactory(roles=["verifier"], office=office)
    benefit = make_benefit(decision_date=today, office=office, account=account_number("404"))
    run_payouts(run_date=today, notify=False)
    batch = PayoutBatch.objects.get(payments__month__benefit=benefit)
    payout_batch_approve(batch_id=batch.pk, actor=approver)
    payout_batch_send(batch_id=batch.pk, actor=approver)
    payout_batch_fetch_results(batch_id=batch.pk, actor=approver, adapter=SimulatedBank())
    assert Payment.objects.get(month__benefit=benefit).status == PaymentStatus.FAILED
    LogSmsGateway.sent.clear()

    page = phone_page
    _login(page, live_server.url, benefit.participant.user)
    page.goto(f"{live_server.url}/payouts/manfaat-saya/")
    page.click("[data-testid=fix-account]")
    page.select_option("#id_bank_code", "BNI")
    page.fill("#id_account_number", "0871234567")
    page.fill("#id_holder", benefit.participant.full_name)
    page.fill("#id_password", PASSWORD)
    assert _fits(page)
    screenshot(page, "payouts_account_change_request_phone")
    page.click("[data-testid=account-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=otp-form]").is_visible() and _fits(page)
    phone, text = LogSmsGateway.sent[-1]
    assert phone == benefit.participant.phone
    page.fill("#id_code", re.search(r"\b(\d{6})\b", text).group(1))
    screenshot(page, "payouts_account_change_otp_phone")
    page.click("[data-testid=otp-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "diperiksa petugas" in page.content()
    assert Benefit.objects.get(pk=benefit.pk).bank_account_last4 == benefit.bank_account_last4  # not yet

    desk = desk_page
    _login(desk, live_server.url, verifier)
    desk.goto(f"{live_server.url}/payouts/perubahan-rekening/")
    desk.click("[data-testid=approve-change]")
    desk.wait_for_load_state("networkidle")
    screenshot(desk, "payouts_account_change_review")
    assert Payment.objects.get(month__benefit=benefit).status == PaymentStatus.REISSUE_READY
    assert Benefit.objects.get(pk=benefit.pk).bank_account_last4 == "4567"
