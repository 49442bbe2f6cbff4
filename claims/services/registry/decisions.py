"""Deciding a staged registry import: a second registry officer approves
(the staged rows are applied, one audit event per changed object) or rejects
it; the uploader may cancel it. See docs/registry-imports.md."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import RegistryImport
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.models import AuditEvent
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError

from .common import _KINDS, _is_officer, _n


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
