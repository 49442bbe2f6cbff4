"""The dashboard page, its downloads and its freshness line."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import plotly
import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from jkp_portal.reporting.models import DashboardRefresh

from . import factories as f

pytestmark = pytest.mark.django_db

PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"


@pytest.fixture
def with_plotly(settings):
    """The STATICFILES_DIRS entry the settings need (until it is in the shared settings)."""
    if not any(isinstance(d, tuple) and d[0] == "vendor/plotly" for d in settings.STATICFILES_DIRS):
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("vendor/plotly", PLOTLY_DIR)]


@pytest.fixture
def data(offices, refresh):
    for day in ("2025-02-03", "2025-02-10", "2025-03-03"):
        f.claim(offices["solo"], submitted=day, decided="2025-03-20")
    f.claim(offices["solo"], submitted="2025-03-05", decided="2025-03-07", reasons=["DOC_INVALID"])
    f.claim(offices["bpn"], submitted="2025-03-05", decided="2025-03-07", province="64")
    refresh()


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("dashboards:home"), params)


def test_page_shows_figures_charts_as_json_and_tables(client, staff, data, with_plotly):
    """Every chart has its figure in a json_script block and its numbers in a
    table; the only scripts are files (CSP script-src 'self') and JSON data."""
    response = get(client, staff["jateng"], start="2025-02", end="2025-03")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kanwil Uji Jateng" in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    figures = re.findall(r'data-figure="([^"]+)"', html)
    assert "fig-claims" in figures and "fig-funnel" in figures
    for fig in figures:
        assert f'id="{fig}" type="application/json"' in html
    assert "/static/vendor/plotly/plotly.min.js" in html
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html
    assert ' style="' not in html and "onclick" not in html
    table = response.context["sections"][0]["panels"][0]["table"]
    march = next(row for row in table.rows if row["month_label"] == "Mar 2025")
    assert (march["filed"], march["approved"], march["rejected"]) == (2, 3, 1)


def test_page_without_the_chart_library_still_renders_the_tables(client, staff, data, settings):
    """Until the settings serve Plotly, the page leaves the script out (no 500 from the manifest)."""
    settings.STATICFILES_DIRS = [
        d for d in settings.STATICFILES_DIRS if not (isinstance(d, tuple) and d[0] == "vendor/plotly")
    ]
    response = get(client, staff["national"])
    assert response.status_code == 200
    assert b"plotly.min.js" not in response.content
    assert b"<table" in response.content


def test_freshness_is_shown_and_an_old_refresh_is_flagged(client, staff, data):
    DashboardRefresh.objects.update(finished_at=dt.datetime(2025, 3, 31, 8, 0, tzinfo=f.JAKARTA))
    with time_machine.travel(dt.datetime(2025, 3, 31, 8, 12, tzinfo=f.JAKARTA), tick=False):
        html = get(client, staff["solo"]).content.decode()
        assert "Data per 31 Mar 2025, 08:00 WIB" in html
        assert "12" in re.search(r'data-testid="freshness"[^>]*>(.*?)</div>', html, re.S).group(1)
        assert "lebih dari satu jam" not in html
    with time_machine.travel(dt.datetime(2025, 3, 31, 10, 0, tzinfo=f.JAKARTA), tick=False):
        assert "lebih dari satu jam" in get(client, staff["solo"]).content.decode()
    DashboardRefresh.objects.all().delete()
    assert "Ringkasan belum pernah dibuat" in get(client, staff["solo"]).content.decode()


def test_query_count_does_not_grow_with_the_data(client, staff, offices, refresh, django_assert_max_num_queries):
    """A fixed number of small aggregate queries, however many claims, offices
    and konselors (cold: the cache is emptied before each view)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff["national"])
    url = reverse("dashboards:home")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"start": "2025-01", "end": "2025-12"}).status_code == 200
        return len(ctx.captured_queries)

    f.claim(offices["solo"], submitted="2025-05-05", decided="2025-05-09")
    refresh()
    few = queries()
    for i in range(30):
        f.claim(
            offices["solo" if i % 2 else "smg"],
            submitted="2025-05-05",
            decided="2025-05-09",
            reasons=["DOC_INVALID"] * (i % 3 == 0),
        )
        f.konselor(offices["solo"])
    refresh()
    assert queries() == few <= 23
    # warm: session, user, the second-factor device (supervisors), scope, freshness
    with django_assert_max_num_queries(9):
        client.get(url, {"start": "2025-01", "end": "2025-12"})


def test_csv_and_xlsx_downloads_carry_the_filters(client, staff, data):
    client.force_login(staff["national"])
    url = reverse("dashboards:export", kwargs={"table": "claims_monthly", "fmt": "csv"})
    response = client.get(url, {"start": "2025-03", "end": "2025-03", "province": "33"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="jkp-claims-monthly-202503-202503.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Bulan", "Diajukan", "Diajukan setahun sebelumnya"]
    assert rows[1][:2] == ["Mar 2025", "2"]  # 3 without the filter: Balikpapan (province 64) is left out

    url = reverse("dashboards:export", kwargs={"table": "by_province", "fmt": "xlsx"})
    response = client.get(url, {"start": "2025-02", "end": "2025-03"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Klaim per provinsi"
    assert [c.value for c in sheet[3]][:2] == ["Provinsi", "Diajukan"]
    values = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row + 1)}
    assert values == {"Jawa Tengah": 4, "Kalimantan Timur": 1}
    assert isinstance(values["Jawa Tengah"], int)


def test_every_table_on_the_page_downloads(client, staff, data):
    client.force_login(staff["national"])
    page = client.get(reverse("dashboards:home"), {"start": "2025-02", "end": "2025-03"})
    links = set(re.findall(r'href="(/dasbor/unduh/[^"]+)"', page.content.decode()))
    assert len(links) >= 2 * 15
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link


def test_unknown_table_or_format_is_404_and_other_roles_are_refused(client, staff, data, make_user):
    client.force_login(staff["national"])
    assert client.get(reverse("dashboards:export", kwargs={"table": "nope", "fmt": "csv"})).status_code == 404
    assert client.get(reverse("dashboards:export", kwargs={"table": "by_sex", "fmt": "pdf"})).status_code == 404
    client.force_login(make_user("worker"))
    assert client.get(reverse("dashboards:home")).status_code == 403
    assert client.get(reverse("dashboards:export", kwargs={"table": "by_sex", "fmt": "csv"})).status_code == 403
    client.logout()
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_invalid_filters_are_explained_and_ignored(client, staff, data):
    html = get(client, staff["solo"], start="2025-13", province="64").content.decode()
    assert "Sebagian filter tidak dapat dipakai" in html
    assert "TTTT-BB" in html


def test_system_check_warns_when_the_chart_library_is_not_served(settings, with_plotly):
    from jkp_portal.reporting.checks import plotly_is_served

    assert plotly_is_served(None) == []
    settings.STATICFILES_DIRS = [
        d for d in settings.STATICFILES_DIRS if not (isinstance(d, tuple) and d[0] == "vendor/plotly")
    ]
    assert [w.id for w in plotly_is_served(None)] == ["dashboards.W001"]
