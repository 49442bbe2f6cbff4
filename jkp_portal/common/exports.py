"""Spreadsheet exports that cannot run formulas (CSV/formula injection).

A spreadsheet program runs a cell that starts with ``= + - @`` (and, through
some import paths, tab or carriage return) as a formula: an uploaded name like
``=HYPERLINK("http://evil", "klik")`` would turn into a live link or command in
the office that opens the export. Following OWASP, every *string* cell that
starts with one of those characters gets a leading single quote, which the
spreadsheet shows as text. Numbers are left as numbers (a negative amount is a
number cell, not text that starts with a minus).

Every CSV or XLSX the portal writes for people goes through this module:
``csv_writer`` for CSV, ``xlsx_append`` for openpyxl rows, ``sql_defused`` for
reports written straight from PostgreSQL with COPY.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """``value`` made safe for a spreadsheet cell: strings that would start a
    formula get a leading quote; every other value is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _DefusingWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable):
        return self._writer.writerow([defuse(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self):
        return self._writer.dialect


def csv_writer(fileobj, **kwargs) -> _DefusingWriter:
    """``csv.writer`` whose rows are defused cell by cell."""
    return _DefusingWriter(csv.writer(fileobj, **kwargs))


def xlsx_append(sheet, values: Iterable) -> None:
    """Append a row to an openpyxl worksheet with every string cell defused and
    stored as text (openpyxl would otherwise store a leading ``=`` as a formula)."""
    sheet.append([defuse(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def sql_defused(expression: str) -> str:
    """The SQL for ``expression`` (a text column) defused the same way, for
    reports that PostgreSQL writes itself (COPY ... TO STDOUT)."""
    return f"CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || {expression} ELSE {expression} END"
