"""Staging a registry import: reading one file of the BPJS core extract into the Staged* tables.

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
approves (``decisions``); only then the staged rows are upserted, and every changed object
gets an audit event with ``{"field": [old, new]}``. Only a registry officer
may import, and rows about employers/participants outside the uploader's
office scope are refused per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import evaluate
from claims.models import RegistryImport, RegistryImportFlip
from claims.selectors.registry import facts_for_participants
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.exports import defuse, sql_defused

from .base import _Kind
from .common import _KINDS, _is_officer, _n
from .files import ImportFileError, _CopySource, _open_text, _stream

# The hypothetical PHK for the before/after eligibility comparison: today, for
# efficiency (a reason that is never excluded), decided today.
FLIP_PHK_REASON = "efficiency"

# The first errors are kept on the RegistryImport row (shown on the result page);
# the full list is in the downloadable error report.
ERRORS_KEPT = 100


@dataclass
class _Outcome:
    total: int = 0
    rejected: int = 0
    inserted: int = 0  # new rows staged
    updated: int = 0  # changed rows staged
    flips: list[RegistryImportFlip] = field(default_factory=list)
    first_errors: list[dict[str, Any]] = field(default_factory=list)


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
