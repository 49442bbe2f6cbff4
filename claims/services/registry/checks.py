"""The per-value checks of one registry import row (messages are shown to staff; Indonesian).
A refused value raises ``_RowError``: the row is refused and listed in the error report."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from claims.eligibility import NikError, validate_nik
from claims.eligibility.rules import CONTRACT_TYPES, EMPLOYER_SIZES, JKN_SEGMENTS, PROGRAMS
from claims.kbli import KbliError, parse_sector
from claims.models import Contribution

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD_RE = re.compile(r"(\d{4})-(\d{2})")
_WAGE_RE = re.compile(r"\d{1,12}(?:\.\d{1,2})?")
_PROVINCE_RE = re.compile(r"\d{2}")
_TRUE = frozenset({"1", "true", "ya", "yes", "y", "t"})
_FALSE = frozenset({"", "0", "false", "tidak", "no", "n", "f"})
_SIZES = frozenset(EMPLOYER_SIZES)
_CONTRACTS = frozenset(CONTRACT_TYPES)
_SEGMENTS = frozenset(JKN_SEGMENTS)
_PROGRAMS = frozenset(PROGRAMS)
_STATUSES = frozenset(Contribution.Status.values)
_MIN_YEAR = 1900


class _RowError(Exception):
    pass


def _text(value: str, column: str, max_length: int, *, required: bool = True) -> str:
    if required and not value:
        raise _RowError(_("kolom %(col)s kosong") % {"col": column})
    if len(value) > max_length:
        raise _RowError(
            _("kolom %(col)s terlalu panjang (%(n)s karakter, maksimal %(max)s)")
            % {"col": column, "n": len(value), "max": max_length}
        )
    if "\x00" in value:
        raise _RowError(_("kolom %(col)s berisi karakter NUL") % {"col": column})
    return value


def _date(value: str, column: str, *, required: bool = True) -> dt.date | None:
    if not value:
        if required:
            raise _RowError(_("kolom %(col)s kosong") % {"col": column})
        return None
    if not _DATE_RE.fullmatch(value):
        raise _RowError(_("%(col)s %(v)r bukan tanggal YYYY-MM-DD") % {"col": column, "v": value[:40]})
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise _RowError(_("%(col)s %(v)s bukan tanggal yang ada") % {"col": column, "v": value})
    if parsed.year < _MIN_YEAR:
        raise _RowError(_("%(col)s %(v)s sebelum tahun %(y)s") % {"col": column, "v": value, "y": _MIN_YEAR})
    return parsed


def _choice(value: str, column: str, allowed: frozenset[str], *, default: str | None = None) -> str:
    if not value and default is not None:
        return default
    if value not in allowed:
        raise _RowError(
            _("%(col)s %(v)r tidak dikenal (pilihan: %(choices)s)")
            % {"col": column, "v": value[:40], "choices": ", ".join(sorted(allowed))}
        )
    return value


def _nik(value: str) -> str:
    try:
        validate_nik(value)
    except NikError as exc:
        raise _RowError(f"NIK {value[:20]!r}: {exc}")
    return value


def _sector(value: str) -> tuple[str, str]:
    """(KBLI 2020 section, 5-digit KBLI code) of the ``sector`` column: a section
    letter, a 5-digit code (its section from its division) or empty (not known)."""
    try:
        return parse_sector(value)
    except KbliError as exc:
        raise _RowError(_("sector %(v)r: %(e)s") % {"v": value[:40], "e": exc})


def _period(value: str, today: dt.date) -> str:
    m = _PERIOD_RE.fullmatch(value)
    if not m:
        raise _RowError(_("periode %(v)r bukan bulan YYYY-MM") % {"v": value[:40]})
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise _RowError(_("periode %(v)s: bulan harus 01–12") % {"v": value})
    if year < _MIN_YEAR:
        raise _RowError(_("periode %(v)s sebelum tahun %(y)s") % {"v": value, "y": _MIN_YEAR})
    if (year, month) > (today.year, today.month):
        raise _RowError(_("periode %(v)s ada di masa depan") % {"v": value})
    return f"{value}-01"


def _wage(value: str) -> str:
    if _WAGE_RE.fullmatch(value):
        return value
    if value.startswith("-"):
        raise _RowError(_("upah %(v)s negatif") % {"v": value[:40]})
    if not value:
        raise _RowError(_("kolom wage kosong"))
    raise _RowError(
        _("upah %(v)r bukan angka rupiah (contoh 4500000 atau 4500000.50, maksimal 12 digit)") % {"v": value[:40]}
    )
