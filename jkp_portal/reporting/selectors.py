"""Reading the dashboard figures from the summary tables: a fixed number of
small aggregate queries whatever the data volume (each reads the smallest
grain that holds its filters and breakdown)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.kbli import section_label, short_label
from claims.models import Participant
from claims.selectors.claims import reason_label
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import province_name

from .dimensions import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    DECISION_BUCKETS,
    add_histograms,
    grain_for,
    month_add,
    month_range,
    percentile,
)
from .filters import Filters
from .models import ClaimStat, DashboardRefresh, FunnelStat, KonselorLoad, PaymentStat, RejectionStat, UnassignedQueue

logger = logging.getLogger(__name__)

SEX_LABELS = dict(Participant.Sex.choices)

CLAIM_SUMS = ("filed", "approved", "rejected", "in_progress", "decided", "decision_days_sum")
PAYMENT_SUMS = tuple(f.name for f in PaymentStat._meta.fields if f.name.endswith(("_count", "_amount")))
FUNNEL_SUMS = (
    "claimants",
    "assessed",
    "counselled",
    "trained",
    "placed",
    "due_1m",
    "back_1m",
    "due_3m",
    "back_3m",
    "due_6m",
    "back_6m",
)


def _cube(model, filters: Filters, *, start: date, end: date, by: tuple[str, ...] = ()) -> QuerySet:
    """Rows of ``model`` within the filters, read at the smallest fitting grain."""
    demographic = filters.demographic()
    grain = grain_for([*demographic, *by], by_office=filters.office_ids is not None or "office_id" in by)
    qs = model.objects.filter(grain=grain, month__gte=start, month__lte=end)
    if filters.office_ids is not None:
        qs = qs.filter(office_id__in=filters.office_ids)
    if filters.province:
        qs = qs.filter(province=filters.province)
    if filters.rule_set:
        qs = qs.filter(rule_set=filters.rule_set)
    if demographic:
        qs = qs.filter(**demographic)
    return qs


def _sums(names) -> dict:
    return {name: Sum(name) for name in names}


def _hist_sums() -> dict:
    return {f"h{i}": Sum(F(f"decision_hist__{i}")) for i in range(len(DECISION_BUCKETS))}


def _hist(row: dict) -> list[int]:
    return [int(row.get(f"h{i}") or 0) for i in range(len(DECISION_BUCKETS))]


def _pct(part, whole) -> float | None:
    return round(100.0 * float(part) / float(whole), 1) if whole else None


def _change(current, previous) -> float | None:
    return round(100.0 * (float(current) - float(previous)) / float(previous), 1) if previous else None


@dataclass
class Freshness:
    refreshed_at: datetime | None
    age_minutes: int | None
    duration_ms: int | None
    refresh_id: int | None = None

    @property
    def stale(self) -> bool:
        # Beat refreshes every 15 minutes; older than an hour means the task is not running.
        return self.age_minutes is None or self.age_minutes > 60


def freshness() -> Freshness:
    refresh = (
        DashboardRefresh.objects.filter(status=DashboardRefresh.Status.DONE)
        .order_by("-finished_at")
        .only("finished_at", "duration_ms")
        .first()
    )
    if refresh is None:
        return Freshness(None, None, None)
    age = int((timezone.now() - refresh.finished_at).total_seconds() // 60)
    return Freshness(refresh.finished_at, max(age, 0), refresh.duration_ms, refresh.pk)


def _office_names(ids) -> dict[int, Office]:
    return {o.pk: o for o in Office.objects.filter(pk__in=[i for i in ids if i is not None])}


def claims_by_month(filters: Filters) -> list[dict]:
    """Each month of the period with the same month a year earlier, and the
    decision-time percentiles of the month's decisions. Two queries: the year
    before needs no histogram, which is most of the work."""
    rows = (
        _cube(ClaimStat, filters, start=filters.start, end=filters.end)
        .values("month")
        .annotate(**_sums(CLAIM_SUMS), **_hist_sums())
        .order_by("month")
    )
    earlier = (
        _cube(ClaimStat, filters, start=month_add(filters.start, -12), end=month_add(filters.end, -12))
        .values("month")
        .annotate(**_sums(("filed", "approved", "rejected")))
        .order_by("month")
    )
    by_month = {row["month"]: row for row in rows}
    year_before = {row["month"]: row for row in earlier}
    empty = dict.fromkeys(CLAIM_SUMS, 0)
    result = []
    for month in month_range(filters.start, filters.end):
        now = by_month.get(month, empty)
        before = year_before.get(month_add(month, -12)) or by_month.get(month_add(month, -12), empty)
        histogram = _hist(now)
        median, p90 = percentile(histogram, 0.5), percentile(histogram, 0.9)
        result.append(
            {
                "month": month,
                "filed": now["filed"] or 0,
                "filed_prev_year": before["filed"] or 0,
                "filed_change_pct": _change(now["filed"] or 0, before["filed"] or 0),
                "approved": now["approved"] or 0,
                "approved_prev_year": before["approved"] or 0,
                "rejected": now["rejected"] or 0,
                "rejected_prev_year": before["rejected"] or 0,
                "in_progress": now["in_progress"] or 0,
                "decided": now["decided"] or 0,
                "median_days": median,
                "p90_days": p90,
                "mean_days": round(now["decision_days_sum"] / now["decided"], 1) if now["decided"] else None,
                "histogram": histogram,
            }
        )
    return result


def rejection_reasons(filters: Filters) -> tuple[list[dict], dict[date, dict]]:
    """The leading reasons over the period (with a year earlier) and each month's leading reason."""
    first = month_add(filters.start, -12)
    rows = (
        _cube(RejectionStat, filters, start=first, end=filters.end)
        .values("month", "reason")
        .annotate(n=Sum("count"))
        .order_by("month", "reason")
    )
    period, previous = defaultdict(int), defaultdict(int)
    monthly: dict[date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        if row["month"] >= filters.start:
            period[row["reason"]] += row["n"]
            monthly[row["month"]][row["reason"]] = row["n"]
        if filters.start <= month_add(row["month"], 12) <= filters.end:
            previous[row["reason"]] += row["n"]
    total = sum(period.values())
    leading = [
        {
            "code": code,
            "label": reason_label(code),
            "count": count,
            "share_pct": _pct(count, total),
            "prev_year": previous.get(code, 0),
        }
        for code, count in sorted(period.items(), key=lambda item: (-item[1], item[0]))
    ]
    top = {}
    for month, counts in monthly.items():
        code, count = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        top[month] = {"code": code, "label": reason_label(code), "count": count}
    return leading, top


def claims_by(filters: Filters, dimension: str) -> list[dict]:
    """Claims of the period broken down by ``dimension`` (province, office_id, sector, age_band, sex)."""
    rows = (
        _cube(ClaimStat, filters, start=filters.start, end=filters.end, by=(dimension,))
        .values(dimension)
        .annotate(**_sums(("filed", "approved", "rejected", "in_progress")))
        .order_by(dimension)
    )
    rows = [r for r in rows if r["filed"] or r["approved"] or r["rejected"]]
    total = sum(r["filed"] for r in rows)
    if dimension == "office_id":
        offices = _office_names(r["office_id"] for r in rows)
    result = []
    for row in rows:
        key = row[dimension]
        short = None
        if dimension == "province":
            label = province_name(key) if key else "—"
        elif dimension == "sector":
            # the KBLI 2020 section: "C — Industri Pengolahan", shorter on the chart's axis
            label = str(section_label(key) or key) if key else str(_("Tidak diketahui"))
            short = str(short_label(key) or label)
        elif dimension == "age_band":
            label = str(AGE_BAND_LABELS.get(key, key))
        elif dimension == "sex":
            label = str(SEX_LABELS.get(key, key))
        elif dimension == "office_id":
            office = offices.get(key)
            label = office.name if office else "—"
            key = office.code if office else ""
        else:
            label = str(key)
        decided = row["approved"] + row["rejected"]
        result.append(
            {
                "key": key,
                "label": label,
                "short_label": short or label,
                "filed": row["filed"],
                "share_pct": _pct(row["filed"], total),
                "approved": row["approved"],
                "rejected": row["rejected"],
                "approval_rate_pct": _pct(row["approved"], decided),
                "in_progress": row["in_progress"],
            }
        )
    if dimension == "age_band":
        order = {code: i for i, (code, _low, _label) in enumerate(AGE_BANDS)}
        result.sort(key=lambda r: order.get(r["key"], 99))
    else:
        result.sort(key=lambda r: (-r["filed"], r["label"]))
    return result


def payments_by_month(filters: Filters) -> list[dict]:
    rows = (
        _cube(PaymentStat, filters, start=filters.start, end=filters.end)
        .values("month")
        .annotate(**_sums(PAYMENT_SUMS))
        .order_by("month")
    )
    by_month = {row["month"]: row for row in rows}
    result = []
    for month in month_range(filters.start, filters.end):
        row = by_month.get(month) or {}
        values = {name: row.get(name) or (Decimal(0) if name.endswith("_amount") else 0) for name in PAYMENT_SUMS}
        values["on_time_pct"] = _pct(values["on_time_count"], values["on_time_count"] + values["late_count"])
        result.append({"month": month, **values})
    return result


def _funnel_values(row: dict) -> dict:
    values = {name: row.get(name) or 0 for name in FUNNEL_SUMS}
    for n in (1, 3, 6):
        values[f"back_{n}m_pct"] = _pct(values[f"back_{n}m"], values[f"due_{n}m"])
    return values


def funnel(filters: Filters) -> tuple[dict, list[dict], list[dict]]:
    """The funnel of the period's cohorts (totals, per cohort month, per province)."""
    monthly = (
        _cube(FunnelStat, filters, start=filters.start, end=filters.end)
        .values("month")
        .annotate(**_sums(FUNNEL_SUMS))
        .order_by("month")
    )
    by_month = {row["month"]: row for row in monthly}
    per_month = [{"month": m, **_funnel_values(by_month.get(m) or {})} for m in month_range(filters.start, filters.end)]
    totals = _funnel_values({name: sum(row[name] for row in per_month) for name in FUNNEL_SUMS})
    provinces = (
        _cube(FunnelStat, filters, start=filters.start, end=filters.end, by=("province",))
        .values("province")
        .annotate(**_sums(FUNNEL_SUMS))
        .order_by("province")
    )
    per_province = [
        {"key": row["province"], "label": province_name(row["province"]) or "—", **_funnel_values(row)}
        for row in provinces
        if row["claimants"]
    ]
    per_province.sort(key=lambda r: (-r["claimants"], r["label"]))
    return totals, per_month, per_province


def konselor_load(filters: Filters) -> tuple[list[dict], list[dict]]:
    """Each konselor's open cases against capacity, and the same per office."""
    qs = KonselorLoad.objects.select_related("office").order_by("office__name", "name")
    if filters.office_ids is not None:
        qs = qs.filter(office_id__in=filters.office_ids)
    people, offices = [], {}
    for row in qs:
        people.append(
            {
                "konselor_id": row.konselor_id,
                "name": row.name,
                "office": row.office.name if row.office else "—",
                "capacity": row.capacity,
                "open_cases": row.open_cases,
                "new_cases": row.new_cases,
                "active_cases": row.active_cases,
                "in_training": row.in_training,
                "load_pct": _pct(row.open_cases, row.capacity),
                "takes_cases": row.takes_cases,
            }
        )
        office = offices.setdefault(
            row.office_id,
            {
                "office": row.office.name if row.office else "—",
                "konselors": 0,
                "taking_cases": 0,
                "capacity": 0,
                "open_cases": 0,
            },
        )
        office["konselors"] += 1
        office["taking_cases"] += int(row.takes_cases)
        office["capacity"] += row.capacity
        office["open_cases"] += row.open_cases
    per_office = sorted(offices.values(), key=lambda o: o["office"])
    for office in per_office:
        office["load_pct"] = _pct(office["open_cases"], office["capacity"])
    return people, per_office


def unassigned_queue(filters: Filters) -> list[dict]:
    qs = UnassignedQueue.objects.select_related("office").order_by("-waiting")
    if filters.office_ids is not None:
        qs = qs.filter(office_id__in=filters.office_ids)
    if filters.province:
        qs = qs.filter(province=filters.province)
    today = timezone.localdate()
    return [
        {
            "office": row.office.name if row.office else "—",
            "province": province_name(row.province) if row.province else "—",
            "waiting": row.waiting,
            "over_7_days": row.over_7_days,
            # calendar days in Jakarta: opened on the 1st, seen on the 15th = 14 days
            "oldest_days": (today - timezone.localtime(row.oldest_opened_at).date()).days
            if row.oldest_opened_at
            else None,
        }
        for row in qs
    ]


# The figures only change when the summary tables are rebuilt, so a summary is
# cached under the id of the refresh it was read from (a new refresh makes new
# keys; old ones expire). The periodic task warms the default view of every office.
CACHE_SECONDS = 30 * 60
# Part of the key: a summary cached by an older release (another shape or other
# labels, e.g. before the KBLI sectors) is not read back.
CACHE_VERSION = 2


def cache_key(refresh_id: int, filters: Filters) -> str:
    offices = "all" if filters.office_ids is None else ",".join(str(i) for i in sorted(filters.office_ids))
    parts = [
        f"{filters.start:%Y%m}",
        f"{filters.end:%Y%m}",
        offices,
        filters.province,
        filters.sector,
        filters.sex,
        "" if filters.age_band is None else str(filters.age_band),
        filters.contract_type,
        filters.rule_set,
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"dashboards:summary:v{CACHE_VERSION}:{refresh_id}:{digest}"


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # the cache is a speed-up: a Redis outage must not take the dashboard down
        logger.warning("dashboard cache unavailable", exc_info=True)
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:
        logger.warning("dashboard cache unavailable", exc_info=True)


def dashboard_summary(filters: Filters, *, use_cache: bool = True) -> dict:
    """Every figure of the dashboard for the filters (the API returns it as JSON)."""
    fresh = freshness()
    key = cache_key(fresh.refresh_id, filters) if fresh.refresh_id else None
    figures = _cache_get(key) if key and use_cache else None
    if figures is None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Small aggregates over a few hundred thousand rows at most:
                # compiling them (JIT) costs more than it saves.
                cursor.execute("SET LOCAL jit = off")
            figures = _summary(filters)
        if key:
            _cache_set(key, figures)
    return {"filters": filters, "freshness": fresh, **figures}


def _summary(filters: Filters) -> dict:
    months = claims_by_month(filters)
    leading, top_reason = rejection_reasons(filters)
    for row in months:
        row["top_reason"] = top_reason.get(row["month"])
    payments = payments_by_month(filters)
    funnel_totals, funnel_months, funnel_provinces = funnel(filters)
    people, konselor_offices = konselor_load(filters)
    unassigned = unassigned_queue(filters)

    histogram = add_histograms(row["histogram"] for row in months)
    filed = sum(r["filed"] for r in months)
    filed_prev = sum(r["filed_prev_year"] for r in months)
    approved = sum(r["approved"] for r in months)
    rejected = sum(r["rejected"] for r in months)
    on_time = sum(r["on_time_count"] for r in payments)
    late = sum(r["late_count"] for r in payments)
    kpis = {
        "filed": filed,
        "filed_prev_year": filed_prev,
        "filed_change_pct": _change(filed, filed_prev),
        "approved": approved,
        "rejected": rejected,
        "approval_rate_pct": _pct(approved, approved + rejected),
        "in_progress": sum(r["in_progress"] for r in months),
        "median_days": percentile(histogram, 0.5),
        "p90_days": percentile(histogram, 0.9),
        "paid_amount": sum((r["paid_amount"] for r in payments), Decimal(0)),
        "paid_count": sum(r["paid_count"] for r in payments),
        "on_time_pct": _pct(on_time, on_time + late),
        "overdue_count": sum(r["overdue_count"] for r in payments),
        "back_1m_pct": funnel_totals["back_1m_pct"],
        "unassigned": sum(r["waiting"] for r in unassigned),
    }
    return {
        "kpis": kpis,
        "claims_by_month": months,
        "rejection_reasons": leading,
        "by_office": claims_by(filters, "office_id"),
        "by_province": claims_by(filters, "province"),
        "by_sector": claims_by(filters, "sector"),
        "by_age_band": claims_by(filters, "age_band"),
        "by_sex": claims_by(filters, "sex"),
        "payments_by_month": payments,
        "funnel": funnel_totals,
        "funnel_by_month": funnel_months,
        "funnel_by_province": funnel_provinces,
        "konselors": people,
        "konselor_offices": konselor_offices,
        "unassigned": unassigned,
    }


def warm_cache() -> int:
    """Compute and cache the default view (last 12 months, no filter) of every
    office's scope, right after a refresh: what most people open first."""
    from .filters import DEFAULT_MONTHS

    end = timezone.localdate().replace(day=1)
    start = month_add(end, -(DEFAULT_MONTHS - 1))
    offices = list(Office.objects.all())
    scopes = {None}
    for office in offices:
        if office.kind == Office.Kind.REGIONAL:
            scopes.add(frozenset({office.pk, *(o.pk for o in offices if o.parent_id == office.pk)}))
        elif office.kind == Office.Kind.BRANCH:
            scopes.add(frozenset({office.pk}))
    for scope in scopes:
        dashboard_summary(Filters(start=start, end=end, office_ids=scope), use_cache=False)
    return len(scopes)
