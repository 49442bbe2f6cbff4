"""The refresh (task, command, idempotence, failure) and the monthly report."""

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jkp_portal.celery import app
from jkp_portal.reporting import refresh as refresh_module
from jkp_portal.reporting.models import ClaimStat, DashboardRefresh, FunnelStat, PaymentStat, RejectionStat
from jkp_portal.reporting.tasks import refresh_dashboards

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(offices):
    f.claim(offices["solo"], submitted="2024-03-04", decided="2024-03-08")
    for _ in range(3):
        f.claim(offices["solo"], submitted="2025-03-04", decided="2025-03-06")
    f.claim(offices["smg"], submitted="2025-03-04", decided="2025-03-11", reasons=["INSUFFICIENT_CONTRIBUTIONS"])
    c = f.claim(offices["solo"], submitted="2025-03-05", decided="2025-03-07")
    b = f.benefit(c)
    f.payment(f.month(b, 1, due="2025-03-07"), sla="2025-03-12", paid_on="2025-03-10")


def snapshot():
    def rows(model):
        fields = [fld.attname for fld in model._meta.concrete_fields if fld.name != "id"]
        return sorted(tuple(str(v) for v in row) for row in model.objects.values_list(*fields))

    return [rows(m) for m in (ClaimStat, RejectionStat, PaymentStat, FunnelStat)]


def test_refresh_twice_gives_the_same_tables(data, refresh):
    first = refresh()
    before = snapshot()
    second = refresh()
    assert snapshot() == before
    assert first.row_counts == second.row_counts
    assert DashboardRefresh.objects.filter(status="done").count() == 2


def test_celery_task_refreshes_and_is_scheduled_every_15_minutes(data, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    result = refresh_dashboards.delay().get()
    assert result["rows"]["claimstat"] == ClaimStat.objects.count() > 0
    entry = app.conf.beat_schedule["dashboards-refresh"]
    assert entry["task"] == "dashboards.refresh"
    assert entry["schedule"].minute == {0, 15, 30, 45}


def test_task_skips_while_another_refresh_holds_the_lock(data):
    """A refresh still running (here: another connection holding the lock) makes the periodic task skip its turn."""
    params = connection.get_connection_params()
    other = psycopg2.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")})
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [refresh_module.REFRESH_LOCK_KEY])
        assert refresh_dashboards() == {"skipped": True}
        # Release on the server before closing: close() returns before the
        # backend has gone, so the lock could still be held a moment later.
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [refresh_module.REFRESH_LOCK_KEY])
    finally:
        other.close()
    assert refresh_dashboards()["rows"]["claimstat"] > 0


def test_a_failed_refresh_keeps_the_previous_figures_and_says_so(data, refresh, monkeypatch):
    refresh()
    before = snapshot()
    monkeypatch.setattr(refresh_module, "_unassigned_sql", lambda: "SELECT no_such_column FROM claims_claim")
    with pytest.raises(Exception, match="no_such_column"):
        refresh()
    assert snapshot() == before
    failed = DashboardRefresh.objects.get(status="failed")
    assert "no_such_column" in failed.error
    assert refresh_module.latest_refresh().status == "done"


def test_refresh_command(data, capsys):
    call_command("refresh_dashboards")
    assert "dashboards refreshed in" in capsys.readouterr().out
    assert ClaimStat.objects.exists()


def test_monthly_report_for_a_region_in_plain_indonesian(data, offices, capsys):
    call_command("monthly_report", "--office", "T-KWJ", "--month", "2025-03", "--refresh")
    out = capsys.readouterr().out
    assert "LAPORAN BULANAN JAMINAN KEHILANGAN PEKERJAAN (JKP)" in out
    assert "Kanwil Uji Jateng (T-KWJ)" in out
    assert "KC Uji Semarang, KC Uji Solo" in out
    assert "Maret 2025" in out and "Maret 2024" in out
    filed = next(line for line in out.splitlines() if line.strip().startswith("Diajukan"))
    assert filed.split()[1:] == ["5", "1", "+400,0", "%"]
    assert "Masa iuran" in out  # the rejection reason in words
    assert "SLA 3 hari kerja: 1 tepat waktu" in out
    assert "<" not in out.replace("< 25", "")  # plain text, no markup


def test_monthly_report_refuses_unknown_office_and_bad_month(data):
    with pytest.raises(CommandError, match="unknown office"):
        call_command("monthly_report", "--office", "NOPE", "--month", "2025-03")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("monthly_report", "--office", "T-KWJ", "--month", "03-2025")


def test_summaries_are_cached_per_refresh_and_a_new_refresh_shows_new_figures(data, offices, staff, refresh, summary):
    """A second view is served from the cache (no summary-table query); the
    refresh warms every office's default view; new claims appear after the
    next refresh, not before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jkp_portal.reporting.selectors import warm_cache

    def cube_queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            result = summary(staff["jateng"], **params)
        return result, len([q for q in ctx.captured_queries if "dashboards_claimstat" in q["sql"]])

    refresh()
    first, queries = cube_queries(start="2025-03", end="2025-03")
    assert queries > 0
    again, queries = cube_queries(start="2025-03", end="2025-03")
    assert queries == 0 and again["kpis"] == first["kpis"]
    assert warm_cache() == 6  # national, two regions, three branches
    assert cube_queries()[1] == 0  # the default view is ready before anyone asks
    f.claim(offices["solo"], submitted="2025-03-20", decided="2025-03-21")
    assert cube_queries(start="2025-03", end="2025-03")[0]["kpis"]["filed"] == first["kpis"]["filed"]
    refresh()
    assert cube_queries(start="2025-03", end="2025-03")[0]["kpis"]["filed"] == first["kpis"]["filed"] + 1


def test_a_cache_outage_does_not_break_the_dashboard(data, staff, refresh, summary, monkeypatch):
    from jkp_portal.reporting import selectors

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    refresh()
    monkeypatch.setattr(selectors.cache, "get", broken)
    monkeypatch.setattr(selectors.cache, "set", broken)
    assert summary(staff["jateng"], start="2025-03", end="2025-03")["kpis"]["filed"] == 5
