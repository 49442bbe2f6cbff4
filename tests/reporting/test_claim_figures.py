"""Claims per month, year on year, rejection reasons, breakdowns and decision
time, as the summary tables compute them from claims."""

import datetime as dt
import statistics

import pytest
from django.db import connection

from claims.models import Participant
from jkp_portal.reporting.charts import figures
from jkp_portal.reporting.dimensions import Grain
from jkp_portal.reporting.filters import filters_for
from jkp_portal.reporting.models import ClaimStat, RejectionStat
from jkp_portal.reporting.tables import build_tables

from . import factories as f
from .conftest import month_row

pytestmark = pytest.mark.django_db


def test_filed_counts_in_the_month_of_submission_and_decisions_in_the_month_of_decision(
    offices, staff, refresh, summary
):
    """Months are Jakarta months: a claim submitted at 00:00 WIB on 1 February
    (still 31 January in UTC) is a February claim. A claim submitted in January
    and decided in February counts as approved in February; one still waiting
    counts as in progress."""
    solo = offices["solo"]
    f.claim(solo, submitted="2025-01-31", submitted_hour=23, decided="2025-02-03")
    f.claim(solo, submitted="2025-02-01", submitted_hour=0, decided="2025-02-10", reasons=["PKWT_CONTRACT_ENDED"])
    f.claim(solo, submitted="2025-02-12")
    refresh()
    result = summary(staff["national"], start="2025-01", end="2025-02")
    january, february = month_row(result, "2025-01"), month_row(result, "2025-02")
    assert (january["filed"], january["approved"], january["rejected"]) == (1, 0, 0)
    assert (february["filed"], february["approved"], february["rejected"], february["in_progress"]) == (2, 1, 1, 1)
    assert result["kpis"]["approval_rate_pct"] == 50.0


def test_each_month_has_the_same_month_a_year_earlier_beside_it(offices, staff, refresh, summary):
    """March 2025 is compared with March 2024 (the Kalimantan story: 2 → 5 here)."""
    bpn = offices["bpn"]
    for _ in range(2):
        f.claim(bpn, submitted="2024-03-05", decided="2024-03-12", province="64", sector="G")
    for _ in range(5):
        f.claim(bpn, submitted="2025-03-05", decided="2025-03-12", province="64", sector="G")
    f.claim(bpn, submitted="2024-03-07", decided="2024-03-20", province="64", reasons=["NOT_CONSECUTIVE"])
    refresh()
    result = summary(staff["kal"], start="2025-01", end="2025-03")
    march = month_row(result, "2025-03")
    assert march["filed"] == 5
    assert march["filed_prev_year"] == 3
    assert march["approved_prev_year"] == 2
    assert march["rejected_prev_year"] == 1
    assert march["filed_change_pct"] == pytest.approx(66.7)
    assert result["kpis"]["filed_prev_year"] == 3
    reasons = {r["code"]: r for r in result["rejection_reasons"]}
    assert reasons == {}  # none rejected in the period itself
    result = summary(staff["kal"], start="2024-03", end="2025-03")
    assert result["rejection_reasons"][0]["code"] == "NOT_CONSECUTIVE"


def test_leading_rejection_reasons_are_ranked_and_each_month_shows_its_own(offices, staff, refresh, summary):
    """Reasons are counted per citation (a claim may cite two), ranked, with their share."""
    solo = offices["solo"]
    for _ in range(3):
        f.claim(solo, submitted="2025-04-02", decided="2025-04-09", reasons=["INSUFFICIENT_CONTRIBUTIONS"])
    f.claim(solo, submitted="2025-04-02", decided="2025-04-09", reasons=["PKWT_CONTRACT_ENDED", "DOC_INVALID"])
    f.claim(solo, submitted="2025-05-02", decided="2025-05-09", reasons=["DOC_INVALID"])
    f.claim(solo, submitted="2025-05-03", decided="2025-05-09", reasons=["DOC_INVALID"])
    refresh()
    result = summary(staff["solo"], start="2025-04", end="2025-05")
    ranked = [(r["code"], r["count"]) for r in result["rejection_reasons"]]
    assert ranked == [("DOC_INVALID", 3), ("INSUFFICIENT_CONTRIBUTIONS", 3), ("PKWT_CONTRACT_ENDED", 1)]
    assert result["rejection_reasons"][0]["share_pct"] == pytest.approx(42.9)
    assert result["rejection_reasons"][0]["label"] != "DOC_INVALID"  # shown in words
    assert month_row(result, "2025-04")["top_reason"]["code"] == "INSUFFICIENT_CONTRIBUTIONS"
    assert month_row(result, "2025-05")["top_reason"]["code"] == "DOC_INVALID"


def test_breakdowns_by_province_sector_age_band_and_sex(offices, staff, refresh, summary):
    """Age bands follow the age at submission: 24 → <25, 25 → 25–29, 39 → 30–39, 40 → 40–49, 50 → 50+."""
    solo, bpn = offices["solo"], offices["bpn"]
    on = "2025-06-10"
    for years in (24, 25, 39, 40, 50):
        f.claim(solo, submitted=on, decided="2025-06-12", birth=dt.date(2025 - years, 6, 10))
    f.claim(bpn, submitted=on, province="64", sector="G", sex="F", birth=dt.date(1990, 6, 11))
    refresh()
    result = summary(staff["national"], start="2025-06", end="2025-06")
    ages = {r["label"]: r["filed"] for r in result["by_age_band"]}
    assert ages == {"< 25": 1, "25–29": 1, "30–39": 2, "40–49": 1, "50+": 1}
    assert {r["key"]: r["filed"] for r in result["by_province"]} == {"33": 5, "64": 1}
    assert result["by_province"][0]["label"] == "Jawa Tengah"
    assert {r["key"]: r["filed"] for r in result["by_sector"]} == {"C": 5, "G": 1}
    assert {r["key"]: r["filed"] for r in result["by_sex"]} == {"M": 5, "F": 1}
    assert {r["key"]: r["filed"] for r in result["by_office"]} == {"T-SKA": 5, "T-BPN": 1}


def test_claims_group_by_kbli_section_with_its_title(offices, staff, refresh, summary):
    """Employers of one KBLI 2020 section make one row whatever their 5-digit code: "C — Industri
    Pengolahan"; the chart's axis has the short title and the hover the official one; claims of an
    employer of no known section (or of no employer) are "Tidak diketahui". Filtering by section
    reads the same rows."""
    solo = offices["solo"]
    on = dict(submitted="2025-06-10", decided="2025-06-12")
    for code in ("14111", "14111", "12011", "20231"):  # garment, garment, kretek, soap: all C
        emp = f.employer(solo, sector="C")
        emp.kbli_code = code
        emp.save()
        f.claim(solo, employer_obj=emp, **on)
    f.claim(solo, sector="G", **on)
    f.claim(solo, sector="", **on)
    orphan = f.claim(solo, **on)
    Participant.objects.filter(pk=orphan.participant_id).update(employer=None)  # no employer: not known
    refresh()
    result = summary(staff["national"], start="2025-06", end="2025-06")
    rows = {r["key"]: r for r in result["by_sector"]}
    assert {key: r["filed"] for key, r in rows.items()} == {"C": 4, "G": 1, "": 2}
    assert rows["C"]["label"] == rows["C"]["short_label"] == "C — Industri Pengolahan"
    assert rows["G"]["label"] == "G — Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor"
    assert rows["G"]["short_label"] == "G — Perdagangan; Reparasi Kendaraan"
    assert rows[""]["label"] == "Tidak diketahui"
    assert [r["key"] for r in result["by_sector"]] == ["C", "", "G"]  # most claims first

    chart = figures(result)["fig-sector"]["data"][0]
    assert chart["y"][-1] == "C — Industri Pengolahan" and "G — Perdagangan; Reparasi Kendaraan" in chart["y"]
    assert rows["G"]["label"] in chart["customdata"] and chart["hovertemplate"].startswith("%{customdata}")
    table = build_tables(result)["by_sector"]
    assert rows["G"]["label"] in [row["label"] for row in table.rows]

    def filed(sector):
        return summary(staff["national"], start="2025-06", end="2025-06", sector=sector)["kpis"]["filed"]

    assert (filed("C"), filed("G"), filed("A")) == (4, 1, 0)
    _filters, form = filters_for(staff["national"], {"sector": "consumer_goods"})
    assert "sector" in form.errors  # a former slug is no section: refused, the filter falls back to all


def test_median_and_p90_decision_time_match_postgres_percentile_cont(offices, staff, refresh, summary):
    """Decision times of 1, 2, 2, 3, 5, 8, 13 and 21 days: median 4, 90th percentile 15.4,
    exactly what percentile_cont computes over the claims themselves."""
    solo = offices["solo"]
    days = [1, 2, 2, 3, 5, 8, 13, 21]
    for n in days:
        decided = (dt.date(2025, 7, 1) + dt.timedelta(days=n)).isoformat()
        f.claim(solo, submitted="2025-07-01", decided=decided)
    refresh()
    row = month_row(summary(staff["solo"], start="2025-07", end="2025-07"), "2025-07")
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.9) WITHIN GROUP (ORDER BY d)
               FROM (SELECT (decided_at AT TIME ZONE 'Asia/Jakarta')::date - (submitted_at AT TIME ZONE 'Asia/Jakarta')::date AS d
                     FROM claims_claim) x"""
        )
        median, p90 = cursor.fetchone()
    assert row["median_days"].days == pytest.approx(median) == pytest.approx(statistics.median(days))
    assert row["p90_days"].days == pytest.approx(p90) == pytest.approx(15.4)
    assert row["mean_days"] == pytest.approx(6.9, abs=0.05)


def test_filters_narrow_every_figure_and_combined_filters_read_the_full_grain(offices, staff, refresh, summary):
    """One demographic filter reads its own roll-up; two read the full grain; both agree with the facts."""
    solo = offices["solo"]
    f.claim(solo, submitted="2025-08-04", decided="2025-08-06", sex="F", contract="PKWT", rule_set="PP6_2025")
    f.claim(solo, submitted="2025-08-04", decided="2025-08-06", sex="F", contract="PKWTT", rule_set="PP6_2025")
    f.claim(solo, submitted="2025-08-04", decided="2025-08-06", sex="M", contract="PKWT", sector="K")
    f.claim(solo, submitted="2025-08-04", decided="2025-08-06", sex="M", birth=dt.date(1960, 1, 1))
    refresh()
    user = staff["solo"]

    def filed(**params):
        return summary(user, start="2025-08", end="2025-08", **params)["kpis"]["filed"]

    assert filed() == 4
    assert filed(sex="F") == 2
    assert filed(contract_type="PKWT") == 2
    assert filed(sex="F", contract_type="PKWT") == 1
    national = summary(staff["national"], start="2025-08", end="2025-08", sex="F", contract_type="PKWT")
    assert national["kpis"]["filed"] == 1  # the NATIONAL grain (no office) agrees with the FULL one
    assert {r["key"]: r["filed"] for r in national["by_office"]} == {"T-SKA": 1}  # the office breakdown reads FULL
    assert filed(sector="K") == 1
    assert filed(age_band=4) == 1
    assert filed(province="33") == 4
    assert summary(staff["national"], start="2025-08", end="2025-08", province="64")["kpis"]["filed"] == 0
    assert filed(rule_set="PP6_2025") == 4  # undecided rule sets follow the date: all August 2025 are PP 6/2025
    assert filed(rule_set="PP37_2021") == 0


def test_every_roll_up_adds_up_to_the_full_grain(offices, refresh):
    """The smaller grains are sums of the full one, histogram included."""
    solo, bpn = offices["solo"], offices["bpn"]
    for i in range(6):
        f.claim(
            solo,
            submitted="2025-09-02",
            decided=f"2025-09-{3 + i:02d}",
            sex="MF"[i % 2],
            reasons=["DOC_INVALID"] * (i % 2),
        )
        f.claim(bpn, submitted="2025-09-02", decided="2025-09-20", province="64", sector="B", contract="PKWT")
    refresh()

    def totals(grain):
        rows = ClaimStat.objects.filter(grain=grain)
        hist = [sum(r.decision_hist[i] for r in rows) for i in range(len(rows[0].decision_hist))]
        return sum(r.filed for r in rows), sum(r.approved for r in rows), sum(r.rejected for r in rows), hist

    full = totals(Grain.FULL)
    for grain in (Grain.BASE, Grain.SECTOR, Grain.AGE_BAND, Grain.SEX, Grain.CONTRACT_TYPE, Grain.NATIONAL):
        assert totals(grain) == full
    assert ClaimStat.objects.filter(grain=Grain.BASE).values("sector").distinct().get() == {"sector": None}
    assert ClaimStat.objects.filter(grain=Grain.NATIONAL).values("office").distinct().get() == {"office": None}
    assert sum(RejectionStat.objects.filter(grain=Grain.SEX).values_list("count", flat=True)) == 3
