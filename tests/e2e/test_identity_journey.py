"""Identity in a real browser, on a phone: a worker signs up with the code the
registry's phone received, forgets the password and resets it with a new code
(the old password stops working), and later asks for the claim's status by
SMS through the provider's signed webhook."""

import datetime as dt
import json
import urllib.request

import pytest
from django.utils import timezone

from claims.eligibility import add_months
from claims.views.sms import SIGNATURE_HEADER, sign
from jkp_portal.accounts.models import User
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.claims_support import code_sent_to, make_participant, submitted_claim
from tests.factories import PASSWORD, OfficeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Sandi-Baru-Ratih-2026"
SECRET = "journey-inbound-secret-0123456789abcdef"


def test_sign_up_with_the_code_reset_the_password_and_ask_the_status_by_sms(
    live_server, browser, phone_page, screenshot, settings
):
    settings.SMS_INBOUND_SECRET = SECRET
    LogSmsGateway.sent.clear()
    office = OfficeFactory(code="KC-ID", name="KC Uji Identitas")
    this_month = timezone.localdate().replace(day=1)
    ratih = make_participant(
        office,
        start=add_months(this_month, -30).strftime("%Y-%m"),
        months=30,
        full_name="Ratih Kusuma",
        birth_date=dt.date(1991, 3, 2),
        phone="+6281377712345",
        email="",
    )
    page = phone_page

    # 1. Sign up: the registry matches, the code goes to the registry's phone.
    page.goto(f"{live_server.url}/daftar/")
    page.fill("#id_nik", ratih.nik)
    page.fill("#id_full_name", "Ratih Kusuma")
    page.fill("#id_birth_date", "1991-03-02")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.click("[data-testid=signup-form] button[type=submit]")
    page.wait_for_url("**/daftar/kode/")
    assert "••••2345" in page.inner_text("[data-testid=code-sent-to]")
    screenshot(page, "identity-signup-code")
    page.fill("#id_code", "000000" if code_sent_to(ratih.phone) != "000000" else "111111")
    page.click("[data-testid=code-form] button[type=submit]")
    assert "Sisa percobaan: 4" in page.inner_text("form[data-testid=code-form]")
    page.fill("#id_code", code_sent_to(ratih.phone))
    page.click("[data-testid=code-form] button[type=submit]")
    page.wait_for_url("**/klaim/")
    assert User.objects.get(nik=ratih.nik).phone == "+6281377712345"

    # 2. Forgot the password: a new context (another day, another browser).
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Lupa kata sandi?")
    page.wait_for_url("**/lupa-kata-sandi/")
    page.fill("#id_identifier", ratih.nik)
    page.click("[data-testid=reset-form] button[type=submit]")
    page.wait_for_url("**/lupa-kata-sandi/kode/")
    page.fill("#id_code", code_sent_to(ratih.phone))
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", NEW_PASSWORD)
    screenshot(page, "identity-reset")
    page.click("[data-testid=reset-confirm-form] button[type=submit]")
    page.wait_for_url("**/accounts/login/")
    # the old password no longer opens the account; the new one does
    page.fill("#id_username", ratih.nik)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", ratih.nik)
    page.fill("#id_password", NEW_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/klaim/")
    # the reset was announced on the other channel: no email on file, so by SMS
    assert any("diganti" in text for number, text in LogSmsGateway.sent if number == "+6281377712345")

    # 3. The status by SMS: the provider calls the signed webhook; the reply goes back to the phone.
    claim = submitted_claim(User.objects.get(nik=ratih.nik), phk_date=add_months(this_month, -1).replace(day=14))
    body = json.dumps({"from": "0813-7771-2345", "text": f"STATUS {claim.pk}", "reference": "prov-1"}).encode()
    request = urllib.request.Request(
        f"{live_server.url}/sms/masuk/",
        data=body,
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, SECRET)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the test's own server
        assert response.status == 200
    number, reply = LogSmsGateway.sent[-1]
    assert number == "+6281377712345" and str(claim.pk) in reply
