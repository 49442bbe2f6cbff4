"""What a Disnaker mediator does with a reported PHK, one service per transition:

    reported  --confirm-->          confirmed   (the worker accepted: uncontested PHK)
    reported  --record agreement--> agreement   (perjanjian bersama registered at the PHI court)
    reported  --mark disputed-->    disputed    (a case is pending at the PHI court)
    disputed  --record agreement--> agreement   (the parties settled during the case)
    disputed  --resolve upheld-->   confirmed   (inkracht decision: the PHK stands)
    disputed  --resolve annulled--> annulled    (inkracht decision: the worker is reinstated)

A confirmed or agreed PHK is proof of PHK for the worker's claim (type 1 under
PP 6/2025); a disputed one blocks the claim's approval until resolved.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

from ..models import PhkDocument, PhkReport, PhkReportRow, RowStatus
from ..selectors import is_area_mediator
from .documents import StoredFiles, document_store, inspect_upload
from .reports import _reactivate_if_no_live_report


def _require_mediator(actor, employer) -> None:
    if not is_area_mediator(actor, employer):
        raise ForbiddenError(_("Hanya mediator Disnaker wilayah perusahaan ini yang dapat memproses laporan ini."))


def _wrong_state(row: PhkReportRow, action: str) -> StateConflictError:
    return StateConflictError(
        _("%(action)s tidak dapat dilakukan: status PHK %(name)s saat ini %(status)s.")
        % {"action": action, "name": row.participant.full_name, "status": row.get_status_display()},
        errors={"status": [row.status]},
    )


def _lock_row(row: PhkReportRow | int) -> PhkReportRow:
    pk = row.pk if isinstance(row, PhkReportRow) else row
    return (
        PhkReportRow.objects.select_for_update(of=("self",))
        .select_related("report", "report__employer", "participant")
        .get(pk=pk)
    )


def _required(values: dict[str, str]) -> None:
    errors = {name: [_("Wajib diisi.")] for name, value in values.items() if not (value or "").strip()}
    if errors:
        raise ApplicationError(_("Lengkapi data yang wajib diisi."), code="required", errors=errors)


def _not_future(value: dt.date | None, field: str, label: str) -> None:
    if value is None:
        raise ApplicationError(
            _("Lengkapi data yang wajib diisi."), code="required", errors={field: [_("Wajib diisi.")]}
        )
    if value > timezone.localdate():
        message = _("%(label)s tidak boleh di masa depan.") % {"label": label}
        raise ApplicationError(message, errors={field: [message]})


@transaction.atomic
def phk_rows_confirm(
    *, actor, report: PhkReport, row_ids: list[int] | None = None, note: str = ""
) -> list[PhkReportRow]:
    """Confirm uncontested PHKs: the named rows, or every waiting row whose
    worker accepted the PHK. A worker who did not accept it cannot be
    confirmed this way (record a perjanjian bersama or mark it disputed)."""
    _require_mediator(actor, report.employer)
    qs = report.rows.select_for_update(of=("self",)).select_related("participant").order_by("line")
    if row_ids is None:
        rows = list(qs.filter(status=RowStatus.REPORTED, accepted=True))
        if not rows:
            raise StateConflictError(
                _("Tidak ada pekerja yang menunggu konfirmasi dan menerima PHK dalam laporan ini."),
                errors={"rows": [_("Tidak ada yang dapat dikonfirmasi.")]},
            )
    else:
        wanted = {int(i) for i in row_ids}
        rows = list(qs.filter(pk__in=wanted))
        if len(rows) != len(wanted) or not wanted:
            raise ApplicationError(
                _("Pilih pekerja dari laporan ini."), code="unknown_rows", errors={"row_ids": [_("Tidak dikenal.")]}
            )
        for row in rows:
            if row.status != RowStatus.REPORTED:
                raise _wrong_state(row, _("Konfirmasi"))
            if not row.accepted:
                message = _("%(name)s tidak menerima PHK: catat perjanjian bersama atau tandai diperselisihkan.") % {
                    "name": row.participant.full_name
                }
                raise ApplicationError(message, code="not_accepted", errors={"row_ids": [message]})
    now = timezone.now()
    PhkReportRow.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=RowStatus.CONFIRMED, mediator=actor, confirmed_at=now, mediator_note=note[:2000], updated_at=now
    )
    for row in rows:
        row.status, row.mediator, row.confirmed_at, row.mediator_note = RowStatus.CONFIRMED, actor, now, note
    audit_record_many(
        actor=actor,
        objs=rows,
        action="phk_confirmed",
        from_state=RowStatus.REPORTED,
        to_state=RowStatus.CONFIRMED,
        reason=note,
    )
    audit_record(actor=actor, obj=report, action="phk_confirmed", data={"rows": [r.pk for r in rows]})
    return rows


def phk_row_record_agreement(
    *,
    actor,
    row: PhkReportRow,
    agreement_number: str,
    deed_number: str,
    deed_date: dt.date | None,
    court_name: str,
    document,
    note: str = "",
) -> PhkReportRow:
    """Record a perjanjian bersama registered at the PHI court (its number, the
    registration deed's number and date, the court, and the scanned PB with the deed)."""
    _required({"agreement_number": agreement_number, "deed_number": deed_number, "court_name": court_name})
    _not_future(deed_date, "deed_date", _("Tanggal akta pendaftaran"))
    if document is None:
        message = _("Unggah perjanjian bersama beserta akta bukti pendaftarannya (PDF, JPG atau PNG).")
        raise ApplicationError(message, code="file_missing", errors={"document": [message]})
    upload = inspect_upload(document, field="document")
    stored = StoredFiles()
    try:
        with transaction.atomic():
            row = _lock_row(row)
            _require_mediator(actor, row.report.employer)
            if row.status not in (RowStatus.REPORTED, RowStatus.DISPUTED):
                raise _wrong_state(row, _("Pencatatan perjanjian bersama"))
            before = row.status
            row.status = RowStatus.AGREEMENT
            row.mediator = actor
            row.confirmed_at = timezone.now()
            row.agreement_number = agreement_number.strip()
            row.agreement_deed_number = deed_number.strip()
            row.agreement_deed_date = deed_date
            row.court_name = court_name.strip()
            row.mediator_note = note
            row.save()
            data, mime, name = upload
            doc = document_store(
                report=row.report,
                row=row,
                kind=PhkDocument.Kind.AGREEMENT,
                data=data,
                mime=mime,
                name=name,
                actor=actor,
                stored=stored,
            )
            audit_record(
                actor=actor,
                obj=row,
                action="agreement_recorded",
                from_state=before,
                to_state=RowStatus.AGREEMENT,
                reason=note,
                data={
                    "agreement_number": row.agreement_number,
                    "deed_number": row.agreement_deed_number,
                    "deed_date": deed_date.isoformat(),
                    "court": row.court_name,
                    "document_id": doc.pk,
                },
            )
    except Exception:
        stored.cleanup()
        raise
    return row


@transaction.atomic
def phk_row_mark_disputed(
    *, actor, row: PhkReportRow, court_case_number: str, court_name: str, note: str = ""
) -> PhkReportRow:
    """Mediation failed and the case went to the PHI court: the claim's approval
    is blocked until the decision is final."""
    _required({"court_case_number": court_case_number, "court_name": court_name})
    row = _lock_row(row)
    _require_mediator(actor, row.report.employer)
    if row.status != RowStatus.REPORTED:
        raise _wrong_state(row, _("Penandaan perselisihan"))
    row.status = RowStatus.DISPUTED
    row.mediator = actor
    row.disputed_at = timezone.now()
    row.court_case_number = court_case_number.strip()
    row.court_name = court_name.strip()
    row.mediator_note = note
    row.save()
    audit_record(
        actor=actor,
        obj=row,
        action="phk_disputed",
        from_state=RowStatus.REPORTED,
        to_state=RowStatus.DISPUTED,
        reason=note,
        data={"court_case_number": row.court_case_number, "court": row.court_name},
    )
    return row


def phk_row_resolve(
    *,
    actor,
    row: PhkReportRow,
    decision_number: str,
    inkracht_date: dt.date | None,
    outcome: str,
    document,
    note: str = "",
) -> PhkReportRow:
    """Record the PHI decision with permanent legal force (inkracht): the PHK
    stands (confirmed) or is annulled (the worker is reinstated and active again)."""
    _required({"decision_number": decision_number})
    _not_future(inkracht_date, "inkracht_date", _("Tanggal berkekuatan hukum tetap"))
    if outcome not in PhkReportRow.Outcome.values:
        raise ApplicationError(
            _("Pilih hasil putusan."), code="invalid_outcome", errors={"outcome": [_("Pilih salah satu.")]}
        )
    if document is None:
        message = _("Unggah salinan putusan PHI (PDF, JPG atau PNG).")
        raise ApplicationError(message, code="file_missing", errors={"document": [message]})
    upload = inspect_upload(document, field="document")
    stored = StoredFiles()
    try:
        with transaction.atomic():
            row = _lock_row(row)
            _require_mediator(actor, row.report.employer)
            if row.status != RowStatus.DISPUTED:
                raise _wrong_state(row, _("Pencatatan putusan"))
            upheld = outcome == PhkReportRow.Outcome.UPHELD
            row.status = RowStatus.CONFIRMED if upheld else RowStatus.ANNULLED
            row.outcome = outcome
            row.decision_number = decision_number.strip()
            row.decision_inkracht_date = inkracht_date
            row.mediator = actor
            if upheld:
                row.confirmed_at = timezone.now()
            row.mediator_note = note
            row.save()
            data, mime, name = upload
            doc = document_store(
                report=row.report,
                row=row,
                kind=PhkDocument.Kind.COURT_DECISION,
                data=data,
                mime=mime,
                name=name,
                actor=actor,
                stored=stored,
            )
            audit_record(
                actor=actor,
                obj=row,
                action="dispute_resolved",
                from_state=RowStatus.DISPUTED,
                to_state=row.status,
                reason=note,
                data={
                    "decision_number": row.decision_number,
                    "inkracht_date": inkracht_date.isoformat(),
                    "outcome": outcome,
                    "document_id": doc.pk,
                },
            )
            if not upheld:
                _reactivate_if_no_live_report(row=row, actor=actor, reason=_("PHK dibatalkan putusan PHI"))
    except Exception:
        stored.cleanup()
        raise
    return row
