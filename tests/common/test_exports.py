"""Formula injection: every CSV/XLSX the portal writes turns a string cell that a
spreadsheet would run as a formula (= + - @ tab CR) into text by prefixing a
single quote (OWASP); numbers stay numbers, a negative number included."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from jkp_portal.common.exports import csv_writer, defuse
from jkp_portal.reporting.tables import TEXT, Column, Table, to_csv, to_xlsx

HOSTILE = ['=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_defuse_prefixes_a_quote_to_formula_starters(value):
    assert defuse(value) == "'" + value


@pytest.mark.parametrize("value", ["Budi", "", "3372010505900001", "a=b", 'x"=1'])
def test_defuse_leaves_plain_text_alone(value):
    assert defuse(value) == value


@pytest.mark.parametrize("value", [-5, -2.5, Decimal("-100"), 0, None, True])
def test_numbers_and_other_types_stay_as_they_are(value):
    assert defuse(value) is value


def test_csv_writer_defuses_every_string_cell():
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(["=1+1", -3, "ok"])
    writer.writerows([["@x", Decimal("-1.5")]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["'=1+1", "-3", "ok"], ["'@x", "-1.5"]]


def _table():
    return Table(
        "by_office",
        "Per kantor",
        [Column("office", "Kantor", TEXT), Column("claims", "Klaim"), Column("change", "Perubahan", "change")],
        [{"office": value, "claims": 3, "change": -4.5} for value in HOSTILE],
    )


def test_dashboard_csv_export_has_no_live_formula():
    text = to_csv(_table()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [row[0] for row in rows] == ["'" + value for value in HOSTILE]
    assert {row[2] for row in rows} == {"-4.5"}  # a negative number is written as a number


def test_dashboard_xlsx_export_has_no_live_formula():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(_table(), subtitle="=cmd|' /C calc'!A0"))).active
    cells = list(sheet.iter_rows(min_row=4))
    assert [row[0].value for row in cells] == ["'" + value for value in HOSTILE]
    assert all(row[0].data_type == "s" for row in cells)
    assert all(row[2].value == -4.5 and row[2].data_type == "n" for row in cells)
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
