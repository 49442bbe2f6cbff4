"""The life of a counselling case (statuses in ``models.CaseStatus``):

unassigned → new (assignment) → active (first contact) ⇄ in_training
any open status → reemployed (the worker works again) | closed (by the konselor or supervisor)
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError

from ..models import OPEN_CASE_STATUSES, PENDING_SESSION_STATUSES, Case, CaseStatus, CounsellingSession, SessionStatus

OPEN_OR_WAITING = (CaseStatus.UNASSIGNED, *OPEN_CASE_STATUSES)


def _conflict(case: Case, action: str) -> StateConflictError:
    return StateConflictError(
        _("Kasus #%(id)s berstatus %(status)s; tindakan “%(action)s” tidak dapat dilakukan.")
        % {"id": case.pk, "status": case.get_status_display(), "action": action}
    )


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _cancel_pending_sessions(case: Case, *, actor, reason: str) -> int:
    pending = list(
        CounsellingSession.objects.select_for_update().filter(case=case, status__in=PENDING_SESSION_STATUSES)
    )
    for session in pending:
        before = session.status
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            obj=session,
            action="session_cancelled",
            from_state=before,
            to_state=session.status,
            reason=reason,
        )
    return len(pending)


@transaction.atomic
def case_open_for_claim(*, claim, actor) -> Case:
    """The case of an approved claim, created once (idempotent). Its area is the
    employer's regency and province and the claim's office."""
    existing = Case.objects.filter(claim_id=claim.pk).first()
    if existing is not None:
        return existing
    from claims.models import Claim, ClaimStatus

    claim = Claim.objects.select_related("participant__employer").get(pk=claim.pk)
    if claim.status != ClaimStatus.APPROVED:
        raise StateConflictError(
            _("Klaim #%(id)s berstatus %(status)s; konseling dimulai setelah klaim disetujui.")
            % {"id": claim.pk, "status": claim.get_status_display()}
        )
    employer = claim.participant.employer
    province = employer.province_code if employer else ""
    if not province and claim.office_id and len(claim.office.province_codes) == 1:
        province = claim.office.province_codes[0]
    case, created = Case.objects.get_or_create(
        claim=claim,
        defaults={
            "participant": claim.participant,
            "office_id": claim.office_id or (employer.office_id if employer else None),
            "province_code": province,
            "regency": employer.regency if employer else "",
            "status": CaseStatus.UNASSIGNED,
        },
    )
    if created:
        audit_record(actor=actor, obj=case, action="case_opened", to_state=case.status, data={"claim": claim.pk})
    return case


@transaction.atomic
def case_record_first_contact(*, case: Case, actor, note: str = "") -> Case:
    """The konselor reached the worker (by phone, message or the first session)."""
    case = _locked(case)
    if case.status != CaseStatus.NEW:
        raise _conflict(case, _("catat kontak pertama"))
    case.status = CaseStatus.ACTIVE
    case.first_contact_at = timezone.now()
    case.save(update_fields=["status", "first_contact_at", "updated_at"])
    audit_record(actor=actor, obj=case, action="first_contact", from_state="new", to_state=case.status, reason=note)
    return case


@transaction.atomic
def case_mark_in_training(*, case: Case, actor, note: str = "") -> Case:
    case = _locked(case)
    if case.status not in (CaseStatus.NEW, CaseStatus.ACTIVE):
        raise _conflict(case, _("tandai dalam pelatihan"))
    before = case.status
    case.status = CaseStatus.IN_TRAINING
    case.first_contact_at = case.first_contact_at or timezone.now()
    case.save(update_fields=["status", "first_contact_at", "updated_at"])
    audit_record(actor=actor, obj=case, action="training_started", from_state=before, to_state=case.status, reason=note)
    return case


@transaction.atomic
def case_end_training(*, case: Case, actor, note: str = "") -> Case:
    case = _locked(case)
    if case.status != CaseStatus.IN_TRAINING:
        raise _conflict(case, _("akhiri pelatihan"))
    case.status = CaseStatus.ACTIVE
    case.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        obj=case,
        action="training_ended",
        from_state=CaseStatus.IN_TRAINING,
        to_state=case.status,
        reason=note,
    )
    return case


@transaction.atomic
def case_close(*, case: Case, reason: str, actor) -> Case:
    """Close an open or waiting case (benefit ended, worker unreachable, moved away...)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Alasan penutupan wajib diisi."), errors={"reason": [_("Wajib diisi.")]})
    case = _locked(case)
    if case.status not in OPEN_OR_WAITING:
        raise _conflict(case, _("tutup kasus"))
    before = case.status
    _cancel_pending_sessions(case, actor=actor, reason=reason)
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.close_reason = reason[:300]
    case.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    audit_record(actor=actor, obj=case, action="case_closed", from_state=before, to_state=case.status, reason=reason)
    return case


@transaction.atomic
def cases_mark_reemployed(*, participant, on_date: dt.date, actor, source: str = "") -> list[Case]:
    """The worker works again: every open case of theirs ends as ``reemployed``
    and upcoming sessions are cancelled. A repeat changes nothing."""
    cases = list(
        Case.objects.select_for_update().filter(participant=participant, status__in=OPEN_OR_WAITING).order_by("pk")
    )
    reason = _("Bekerja kembali sejak %(date)s") % {"date": on_date.isoformat()}
    for case in cases:
        before = case.status
        _cancel_pending_sessions(case, actor=actor, reason=reason)
        case.status = CaseStatus.REEMPLOYED
        case.reemployed_on = on_date
        case.closed_at = timezone.now()
        case.close_reason = reason
        case.save(update_fields=["status", "reemployed_on", "closed_at", "close_reason", "updated_at"])
        audit_record(
            actor=actor,
            obj=case,
            action="case_reemployed",
            from_state=before,
            to_state=case.status,
            reason=reason,
            data={"source": source, "on_date": on_date.isoformat()},
        )
    return cases


@transaction.atomic
def cases_close_for_participant(*, participant, reason: str, actor) -> list[Case]:
    """The benefit ended for a reason other than work (the participant died):
    every open or waiting case of theirs is closed with ``reason``. A repeat
    changes nothing."""
    cases = Case.objects.filter(participant=participant, status__in=OPEN_OR_WAITING).order_by("pk")
    return [case_close(case=case, reason=reason, actor=actor) for case in cases]
