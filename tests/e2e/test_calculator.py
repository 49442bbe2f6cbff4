"""Browser journeys through the public calculator on a phone-sized screen (Debian's Chromium)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS

# `browser` (Debian's Chromium, shared by the session) comes from tests/e2e/conftest.py.
pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A page on a 390×844 phone in Indonesian that collects problems: console errors (CSP violations land
    there) and failed responses (the browser's own favicon probe aside; base.html links no favicon)."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.problems.append(message.text)

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            page.problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    context.close()


def fill_situation(page, *, phk, contract_end):
    """What a laid-off contract worker of a medium-sized company types."""
    page.get_by_label("Tanggal lahir").fill("1990-05-01")
    page.get_by_label("Tanggal terdaftar JKP").fill("2022-01-10")
    page.get_by_label("Menengah").check()
    for name in ("JKN", "JKK", "JKM", "JHT", "JP"):
        page.locator(f'input[name="programs"][value="{name}"]').check()
    page.get_by_label("PKWT – karyawan kontrak (waktu tertentu)").check()
    page.get_by_label("Tanggal berakhir kontrak (khusus PKWT)").fill(contract_end.isoformat())
    page.get_by_label("Tanggal PHK", exact=True).fill(phk.isoformat())
    page.get_by_label("Alasan PHK").select_option("efficiency")


def test_worker_checks_simple_mode_on_a_phone(live_server, phone):
    """A worker laid off three weeks ago fills the simple mode on a phone and sees a clear yes,
    6 × Rp 2.700.000 = Rp 16.200.000, the deadline and every criterion; no console/CSP errors."""
    page = phone
    today = timezone.localdate()
    phk = today - timedelta(days=21)
    page.goto(live_server.url + reverse("claims:calculator"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cek kelayakan & simulasi manfaat JKP")
    # JavaScript shows only the simple mode and hides the no-JS refresh button.
    expect(page.locator('[data-mode="advanced"]')).to_be_hidden()
    expect(page.get_by_label("Tanggal pengajuan klaim")).to_have_value(today.isoformat())

    fill_situation(page, phk=phk, contract_end=today + timedelta(days=400))
    page.get_by_label("Berapa bulan iuran dibayar?").fill("18")
    page.get_by_label("Ya", exact=True).check()
    wage = page.get_by_label("Upah terakhir per bulan (Rp)")
    wage.fill("4500000")
    wage.blur()
    expect(wage).to_have_value("4.500.000")
    wage.press("Enter")  # Enter calculates (it must not trigger the no-JS "show months" button)

    result = page.get_by_test_id("calc-result")
    expect(result).to_be_visible()
    expect(page.get_by_test_id("calc-verdict")).to_contain_text("Anda memenuhi syarat JKP")
    expect(page.get_by_test_id("calc-total")).to_have_text("Rp 16.200.000")
    expect(page.get_by_test_id("calc-rule-set")).to_have_text("PP 6/2025")
    rows = page.get_by_test_id("calc-schedule").locator("tbody tr")
    expect(rows).to_have_count(6)
    for i in range(6):
        expect(rows.nth(i)).to_contain_text("Rp 2.700.000")
    expect(page.get_by_test_id("calc-criteria").locator("li")).to_have_count(11)
    expect(page.get_by_test_id("calc-criteria").locator('li[data-passed="false"]')).to_have_count(0)
    assert page.url.endswith("#hasil")
    # Nothing typed is lost: the form below the result still holds the answers.
    expect(page.get_by_label("Berapa bulan iuran dibayar?")).to_have_value("18")
    # The table fits the phone: no sideways scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "calculator.png"), full_page=True)
    assert page.problems == []


def test_advanced_mode_redraws_months_for_the_phk_date(live_server, phone):
    """Choosing the advanced mode shows month boxes that follow the PHK date; ticking all 24 qualifies,
    and an ended contract is a clear no with its reason."""
    page = phone
    phk = timezone.localdate() - timedelta(days=10)
    page.goto(live_server.url + reverse("claims:calculator"))
    page.get_by_label("Cara rinci: centang bulan").check()
    expect(page.locator('[data-mode="advanced"]')).to_be_visible()
    expect(page.locator('[data-mode="simple"]')).to_be_hidden()
    expect(page.locator("[data-refresh-months]")).to_be_hidden()

    fill_situation(page, phk=phk, contract_end=phk)  # the contract ran out on the PHK day
    last = f"{phk.year:04d}-{phk.month:02d}"
    boxes = page.locator('input[name="paid_months"]')
    expect(boxes).to_have_count(24)
    expect(page.locator(f'label[for="month-{last}"]')).to_be_visible()
    page.get_by_role("button", name="Centang semua").click()
    expect(page.locator('input[name="paid_months"]:checked')).to_have_count(24)
    page.get_by_label("Upah terakhir per bulan (Rp)").fill("3.000.000")
    page.get_by_role("button", name="Hitung", exact=True).last.click()

    expect(page.get_by_test_id("calc-verdict")).to_contain_text("Anda belum memenuhi syarat JKP")
    expect(page.get_by_test_id("calc-failed")).to_contain_text("PHK terjadi sebelum kontrak PKWT berakhir")
    expect(page.locator('input[name="paid_months"]:checked')).to_have_count(24)
    assert page.problems == []


def test_works_without_javascript(live_server, browser):
    """With JavaScript off the plain form still calculates, and a bad date is shown next to its field."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    try:
        today = timezone.localdate()
        page.goto(live_server.url + reverse("claims:calculator"))
        # Both ways of entering months are visible; the simple mode is chosen.
        expect(page.locator('[data-mode="advanced"]')).to_be_visible()
        fill_situation(page, phk=today - timedelta(days=5), contract_end=today + timedelta(days=200))
        page.get_by_label("Berapa bulan iuran dibayar?").fill("12")
        page.get_by_label("Upah terakhir per bulan (Rp)").fill("6.000.000")
        page.get_by_label("Tanggal lahir").fill("1990-05-01")
        page.get_by_role("button", name="Hitung", exact=True).last.click()
        expect(page.get_by_test_id("calc-verdict")).to_contain_text("Anda memenuhi syarat JKP")
        expect(page.get_by_test_id("calc-total")).to_have_text("Rp 18.000.000")  # wage capped at Rp 5.000.000

        page.get_by_label("Tanggal PHK", exact=True).fill(today.isoformat())
        page.get_by_label("Tanggal pengajuan klaim").fill((today - timedelta(days=1)).isoformat())
        page.get_by_role("button", name="Hitung", exact=True).last.click()
        expect(page.get_by_test_id("calc-errors")).to_be_visible()
        expect(page.locator('[data-error-for="phk_date"]')).to_contain_text("tidak boleh setelah tanggal pengajuan")
        expect(page.get_by_label("Upah terakhir per bulan (Rp)")).to_have_value("6.000.000")
    finally:
        context.close()
