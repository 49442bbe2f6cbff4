"""Payout batches: approval (maker-checker), the bank file, the bank's answer,
and re-issuing failed payments. Nothing is marked paid until the bank says so."""

from __future__ import annotations

import hashlib
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.banks import bank_for
from jkp_portal.accounts.roles import PAYOUT_OPERATOR_ROLES, Role
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import Message, notify

from ..bank_adapters import BankAdapter, bank_adapter
from ..bankfiles import ACCOUNT_REASONS, ResultFileError, TransferLine, parse_results, write_pain001
from ..banks import debtor
from ..calendar import add_working_days
from ..conditions import rule_set
from ..locks import lock_benefits
from ..models import BatchKind, BatchStatus, Benefit, Payment, PaymentAttempt, PaymentStatus, PayoutBatch

APPROVER_ROLES = (Role.APPROVER,)
# Who may send an approved batch to the bank (the same people who approve).
SEND_ROLES = APPROVER_ROLES
OPERATOR_ROLES = PAYOUT_OPERATOR_ROLES


def _status_conflict(batch: PayoutBatch, action: str) -> StateConflictError:
    return StateConflictError(
        _("Batch #%(id)s berstatus '%(status)s'; tidak dapat %(action)s.")
        % {"id": batch.pk, "status": batch.get_status_display(), "action": action}
    )


def _live_totals(batch: PayoutBatch) -> tuple[int, Decimal]:
    agg = batch.payments.exclude(status=PaymentStatus.CANCELLED).aggregate(n=Count("id"), total=Sum("amount"))
    return agg["n"] or 0, agg["total"] or Decimal(0)


@transaction.atomic
def payout_batch_approve(*, batch_id: int, actor) -> PayoutBatch:
    """An approver releases a prepared batch; its count and total are frozen.
    A batch prepared by hand cannot be approved by the person who prepared it."""
    if not actor.has_role(*APPROVER_ROLES):
        raise ForbiddenError(_("Hanya penyetuju yang dapat menyetujui batch pembayaran."))
    batch = PayoutBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != BatchStatus.PREPARED:
        raise _status_conflict(batch, _("disetujui"))
    if batch.prepared_by_id is not None and batch.prepared_by_id == actor.pk:
        raise ForbiddenError(
            _("Batch ini Anda siapkan sendiri; persetujuan harus oleh penyetuju lain (maker-checker).")
        )
    count, total = _live_totals(batch)
    if count == 0:
        raise StateConflictError(_("Batch #%(id)s kosong; tidak ada yang disetujui.") % {"id": batch.pk})
    batch.payment_count = count
    batch.total_amount = total
    batch.status = BatchStatus.APPROVED
    batch.approved_by = actor
    batch.approved_at = timezone.now()
    batch.save()
    audit_record(
        actor=actor,
        obj=batch,
        action="batch.approved",
        from_state=BatchStatus.PREPARED,
        to_state=BatchStatus.APPROVED,
        data={"payments": count, "total": str(total)},
    )
    return batch


@transaction.atomic
def payout_batch_send(*, batch_id: int, actor, adapter: BankAdapter | None = None) -> PayoutBatch:
    """Produce the pain.001 file of an approved batch and hand it to the bank.
    For a batch already sent this returns it unchanged (the same file).
    ``actor`` None is the system (the demo loader); a person must be an approver."""
    if actor is not None and not actor.has_role(*SEND_ROLES):
        raise ForbiddenError(_("Hanya penyetuju yang dapat mengirim batch pembayaran ke bank."))
    batch = PayoutBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status in (BatchStatus.SENT, BatchStatus.RECONCILED):
        return batch
    if batch.status != BatchStatus.APPROVED:
        raise _status_conflict(batch, _("dikirim ke bank sebelum disetujui"))
    count, total = _live_totals(batch)
    if (count, total) != (batch.payment_count, batch.total_amount):
        raise StateConflictError(
            _("Isi batch #%(id)s berubah sejak disetujui (%(n)s pembayaran, Rp %(t)s); setujui ulang.")
            % {"id": batch.pk, "n": count, "t": total}
        )
    now = timezone.now()
    message_id = f"JKP{batch.pk:09d}{now:%Y%m%d%H%M%S}"
    payments = batch.payments.filter(status=PaymentStatus.PENDING).select_related("month__benefit").order_by("id")
    lines = (
        TransferLine(
            payment_id=p.pk,
            attempt=p.attempt,
            amount=p.amount,
            bank_code=p.bank_code,
            bank_name=p.bank_name,
            account_number=p.account_number,
            holder=p.account_holder,
            remittance=f"Manfaat JKP bulan {p.month_no} klaim {p.month.benefit.claim_id} jatuh tempo {p.due_date:%d-%m-%Y}",
        )
        for p in payments.iterator(chunk_size=2000)
    )
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as tmp:
        write_pain001(
            tmp,
            message_id=message_id,
            created_at=timezone.localtime(now),
            execution_date=timezone.localdate(),
            debtor=debtor(),
            payment_info_id=f"BATCH-{batch.pk}",
            count=count,
            total=total,
            lines=lines,
        )
        tmp.seek(0)
        for part in iter(lambda: tmp.read(1 << 16), b""):
            digest.update(part)
        tmp.seek(0)
        content = tmp.read()
        tmp.seek(0)
        batch.file.save(f"pain001-batch{batch.pk}-{now:%Y%m%d%H%M%S}.xml", File(tmp), save=False)
    batch.message_id = message_id
    batch.file_sha256 = digest.hexdigest()
    batch.bank_reference = (adapter or bank_adapter()).submit(batch=batch, content=content)[:100]
    batch.status = BatchStatus.SENT
    batch.sent_by = actor
    batch.sent_at = now
    batch.save()
    audit_record(
        actor=actor,
        obj=batch,
        action="batch.sent",
        from_state=BatchStatus.APPROVED,
        to_state=BatchStatus.SENT,
        data={"message_id": message_id, "sha256": batch.file_sha256, "bank_reference": batch.bank_reference},
    )
    return batch


@dataclass
class ImportSummary:
    kind: str
    paid: int = 0
    failed: int = 0
    pending: int = 0
    unchanged: int = 0
    reconciled: bool = False
    failed_payment_ids: list[int] = field(default_factory=list)


def payout_batch_import_results(*, batch_id: int, actor, content: bytes, source_name: str = "") -> ImportSummary:
    """A staff member uploads the bank's answer (pain.002 or CSV) for a sent batch.

    Separation of duties: whoever approved the batch may not import its
    results (they could otherwise release payments and confirm them paid
    themselves). A second person imports them, or the bank adapter fetches
    them (``payout_batch_fetch_results``). A refused attempt is audited."""
    batch = PayoutBatch.objects.get(pk=batch_id)
    if batch.approved_by_id is not None and batch.approved_by_id == getattr(actor, "pk", None):
        with transaction.atomic():
            audit_record(
                actor=actor,
                obj=batch,
                action="batch.results_import_refused",
                reason=_("Penyetuju batch tidak boleh mengimpor hasil bank batch yang sama"),
                data={"file": source_name[:200]},
            )
        raise ForbiddenError(
            _(
                "Anda menyetujui batch #%(id)s, jadi hasil bank batch ini harus diimpor oleh petugas lain "
                "atau diambil langsung dari bank (pemisahan tugas)."
            )
            % {"id": batch.pk},
            code="same_person",
        )
    return _import_results(batch_id=batch_id, actor=actor, content=content, source_name=source_name)


@transaction.atomic
def _import_results(*, batch_id: int, actor, content: bytes, source_name: str) -> ImportSummary:
    """Apply the bank's answer to a sent batch: each payment becomes ``paid`` or
    ``failed`` with the reason. The whole file is refused, with every problem
    listed, when any line is wrong."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != BatchStatus.SENT:
        raise _status_conflict(batch, _("menerima hasil bank"))
    try:
        parsed = parse_results(content)
    except ResultFileError as exc:
        raise ApplicationError(exc.message, errors={"file": exc.problems or [exc.message]})
    if parsed.original_message_id and parsed.original_message_id != batch.message_id:
        raise ApplicationError(
            _("Berkas hasil ini untuk pesan %(m)s, bukan untuk batch #%(id)s (%(own)s).")
            % {"m": parsed.original_message_id, "id": batch.pk, "own": batch.message_id},
            errors={"file": [_("Berkas hasil untuk batch lain.")]},
        )
    ids = [line.payment_id for line in parsed.lines]
    payments = {p.pk: p for p in Payment.objects.select_for_update().filter(pk__in=ids, batch=batch)}
    problems, seen = [], set()
    for line in parsed.lines:
        payment = payments.get(line.payment_id)
        where = _("baris %(n)s") % {"n": line.line}
        if line.payment_id in seen:
            problems.append(_("%(w)s: pembayaran %(id)s muncul dua kali.") % {"w": where, "id": line.payment_id})
        seen.add(line.payment_id)
        if payment is None:
            problems.append(_("%(w)s: pembayaran %(id)s tidak ada di batch ini.") % {"w": where, "id": line.payment_id})
            continue
        final = {PaymentStatus.PAID: "paid", PaymentStatus.FAILED: "failed", PaymentStatus.REISSUE_READY: "failed"}
        if payment.status == PaymentStatus.CANCELLED:
            problems.append(_("%(w)s: pembayaran %(id)s sudah dibatalkan.") % {"w": where, "id": line.payment_id})
        elif payment.status in final and line.status != final[payment.status]:
            problems.append(
                _("%(w)s: pembayaran %(id)s sudah tercatat %(s)s; hasil %(new)s bertentangan.")
                % {"w": where, "id": line.payment_id, "s": payment.get_status_display(), "new": line.status}
            )
    if problems:
        raise ApplicationError(_("Berkas hasil bank ditolak; tidak ada yang disimpan."), errors={"file": problems})

    today = timezone.localdate()
    now = timezone.now()
    summary = ImportSummary(kind=parsed.kind)
    paid_by_day, failed_by_reason, attempts = defaultdict(list), defaultdict(list), []
    for line in parsed.lines:
        payment = payments[line.payment_id]
        if line.status == "pending":
            summary.pending += 1
            continue
        if payment.status != PaymentStatus.PENDING:
            summary.unchanged += 1
            continue
        if line.status == "paid":
            paid_by_day[(line.booked_on or today, line.reason_code or "ACSC")].append(payment)
            summary.paid += 1
        else:
            failed_by_reason[(line.reason_code, line.reason)].append(payment)
            summary.failed += 1
            summary.failed_payment_ids.append(payment.pk)
        attempts.append(
            PaymentAttempt(
                payment=payment,
                batch=batch,
                attempt_no=payment.attempt,
                amount=payment.amount,
                bank_code=payment.bank_code,
                account_last4=payment.account_last4,
                account_holder=payment.account_holder,
                result=line.status,
                reason_code=line.reason_code or ("ACSC" if line.status == "paid" else ""),
                reason=line.reason[:300],
                recorded_at=now,
            )
        )
    for (day, code), group in paid_by_day.items():
        Payment.objects.filter(pk__in=[p.pk for p in group]).update(
            status=PaymentStatus.PAID, paid_on=day, result_code=code[:8], result_reason="", updated_at=now
        )
        audit_record_many(
            actor=actor,
            objs=group,
            action="payment.paid",
            from_state=PaymentStatus.PENDING,
            to_state=PaymentStatus.PAID,
            data={"batch": batch.pk, "paid_on": day.isoformat()},
        )
    for (code, reason), group in failed_by_reason.items():
        Payment.objects.filter(pk__in=[p.pk for p in group]).update(
            status=PaymentStatus.FAILED, result_code=code[:8], result_reason=reason[:300], updated_at=now
        )
        audit_record_many(
            actor=actor,
            objs=group,
            action="payment.failed",
            from_state=PaymentStatus.PENDING,
            to_state=PaymentStatus.FAILED,
            reason=reason,
            data={"batch": batch.pk, "code": code},
        )
    PaymentAttempt.objects.bulk_create(attempts, ignore_conflicts=True, batch_size=2000)
    agg = batch.attempts.aggregate(
        paid_n=Count("id", filter=Q(result="paid")),
        paid_t=Sum("amount", filter=Q(result="paid")),
        failed_n=Count("id", filter=Q(result="failed")),
        failed_t=Sum("amount", filter=Q(result="failed")),
    )
    batch.paid_count, batch.paid_total = agg["paid_n"], agg["paid_t"] or Decimal(0)
    batch.failed_count, batch.failed_total = agg["failed_n"], agg["failed_t"] or Decimal(0)
    still_pending = batch.payments.filter(status=PaymentStatus.PENDING).exists()
    if not still_pending:
        batch.status = BatchStatus.RECONCILED
        batch.reconciled_at = now
        summary.reconciled = True
    batch.save()
    audit_record(
        actor=actor,
        obj=batch,
        action="batch.results_imported",
        from_state=BatchStatus.SENT,
        to_state=batch.status,
        data={
            "file": source_name[:200],
            "kind": parsed.kind,
            "paid": summary.paid,
            "failed": summary.failed,
            "pending": summary.pending,
            "unchanged": summary.unchanged,
        },
    )
    _notify_failed([p for group in failed_by_reason.values() for p in group])
    return summary


def _notify_failed(payments: list[Payment]) -> None:
    if not payments:
        return
    rows = Payment.objects.filter(pk__in=[p.pk for p in payments]).select_related("month__benefit__participant__user")
    for payment in rows:
        user = payment.month.benefit.participant.user
        if user is None:
            continue
        if payment.result_code in ACCOUNT_REASONS:
            action = _("Perbarui rekening Anda di halaman Manfaat saya agar pembayaran dikirim ulang.")
        else:
            action = _(
                "Petugas BPJS akan menindaklanjuti; Anda juga dapat memperbarui rekening di halaman Manfaat saya."
            )
        notify(
            user=user,
            message=Message(
                subject=_("Transfer manfaat bulan ke-%(n)s gagal") % {"n": payment.month_no},
                body=_(
                    "Bank menolak transfer Rp %(amount)s ke rekening %(bank)s •••• %(last4)s: %(reason)s. %(action)s"
                )
                % {
                    "amount": f"{payment.amount:,.0f}".replace(",", "."),
                    "bank": payment.bank_name,
                    "last4": payment.account_last4,
                    "reason": payment.result_reason,
                    "action": action,
                },
            ),
        )


@transaction.atomic
def payout_batch_fetch_results(*, batch_id: int, actor, adapter: BankAdapter | None = None) -> ImportSummary:
    """Ask the bank (adapter) for its answer and import it."""
    batch = PayoutBatch.objects.get(pk=batch_id)
    if batch.status != BatchStatus.SENT:
        raise _status_conflict(batch, _("menerima hasil bank"))
    content = (adapter or bank_adapter()).fetch_results(batch=batch)
    if not content:
        raise StateConflictError(_("Bank belum mengirim hasil untuk batch #%(id)s.") % {"id": batch.pk})
    # Straight from the bank, not a file a person provides: the approver may fetch it.
    return _import_results(batch_id=batch.pk, actor=actor, content=content, source_name="bank")


@transaction.atomic
def payout_batch_prepare_reissue(*, actor, payment_ids: list[int] | None = None) -> list[PayoutBatch]:
    """A staff member puts the payments whose account was corrected into new
    batches (one per office and bank). Someone else must approve them."""
    if not actor.has_role(*OPERATOR_ROLES):
        raise ForbiddenError(_("Anda tidak berwenang menyiapkan batch pembayaran."))
    qs = Payment.objects.filter(status=PaymentStatus.REISSUE_READY)
    scope = office_scope_ids(actor)
    if scope is not None:
        qs = qs.filter(month__benefit__office_id__in=scope)
    if payment_ids is not None:
        qs = qs.filter(pk__in=payment_ids)
    benefit_ids = list(qs.values_list("month__benefit_id", flat=True).distinct())
    if not benefit_ids:
        raise StateConflictError(_("Tidak ada pembayaran yang siap diterbitkan ulang."))
    lock_benefits(benefit_ids)
    payments = list(qs.select_for_update(of=("self",)).select_related("month").order_by("pk"))
    benefits = {b.pk: b for b in Benefit.objects.filter(pk__in={p.month.benefit_id for p in payments})}
    groups = defaultdict(list)
    for payment in payments:
        benefit = benefits[payment.month.benefit_id]
        groups[(benefit.office_id, benefit.bank_code)].append((payment, benefit))
    today = timezone.localdate()
    created = []
    for (office_id, bank_code), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
        bank = bank_for(bank_code)
        batch = PayoutBatch.objects.create(
            office_id=office_id,
            bank_code=bank_code,
            bank_name=bank.name if bank else members[0][1].bank_name,
            kind=BatchKind.REISSUE,
            prepared_by=actor,
        )
        for payment, benefit in members:
            payment.batch = batch
            payment.status = PaymentStatus.PENDING
            payment.attempt += 1
            payment.bank_code = benefit.bank_code
            payment.bank_name = benefit.bank_name
            payment.account_number = benefit.bank_account_number
            payment.account_last4 = benefit.bank_account_last4
            payment.account_holder = benefit.bank_account_holder
            payment.sla_deadline = add_working_days(today, rule_set(payment.rule_set).payment_sla_working_days)
            payment.result_code = ""
            payment.result_reason = ""
        Payment.objects.bulk_update(
            [p for p, _b in members],
            [
                "batch",
                "status",
                "attempt",
                "bank_code",
                "bank_name",
                "account_number",
                "account_last4",
                "account_holder",
                "sla_deadline",
                "result_code",
                "result_reason",
            ],
        )
        batch.payment_count = len(members)
        batch.total_amount = sum((p.amount for p, _b in members), Decimal(0))
        batch.save(update_fields=["payment_count", "total_amount"])
        audit_record(
            actor=actor,
            obj=batch,
            action="batch.prepared",
            to_state=BatchStatus.PREPARED,
            reason=_("Penerbitan ulang pembayaran yang gagal"),
            data={"payments": [p.pk for p, _b in members], "total": str(batch.total_amount)},
        )
        audit_record_many(
            actor=actor,
            objs=[p for p, _b in members],
            action="payment.reissued",
            from_state=PaymentStatus.REISSUE_READY,
            to_state=PaymentStatus.PENDING,
            data={"batch": batch.pk},
        )
        created.append(batch)
    return created
