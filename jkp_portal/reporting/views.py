"""The dashboard page and its downloads (HTML side)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from jkp_portal.accounts.models import Office
from jkp_portal.accounts.roles import CLAIM_STAFF_ROLES
from jkp_portal.common.downloads import set_disposition
from jkp_portal.common.permissions import RoleRequiredMixin

from . import formatting
from .charts import figures
from .dimensions import month_label
from .filters import Filters, filters_for
from .selectors import dashboard_summary
from .tables import build_tables, to_csv, to_xlsx

DASHBOARD_ROLES = CLAIM_STAFF_ROLES
# Served from the installed plotly package (settings: STATICFILES_DIRS "vendor/plotly").
PLOTLY_STATIC = "vendor/plotly/plotly.min.js"


_STYLE_GUARD = re.compile(rb'getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)')


@lru_cache(maxsize=4)
def _style_guards(path: str) -> tuple[str, ...]:
    with open(path, "rb") as handle:
        return tuple(sorted({m.decode() for m in _STYLE_GUARD.findall(handle.read())}))


def plotly_style_guards() -> tuple[str, ...]:
    """Ids of the <style> elements the Plotly bundle injects for components the
    dashboard does not use (map styles): an element with that id already on the
    page makes the bundle skip the injection the CSP would refuse."""
    path = finders.find(PLOTLY_STATIC)
    return _style_guards(path) if path else ()


def plotly_url() -> str | None:
    """The chart library's URL, or None when static files do not provide it
    (the page then shows the tables alone instead of failing)."""
    if finders.find(PLOTLY_STATIC) is None:
        return None
    try:
        return static(PLOTLY_STATIC)
    except ValueError:  # collectstatic has not run since the entry was added
        return None


def scope_title(user, filters: Filters) -> str:
    if filters.office is not None:
        return filters.office.name
    office = user.office
    if office is None or office.kind == Office.Kind.HEAD:
        return _("Nasional")
    return office.name


def period_title(filters: Filters) -> str:
    if filters.start == filters.end:
        return month_label(filters.start)
    return f"{month_label(filters.start)} – {month_label(filters.end)}"


def kpi_cards(kpis: dict) -> list[dict]:
    filed_change = kpis["filed_change_pct"]
    return [
        {
            "label": _("Klaim diajukan"),
            "value": formatting.number(kpis["filed"]),
            "note": _("%(change)s dibanding setahun sebelumnya (%(prev)s)")
            % {"change": formatting.change(filed_change), "prev": formatting.number(kpis["filed_prev_year"])},
            "tone": "up" if (filed_change or 0) > 0 else "down" if (filed_change or 0) < 0 else "",
        },
        {
            "label": _("Disetujui / ditolak"),
            "value": f"{formatting.number(kpis['approved'])} / {formatting.number(kpis['rejected'])}",
            "note": _("tingkat persetujuan %(rate)s · %(open)s masih diproses")
            % {"rate": formatting.pct(kpis["approval_rate_pct"]), "open": formatting.number(kpis["in_progress"])},
        },
        {
            "label": _("Waktu sampai keputusan"),
            "value": _("%(median)s hari") % {"median": kpis["median_days"] if kpis["median_days"] else "—"},
            "note": _("median; 90 %% diputuskan dalam %(p90)s hari")
            % {"p90": kpis["p90_days"] if kpis["p90_days"] else "—"},
        },
        {
            "label": _("Dibayar tepat SLA"),
            "value": formatting.pct(kpis["on_time_pct"]),
            "note": _("≤ 3 hari kerja · %(n)s belum dibayar lewat batas")
            % {"n": formatting.number(kpis["overdue_count"])},
        },
        {
            "label": _("Manfaat dibayarkan"),
            "value": formatting.rupiah_short(kpis["paid_amount"]),
            "note": _("%(n)s pembayaran") % {"n": formatting.number(kpis["paid_count"])},
        },
        {
            "label": _("Bekerja kembali ≤ 1 bulan"),
            "value": formatting.pct(kpis["back_1m_pct"]),
            "note": _("%(n)s kasus menunggu konselor") % {"n": formatting.number(kpis["unassigned"])},
        },
    ]


def sections(summary: dict, tables: dict, figs: dict) -> list[dict]:
    def panel(fig_id, table_key, title, note="", wide=False, empty=None):
        table = tables[table_key]
        return {
            "fig_id": fig_id,
            "figure": figs.get(fig_id) if fig_id else None,
            "table": table,
            "title": title,
            "note": note,
            "wide": wide,
            "empty": not table.rows,
            "empty_text": empty or _("Belum ada data untuk periode dan filter ini."),
            # Long tables without a chart start folded; short ones are the panel.
            "table_open": not fig_id and len(table.rows) <= 15,
        }

    per_konselor = len(summary["konselors"]) <= 25
    running = summary["filters"].end >= timezone.localdate().replace(day=1)
    profile = []
    if len(summary["by_office"]) > 1:
        profile.append(panel("fig-office", "by_office", _("Per kantor")))
    profile += [
        panel("fig-province", "by_province", _("Per provinsi")),
        panel("fig-sector", "by_sector", _("Per sektor usaha")),
        panel("fig-age", "by_age_band", _("Per kelompok usia"), _("Usia saat klaim diajukan.")),
    ]
    return [
        {
            "id": "klaim",
            "title": _("Klaim"),
            "panels": [
                panel(
                    "fig-claims",
                    "claims_monthly",
                    _("Klaim per bulan, dibanding bulan yang sama setahun sebelumnya"),
                    _("Diajukan: bulan pengajuan. Disetujui dan ditolak: bulan keputusan.")
                    + (" " + _("Batang pucat: bulan berjalan, belum lengkap.") if running else ""),
                    wide=True,
                ),
                panel("fig-reasons", "rejection_reasons", _("Alasan penolakan terbanyak")),
                panel("fig-sex", "by_sex", _("Per jenis kelamin")),
            ],
        },
        {"id": "profil", "title": _("Wilayah dan profil peserta"), "panels": profile},
        {
            "id": "layanan",
            "title": _("Kecepatan layanan"),
            "panels": [
                panel(
                    "fig-decision",
                    "decision_time",
                    _("Hari dari pengajuan sampai keputusan"),
                    _("Median: separuh klaim diputuskan lebih cepat. Persentil 90: 9 dari 10 klaim."),
                ),
                panel(
                    "fig-sla",
                    "payments_sla",
                    _("Pembayaran dalam SLA 3 hari kerja"),
                    _("Hari kerja tanpa Sabtu, Minggu dan hari libur nasional. Dihitung pada bulan pembayaran."),
                ),
            ],
        },
        {
            "id": "uang",
            "title": _("Uang manfaat"),
            "panels": [
                panel("fig-money", "money", _("Manfaat dibayarkan per bulan"), _("Menurut tanggal dibayar bank.")),
                panel(
                    "fig-money-issues",
                    "money_issues",
                    _("Ditahan, hangus, gagal transfer dan diterbitkan ulang"),
                    _("Ditahan dan hangus: bulan jatuh tempo. Gagal dan terbit ulang: bulan jawaban bank."),
                ),
            ],
        },
        {
            "id": "kerja",
            "title": _("Kembali bekerja"),
            "panels": [
                panel(
                    "fig-funnel",
                    "funnel",
                    _("Dari penerima manfaat sampai bekerja kembali"),
                    _("Penerima manfaat yang disetujui dalam periode ini."),
                ),
                panel(
                    "fig-back",
                    "back_to_work",
                    _("Bekerja kembali dalam 1, 3 dan 6 bulan"),
                    _("Hanya kohort yang sudah melewati 1, 3 atau 6 bulan sejak penetapan."),
                ),
                panel(None, "funnel_monthly", _("Per bulan penetapan"), wide=True),
            ],
        },
        {
            "id": "konselor",
            "title": _("Beban konselor"),
            "panels": [
                panel(
                    "fig-konselor",
                    "konselors" if per_konselor else "konselor_offices",
                    _("Kasus aktif dibanding kapasitas")
                    if per_konselor
                    else _("Kasus aktif dibanding kapasitas, per kantor"),
                    _("Abu-abu: kapasitas. Filter sektor, usia, jenis kelamin dan kontrak tidak berlaku di sini."),
                    empty=_("Belum ada konselor di wilayah ini."),
                ),
                panel(
                    "fig-unassigned",
                    "unassigned",
                    _("Antrean tanpa konselor"),
                    _("Kasus yang belum mendapat konselor saat data diperbarui."),
                    empty=_("Tidak ada kasus yang menunggu konselor."),
                ),
                panel(
                    None,
                    "konselor_offices" if per_konselor else "konselors",
                    _("Beban per kantor") if per_konselor else _("Beban per konselor"),
                    wide=True,
                    empty=_("Belum ada konselor di wilayah ini."),
                ),
            ],
        },
    ]


class DashboardView(RoleRequiredMixin, TemplateView):
    template_name = "dashboards/home.html"
    required_roles = DASHBOARD_ROLES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters, form = filters_for(self.request.user, self.request.GET)
        summary = dashboard_summary(filters)
        tables = build_tables(summary)
        figs = figures(summary)
        context.update(
            {
                "form": form,
                "filters": filters,
                "scope_title": scope_title(self.request.user, filters),
                "period_title": period_title(filters),
                "freshness": summary["freshness"],
                "kpis": kpi_cards(summary["kpis"]),
                "sections": sections(summary, tables, figs),
                "query": urlencode(filters.as_query()),
                "plotly_url": plotly_url(),
                "plotly_style_guards": plotly_style_guards(),
                "has_filters": bool(filters.demographic() or filters.province or filters.rule_set or filters.office),
            }
        )
        return context


class ExportView(RoleRequiredMixin, View):
    """One table of the dashboard as CSV or XLSX, with the page's filters."""

    required_roles = DASHBOARD_ROLES

    def get(self, request, table: str, fmt: str):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        filters, _form = filters_for(request.user, request.GET)
        tables = build_tables(dashboard_summary(filters))
        if table not in tables:
            raise Http404
        chosen = tables[table]
        name = f"jkp-{chosen.key.replace('_', '-')}-{filters.start:%Y%m}-{filters.end:%Y%m}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(to_csv(chosen), content_type="text/csv; charset=utf-8")
        else:
            subtitle = _("%(scope)s · %(period)s · diunduh %(when)s") % {
                "scope": scope_title(request.user, filters),
                "period": period_title(filters),
                "when": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
            }
            response = HttpResponse(
                to_xlsx(chosen, subtitle=subtitle),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        set_disposition(response, filename=name)
        return response


dashboard_view = DashboardView.as_view()
export_view = ExportView.as_view()
