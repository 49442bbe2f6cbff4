"""Plotly figures (plain dicts: ``data`` and ``layout``) built from the
dashboard summary. The page puts each one in a ``json_script`` block; the
static script ``dashboards/dashboard.js`` hands it to Plotly. Keeping the
figures here keeps the browser code tiny and the charts testable."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .dimensions import month_label
from .formatting import number, pct

GREEN = "#0b7a3e"
GREEN_LIGHT = "#8fd1a8"
GREY = "#c3cbd3"
BLUE = "#2563a8"
ORANGE = "#e08a00"
RED = "#c2362b"
PURPLE = "#7048a8"
TEAL = "#148f8f"
FUNNEL = ["#0b7a3e", "#23915a", "#46a874", "#72bf93", "#a3d6b5"]

MAX_BARS = 15


def _layout(**extra) -> dict:
    layout = {
        "height": 320,
        "margin": {"l": 48, "r": 12, "t": 8, "b": 40},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12, "color": "#212529"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "separators": ",.",
        "legend": {"orientation": "h", "x": 0, "y": 1.12, "font": {"size": 11}},
        "hovermode": "x unified",
        "xaxis": {"gridcolor": "#eef1f4", "automargin": True},
        "yaxis": {
            "gridcolor": "#eef1f4",
            "zerolinecolor": "#ced4da",
            "automargin": True,
            "rangemode": "tozero",
            "tickformat": ",~r",
        },
        "bargap": 0.25,
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _num(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _hbar(rows: list[dict], *, value: str, label: str, color: str, name: str, hover: str | None = None) -> dict:
    """Horizontal bars, largest on top, at most MAX_BARS. ``hover``: the row's
    key for a fuller label shown on hover than the one on the axis."""
    top = sorted(rows, key=lambda r: r[value] or 0, reverse=True)[:MAX_BARS]
    top.reverse()
    height = max(220, 34 + 26 * len(top))
    bar = {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": [str(r[label]) for r in top],
        "x": [_num(r[value]) for r in top],
        "marker": {"color": color},
        "text": [number(r[value]) if r[value] is not None else "" for r in top],
        "textposition": "auto",
        "textangle": 0,
        "hovertemplate": "%{y}: %{x:,}<extra></extra>",
    }
    if hover:
        bar["customdata"] = [str(r.get(hover) or r[label]) for r in top]
        bar["hovertemplate"] = "%{customdata}: %{x:,}<extra></extra>"
    return {
        "data": [bar],
        "layout": _layout(
            height=height,
            margin={"l": 8, "r": 12, "t": 8, "b": 28},
            hovermode="closest",
            showlegend=False,
            xaxis={"tickformat": ",~r", "rangemode": "tozero"},
            yaxis={"automargin": True, "gridcolor": "rgba(0,0,0,0)", "tickformat": ""},
        ),
    }


def _running_month_opacity(months: list[dict]) -> list[float]:
    """The month still running is drawn paler: its figures are not complete."""
    current = timezone.localdate().replace(day=1)
    return [0.45 if r["month"] >= current else 1.0 for r in months]


def claims_month_figure(months: list[dict]) -> dict:
    x = [month_label(r["month"]) for r in months]
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Diajukan"),
                "x": x,
                "y": [r["filed"] for r in months],
                "marker": {"color": GREEN, "opacity": _running_month_opacity(months)},
                "hovertemplate": "%{y:,}",
            },
            {
                "type": "bar",
                "name": _("Diajukan, setahun sebelumnya"),
                "x": x,
                "y": [r["filed_prev_year"] for r in months],
                "marker": {"color": GREY},
                "hovertemplate": "%{y:,}",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Disetujui"),
                "x": x,
                "y": [r["approved"] for r in months],
                "line": {"color": BLUE, "width": 2.5},
                "marker": {"size": 6},
                "hovertemplate": "%{y:,}",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Ditolak"),
                "x": x,
                "y": [r["rejected"] for r in months],
                "line": {"color": RED, "width": 2, "dash": "dot"},
                "marker": {"size": 5},
                "hovertemplate": "%{y:,}",
            },
        ],
        "layout": _layout(barmode="group", bargroupgap=0.05),
    }


def reasons_figure(reasons: list[dict]) -> dict:
    return _hbar(reasons, value="count", label="label", color=RED, name=_("Klaim ditolak"))


def breakdown_figure(rows: list[dict], *, color: str = GREEN) -> dict:
    """Claims filed per breakdown row; the axis shows the short label (the KBLI
    sections' short titles), the hover the full one."""
    return _hbar(rows, value="filed", label="short_label", color=color, name=_("Diajukan"), hover="label")


def age_figure(rows: list[dict]) -> dict:
    peak = max((r["filed"] for r in rows), default=0)
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Diajukan"),
                "x": [str(r["label"]) for r in rows],
                "y": [r["filed"] for r in rows],
                "marker": {"color": [GREEN if r["filed"] == peak and peak else GREEN_LIGHT for r in rows]},
                "text": [pct(r["share_pct"]) if r["share_pct"] is not None else "" for r in rows],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{x}: %{y:,}<extra></extra>",
            }
        ],
        "layout": _layout(
            height=280, showlegend=False, hovermode="closest", margin={"t": 24}, yaxis={"tickformat": ",d"}
        ),
    }


def decision_time_figure(months: list[dict]) -> dict:
    x = [month_label(r["month"]) for r in months]

    def days(p):
        return round(p.days, 1) if p is not None else None

    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Median"),
                "x": x,
                "y": [days(r["median_days"]) for r in months],
                "line": {"color": GREEN, "width": 3},
                "hovertemplate": "%{y:.1f} " + _("hari"),
                "connectgaps": True,
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Persentil 90"),
                "x": x,
                "y": [days(r["p90_days"]) for r in months],
                "line": {"color": ORANGE, "width": 2, "dash": "dash"},
                "hovertemplate": "%{y:.1f} " + _("hari"),
                "connectgaps": True,
            },
        ],
        "layout": _layout(yaxis={"title": {"text": _("hari")}, "tickformat": ",d"}),
    }


def sla_figure(payments: list[dict]) -> dict:
    x = [month_label(r["month"]) for r in payments]
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Tepat waktu (≤ 3 hari kerja)"),
                "x": x,
                "y": [r["on_time_count"] for r in payments],
                "marker": {"color": GREEN},
                "hovertemplate": "%{y:,}",
            },
            {
                "type": "bar",
                "name": _("Terlambat"),
                "x": x,
                "y": [r["late_count"] for r in payments],
                "marker": {"color": ORANGE},
                "hovertemplate": "%{y:,}",
            },
            {
                "type": "bar",
                "name": _("Belum dibayar, lewat batas"),
                "x": x,
                "y": [r["overdue_count"] for r in payments],
                "marker": {"color": RED},
                "hovertemplate": "%{y:,}",
            },
        ],
        "layout": _layout(barmode="stack"),
    }


def _rupiah_unit(values) -> tuple[float, str]:
    """Divide by a million or a billion so the axis reads in Indonesian units."""
    peak = max((float(v or 0) for v in values), default=0)
    return (1e9, _("Rp miliar")) if peak >= 1e10 else (1e6, _("Rp juta"))


def money_paid_figure(payments: list[dict]) -> dict:
    x = [month_label(r["month"]) for r in payments]
    divisor, unit = _rupiah_unit(r["paid_amount"] for r in payments)
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Dibayar"),
                "x": x,
                "y": [round(float(r["paid_amount"]) / divisor, 2) for r in payments],
                "marker": {"color": GREEN, "opacity": _running_month_opacity(payments)},
                "customdata": [r["paid_count"] for r in payments],
                "hovertemplate": "%{y:,.1f} " + unit + "<br>%{customdata:,} " + _("pembayaran") + "<extra></extra>",
            }
        ],
        "layout": _layout(showlegend=False, hovermode="closest", yaxis={"title": {"text": unit}}),
    }


def money_issues_figure(payments: list[dict]) -> dict:
    x = [month_label(r["month"]) for r in payments]
    keys = ("withheld_amount", "forfeited_amount", "failed_amount", "reissued_amount")
    divisor, unit = _rupiah_unit(r[k] for r in payments for k in keys)

    def bars(name, key, color):
        return {
            "type": "bar",
            "name": name,
            "x": x,
            "y": [round(float(r[key]) / divisor, 2) for r in payments],
            "marker": {"color": color},
            "hovertemplate": "%{y:,.1f} " + unit,
        }

    return {
        "data": [
            bars(_("Ditahan"), "withheld_amount", ORANGE),
            bars(_("Hangus"), "forfeited_amount", RED),
            bars(_("Gagal transfer"), "failed_amount", PURPLE),
            bars(_("Diterbitkan ulang"), "reissued_amount", BLUE),
        ],
        "layout": _layout(barmode="group", bargap=0.2, bargroupgap=0.05, yaxis={"title": {"text": unit}}),
    }


def funnel_figure(totals: dict) -> dict:
    steps = [
        (_("Penerima manfaat"), totals["claimants"]),
        (_("Asesmen diri selesai"), totals["assessed"]),
        (_("Ikut konseling"), totals["counselled"]),
        (_("Ikut pelatihan"), totals["trained"]),
        (_("Bekerja kembali"), totals["placed"]),
    ]
    return {
        "data": [
            {
                "type": "funnel",
                "y": [str(label) for label, _v in steps],
                "x": [value for _l, value in steps],
                "texttemplate": "%{value:,}<br>%{percentInitial:.0%}",
                "marker": {"color": FUNNEL},
                "connector": {"fillcolor": "#eef1f4", "line": {"color": "#dee2e6", "width": 1}},
                "hovertemplate": "%{y}: %{x:,}<extra></extra>",
            }
        ],
        "layout": _layout(height=300, margin={"l": 8, "r": 8, "t": 8, "b": 8}, showlegend=False, hovermode="closest"),
    }


def back_to_work_figure(totals: dict, provinces: list[dict]) -> dict:
    """Share back at work within 1, 3 and 6 months: the whole selection on top,
    then each province, best first (at most 12)."""
    rows = [{"label": _("Semua wilayah terpilih"), **totals}]
    if len(provinces) > 1:
        ranked = sorted(provinces, key=lambda r: (r["back_1m_pct"] is None, -(r["back_1m_pct"] or 0)))
        rows += ranked[:12]
    rows.reverse()
    labels = [str(r["label"]) for r in rows]
    series = ((1, _("≤ 1 bulan"), TEAL), (3, _("≤ 3 bulan"), "#5fb3b3"), (6, _("≤ 6 bulan"), "#b4dcdc"))
    data = []
    for months, name, color in series:
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [r[f"back_{months}m_pct"] for r in rows],
                "marker": {"color": color},
                "text": [
                    pct(r[f"back_{months}m_pct"]) if months == 1 and r[f"back_{months}m_pct"] is not None else ""
                    for r in rows
                ],
                "textposition": "outside",
                "constraintext": "none",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x:.1f} %<extra>" + str(name) + "</extra>",
            }
        )
    # Plotly draws the first trace at the bottom of each group: reverse so ≤ 1 bulan is on top.
    data.reverse()
    return {
        "data": data,
        "layout": _layout(
            barmode="group",
            height=max(240, 70 + 46 * len(rows)),
            margin={"l": 8, "r": 40, "t": 8, "b": 28},
            hovermode="closest",
            legend={"traceorder": "reversed"},
            xaxis={"range": [0, 100], "ticksuffix": " %", "tickformat": ",d"},
            yaxis={"tickformat": "", "gridcolor": "rgba(0,0,0,0)"},
        ),
    }


def konselor_figure(people: list[dict], offices: list[dict]) -> dict:
    """Open cases (coloured by load) over capacity (grey): per konselor when
    they fit on a screen, else per office."""
    per_office = len(people) > 25
    rows = offices if per_office else people
    label = "office" if per_office else "name"
    rows = sorted(rows, key=lambda r: (r["load_pct"] or 0, r["open_cases"]))[-25:]
    colors = [RED if (r["load_pct"] or 0) >= 100 else ORANGE if (r["load_pct"] or 0) >= 85 else GREEN for r in rows]
    height = max(220, 50 + 28 * len(rows))
    names = [r[label] for r in rows]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Kapasitas"),
                "y": names,
                "x": [r["capacity"] for r in rows],
                "marker": {"color": "#e3e7eb"},
                "width": 0.8,
                "hovertemplate": _("kapasitas") + " %{x:,}<extra></extra>",
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Kasus aktif"),
                "y": names,
                "x": [r["open_cases"] for r in rows],
                "marker": {"color": colors},
                "width": 0.45,
                "text": [pct(r["load_pct"]) if r["load_pct"] is not None else "" for r in rows],
                "textposition": "outside",
                "constraintext": "none",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x:,} " + _("kasus aktif") + "<extra></extra>",
            },
        ],
        "layout": _layout(
            barmode="overlay",
            height=height,
            margin={"l": 8, "r": 40, "t": 8, "b": 28},
            hovermode="closest",
            xaxis={"tickformat": ",~r"},
            yaxis={"tickformat": "", "gridcolor": "rgba(0,0,0,0)"},
        ),
    }


def sex_figure(rows: list[dict]) -> dict:
    return {
        "data": [
            {
                "type": "pie",
                "hole": 0.55,
                "labels": [str(r["label"]) for r in rows],
                "values": [r["filed"] for r in rows],
                "marker": {"colors": [BLUE if r["key"] == "M" else ORANGE for r in rows]},
                "customdata": [pct(r["share_pct"]) for r in rows],
                "texttemplate": "%{label}<br>%{customdata}",
                "insidetextorientation": "horizontal",
                "hovertemplate": "%{label}: %{value:,}<extra></extra>",
                "sort": False,
            }
        ],
        "layout": _layout(height=260, showlegend=False, margin={"l": 8, "r": 8, "t": 8, "b": 8}, hovermode="closest"),
    }


def unassigned_figure(rows: list[dict]) -> dict:
    rows = sorted(rows, key=lambda r: r["waiting"])[-MAX_BARS:]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Menunggu ≤ 7 hari"),
                "y": [r["office"] for r in rows],
                "x": [r["waiting"] - r["over_7_days"] for r in rows],
                "marker": {"color": ORANGE},
                "hovertemplate": "%{x:,}",
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Menunggu > 7 hari"),
                "y": [r["office"] for r in rows],
                "x": [r["over_7_days"] for r in rows],
                "marker": {"color": RED},
                "hovertemplate": "%{x:,}",
            },
        ],
        "layout": _layout(
            barmode="stack",
            height=max(200, 60 + 30 * len(rows)),
            margin={"l": 8, "r": 12, "t": 8, "b": 28},
            hovermode="y unified",
            xaxis={"tickformat": ",~r"},
            yaxis={"tickformat": "", "gridcolor": "rgba(0,0,0,0)"},
        ),
    }


def figures(summary: dict) -> dict[str, dict]:
    """Every chart of the page, keyed by the id of its JSON block."""
    return {
        "fig-claims": claims_month_figure(summary["claims_by_month"]),
        "fig-reasons": reasons_figure(summary["rejection_reasons"]),
        "fig-province": breakdown_figure(summary["by_province"]),
        "fig-office": breakdown_figure(summary["by_office"], color=TEAL),
        "fig-sector": breakdown_figure(summary["by_sector"], color=BLUE),
        "fig-age": age_figure(summary["by_age_band"]),
        "fig-decision": decision_time_figure(summary["claims_by_month"]),
        "fig-sla": sla_figure(summary["payments_by_month"]),
        "fig-money": money_paid_figure(summary["payments_by_month"]),
        "fig-money-issues": money_issues_figure(summary["payments_by_month"]),
        "fig-sex": sex_figure(summary["by_sex"]),
        "fig-funnel": funnel_figure(summary["funnel"]),
        "fig-back": back_to_work_figure(summary["funnel"], summary["funnel_by_province"]),
        "fig-konselor": konselor_figure(summary["konselors"], summary["konselor_offices"]),
        "fig-unassigned": unassigned_figure(summary["unassigned"]),
    }
