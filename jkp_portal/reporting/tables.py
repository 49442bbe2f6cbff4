"""The dashboard's tables: the numbers behind every chart, shown on the page
(accessible alternative to the chart) and downloadable as CSV or XLSX."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from jkp_portal.common.exports import csv_writer, xlsx_append

from . import formatting
from .dimensions import Percentile, month_label

TEXT, INT, MONEY, PCT, DAYS, CHANGE = "text", "int", "money", "pct", "days", "change"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = INT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)

    def display(self) -> list[list[tuple[str, bool]]]:
        """Each row as (formatted cell, numeric?) pairs, for the page."""
        return [[(_display(row.get(c.key), c.kind), c.numeric) for c in self.columns] for row in self.rows]

    def body_html(self) -> SafeString:
        """The <tbody> rows, built here rather than in a template loop: a
        national page holds thousands of cells and this is ten times faster.
        The first cell is the row header; every value is escaped."""
        parts = []
        for row in self.display():
            cells = []
            for index, (text, numeric) in enumerate(row):
                if index == 0:
                    css = "fw-normal text-end" if numeric else "fw-normal"
                    cells.append(f'<th scope="row" class="{css}">{escape(text)}</th>')
                else:
                    cells.append(
                        f'<td class="text-end num">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>"
                    )
            parts.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("\n".join(parts))  # noqa: S308 - built from escaped values only

    def export_rows(self) -> list[list]:
        return [[_export(row.get(c.key), c.kind) for c in self.columns] for row in self.rows]


def _display(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == INT:
        return formatting.number(value)
    if kind == MONEY:
        return formatting.rupiah(value)
    if kind == PCT:
        return formatting.pct(value)
    if kind == CHANGE:
        return formatting.change(value)
    if kind == DAYS:
        return str(value) if isinstance(value, Percentile) else formatting.decimal1(value)
    return str(value)


def _export(value, kind: str):
    """Plain values for spreadsheets: numbers stay numbers."""
    if value is None:
        return None
    if isinstance(value, Percentile):
        return f">{int(value.days) - 1}" if value.open_ended else round(value.days, 1)
    if kind == MONEY:
        return int(Decimal(value))
    if kind in (PCT, CHANGE, DAYS):
        return float(value)
    if kind == INT:
        return int(value)
    return str(value)


def _breakdown(key: str, title: str, label: str, rows: list[dict]) -> Table:
    return Table(
        key,
        title,
        [
            Column("label", label, TEXT),
            Column("filed", _("Diajukan")),
            Column("share_pct", _("Porsi"), PCT),
            Column("approved", _("Disetujui")),
            Column("rejected", _("Ditolak")),
            Column("approval_rate_pct", _("Tingkat persetujuan"), PCT),
            Column("in_progress", _("Dalam proses")),
        ],
        rows,
    )


def build_tables(summary: dict) -> dict[str, Table]:
    months = [
        {
            **row,
            "month_label": month_label(row["month"]),
            "top_reason_label": row["top_reason"]["label"] if row.get("top_reason") else None,
        }
        for row in summary["claims_by_month"]
    ]
    payments = [{**row, "month_label": month_label(row["month"])} for row in summary["payments_by_month"]]
    funnel = summary["funnel"]
    steps = [
        (_("Penerima manfaat (klaim disetujui)"), funnel["claimants"]),
        (_("Asesmen diri selesai"), funnel["assessed"]),
        (_("Ikut konseling"), funnel["counselled"]),
        (_("Ikut pelatihan"), funnel["trained"]),
        (_("Bekerja kembali"), funnel["placed"]),
    ]
    back_rows = [{"label": _("Semua wilayah terpilih"), **funnel}] + summary["funnel_by_province"]
    cohorts = [{**row, "month_label": month_label(row["month"])} for row in summary["funnel_by_month"]]

    tables = [
        Table(
            "claims_monthly",
            _("Klaim per bulan dan bulan yang sama setahun sebelumnya"),
            [
                Column("month_label", _("Bulan"), TEXT),
                Column("filed", _("Diajukan")),
                Column("filed_prev_year", _("Diajukan setahun sebelumnya")),
                Column("filed_change_pct", _("Perubahan"), CHANGE),
                Column("approved", _("Disetujui")),
                Column("approved_prev_year", _("Disetujui setahun sebelumnya")),
                Column("rejected", _("Ditolak")),
                Column("rejected_prev_year", _("Ditolak setahun sebelumnya")),
                Column("in_progress", _("Masih diproses")),
                Column("top_reason_label", _("Alasan penolakan utama"), TEXT),
            ],
            months,
        ),
        Table(
            "rejection_reasons",
            _("Alasan penolakan terbanyak"),
            [
                Column("code", _("Kode"), TEXT),
                Column("label", _("Alasan"), TEXT),
                Column("count", _("Jumlah")),
                Column("share_pct", _("Porsi"), PCT),
                Column("prev_year", _("Setahun sebelumnya")),
            ],
            summary["rejection_reasons"],
        ),
        _breakdown("by_office", _("Klaim per kantor"), _("Kantor"), summary["by_office"]),
        _breakdown("by_province", _("Klaim per provinsi"), _("Provinsi"), summary["by_province"]),
        _breakdown("by_sector", _("Klaim per sektor"), _("Sektor"), summary["by_sector"]),
        _breakdown("by_age_band", _("Klaim per kelompok usia"), _("Usia"), summary["by_age_band"]),
        _breakdown("by_sex", _("Klaim per jenis kelamin"), _("Jenis kelamin"), summary["by_sex"]),
        Table(
            "decision_time",
            _("Waktu dari pengajuan sampai keputusan"),
            [
                Column("month_label", _("Bulan keputusan"), TEXT),
                Column("decided", _("Diputuskan")),
                Column("median_days", _("Median (hari)"), DAYS),
                Column("p90_days", _("Persentil 90 (hari)"), DAYS),
                Column("mean_days", _("Rata-rata (hari)"), DAYS),
            ],
            months,
        ),
        Table(
            "payments_sla",
            _("Pembayaran dan SLA 3 hari kerja"),
            [
                Column("month_label", _("Bulan"), TEXT),
                Column("paid_count", _("Dibayar")),
                Column("on_time_count", _("Tepat waktu")),
                Column("late_count", _("Terlambat")),
                Column("on_time_pct", _("% tepat waktu"), PCT),
                Column("overdue_count", _("Belum dibayar, lewat batas")),
            ],
            payments,
        ),
        Table(
            "money",
            _("Uang manfaat per bulan"),
            [
                Column("month_label", _("Bulan"), TEXT),
                Column("paid_amount", _("Dibayar"), MONEY),
                Column("paid_count", _("Jumlah pembayaran")),
                Column("withheld_amount", _("Ditahan"), MONEY),
                Column("withheld_count", _("Bulan ditahan")),
                Column("forfeited_amount", _("Hangus"), MONEY),
                Column("forfeited_count", _("Bulan hangus")),
                Column("failed_amount", _("Gagal transfer"), MONEY),
                Column("failed_count", _("Transfer gagal")),
                Column("reissued_amount", _("Diterbitkan ulang"), MONEY),
                Column("reissued_count", _("Transfer ulang")),
            ],
            payments,
        ),
        Table(
            "money_issues",
            _("Ditahan, hangus, gagal transfer dan diterbitkan ulang per bulan"),
            [
                Column("month_label", _("Bulan"), TEXT),
                Column("withheld_count", _("Bulan ditahan")),
                Column("withheld_amount", _("Ditahan"), MONEY),
                Column("forfeited_count", _("Bulan hangus")),
                Column("forfeited_amount", _("Hangus"), MONEY),
                Column("failed_count", _("Transfer gagal")),
                Column("failed_amount", _("Gagal transfer"), MONEY),
                Column("reissued_count", _("Transfer ulang")),
                Column("reissued_amount", _("Diterbitkan ulang"), MONEY),
            ],
            payments,
        ),
        Table(
            "funnel",
            _("Tahapan menuju kerja kembali"),
            [
                Column("label", _("Tahap"), TEXT),
                Column("count", _("Orang")),
                Column("share_pct", _("% dari penerima manfaat"), PCT),
            ],
            [
                {
                    "label": label,
                    "count": count,
                    "share_pct": (round(100 * count / funnel["claimants"], 1) if funnel["claimants"] else None),
                }
                for label, count in steps
            ],
        ),
        Table(
            "back_to_work",
            _("Kembali bekerja dalam 1, 3 dan 6 bulan setelah penetapan"),
            [
                Column("label", _("Wilayah"), TEXT),
                Column("claimants", _("Penerima manfaat")),
                Column("back_1m_pct", _("≤ 1 bulan"), PCT),
                Column("back_3m_pct", _("≤ 3 bulan"), PCT),
                Column("back_6m_pct", _("≤ 6 bulan"), PCT),
                Column("placed", _("Sudah bekerja kembali")),
            ],
            back_rows,
        ),
        Table(
            "funnel_monthly",
            _("Kohort per bulan penetapan"),
            [
                Column("month_label", _("Bulan penetapan"), TEXT),
                Column("claimants", _("Penerima")),
                Column("assessed", _("Asesmen")),
                Column("counselled", _("Konseling")),
                Column("trained", _("Pelatihan")),
                Column("placed", _("Bekerja kembali")),
                Column("back_1m_pct", _("≤ 1 bulan"), PCT),
                Column("back_3m_pct", _("≤ 3 bulan"), PCT),
                Column("back_6m_pct", _("≤ 6 bulan"), PCT),
            ],
            cohorts,
        ),
        Table(
            "konselors",
            _("Beban kasus per konselor"),
            [
                Column("name", _("Konselor"), TEXT),
                Column("office", _("Kantor"), TEXT),
                Column("capacity", _("Kapasitas")),
                Column("open_cases", _("Kasus aktif")),
                Column("new_cases", _("Baru")),
                Column("active_cases", _("Dalam konseling")),
                Column("in_training", _("Dalam pelatihan")),
                Column("load_pct", _("Beban"), PCT),
                Column("takes_label", _("Menerima kasus baru"), TEXT),
            ],
            [{**row, "takes_label": _("ya") if row["takes_cases"] else _("tidak")} for row in summary["konselors"]],
        ),
        Table(
            "konselor_offices",
            _("Beban kasus per kantor"),
            [
                Column("office", _("Kantor"), TEXT),
                Column("konselors", _("Konselor")),
                Column("taking_cases", _("Menerima kasus baru")),
                Column("capacity", _("Kapasitas")),
                Column("open_cases", _("Kasus aktif")),
                Column("load_pct", _("Beban"), PCT),
            ],
            summary["konselor_offices"],
        ),
        Table(
            "unassigned",
            _("Antrean kasus tanpa konselor"),
            [
                Column("office", _("Kantor"), TEXT),
                Column("province", _("Provinsi"), TEXT),
                Column("waiting", _("Menunggu")),
                Column("over_7_days", _("Lebih dari 7 hari")),
                Column("oldest_days", _("Terlama (hari)")),
            ],
            summary["unassigned"],
        ),
    ]
    return {table.key: table for table in tables}


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet programs read the accents."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([str(c.label) for c in table.columns])
    for row in table.export_rows():
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, subtitle: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.key[:31]
    xlsx_append(sheet, [str(table.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    xlsx_append(sheet, [subtitle])
    xlsx_append(sheet, [str(c.label) for c in table.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    formats = {INT: "#,##0", MONEY: '"Rp" #,##0', PCT: '0.0" %"', CHANGE: '+0.0" %";-0.0" %"', DAYS: "0.0"}
    for values in table.export_rows():
        xlsx_append(sheet, values)
        row = sheet.max_row
        for index, column in enumerate(table.columns, start=1):
            if column.kind in formats and isinstance(values[index - 1], (int, float)):
                sheet.cell(row=row, column=index).number_format = formats[column.kind]
    for index, column in enumerate(table.columns, start=1):
        width = max([len(str(column.label))] + [len(str(v[index - 1] or "")) for v in table.export_rows()]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 60)
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
