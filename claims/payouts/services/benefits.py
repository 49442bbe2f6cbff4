"""Creating a benefit at approval, ending it, and the worker's bank account."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.banks import OTHER_CODE, bank_for, clean_account_number
from claims.eligibility import rule_set_for
from claims.names import normalize_person_name
from claims.signals import benefit_ended
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.notifications import Message, notify

from ..locks import lock_benefits
from ..models import (
    BatchStatus,
    Benefit,
    BenefitMonth,
    BenefitStatus,
    EndReason,
    MonthStatus,
    Payment,
    PaymentStatus,
)

logger = logging.getLogger(__name__)


def _money(value) -> Decimal:
    return Decimal(str(value))


@transaction.atomic
def benefit_create_from_claim(*, claim, actor=None, settle_now: bool = True) -> Benefit:
    """The benefit of an approved claim, with its six months frozen from the
    claim's verdict (due date, rule set, rate, wage base, amount). Idempotent:
    a second call returns the existing benefit.

    ``settle_now`` pays the months already due (month 1) as soon as the
    approval commits; the demo, which replays past days with their own payout
    runs, turns it off so no month is paid before the day it replays."""
    existing = Benefit.objects.filter(claim_id=claim.pk).first()
    if existing is not None:
        return existing
    if claim.status != "approved":
        raise StateConflictError(
            _("Klaim #%(id)s berstatus %(status)s; manfaat hanya dibuat untuk klaim yang disetujui.")
            % {"id": claim.pk, "status": claim.status}
        )
    verdict = claim.verdict or {}
    schedule = verdict.get("schedule") or []
    if not verdict.get("eligible") or len(schedule) < 1:
        raise ApplicationError(_("Klaim #%(id)s tidak memiliki jadwal manfaat yang dibekukan.") % {"id": claim.pk})
    decision_date = claim.decision_date or date.fromisoformat(schedule[0]["due_date"])
    wage_base = claim.wage_base if claim.wage_base is not None else _money(verdict["wage_base"])
    number = (claim.bank_account_number or "").strip()
    if not number:
        raise ApplicationError(_("Klaim #%(id)s tidak memiliki nomor rekening.") % {"id": claim.pk})
    bank = bank_for(claim.bank_name or "")
    participant = claim.participant
    office_id = claim.office_id
    if office_id is None and participant.employer_id:
        office_id = participant.employer.office_id
    last = schedule[-1]
    benefit = Benefit.objects.create(
        claim=claim,
        participant=participant,
        office_id=office_id,
        rule_set=claim.rule_set or verdict.get("rule_set") or rule_set_for(decision_date).code,
        payer=claim.payer or verdict.get("payer") or "bpjs",
        wage_base=wage_base,
        decision_date=decision_date,
        last_month_no=int(last["month"]),
        last_due_date=date.fromisoformat(last["due_date"]),
        bank_code=bank.code if bank else OTHER_CODE,
        bank_name=(claim.bank_name or (bank.name if bank else ""))[:60],
        bank_account_number=number,
        bank_account_last4=claim.bank_account_last4 or number[-4:],
        bank_account_holder=claim.bank_account_holder or participant.full_name,
    )
    months = []
    previous_due = None
    for entry in schedule:
        due = date.fromisoformat(entry["due_date"])
        months.append(
            BenefitMonth(
                benefit=benefit,
                month_no=int(entry["month"]),
                period_start=previous_due or due,
                due_date=due,
                rule_set=entry["rule_set"],
                rate=_money(entry["rate"]),
                wage_base=wage_base,
                amount=_money(entry["amount"]),
            )
        )
        previous_due = due
    BenefitMonth.objects.bulk_create(months)
    from .evidence import refresh_month_evidence

    refresh_month_evidence(participant_ids=[participant.pk])
    audit_record(
        actor=actor,
        obj=benefit,
        action="benefit.created",
        to_state=benefit.status,
        data={
            "claim": claim.pk,
            "rule_set": benefit.rule_set,
            "payer": benefit.payer,
            "wage_base": str(wage_base),
            "months": [{"month": m.month_no, "due": m.due_date.isoformat(), "amount": str(m.amount)} for m in months],
        },
    )
    benefit_id = benefit.pk
    if settle_now:
        transaction.on_commit(lambda: _settle_benefit_now(benefit_id))
    return benefit


def _settle_benefit_now(benefit_id: int) -> None:
    """Settle a benefit's due months right after its transaction commits (month 1
    after approval, a withheld month once the report meets it): a few statements
    for one benefit, so it runs here; should it fail, the Celery task retries it."""
    from ..tasks import run_for_benefit

    try:
        run_for_benefit(benefit_id)
    except Exception:
        logger.warning("could not settle benefit %s now; queued", benefit_id, exc_info=True)
        try:
            run_for_benefit.delay(benefit_id)
        except Exception:  # no broker either: the daily run settles it
            logger.exception("could not queue the payout of benefit %s", benefit_id)


def _refresh_batch_totals(batch_ids) -> None:
    from .runs import refresh_batch_totals

    refresh_batch_totals(batch_ids=batch_ids, include_approved=True)


@transaction.atomic
def benefit_end(*, participant, on_date: date, reason: str, actor=None, source: str = "") -> list[Benefit]:
    """End the participant's running benefits: no month due after ``on_date`` is
    paid. Months not yet paid become ``stopped``; payments not yet sent to the
    bank are cancelled; payments already at the bank are recorded as an
    overpayment to recover."""
    if reason not in EndReason.values:
        raise ApplicationError(_("Alasan penghentian tidak dikenal: %(r)s") % {"r": reason})
    ids = list(
        Benefit.objects.filter(participant=participant, status=BenefitStatus.ACTIVE).values_list("pk", flat=True)
    )
    if not ids:
        return []
    lock_benefits(ids)
    ended = []
    today = timezone.localdate()
    for benefit in Benefit.objects.select_for_update().filter(pk__in=ids, status=BenefitStatus.ACTIVE).order_by("pk"):
        months = list(benefit.months.select_for_update().order_by("month_no"))
        payments = {
            p.month_id: p
            for p in Payment.objects.select_for_update().filter(month__benefit=benefit).select_related("batch")
        }
        stopped, cancelled, overpaid = [], [], []
        touched_batches = set()
        for month in months:
            if month.due_date <= on_date:
                continue
            payment = payments.get(month.pk)
            if payment is None:
                if month.status in (MonthStatus.SCHEDULED, MonthStatus.WITHHELD, MonthStatus.EMPLOYER):
                    stopped.append(month)
                continue
            if payment.status in (PaymentStatus.FAILED, PaymentStatus.REISSUE_READY) or (
                payment.status == PaymentStatus.PENDING
                and payment.batch.status in (BatchStatus.PREPARED, BatchStatus.APPROVED)
            ):
                cancelled.append(payment)
                touched_batches.add(payment.batch_id)
                stopped.append(month)
            elif payment.status in (PaymentStatus.PENDING, PaymentStatus.PAID):
                overpaid.append(payment)
        for month in stopped:
            month.status = MonthStatus.STOPPED
            month.settled_on = today
        BenefitMonth.objects.bulk_update(stopped, ["status", "settled_on"])
        if cancelled:
            Payment.objects.filter(pk__in=[p.pk for p in cancelled]).update(
                status=PaymentStatus.CANCELLED, result_reason=_("Manfaat dihentikan"), updated_at=timezone.now()
            )
            audit_record_many(
                actor=actor,
                objs=cancelled,
                action="payment.cancelled",
                to_state=PaymentStatus.CANCELLED,
                reason=_("Manfaat dihentikan: %(r)s sejak %(d)s") % {"r": EndReason(reason).label, "d": on_date},
            )
            _refresh_batch_totals(touched_batches)
        if stopped:
            audit_record_many(
                actor=actor,
                objs=stopped,
                action="month.stopped",
                to_state=MonthStatus.STOPPED,
                reason=_("Jatuh tempo setelah manfaat dihentikan (%(d)s)") % {"d": on_date},
            )
        payable = [m for m in months if m.due_date <= on_date]
        last = payable[-1] if payable else None
        benefit.status = BenefitStatus.ENDED
        benefit.ended_on = on_date
        benefit.end_reason = reason
        benefit.end_source = source[:60]
        benefit.last_month_no = last.month_no if last else 0
        benefit.last_due_date = last.due_date if last else benefit.decision_date
        if last is None or last.status in (MonthStatus.FORFEITED, MonthStatus.EMPLOYER) or last.pk in payments:
            benefit.is_open = False
            benefit.closed_on = today
        benefit.save()
        audit_record(
            actor=actor,
            obj=benefit,
            action="benefit.ended",
            from_state=BenefitStatus.ACTIVE,
            to_state=BenefitStatus.ENDED,
            reason=_("%(r)s sejak %(d)s") % {"r": EndReason(reason).label, "d": on_date.isoformat()},
            data={
                "source": source,
                "stopped_months": [m.month_no for m in stopped],
                "cancelled_payments": [p.pk for p in cancelled],
                "overpaid_payments": [p.pk for p in overpaid],
            },
        )
        if overpaid:
            audit_record(
                actor=actor,
                obj=benefit,
                action="benefit.overpayment",
                reason=_("Pembayaran untuk bulan setelah %(d)s sudah di bank; perlu ditagih kembali.")
                % {"d": on_date.isoformat()},
                data={"payments": [p.pk for p in overpaid], "amount": str(sum(p.amount for p in overpaid))},
            )
        user = participant.user
        if user is not None and reason == EndReason.REEMPLOYED:
            notify(
                user=user,
                message=Message(
                    subject=_("Manfaat uang tunai JKP dihentikan"),
                    body=_(
                        "Selamat bekerja kembali. Manfaat uang tunai JKP Anda dihentikan sejak %(d)s; "
                        "bulan yang jatuh tempo setelah tanggal itu tidak dibayarkan."
                    )
                    % {"d": on_date.strftime("%d-%m-%Y")},
                ),
            )
        ended.append(benefit)
    if ended:
        # Every app hears the end, however it came about (the employment-status
        # form, a supervisor, a placement): counselling closes the case, training
        # stops the matching, in this transaction.
        benefit_ended.send(
            sender=Benefit,
            participant=participant,
            benefits=ended,
            on_date=on_date,
            reason=str(reason),
            actor=actor,
            source=source,
        )
    return ended


def validate_account(*, participant, bank_code: str, bank_name: str, account_number: str, holder: str) -> dict:
    errors: dict[str, list[str]] = {}
    try:
        number = clean_account_number(account_number)
    except ValueError as exc:
        number = ""
        errors["account_number"] = [str(exc)]
    else:
        if not number:
            errors["account_number"] = [_("Nomor rekening wajib diisi.")]
    # "Bank lain" typed as a bank the registry knows is that bank (and gets its BIC)
    bank = bank_for(bank_code) if bank_code and bank_code != OTHER_CODE else bank_for(bank_name or "")
    if bank is None and not (bank_name or "").strip():
        errors["bank_name"] = [_("Sebutkan nama bank.")]
    if normalize_person_name(holder or "") != normalize_person_name(participant.full_name):
        errors["holder"] = [
            _("Rekening harus atas nama Anda sendiri (%(name)s), sesuai data peserta.")
            % {"name": participant.full_name}
        ]
    if errors:
        raise ApplicationError(_("Data rekening belum benar."), errors=errors)
    return {
        "bank_code": bank.code if bank else OTHER_CODE,
        "bank_name": (bank.name if bank else bank_name.strip())[:60],
        "number": number,
        "holder": holder.strip(),
    }
