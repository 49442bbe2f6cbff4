"""What every kind of registry file does: its temporary table, the row check,
the set-based SQL checks, the diff against the registry, the upsert and the
audit of what changed. The three kinds are ``employers``, ``participants`` and
``contributions``."""

from __future__ import annotations

import abc
import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Contribution, Employer, Participant
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import RegencyResolver


class _Kind(abc.ABC):
    kind: str
    temp_columns: str  # "line int, ..." of the temporary table
    copy_format: str  # "csv" or "text"
    not_null: tuple[str, ...] = ()  # text columns where an empty CSV value is "" (not NULL)

    def __init__(self) -> None:
        self.today = timezone.localdate()
        # Read before the rows stream into COPY: no query may run on the connection then.
        self.regions = RegencyResolver()

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
