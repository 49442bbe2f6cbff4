"""Writes to the participant registry: the bulk import from the BPJS core extract.

One import = one CSV file of one kind (employers, participants or
contributions). The file is streamed once: each record is validated in Python
and the good ones are sent with ``COPY`` into a temporary table; set-based SQL
then refuses rows whose reference does not exist and rows superseded by a
later row with the same key, and one ``INSERT ... SELECT ... ON CONFLICT DO
UPDATE`` upserts the rest by NPP / NIK / NIK+period. Everything for one file
happens in one transaction: a file that cannot be read (not UTF-8, missing
columns, not CSV) leaves the registry untouched.

Duplicate keys inside one file: **the last row wins**; every earlier row with
the same key is refused and listed in the error report with the line that
replaced it.

Imports are **staged** (issue 14): reading a file changes nothing in the
registry. Its new and changed rows, each with the per-field difference, go to
the Staged* tables (set-based, one ``INSERT ... SELECT``); participants whose
eligibility the change would flip are found by running the pure engine on
their facts before and after the upsert inside a savepoint that is rolled
back. A second registry officer (same or higher office, never the uploader)
approves; only then the staged rows are upserted, and every changed object
gets an audit event with ``{"field": [old, new]}``. Only a registry officer
may import, and rows about employers/participants outside the uploader's
office scope are refused per row.
"""

from __future__ import annotations

import abc
import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from claims.eligibility import NikError, evaluate, validate_nik
from claims.eligibility.rules import CONTRACT_TYPES, EMPLOYER_SIZES, JKN_SEGMENTS, PROGRAMS
from claims.models import (
    Contribution,
    Employer,
    Participant,
    RegistryImport,
    RegistryImportFlip,
    Sector,
    StagedContribution,
    StagedEmployer,
    StagedParticipant,
)
from claims.selectors.registry import facts_for_participants
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import PROVINCES
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.models import AuditEvent
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.exports import defuse, sql_defused

__all__ = [
    "COLUMNS",
    "ImportFileError",
    "registry_import_start",
    "registry_import_run",
    "registry_import_file",
    "registry_import_approve",
    "registry_import_reject",
    "registry_import_cancel",
    "registry_import_may_decide",
    "FLIP_PHK_REASON",
    "ERRORS_KEPT",
]

# The hypothetical PHK for the before/after eligibility comparison: today, for
# efficiency (a reason that is never excluded), decided today.
FLIP_PHK_REASON = "efficiency"

COLUMNS: dict[str, tuple[str, ...]] = {
    RegistryImport.Kind.EMPLOYERS: (
        "npp",
        "name",
        "size",
        "sector",
        "province_code",
        "regency",
        "office_code",
        "bankrupt_or_closed",
    ),
    RegistryImport.Kind.PARTICIPANTS: (
        "nik",
        "kpj",
        "full_name",
        "birth_date",
        "citizenship",
        "employer_npp",
        "contract_type",
        "contract_start",
        "contract_end",
        "jkp_registered_on",
        "programs",
        "jkn_segment",
        "phone",
        "email",
    ),
    RegistryImport.Kind.CONTRIBUTIONS: ("nik", "period", "wage", "status"),
}

# The first errors are kept on the RegistryImport row (shown on the result page);
# the full list is in the downloadable error report.
ERRORS_KEPT = 100
_COPY_CHUNK_ROWS = 20_000

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD_RE = re.compile(r"(\d{4})-(\d{2})")
_WAGE_RE = re.compile(r"\d{1,12}(?:\.\d{1,2})?")
_PROVINCE_RE = re.compile(r"\d{2}")
_TRUE = frozenset({"1", "true", "ya", "yes", "y", "t"})
_FALSE = frozenset({"", "0", "false", "tidak", "no", "n", "f"})
_SIZES = frozenset(EMPLOYER_SIZES)
_SECTORS = frozenset(Sector.values)
_CONTRACTS = frozenset(CONTRACT_TYPES)
_SEGMENTS = frozenset(JKN_SEGMENTS)
_PROGRAMS = frozenset(PROGRAMS)
_STATUSES = frozenset(Contribution.Status.values)
_MIN_YEAR = 1900


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing of it is saved."""


class _RowError(Exception):
    pass


@dataclass
class _Outcome:
    total: int = 0
    rejected: int = 0
    inserted: int = 0  # new rows staged
    updated: int = 0  # changed rows staged
    flips: list[RegistryImportFlip] = field(default_factory=list)
    first_errors: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Field checks (messages are shown to staff; Indonesian)


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


# ---------------------------------------------------------------------------
# Kinds: temp table, row check, SQL checks and the upsert


class _Kind(abc.ABC):
    kind: str
    temp_columns: str  # "line int, ..." of the temporary table
    copy_format: str  # "csv" or "text"
    not_null: tuple[str, ...] = ()  # text columns where an empty CSV value is "" (not NULL)

    def __init__(self) -> None:
        self.today = timezone.localdate()

    @abc.abstractmethod
    def row(self, values: list[str], line: int) -> str:
        """One input row as a line of the COPY into the temporary table."""

    def key(self, values: list[str]) -> str:
        return values[0][:40]

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        """(SQL, params) statements that move refused rows from the temp table to
        the errors table (``{errors}`` in the SQL)."""
        return []

    @abc.abstractmethod
    def upsert(self, tmp: str) -> str:
        """The SQL that moves the checked rows from the temporary table into the registry."""

    # --- staging (see the module docstring)
    staged_model: type
    columns: tuple[str, ...]  # the temp table's columns, in order (the staged model has the same)
    key_sql: str  # the row's key for error messages, over ``t``
    # (name shown, current value, new value): compared with IS DISTINCT FROM, shown as text
    fields: tuple[tuple[str, str, str], ...]
    current_join: str  # FROM {src} t <current_join>: ``cur`` is the registry's row (NULL when new)

    def diff_sql(self, src: str) -> str:
        """Every row of ``src`` with ``change`` (new/changed/unchanged) and ``diff``
        ({field: [old, new]} of the fields that differ; every field for a new row)."""
        changed = " OR ".join(f"({old}) IS DISTINCT FROM ({new})" for _, old, new in self.fields)
        pairs = ", ".join(
            f"'{name}', CASE WHEN cur.id IS NULL OR ({old}) IS DISTINCT FROM ({new}) "
            f"THEN jsonb_build_array(({self.shown(name, old)})::text, ({self.shown(name, new)})::text) END"
            for name, old, new in self.fields
        )
        return f"""
            SELECT t.*,
                   CASE WHEN cur.id IS NULL THEN 'new' WHEN {changed} THEN 'changed' ELSE 'unchanged' END AS change,
                   jsonb_strip_nulls(jsonb_build_object({pairs})) AS diff
            FROM {src} t {self.current_join.format(**self.tables())}
        """  # noqa: S608 - identifiers from model metadata, no values

    def shown(self, name: str, expr: str) -> str:
        """How a compared value is written in the diff (ids become codes)."""
        return expr

    def tables(self) -> dict[str, str]:
        return {
            "employer": Employer._meta.db_table,
            "participant": Participant._meta.db_table,
            "contribution": Contribution._meta.db_table,
            "office": Office._meta.db_table,
        }

    @abc.abstractmethod
    def scope_sql(self) -> str:
        """WHERE condition over ``t`` that is true for rows outside ``%(scope)s`` (office ids)."""

    @abc.abstractmethod
    def affected_sql(self) -> str:
        """Existing participants (ids) whose facts the staged rows of ``%(imp)s`` change."""

    @abc.abstractmethod
    def object_join(self) -> str:
        """JOIN from the staged rows ``s`` to the registry object ``o`` they changed."""

    object_model: type  # the model whose audit trail gets the change

    def after_ledger(self, tmp: str, cursor, ids: list[int]) -> str | None:
        """A temporary ledger of ``ids`` as it would be after applying ``tmp``, when
        the kind touches only the ledger (the flips then need no trial upsert)."""
        return None

    def audit_select(self, staged: str) -> str:
        """(object id, data) of one audit event per changed object: every field's old and new value."""
        return f"""SELECT o.id, jsonb_build_object('import', s.registry_import_id, 'line', s.line,
                                                   'change', s.change, 'fields', s.diff)
                   FROM {staged} s {self.object_join()}
                   WHERE s.registry_import_id = %(imp)s ORDER BY s.line"""  # noqa: S608


def _csv_line(values: list) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return buf.getvalue()


class _Employers(_Kind):
    kind = RegistryImport.Kind.EMPLOYERS
    temp_columns = (
        "line int, npp varchar(30), name varchar(200), size varchar(10), sector varchar(30), "
        "province_code varchar(2), regency varchar(100), office_id bigint, bankrupt_or_closed boolean"
    )
    copy_format = "csv"
    not_null = ("regency",)

    def __init__(self) -> None:
        super().__init__()
        self.offices = dict(Office.objects.values_list("code", "pk"))

    def row(self, v: list[str], line: int) -> str:
        npp, name, size, sector, province, regency, office_code, bankrupt = v
        npp = _text(npp, "npp", 30)
        name = _text(name, "name", 200)
        size = _choice(size.lower(), "size", _SIZES)
        sector = _choice(sector.lower(), "sector", _SECTORS, default=Sector.OTHER)
        if not _PROVINCE_RE.fullmatch(province) or province not in PROVINCES:
            raise _RowError(_("province_code %(v)r bukan kode provinsi") % {"v": province[:20]})
        regency = _text(regency, "regency", 100, required=False)
        office_id = None
        if office_code:
            office_id = self.offices.get(office_code)
            if office_id is None:
                raise _RowError(_("office_code %(v)r tidak dikenal") % {"v": office_code[:30]})
        flag = bankrupt.lower()
        if flag in _TRUE:
            is_bankrupt = "t"
        elif flag in _FALSE:
            is_bankrupt = "f"
        else:
            raise _RowError(_("bankrupt_or_closed %(v)r harus true/false") % {"v": bankrupt[:20]})
        return _csv_line([line, npp, name, size, sector, province, regency, office_id, is_bankrupt])

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        return [_duplicates_sql(tmp, "npp", "npp")]

    staged_model = StagedEmployer
    object_model = Employer
    columns = ("line", "npp", "name", "size", "sector", "province_code", "regency", "office_id", "bankrupt_or_closed")
    key_sql = "t.npp"
    fields = tuple(
        (c, f"cur.{c}", f"t.{c}")
        for c in ("name", "size", "sector", "province_code", "regency", "office_id", "bankrupt_or_closed")
    )
    current_join = "LEFT JOIN {employer} cur ON cur.npp = t.npp"

    def shown(self, name: str, expr: str) -> str:
        if name == "office_id":
            return f"(SELECT code FROM {Office._meta.db_table} WHERE id = {expr})"  # noqa: S608
        return expr

    def scope_sql(self) -> str:
        employer = Employer._meta.db_table
        return f"""t.office_id IS NULL OR NOT t.office_id = ANY(%(scope)s) OR EXISTS (
            SELECT 1 FROM {employer} e WHERE e.npp = t.npp
            AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))"""  # noqa: S608

    def affected_sql(self) -> str:
        t = self.tables()
        return f"""SELECT p.id FROM {StagedEmployer._meta.db_table} s
            JOIN {t["employer"]} e ON e.npp = s.npp JOIN {t["participant"]} p ON p.employer_id = e.id
            WHERE s.registry_import_id = %(imp)s AND s.change = 'changed'"""  # noqa: S608

    def object_join(self) -> str:
        return f"JOIN {Employer._meta.db_table} o ON o.npp = s.npp"

    def upsert(self, tmp: str) -> str:
        table = Employer._meta.db_table
        names = ["name", "size", "sector", "province_code", "regency", "office_id", "bankrupt_or_closed"]
        cols = ", ".join(names)
        return f"""
            WITH up AS (
                INSERT INTO {table} (npp, {cols}, created_at, updated_at)
                SELECT npp, {cols}, now(), now() FROM {tmp}
                ON CONFLICT (npp) DO UPDATE SET
                    {", ".join(f"{c} = EXCLUDED.{c}" for c in names)}, updated_at = now()
                WHERE ({", ".join(f"{table}.{c}" for c in names)})
                      IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in names)})
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """  # noqa: S608 - identifiers from model metadata, no values


class _Participants(_Kind):
    kind = RegistryImport.Kind.PARTICIPANTS
    temp_columns = (
        "line int, nik varchar(16), kpj varchar(30), full_name varchar(200), birth_date date, sex varchar(1), "
        "citizenship varchar(3), employer_npp varchar(30), contract_type varchar(5), contract_start date, "
        "contract_end date, jkp_registered_on date, programs varchar(4)[], jkn_segment varchar(4), "
        "phone varchar(20), email varchar(254)"
    )
    copy_format = "csv"
    not_null = ("phone", "email")

    def row(self, v: list[str], line: int) -> str:
        (
            nik,
            kpj,
            full_name,
            birth_date,
            citizenship,
            employer_npp,
            contract_type,
            contract_start,
            contract_end,
            registered_on,
            programs,
            segment,
            phone,
            email,
        ) = v
        nik = _nik(nik)
        sex = "F" if int(nik[6:8]) > 40 else "M"
        kpj = _text(kpj, "kpj", 30)
        full_name = _text(full_name, "full_name", 200)
        birth = _date(birth_date, "birth_date")
        if birth > self.today:
            raise _RowError(_("birth_date %(v)s ada di masa depan") % {"v": birth_date})
        citizenship = _choice(citizenship.upper(), "citizenship", frozenset({"WNI", "WNA"}), default="WNI")
        employer_npp = _text(employer_npp, "employer_npp", 30)
        contract_type = _choice(contract_type.upper(), "contract_type", _CONTRACTS)
        start = _date(contract_start, "contract_start", required=False)
        end = _date(contract_end, "contract_end", required=False)
        if start and end and end < start:
            raise _RowError(
                _("contract_end %(end)s sebelum contract_start %(start)s")
                % {"end": contract_end, "start": contract_start}
            )
        registered = _date(registered_on, "jkp_registered_on")
        if registered < birth:
            raise _RowError(_("jkp_registered_on %(v)s sebelum tanggal lahir") % {"v": registered_on})
        if registered > self.today:
            raise _RowError(_("jkp_registered_on %(v)s ada di masa depan") % {"v": registered_on})
        items = []
        if len(programs) > 100:
            raise _RowError(_("kolom programs terlalu panjang"))
        for item in programs.upper().split(";"):
            item = item.strip()
            if not item:
                continue
            if item not in _PROGRAMS:
                raise _RowError(
                    _("program %(v)r tidak dikenal (pilihan: %(choices)s)")
                    % {"v": item[:10], "choices": ", ".join(PROGRAMS)}
                )
            if item not in items:
                items.append(item)
        segment = _choice(segment.upper(), "jkn_segment", _SEGMENTS, default="PPU")
        phone = _text(phone, "phone", 20, required=False)
        email = _text(email, "email", 254, required=False)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise _RowError(_("email %(v)r tidak valid") % {"v": email[:60]})
        return _csv_line(
            [
                line,
                nik,
                kpj,
                full_name,
                birth,
                sex,
                citizenship,
                employer_npp,
                contract_type,
                start,
                end,
                registered,
                "{" + ",".join(items) + "}",
                segment,
                phone,
                email,
            ]
        )

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        employer = Employer._meta.db_table
        reason = _("employer_npp tidak terdaftar di registri pemberi kerja")
        return [
            (
                f"""
            WITH bad AS (
                DELETE FROM {tmp} t WHERE NOT EXISTS (SELECT 1 FROM {employer} e WHERE e.npp = t.employer_npp)
                RETURNING t.line, t.nik, t.employer_npp
            )
            INSERT INTO {{errors}} (line, key, reason) SELECT line, nik, %s || ': ' || employer_npp FROM bad
            """,  # noqa: S608 - table names from model metadata; values bound
                [reason],
            ),
            _duplicates_sql(tmp, "nik", "nik"),
        ]

    staged_model = StagedParticipant
    object_model = Participant
    columns = (
        "line",
        "nik",
        "kpj",
        "full_name",
        "birth_date",
        "sex",
        "citizenship",
        "employer_npp",
        "contract_type",
        "contract_start",
        "contract_end",
        "jkp_registered_on",
        "programs",
        "jkn_segment",
        "phone",
        "email",
    )
    key_sql = "t.nik"
    fields = (
        *((c, f"cur.{c}", f"t.{c}") for c in ("kpj", "full_name", "birth_date", "sex", "citizenship")),
        ("employer_npp", "cur.employer_id", "e.id"),
        *(
            (c, f"cur.{c}", f"t.{c}")
            for c in ("contract_type", "contract_start", "contract_end", "jkp_registered_on", "programs")
        ),
        *((c, f"cur.{c}", f"t.{c}") for c in ("jkn_segment", "phone", "email")),
    )
    current_join = "LEFT JOIN {participant} cur ON cur.nik = t.nik LEFT JOIN {employer} e ON e.npp = t.employer_npp"

    def shown(self, name: str, expr: str) -> str:
        if name == "employer_npp":
            return f"(SELECT npp FROM {Employer._meta.db_table} WHERE id = {expr})"  # noqa: S608
        if name == "programs":
            return f"array_to_string({expr}, ';')"
        return expr

    def scope_sql(self) -> str:
        t = self.tables()
        return f"""EXISTS (SELECT 1 FROM {t["employer"]} e WHERE e.npp = t.employer_npp
                AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))
            OR EXISTS (SELECT 1 FROM {t["participant"]} p LEFT JOIN {t["employer"]} e ON e.id = p.employer_id
                WHERE p.nik = t.nik AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))"""  # noqa: S608

    def affected_sql(self) -> str:
        return f"""SELECT p.id FROM {StagedParticipant._meta.db_table} s
            JOIN {Participant._meta.db_table} p ON p.nik = s.nik
            WHERE s.registry_import_id = %(imp)s AND s.change = 'changed'"""  # noqa: S608

    def object_join(self) -> str:
        return f"JOIN {Participant._meta.db_table} o ON o.nik = s.nik"

    def upsert(self, tmp: str) -> str:
        table = Participant._meta.db_table
        employer = Employer._meta.db_table
        cols = [
            "kpj",
            "full_name",
            "birth_date",
            "sex",
            "citizenship",
            "employer_id",
            "contract_type",
            "contract_start",
            "contract_end",
            "jkp_registered_on",
            "programs",
            "jkn_segment",
            "phone",
            "email",
        ]
        select = ", ".join("e.id" if c == "employer_id" else f"t.{c}" for c in cols)
        return f"""
            WITH up AS (
                INSERT INTO {table} (nik, {", ".join(cols)}, employment_status, created_at, updated_at)
                SELECT t.nik, {select}, 'active', now(), now()
                FROM {tmp} t JOIN {employer} e ON e.npp = t.employer_npp
                ON CONFLICT (nik) DO UPDATE SET
                    {", ".join(f"{c} = EXCLUDED.{c}" for c in cols)}, updated_at = now()
                WHERE ({", ".join(f"{table}.{c}" for c in cols)})
                      IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in cols)})
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """  # noqa: S608 - identifiers from model metadata, no values


class _Contributions(_Kind):
    kind = RegistryImport.Kind.CONTRIBUTIONS
    temp_columns = "line int, nik varchar(16), period date, wage numeric(14, 2), status varchar(8)"
    copy_format = "text"  # every value is checked to be digits, '-', '.' or a status word

    def row(self, v: list[str], line: int) -> str:
        nik, period, wage, status = v
        validate = _nik  # local names: this runs a million times
        validate(nik)
        period = _period(period, self.today)
        wage = _wage(wage)
        if status not in _STATUSES:
            status = _choice(status.lower(), "status", _STATUSES)
        return f"{line}\t{nik}\t{period}\t{wage}\t{status}\n"

    def key(self, values: list[str]) -> str:
        return f"{values[0][:20]} {values[1][:10]}".strip()

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        participant = Participant._meta.db_table
        reason = _("NIK tidak terdaftar di registri peserta")
        return [
            (
                f"""
            WITH bad AS (
                DELETE FROM {tmp} t WHERE NOT EXISTS (SELECT 1 FROM {participant} p WHERE p.nik = t.nik)
                RETURNING t.line, t.nik, t.period
            )
            INSERT INTO {{errors}} (line, key, reason)
            SELECT line, nik || ' ' || to_char(period, 'YYYY-MM'), %s FROM bad
            """,  # noqa: S608 - table names from model metadata; values bound
                [reason],
            ),
            _duplicates_sql(tmp, "nik, period", "nik || ' ' || to_char(t.period, 'YYYY-MM')"),
        ]

    staged_model = StagedContribution
    # A ledger month is audited on its participant: one event per participant
    # per import lists every month's old and new wage/status (a monthly file of
    # a million rows gives ~40,000 events, and the participant's audit trail
    # shows the ledger changes where staff look for them).
    object_model = Participant
    columns = ("line", "nik", "period", "wage", "status")
    key_sql = "t.nik || ' ' || to_char(t.period, 'YYYY-MM')"
    fields = (("wage", "cur.wage", "t.wage"), ("status", "cur.status", "t.status"))
    current_join = (
        "JOIN {participant} p ON p.nik = t.nik "
        "LEFT JOIN {contribution} cur ON cur.participant_id = p.id AND cur.period = t.period"
    )

    def scope_sql(self) -> str:
        t = self.tables()
        return f"""EXISTS (SELECT 1 FROM {t["participant"]} p LEFT JOIN {t["employer"]} e ON e.id = p.employer_id
                WHERE p.nik = t.nik AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))"""  # noqa: S608

    def affected_sql(self) -> str:
        return f"""SELECT DISTINCT p.id FROM {StagedContribution._meta.db_table} s
            JOIN {Participant._meta.db_table} p ON p.nik = s.nik WHERE s.registry_import_id = %(imp)s"""  # noqa: S608

    def object_join(self) -> str:
        return f"JOIN {Participant._meta.db_table} o ON o.nik = s.nik"

    def after_ledger(self, tmp: str, cursor, ids: list[int]) -> str | None:
        # The registry's months of these participants that the file does not
        # touch, plus the file's months: what the upsert would leave.
        t = self.tables()
        ledger = f"{tmp}_after"
        cursor.execute(
            f"""CREATE TEMP TABLE {ledger} ON COMMIT DROP AS
                SELECT c.participant_id, c.period, c.wage, c.status FROM {t["contribution"]} c
                WHERE c.participant_id = ANY(%(ids)s) AND NOT EXISTS (
                    SELECT 1 FROM {tmp} x JOIN {t["participant"]} p ON p.nik = x.nik
                    WHERE p.id = c.participant_id AND x.period = c.period)
                UNION ALL
                SELECT p.id, x.period, x.wage, x.status FROM {tmp} x JOIN {t["participant"]} p ON p.nik = x.nik""",  # noqa: S608
            {"ids": ids},
        )
        cursor.execute(f"CREATE INDEX ON {ledger} (participant_id, period)")
        cursor.execute(f"ANALYZE {ledger}")
        return ledger

    def audit_select(self, staged: str) -> str:
        return f"""SELECT o.id, jsonb_build_object('import', min(s.registry_import_id), 'contributions',
                       jsonb_object_agg(to_char(s.period, 'YYYY-MM'),
                                        jsonb_build_object('line', s.line, 'change', s.change, 'fields', s.diff)))
                   FROM {staged} s {self.object_join()}
                   WHERE s.registry_import_id = %(imp)s GROUP BY o.id ORDER BY o.id"""  # noqa: S608

    def upsert(self, tmp: str) -> str:
        table = Contribution._meta.db_table
        participant = Participant._meta.db_table
        return f"""
            WITH up AS (
                INSERT INTO {table} (participant_id, period, wage, status)
                SELECT p.id, t.period, t.wage, t.status FROM {tmp} t JOIN {participant} p ON p.nik = t.nik
                ON CONFLICT (participant_id, period) DO UPDATE SET wage = EXCLUDED.wage, status = EXCLUDED.status
                WHERE ({table}.wage, {table}.status) IS DISTINCT FROM (EXCLUDED.wage, EXCLUDED.status)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """  # noqa: S608 - identifiers from model metadata, no values


_KINDS: dict[str, type[_Kind]] = {
    RegistryImport.Kind.EMPLOYERS: _Employers,
    RegistryImport.Kind.PARTICIPANTS: _Participants,
    RegistryImport.Kind.CONTRIBUTIONS: _Contributions,
}


def _duplicates_sql(tmp: str, key_cols: str, key_expr: str) -> tuple[str, list]:
    """Keep the last row of each key; refuse the earlier ones, naming the line that replaced them."""
    cols = [c.strip() for c in key_cols.split(",")]
    join = " AND ".join(f"t.{c} = d.{c}" for c in cols)
    key = key_expr if "t." in key_expr else f"t.{key_expr}"
    reason = _("kunci ganda dalam berkas; digantikan oleh baris ")
    sql = f"""
        WITH d AS (
            SELECT {key_cols}, max(line) AS last FROM {tmp} GROUP BY {key_cols} HAVING count(*) > 1
        ), gone AS (
            DELETE FROM {tmp} t USING d WHERE {join} AND t.line < d.last
            RETURNING t.*, d.last
        )
        INSERT INTO {{errors}} (line, key, reason) SELECT t.line, {key}, %s || t.last FROM gone t
    """  # noqa: S608 - identifiers from model metadata; values bound
    return sql, [reason]


# ---------------------------------------------------------------------------
# Reading


class _CountingReader(io.RawIOBase):
    """Counts the bytes read from the source, for the progress bar."""

    def __init__(self, raw: IO[bytes], progress: Callable[[int], None] | None) -> None:
        self._raw = raw
        self._progress = progress
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.bytes_read += n
        if self._progress and n:
            self._progress(n)
        return n


class _CopySource:
    """A file-like object for ``copy_expert`` that pulls its data from a generator.
    An exception in the generator is kept and re-raised after the COPY, so the
    caller sees the real reason (psycopg2 would only report a failed read)."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> str:
        if self.error is not None:
            return ""
        try:
            return next(self._chunks, "")
        except BaseException as exc:  # re-raised by the caller after the COPY ends
            self.error = exc
            return ""


def _open_text(source: IO[bytes], progress) -> Iterator[str]:
    """The file's lines, decoded one by one so that a byte that is not UTF-8 is
    reported with its exact line (``\n`` never occurs inside a UTF-8 sequence)."""
    buffered = io.BufferedReader(_CountingReader(source, progress), buffer_size=1 << 20)
    for number, raw in enumerate(buffered, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "Berkas bukan teks UTF-8 yang valid (baris %(line)s). Simpan ulang sebagai CSV UTF-8; tidak ada data yang disimpan."
                )
                % {"line": number}
            )
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]  # a spreadsheet's byte-order mark is not part of the header
        yield text


def _header(reader, kind: str) -> tuple[dict[str, int], int]:
    """The position of each documented column, and the number of columns."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportFileError(_("Baris judul tidak dapat dibaca sebagai CSV: %(e)s") % {"e": exc})
    if not header:
        raise ImportFileError(_("Berkas kosong: baris judul kolom tidak ada."))
    names = [h.strip().lower() for h in header]
    expected = COLUMNS[kind]
    missing = [c for c in expected if c not in names]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(missing)s. Kolom berkas %(kind)s: %(expected)s.")
            % {"missing": ", ".join(missing), "kind": kind, "expected": ",".join(expected)}
        )
    duplicated = sorted({n for n in names if names.count(n) > 1 and n in expected})
    if duplicated:
        raise ImportFileError(_("Kolom ganda pada baris judul: %(cols)s.") % {"cols": ", ".join(duplicated)})
    return {name: names.index(name) for name in expected}, len(names)


def _stream(text: Iterator[str], spec: _Kind, outcome: _Outcome, error_writer) -> Iterator[str]:
    """Validated rows in the temp table's COPY format, in chunks; refused rows
    go to ``error_writer`` as (line, key, reason). ``line`` is the physical line
    where the record starts (the header is line 1)."""
    reader = csv.reader(text)
    columns, header_width = _header(reader, spec.kind)
    order = [columns[c] for c in COLUMNS[spec.kind]]
    # The usual case: exactly the documented columns in the documented order.
    natural = order == list(range(header_width))
    chunk: list[str] = []
    total = 0
    convert = spec.row
    last_line = reader.line_num
    while True:
        line = last_line + 1
        try:
            values = next(reader, None)
        except csv.Error as exc:
            # csv starts afresh on the next call: the rest of the file is still read.
            total += 1
            error_writer.writerow((line, "", _("baris tidak dapat dibaca sebagai CSV: %(e)s") % {"e": exc}))
            last_line = reader.line_num
            continue
        if values is None:
            break
        last_line = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank line
        total += 1
        try:
            if len(values) != header_width:
                raise _RowError(_("jumlah kolom %(n)s, seharusnya %(m)s") % {"n": len(values), "m": header_width})
            if natural:
                row = [v.strip() for v in values]
            else:
                row = [values[i].strip() for i in order]
            chunk.append(convert(row, line))
        except _RowError as exc:
            ordered = [values[i].strip() if i < len(values) else "" for i in order]
            error_writer.writerow((line, spec.key(ordered), str(exc)))
            continue
        if len(chunk) >= _COPY_CHUNK_ROWS:
            yield "".join(chunk)
            chunk.clear()
    if chunk:
        yield "".join(chunk)
    outcome.total = total


# ---------------------------------------------------------------------------
# Services


def _n(value: int) -> str:
    """A count with the active language's thousands separator (1.008.000)."""
    return number_format(value, force_grouping=True)


def _is_officer(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_role(Role.REGISTRY_OFFICER))


def _scope_reason(office: Office | None) -> str:
    return _("di luar wilayah kantor Anda (%(office)s); hanya kantor yang membawahinya yang dapat mengimpor") % {
        "office": office.code if office else "-"
    }


def registry_import_start(*, kind: str, source_name: str, actor) -> RegistryImport:
    """The RegistryImport row of a run about to start (committed on its own, so a
    failed run is still on record). Only a registry officer with an office (or a
    national one) may import; the import is scoped to their office."""
    if kind not in _KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    if not _is_officer(actor):
        raise ApplicationError(
            _("Hanya petugas registri yang dapat mengimpor data registri."), code="forbidden", status_code=403
        )
    scope = office_scope_ids(actor)
    if scope is not None and not scope:
        raise ApplicationError(
            _("Akun petugas registri ini belum terhubung dengan kantor; impor tidak dapat dibuat."),
            code="no_office",
            status_code=403,
        )
    return RegistryImport.objects.create(
        kind=kind, source_name=source_name[:255], started_by=actor, office=actor.office
    )


def registry_import_run(
    *,
    registry_import: RegistryImport,
    source: IO[bytes],
    actor,
    progress: Callable[[int], None] | None = None,
) -> RegistryImport:
    """Read one CSV file (a binary file object) and **stage** it: refused rows are
    reported, new and changed rows are stored with their per-field difference
    and the eligibility flips are computed; the registry itself is unchanged
    until ``registry_import_approve``. Never raises for bad data: an unreadable
    file ends with status ``failed`` and nothing staged."""
    imp = registry_import
    spec = _KINDS[imp.kind]()
    scope = office_scope_ids(imp.started_by) if imp.started_by_id else set()
    try:
        with transaction.atomic():
            outcome, report = _import(spec, imp, source, progress, scope=scope)
            imp.status = RegistryImport.Status.STAGED
            imp.rows_total = outcome.total
            imp.rows_rejected = outcome.rejected
            imp.rows_imported = outcome.total - outcome.rejected
            imp.rows_new = outcome.inserted
            imp.rows_changed = outcome.updated
            imp.rows_unchanged = imp.rows_imported - outcome.inserted - outcome.updated
            imp.flips = len(outcome.flips)
            imp.errors = outcome.first_errors
            imp.message = _(
                "%(ok)s dari %(total)s baris diterima (%(new)s baru, %(upd)s berubah, %(same)s tidak berubah); "
                "%(bad)s baris ditolak. Registri belum berubah: menunggu persetujuan petugas registri kedua."
            ) % {
                "ok": _n(imp.rows_imported),
                "total": _n(outcome.total),
                "new": _n(outcome.inserted),
                "upd": _n(outcome.updated),
                "same": _n(imp.rows_unchanged),
                "bad": _n(outcome.rejected),
            }
            imp.finished_at = timezone.now()
            if report is not None:
                with open(report, "rb") as fh:
                    imp.error_report.save(f"registry-import-{imp.pk}-errors.csv", File(fh), save=False)
                Path(report).unlink(missing_ok=True)
            imp.save()
            RegistryImportFlip.objects.bulk_create(outcome.flips, batch_size=2000)
            audit_record(
                actor=actor,
                obj=imp,
                action="registry_import_stage",
                from_state=RegistryImport.Status.RUNNING,
                to_state=RegistryImport.Status.STAGED,
                data={
                    "kind": imp.kind,
                    "source": imp.source_name,
                    "rows_total": imp.rows_total,
                    "rows_imported": imp.rows_imported,
                    "rows_rejected": imp.rows_rejected,
                    "new": imp.rows_new,
                    "changed": imp.rows_changed,
                    "unchanged": imp.rows_unchanged,
                    "eligibility_flips": imp.flips,
                },
            )
    except ImportFileError as exc:
        _fail(imp, actor, str(exc))
    except Exception as exc:
        _fail(imp, actor, _("Impor gagal karena kesalahan sistem (%(e)s); tidak ada data yang disimpan.") % {"e": exc})
        raise
    return imp


def registry_import_file(
    *, kind: str, path: str | Path, actor, source_name: str | None = None, progress=None
) -> RegistryImport:
    """Command-line entry point: stage the file at ``path``."""
    path = Path(path)
    imp = registry_import_start(kind=kind, source_name=source_name or path.name, actor=actor)
    try:
        source = open(path, "rb")  # noqa: SIM115 - closed below, after the run
    except OSError as exc:
        _fail(imp, actor, _("Berkas tidak dapat dibuka: %(e)s") % {"e": exc.strerror or exc})
        return imp
    with source:
        return registry_import_run(registry_import=imp, source=source, actor=actor, progress=progress)


def registry_import_may_decide(imp: RegistryImport, user) -> bool:
    """A second registry officer whose scope covers the import's office (the same
    office or one above it), never the uploader."""
    if not _is_officer(user) or user.pk == imp.started_by_id:
        return False
    scope = office_scope_ids(user)
    if scope is None:
        return True
    return imp.office_id is not None and imp.office_id in scope


def _lock_staged(imp: RegistryImport) -> RegistryImport:
    locked = RegistryImport.objects.select_for_update().get(pk=imp.pk)
    if locked.status != RegistryImport.Status.STAGED:
        raise StateConflictError(
            _("Impor ini berstatus %(status)s; hanya impor yang menunggu persetujuan dapat diputuskan.")
            % {"status": locked.get_status_display()},
            code="not_staged",
        )
    return locked


def _refuse_decider(imp: RegistryImport, actor) -> None:
    if _is_officer(actor) and actor.pk == imp.started_by_id:
        raise ApplicationError(
            _("Pengunggah tidak dapat memutuskan impornya sendiri; minta petugas registri lain."),
            code="four_eyes",
            status_code=403,
        )
    if not registry_import_may_decide(imp, actor):
        raise ApplicationError(
            _(
                "Hanya petugas registri lain dari kantor yang sama atau kantor di atasnya yang dapat memutuskan impor ini."
            ),
            code="forbidden",
            status_code=403,
        )


def _drop_staged(imp: RegistryImport) -> None:
    _KINDS[imp.kind].staged_model.objects.filter(registry_import=imp).delete()


def _finish(imp: RegistryImport, actor, to_state: str, action: str, reason: str = "", data=None) -> RegistryImport:
    imp.status = to_state
    imp.decided_by = actor
    imp.decided_at = timezone.now()
    imp.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        obj=imp,
        action=action,
        from_state=RegistryImport.Status.STAGED,
        to_state=to_state,
        reason=reason,
        data={"kind": imp.kind, "source": imp.source_name, **(data or {})},
    )
    return imp


@transaction.atomic
def registry_import_approve(*, registry_import: RegistryImport, actor) -> RegistryImport:
    """Apply a staged import to the registry: exactly the staged new and changed
    rows, refused when the registry has changed since staging (the approver saw
    another diff); one audit event per changed object with every field's old
    and new value."""
    imp = _lock_staged(registry_import)
    _refuse_decider(imp, actor)
    spec = _KINDS[imp.kind]()
    staged = spec.staged_model._meta.db_table
    tmp = f"registry_import_{imp.pk}_apply"
    cols = ", ".join(spec.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {tmp} ON COMMIT DROP AS SELECT {cols} FROM {staged} WHERE registry_import_id = %s",  # noqa: S608
            [imp.pk],
        )
        # Stale: a row staged as new now exists, or a changed row's diff against
        # the registry is no longer the one shown. New rows (most of a fresh
        # ledger) only need the existence test; the diff is rebuilt for changed rows.
        tables = spec.tables()
        cursor.execute(
            f"""SELECT count(*) FROM {staged} t {spec.current_join.format(**tables)}
                WHERE t.registry_import_id = %s AND t.change = 'new' AND cur.id IS NOT NULL""",  # noqa: S608
            [imp.pk],
        )
        stale = cursor.fetchone()[0]
        changed = f"(SELECT {cols} FROM {staged} WHERE registry_import_id = {int(imp.pk)} AND change = 'changed')"  # noqa: S608
        cursor.execute(
            f"""SELECT count(*) FROM {staged} s LEFT JOIN ({spec.diff_sql(changed)}) d ON d.line = s.line
                WHERE s.registry_import_id = %s AND s.change = 'changed'
                  AND (d.line IS NULL OR d.change IS DISTINCT FROM s.change OR d.diff IS DISTINCT FROM s.diff)""",  # noqa: S608
            [imp.pk],
        )
        stale += cursor.fetchone()[0]
        if stale:
            raise StateConflictError(
                _(
                    "Registri sudah berubah sejak impor ini disiapkan (%(n)s baris tidak lagi sesuai dengan perbedaan "
                    "yang ditampilkan). Tolak impor ini dan unggah ulang berkasnya."
                )
                % {"n": _n(stale)},
                code="stale",
            )
        cursor.execute(spec.upsert(tmp))
        inserted, updated = cursor.fetchone()
        user, label = (actor, actor.get_username()) if getattr(actor, "is_authenticated", False) else (None, str(actor))
        cursor.execute(
            f"""INSERT INTO {AuditEvent._meta.db_table}
                    (at, actor_id, actor_label, content_type_id, object_id, action, from_state, to_state, reason, data)
                SELECT %(at)s, %(actor)s, %(label)s, %(ct)s, a.id::text, 'registry_change', '', '', '', a.data
                FROM ({spec.audit_select(staged)}) a (id, data)""",  # noqa: S608 - identifiers from model metadata
            {
                "at": timezone.now(),
                "actor": user.pk if user else None,
                "label": label[:150],
                "ct": ContentType.objects.get_for_model(spec.object_model).pk,
                "imp": imp.pk,
            },
        )
        audited = cursor.rowcount
        cursor.execute(f"DROP TABLE {tmp}")
    return _finish(
        imp,
        actor,
        RegistryImport.Status.DONE,
        "registry_import_approve",
        data={"inserted": inserted, "updated": updated, "audited_objects": audited},
    )


@transaction.atomic
def registry_import_reject(*, registry_import: RegistryImport, actor, reason: str = "") -> RegistryImport:
    """A second officer refuses a staged import: nothing is applied, the staged rows are dropped."""
    imp = _lock_staged(registry_import)
    _refuse_decider(imp, actor)
    _drop_staged(imp)
    return _finish(imp, actor, RegistryImport.Status.REJECTED, "registry_import_reject", reason=reason)


@transaction.atomic
def registry_import_cancel(*, registry_import: RegistryImport, actor, reason: str = "") -> RegistryImport:
    """The uploader withdraws their staged import: nothing is applied."""
    imp = _lock_staged(registry_import)
    if not (_is_officer(actor) and actor.pk == imp.started_by_id):
        raise ApplicationError(
            _("Hanya pengunggah yang dapat membatalkan impor ini; petugas lain dapat menolaknya."),
            code="forbidden",
            status_code=403,
        )
    _drop_staged(imp)
    return _finish(imp, actor, RegistryImport.Status.CANCELLED, "registry_import_cancel", reason=reason)


@transaction.atomic
def _fail(imp: RegistryImport, actor, message: str) -> None:
    imp.status = RegistryImport.Status.FAILED
    imp.message = message
    imp.rows_imported = 0
    imp.finished_at = timezone.now()
    imp.save(update_fields=["status", "message", "rows_imported", "finished_at"])
    audit_record(
        actor=actor,
        obj=imp,
        action="registry_import",
        from_state=RegistryImport.Status.RUNNING,
        to_state=RegistryImport.Status.FAILED,
        reason=message,
        data={"kind": imp.kind, "source": imp.source_name},
    )


def _verdicts(ids: list[int], today: dt.date, *, ledger: str | None = None) -> dict[int, tuple[bool, tuple[str, ...]]]:
    out = {}
    rows = facts_for_participants(
        ids, phk_date=today, phk_reason=FLIP_PHK_REASON, decision_date=today, ledger_table=ledger
    )
    for pk, facts in rows:
        verdict = evaluate(facts)
        out[pk] = (verdict.eligible, verdict.failed)
    return out


def _stage(spec: _Kind, imp: RegistryImport, tmp: str, cursor, outcome: _Outcome) -> None:
    """Store the new and changed rows with their diff; find the eligibility flips
    by judging the touched participants before and after: on a temporary
    after-ledger for contribution files, else on a trial upsert inside a
    savepoint that is rolled back."""
    staged = spec.staged_model._meta.db_table
    cols = ", ".join(spec.columns)
    cursor.execute(
        f"""WITH d AS ({spec.diff_sql(tmp)}),
            ins AS (
                INSERT INTO {staged} (registry_import_id, change, diff, {cols})
                SELECT %s, change, diff, {cols} FROM d WHERE change <> 'unchanged'
                RETURNING change
            )
            SELECT count(*) FILTER (WHERE change = 'new'), count(*) FILTER (WHERE change = 'changed') FROM ins""",  # noqa: S608
        [imp.pk],
    )
    outcome.inserted, outcome.updated = cursor.fetchone()
    cursor.execute(spec.affected_sql(), {"imp": imp.pk})
    ids = sorted({row[0] for row in cursor.fetchall()})
    if not ids:
        return
    today = timezone.localdate()
    before = _verdicts(ids, today)
    ledger = spec.after_ledger(tmp, cursor, ids)
    if ledger is not None:
        after = _verdicts(ids, today, ledger=ledger)
        cursor.execute(f"DROP TABLE {ledger}")
    else:
        savepoint = transaction.savepoint()
        try:
            cursor.execute(spec.upsert(tmp))
            after = _verdicts(ids, today)
        finally:
            transaction.savepoint_rollback(savepoint)
    for pk, (was, was_failed) in before.items():
        now, now_failed = after.get(pk, (was, was_failed))
        if was != now:
            outcome.flips.append(
                RegistryImportFlip(
                    registry_import=imp,
                    participant_id=pk,
                    eligible_before=was,
                    eligible_after=now,
                    failed_before=list(was_failed),
                    failed_after=list(now_failed),
                )
            )


def _import(
    spec: _Kind, imp: RegistryImport, source: IO[bytes], progress, *, scope: set[int] | None
) -> tuple[_Outcome, str | None]:
    """Load, check and stage one file; returns the outcome and the path of the
    error report (a temporary file, None when every row was accepted)."""
    outcome = _Outcome()
    tmp = f"registry_import_{imp.pk}_rows"
    errors = f"registry_import_{imp.pk}_errors"
    text = _open_text(source, progress)
    err_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - becomes the report, removed on failure
        "w+", encoding="utf-8", newline="", suffix=".csv", delete=False
    )
    try:
        with err_file, connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg2 cursor, for COPY
            cursor.execute(f"CREATE TEMP TABLE {tmp} ({spec.temp_columns}) ON COMMIT DROP")
            cursor.execute(f"CREATE TEMP TABLE {errors} (line int, key text, reason text) ON COMMIT DROP")
            copy_source = _CopySource(_stream(text, spec, outcome, csv.writer(err_file, lineterminator="\n")))
            options = "FORMAT csv" if spec.copy_format == "csv" else "FORMAT text"
            if spec.not_null:
                options += f", FORCE_NOT_NULL ({', '.join(spec.not_null)})"
            raw.copy_expert(f"COPY {tmp} FROM STDIN WITH ({options})", copy_source, size=1 << 20)
            if copy_source.error is not None:
                raise copy_source.error
            # Rows refused in Python join the set-based refusals in one errors table.
            err_file.flush()
            err_file.seek(0)
            raw.copy_expert(f"COPY {errors} FROM STDIN WITH (FORMAT csv)", err_file, size=1 << 20)
            cursor.execute(f"ANALYZE {tmp}")
            for statement, params in spec.checks(tmp):
                cursor.execute(statement.replace("{errors}", errors), params)
            if scope is not None:
                cursor.execute(
                    f"""WITH bad AS (
                            DELETE FROM {tmp} t WHERE {spec.scope_sql()} RETURNING t.line, {spec.key_sql} AS key
                        )
                        INSERT INTO {errors} (line, key, reason) SELECT line, key, %(reason)s FROM bad""",  # noqa: S608
                    {"scope": sorted(scope), "reason": _scope_reason(imp.office)},
                )
            _stage(spec, imp, tmp, cursor, outcome)
            cursor.execute(f"SELECT count(*) FROM {errors}")  # noqa: S608 - our temp table
            outcome.rejected = cursor.fetchone()[0]
            if outcome.rejected:
                cursor.execute(f"SELECT line, key, reason FROM {errors} ORDER BY line LIMIT %s", [ERRORS_KEPT])  # noqa: S608
                outcome.first_errors = [{"line": ln, "key": key, "reason": reason} for ln, key, reason in cursor]
                err_file.close()
                with open(err_file.name, "wb") as report:
                    report.write(b"file,line,key,reason\n")
                    raw.copy_expert(
                        f"COPY (SELECT {raw.mogrify('%s', [defuse(imp.source_name)]).decode()}, line, "  # noqa: S608
                        f"{sql_defused('key')}, {sql_defused('reason')} "
                        f"FROM {errors} ORDER BY line) TO STDOUT WITH (FORMAT csv)",
                        report,
                    )
            cursor.execute(f"DROP TABLE {tmp}")
            cursor.execute(f"DROP TABLE {errors}")
    except BaseException:
        Path(err_file.name).unlink(missing_ok=True)
        raise
    if not outcome.rejected:
        Path(err_file.name).unlink(missing_ok=True)
        return outcome, None
    return outcome, err_file.name
