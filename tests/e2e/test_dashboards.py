"""Browser journey of issue 8: the head office and the Kalimantan regional head
open their dashboards on the demo history, read the charts and the tables
behind them, filter, and download a table. Screenshots:
tests/e2e/screenshots/dashboard_national.png, dashboard_regional.png and
dashboard_regional_phone.png."""

from __future__ import annotations

import io
from pathlib import Path

import plotly
import pytest
from playwright.sync_api import expect

from jkp_portal.demo import accounts as accounts_demo
from jkp_portal.demo.reporting import history as demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCALE = 0.05


@pytest.fixture
def history(settings, monkeypatch):
    if not any(isinstance(d, tuple) and d[0] == "vendor/plotly" for d in settings.STATICFILES_DIRS):
        settings.STATICFILES_DIRS = [
            *settings.STATICFILES_DIRS,
            ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),
        ]
    monkeypatch.setattr(demo, "SCALE", SCALE)
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())


def _open_dashboard(page, url):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    charts = page.locator("[data-figure]")
    expect(charts.first).to_be_visible()
    count = charts.count()
    expect(page.locator(".dash-chart.is-drawn")).to_have_count(count, timeout=30_000)
    page.wait_for_timeout(300)
    assert errors == [], errors  # strict CSP: no refused inline script or style
    return count


def test_national_and_regional_dashboards(history, live_server, desk_page, phone_page, login, screenshot):
    page = desk_page
    login(page, "direksi", accounts_demo.DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/dasbor/")
    assert _open_dashboard(page, f"{live_server.url}/dasbor/") >= 12
    expect(page.get_by_test_id("scope")).to_have_text("Nasional")
    expect(page.get_by_test_id("freshness")).to_contain_text("Data per")
    # The numbers behind a chart are one click away, and downloadable.
    panel = page.locator("figure[data-table='claims_monthly']")
    panel.get_by_text("Lihat angka (tabel)").click()
    expect(panel.locator("table tbody tr")).to_have_count(12)
    with page.expect_download() as download:
        panel.get_by_test_id("xlsx-claims_monthly").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    panel.get_by_text("Lihat angka (tabel)").click()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard_national")

    page.get_by_role("button", name="Keluar").click()
    login(page, "kakanwil.kalimantan", accounts_demo.DEMO_PASSWORD)
    url = f"{live_server.url}/dasbor/?start=2024-03&end=2025-03"
    _open_dashboard(page, url)
    expect(page.get_by_test_id("scope")).to_have_text("Kanwil Kalimantan")
    march = page.locator("figure[data-table='claims_monthly'] tbody tr").last
    expect(march.locator("th")).to_have_text("Mar 2025")
    expect(march.locator("td").first).to_have_text(str(round(2241 * SCALE)))
    expect(march.locator("td").nth(1)).to_have_text(str(round(484 * SCALE)))
    # Filters: women only, trade and services.
    page.select_option("#f-sex", "F")
    page.select_option("#f-sector", "G")
    page.get_by_role("button", name="Terapkan").click()
    _open_dashboard(page, page.url)
    assert "sex=F" in page.url and "sector=G" in page.url
    page.goto(url)
    _open_dashboard(page, url)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard_regional")

    login(phone_page, "kakanwil.kalimantan", accounts_demo.DEMO_PASSWORD)
    _open_dashboard(phone_page, url)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "dashboard_regional_phone")
