"""The monthly report of a region as plain text (``manage.py monthly_report``),
for operators without a browser. Same figures as the dashboard."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.accounts.models import Office

from . import formatting
from .dimensions import month_add, month_name
from .filters import Filters
from .selectors import dashboard_summary
from .tables import Table, build_tables

WIDTH = 78


def filters_for_office(office: Office, month: date) -> Filters:
    if office.kind == Office.Kind.HEAD:
        ids = None
    elif office.kind == Office.Kind.REGIONAL:
        ids = frozenset({office.pk, *Office.objects.filter(parent=office).values_list("pk", flat=True)})
    else:
        ids = frozenset({office.pk})
    return Filters(start=month, end=month, office_ids=ids, office=office)


def text_table(headers: list[str], rows: list[list[str]], numeric: list[bool], indent: int = 2) -> list[str]:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells):
        parts = [cell.rjust(w) if num else cell.ljust(w) for cell, w, num in zip(cells, widths, numeric, strict=True)]
        return (" " * indent + "  ".join(parts)).rstrip()

    out = [line(headers), " " * indent + "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    return out


def _table(table: Table, columns: list[str] | None = None, limit: int | None = None) -> list[str]:
    chosen = [i for i, c in enumerate(table.columns) if columns is None or c.key in columns]
    rows = table.display()[:limit] if limit else table.display()
    if not rows:
        return ["  " + _("(tidak ada data)")]
    return text_table(
        [str(table.columns[i].label) for i in chosen],
        [[row[i][0] for i in chosen] for row in rows],
        [table.columns[i].numeric for i in chosen],
    )


def _heading(text: str) -> list[str]:
    return ["", text.upper(), "=" * min(len(text), WIDTH)]


def monthly_report(office: Office, month: date) -> str:
    filters = filters_for_office(office, month)
    summary = dashboard_summary(filters)
    tables = build_tables(summary)
    row = summary["claims_by_month"][0]
    pay = summary["payments_by_month"][0]
    funnel = summary["funnel"]
    fresh = summary["freshness"]
    prev = month_add(month, -12)

    lines = [_("LAPORAN BULANAN JAMINAN KEHILANGAN PEKERJAAN (JKP)"), "=" * WIDTH]
    lines.append(_("Kantor   : %(name)s (%(code)s)") % {"name": office.name, "code": office.code})
    if office.kind == Office.Kind.REGIONAL:
        branches = ", ".join(Office.objects.filter(parent=office).order_by("name").values_list("name", flat=True))
        lines.append(_("Wilayah  : %(branches)s") % {"branches": branches or "—"})
    elif office.kind == Office.Kind.HEAD:
        lines.append(_("Wilayah  : seluruh Indonesia"))
    lines.append(_("Bulan    : %(month)s") % {"month": month_name(month)})
    if fresh.refreshed_at:
        lines.append(
            _("Data per : %(when)s WIB (ringkasan diperbarui setiap 15 menit)")
            % {"when": timezone.localtime(fresh.refreshed_at).strftime("%d-%m-%Y %H:%M")}
        )
    else:
        lines.append(_("Data per : ringkasan belum pernah dibuat (jalankan manage.py refresh_dashboards)"))

    lines += _heading(_("1. Klaim"))
    this, before = month_name(month), month_name(prev)
    claim_rows = [
        [_("Diajukan"), row["filed"], row["filed_prev_year"]],
        [_("Disetujui"), row["approved"], row["approved_prev_year"]],
        [_("Ditolak"), row["rejected"], row["rejected_prev_year"]],
    ]
    lines += text_table(
        ["", this, before, _("Perubahan")],
        [
            [label, formatting.number(now), formatting.number(then), formatting.change(_change(now, then))]
            for label, now, then in claim_rows
        ],
        [False, True, True, True],
    )
    decided = row["approved"] + row["rejected"]
    lines.append("")
    lines.append(
        _("  Masih diproses (diajukan bulan ini): %(n)s · tingkat persetujuan: %(rate)s")
        % {
            "n": formatting.number(row["in_progress"]),
            "rate": formatting.pct(round(100 * row["approved"] / decided, 1) if decided else None),
        }
    )
    lines.append(
        _("  Waktu dari pengajuan sampai keputusan: median %(median)s, persentil 90 %(p90)s (%(n)s keputusan)")
        % {
            "median": formatting.days(row["median_days"]),
            "p90": formatting.days(row["p90_days"]),
            "n": formatting.number(row["decided"]),
        }
    )
    lines += ["", "  " + _("Alasan penolakan terbanyak")]
    lines += _table(tables["rejection_reasons"], ["code", "label", "count", "share_pct", "prev_year"], limit=8)

    lines += _heading(_("2. Wilayah dan profil"))
    if office.kind != Office.Kind.BRANCH:
        lines += ["  " + _("Per kantor")] + _table(tables["by_office"]) + [""]
    lines += ["  " + _("Per provinsi")] + _table(tables["by_province"]) + [""]
    lines += ["  " + _("Per sektor")] + _table(tables["by_sector"]) + [""]
    lines += ["  " + _("Per kelompok usia")] + _table(tables["by_age_band"]) + [""]
    lines += ["  " + _("Per jenis kelamin")] + _table(tables["by_sex"])

    lines += _heading(_("3. Pembayaran manfaat"))
    lines += text_table(
        [_("Kategori"), _("Jumlah"), _("Nilai")],
        [
            [_("Dibayar"), formatting.number(pay["paid_count"]), formatting.rupiah(pay["paid_amount"])],
            [
                _("Ditahan (jatuh tempo bulan ini)"),
                formatting.number(pay["withheld_count"]),
                formatting.rupiah(pay["withheld_amount"]),
            ],
            [_("Hangus"), formatting.number(pay["forfeited_count"]), formatting.rupiah(pay["forfeited_amount"])],
            [_("Gagal transfer"), formatting.number(pay["failed_count"]), formatting.rupiah(pay["failed_amount"])],
            [
                _("Diterbitkan ulang"),
                formatting.number(pay["reissued_count"]),
                formatting.rupiah(pay["reissued_amount"]),
            ],
        ],
        [False, True, True],
    )
    lines.append("")
    lines.append(
        _(
            "  SLA 3 hari kerja: %(on)s tepat waktu, %(late)s terlambat (%(pct)s tepat waktu); %(over)s belum dibayar lewat batas"
        )
        % {
            "on": formatting.number(pay["on_time_count"]),
            "late": formatting.number(pay["late_count"]),
            "pct": formatting.pct(pay["on_time_pct"]),
            "over": formatting.number(pay["overdue_count"]),
        }
    )

    lines += _heading(_("4. Kembali bekerja (penerima manfaat yang ditetapkan bulan ini)"))
    lines += _table(tables["funnel"])
    lines.append("")
    for n in (1, 3, 6):
        share = funnel[f"back_{n}m_pct"]
        lines.append(
            _("  Bekerja kembali dalam %(n)s bulan: %(pct)s")
            % {
                "n": n,
                "pct": formatting.pct(share)
                if share is not None
                else _("belum dapat dihitung (belum %(n)s bulan)") % {"n": n},
            }
        )

    lines += _heading(_("5. Konselor (saat data diperbarui)"))
    lines += _table(tables["konselor_offices"])
    lines += ["", "  " + _("Antrean kasus tanpa konselor")] + _table(tables["unassigned"])
    lines.append("")
    return "\n".join(lines)


def _change(now, then):
    return round(100.0 * (now - then) / then, 1) if then else None
