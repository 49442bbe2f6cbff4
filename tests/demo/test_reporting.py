"""The historic demo data: patterns of the programme figures, kept out of the
working queues, idempotent."""

import datetime as dt
import io

import pytest
import time_machine

from claims.models import OPEN_STATUSES, Claim
from claims.payouts.models import Benefit, PayoutBatch
from counseling.models import Case, Konselor
from jkp_portal.accounts.models import User
from jkp_portal.demo import accounts as accounts_demo
from jkp_portal.demo.reporting import figures, history
from jkp_portal.reporting.models import ClaimStat
from tests.reporting import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCALE = 0.02


@pytest.fixture
def loaded(monkeypatch, summary):
    monkeypatch.setattr(history, "SCALE", SCALE)
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=f.JAKARTA), tick=False):
        accounts_demo.load(io.StringIO())
        out = io.StringIO()
        history.load(out)
        yield out.getvalue()


def national(summary, **params):
    return summary(User.objects.get(username="direksi"), **params)


def test_kalimantan_grows_from_march_2024_to_march_2025_as_published(loaded, summary):
    kal = summary(User.objects.get(username="kakanwil.kalimantan"), start="2025-03", end="2025-03")
    march = kal["claims_by_month"][0]
    assert march["filed"] == round(2241 * SCALE)
    assert march["filed_prev_year"] == round(484 * SCALE)
    assert kal["funnel"]["back_1m_pct"] > 45  # 60 % back at work within a month, give or take the sample


def test_patterns_february_peak_leading_sectors_and_ages(loaded, summary):
    year = national(summary, start="2025-01", end="2025-12")
    filed = {f"{r['month']:%m}": r["filed"] for r in year["claims_by_month"]}
    assert filed["02"] == max(filed.values())
    assert [r["key"] for r in year["by_sector"][:2]] == ["C", "G"]  # manufacturing, then trade
    assert max(year["by_age_band"], key=lambda r: r["filed"])["label"] == "30–39"
    assert year["by_province"][0]["label"] == "Jawa Tengah"
    assert year["kpis"]["median_days"].days < 10 and year["kpis"]["on_time_pct"] > 80
    assert year["payments_by_month"][5]["paid_amount"] > 0
    assert year["funnel"]["assessed"] > year["funnel"]["counselled"] > year["funnel"]["trained"] > 0
    assert year["konselors"] and all(k["open_cases"] <= k["capacity"] for k in year["konselors"])


def test_history_stays_out_of_the_working_queues(loaded):
    historic = Claim.objects.filter(verdict__source=figures.SOURCE)
    assert historic.count() > 1000
    assert not historic.filter(status__in=OPEN_STATUSES).exists()
    assert not Benefit.objects.filter(claim__in=historic, is_open=True).exists()
    assert set(PayoutBatch.objects.values_list("status", flat=True)) == {"reconciled"}
    assert not Case.objects.filter(status="unassigned").exists()
    pool = Konselor.objects.filter(user__username__startswith="pk.")
    assert pool.exists()
    assert all(k.office.kind == "regional" and not k.regencies and not k.province_codes for k in pool)
    assert not any(k.user.has_usable_password() for k in pool)


def test_loading_twice_adds_nothing(loaded, monkeypatch):
    claims, stats = Claim.objects.count(), ClaimStat.objects.count()
    out = io.StringIO()
    with time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=f.JAKARTA), tick=False):
        history.load(out)
    assert "already loaded" in out.getvalue()
    assert (Claim.objects.count(), ClaimStat.objects.count()) == (claims, stats)
