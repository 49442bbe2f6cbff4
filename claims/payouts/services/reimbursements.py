"""The employer's reimbursement when the employer paid the cash benefit itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import add_months
from jkp_portal.accounts.roles import CLAIM_STAFF_ROLES
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

from ..calendar import add_working_days
from ..conditions import rule_set
from ..models import Benefit, BenefitMonth, EmployerReimbursement, MonthStatus, ReimbursementStatus

STAFF_ROLES = CLAIM_STAFF_ROLES


def _is_employer_of(actor, benefit: Benefit) -> bool:
    employer = benefit.participant.employer
    return bool(
        actor.has_role("employer")
        and employer is not None
        and actor.employer_npp
        and actor.employer_npp == employer.npp
    )


@transaction.atomic
def reimbursement_request(
    *, benefit: Benefit, actor, arrears_settled_on: date, paid_to_worker_on: date, note: str = ""
) -> EmployerReimbursement:
    """The employer asks BPJS to reimburse the months it paid to the worker,
    within the rule set's months after settling all contribution arrears."""
    if not (_is_employer_of(actor, benefit) or actor.has_role(*STAFF_ROLES)):
        raise ForbiddenError(_("Hanya pemberi kerja peserta ini atau petugas BPJS yang dapat mengajukan penggantian."))
    if benefit.payer != "employer":
        raise StateConflictError(_("Manfaat ini dibayar BPJS; tidak ada penggantian untuk pemberi kerja."))
    today = timezone.localdate()
    rs = rule_set(benefit.rule_set)
    deadline = add_months(arrears_settled_on, rs.employer_reimbursement_request_months)
    errors = {}
    if arrears_settled_on > today:
        errors["arrears_settled_on"] = [_("Tanggal pelunasan tidak boleh di masa depan.")]
    elif today > deadline:
        errors["arrears_settled_on"] = [
            _("Penggantian harus diajukan paling lambat %(n)s bulan setelah tunggakan dilunasi (batas %(d)s).")
            % {"n": rs.employer_reimbursement_request_months, "d": deadline.strftime("%d-%m-%Y")}
        ]
    if paid_to_worker_on > today:
        errors["paid_to_worker_on"] = [_("Tanggal pembayaran tidak boleh di masa depan.")]
    if errors:
        raise ApplicationError(_("Pengajuan penggantian belum dapat diterima."), errors=errors)
    months = list(
        BenefitMonth.objects.select_for_update()
        .filter(benefit=benefit, status=MonthStatus.EMPLOYER, reimbursement__isnull=True)
        .order_by("month_no")
    )
    if not months:
        raise StateConflictError(_("Tidak ada bulan tanggungan pemberi kerja yang belum diajukan penggantiannya."))
    item = EmployerReimbursement.objects.create(
        benefit=benefit,
        employer=benefit.participant.employer,
        amount=sum((m.amount for m in months), Decimal(0)),
        arrears_settled_on=arrears_settled_on,
        paid_to_worker_on=paid_to_worker_on,
        requested_by=actor,
        note=note[:500],
    )
    BenefitMonth.objects.filter(pk__in=[m.pk for m in months]).update(reimbursement=item)
    audit_record(
        actor=actor,
        obj=item,
        action="reimbursement.submitted",
        to_state=item.status,
        data={"months": [m.month_no for m in months], "amount": str(item.amount)},
    )
    return item


def _locked(reimbursement_id: int) -> EmployerReimbursement:
    return EmployerReimbursement.objects.select_for_update().select_related("benefit").get(pk=reimbursement_id)


def _require_staff(actor) -> None:
    if not actor.has_role(*STAFF_ROLES):
        raise ForbiddenError(_("Hanya petugas BPJS yang dapat memproses penggantian."))


@transaction.atomic
def reimbursement_mark_complete(*, reimbursement_id: int, actor, on_date: date | None = None) -> EmployerReimbursement:
    """Documents are complete: the reimbursement is due within the rule set's working days."""
    _require_staff(actor)
    item = _locked(reimbursement_id)
    if item.status != ReimbursementStatus.SUBMITTED:
        raise StateConflictError(
            _("Penggantian berstatus '%(s)s'; tidak dapat ditandai lengkap.") % {"s": item.get_status_display()}
        )
    day = on_date or timezone.localdate()
    item.status = ReimbursementStatus.COMPLETE
    item.documents_complete_on = day
    item.sla_deadline = add_working_days(day, rule_set(item.benefit.rule_set).employer_reimbursement_working_days)
    item.decided_by = actor
    item.save()
    audit_record(
        actor=actor,
        obj=item,
        action="reimbursement.complete",
        from_state=ReimbursementStatus.SUBMITTED,
        to_state=item.status,
        data={"sla_deadline": item.sla_deadline.isoformat()},
    )
    return item


@transaction.atomic
def reimbursement_pay(*, reimbursement_id: int, actor, reference: str, on_date: date | None = None):
    _require_staff(actor)
    item = _locked(reimbursement_id)
    if item.status != ReimbursementStatus.COMPLETE:
        raise StateConflictError(
            _("Penggantian berstatus '%(s)s'; hanya yang dokumennya lengkap dapat dibayar.")
            % {"s": item.get_status_display()}
        )
    if not reference.strip():
        raise ApplicationError(_("Isi referensi transfer."), errors={"reference": [_("Wajib diisi.")]})
    item.status = ReimbursementStatus.REIMBURSED
    item.reimbursed_on = on_date or timezone.localdate()
    item.reference = reference.strip()[:100]
    item.decided_by = actor
    item.save()
    audit_record(
        actor=actor,
        obj=item,
        action="reimbursement.paid",
        from_state=ReimbursementStatus.COMPLETE,
        to_state=item.status,
        data={"reference": item.reference, "late": item.reimbursed_on > item.sla_deadline},
    )
    return item


@transaction.atomic
def reimbursement_reject(*, reimbursement_id: int, actor, reason: str):
    _require_staff(actor)
    item = _locked(reimbursement_id)
    if item.status not in (ReimbursementStatus.SUBMITTED, ReimbursementStatus.COMPLETE):
        raise StateConflictError(
            _("Penggantian berstatus '%(s)s'; tidak dapat ditolak.") % {"s": item.get_status_display()}
        )
    if not reason.strip():
        raise ApplicationError(_("Sebutkan alasan penolakan."), errors={"reason": [_("Wajib diisi.")]})
    old = item.status
    item.status = ReimbursementStatus.REJECTED
    item.note = reason.strip()[:500]
    item.decided_by = actor
    item.save()
    BenefitMonth.objects.filter(reimbursement=item).update(reimbursement=None)
    audit_record(
        actor=actor, obj=item, action="reimbursement.rejected", from_state=old, to_state=item.status, reason=reason
    )
    return item
