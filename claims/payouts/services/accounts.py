"""Changing the bank account of a benefit once it exists.

A stolen session must not be enough to redirect the payouts, so a change is:

1. requested by the worker with their password; a one-time code goes by SMS to
   the phone of the national registry (``Participant.phone``), not to the
   phone of the user account, which the session holder could have changed;
2. verified with that code (10 minutes, at most 5 tries, sends rate-limited);
   the old contact on file (registry phone and email) is told at once;
3. applied at once, unless a payment falls due within 3 working days (or a
   failed transfer waits to be re-issued): then a verifier or approver of the
   benefit's office approves or rejects it.

While a change waits, the benefit keeps the old account: a month that falls due
is paid to it (the account the worker proved theirs at the claim). If that
account is closed, the bank refuses, and the payment is re-issued to the new
account once the change is applied.

Before approval (the claim wizard) the account is entered on the claim
normally; ``benefit_create_from_claim`` copies it. Every later change goes
through here.

Status machine (one service per transition)::

    requested --verify(code ok)--> otp_verified --> applied            (no payment due soon)
                                               \\--> in_review --approve--> applied
                                                            \\--reject--> rejected
    requested --5 wrong codes--> rejected
    requested --code expired / newer request--> expired
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from jkp_portal.accounts.roles import REVIEWER_ROLES
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import Message, SmsGateway, notify

from ..calendar import working_days_between
from ..locks import lock_benefits
from ..models import (
    AccountChangeStatus,
    BankAccountChange,
    Benefit,
    BenefitMonth,
    MonthStatus,
    Payment,
    PaymentStatus,
)
from .benefits import validate_account

S = AccountChangeStatus

OTP_DIGITS = 6
OTP_TTL = timedelta(minutes=10)
OTP_MAX_ATTEMPTS = 5
OTP_RESEND_AFTER = timedelta(seconds=60)
OTP_MAX_SENDS_PER_DAY = 5
REVIEW_WORKING_DAYS = 3
PASSWORD_MAX_FAILURES = 5  # wrong passwords per benefit per hour on this page
PASSWORD_FAILURE_WINDOW = timedelta(hours=1)
REVIEW_ROLES = REVIEWER_ROLES
_OTP_SALT = "claims.payouts.account-change-otp"


# --- helpers ----------------------------------------------------------------------


def _code_hash(change_id: int, code: str) -> str:
    # Keyed with SECRET_KEY and bound to the change: a database dump alone does
    # not let anyone test the million possible codes offline.
    return salted_hmac(_OTP_SALT, f"{change_id}:{code}", algorithm="sha256").hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"


def _mask_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"••••{digits[-4:]}" if len(digits) >= 4 else "••••"


def _gateway(sms_gateway: SmsGateway | None) -> SmsGateway:
    return sms_gateway or import_string(settings.SMS_GATEWAY)()


def _send_code(change: BankAccountChange, phone: str, code: str, sms_gateway: SmsGateway | None) -> None:
    """Send after commit: a rolled-back request sends nothing."""
    minutes = int(OTP_TTL.total_seconds() // 60)
    user = change.benefit.participant.user
    with override(getattr(user, "language", "") or "id"):
        text = str(
            _(
                "BPJS Ketenagakerjaan: kode OTP perubahan rekening manfaat JKP ke %(bank)s ****%(last4)s adalah "
                "%(code)s, berlaku %(minutes)s menit. Jangan berikan kode ini kepada siapa pun. "
                "Bila Anda tidak memintanya, hubungi BPJS Ketenagakerjaan."
            )
            % {"bank": change.new_bank_name, "last4": change.new_account_last4, "code": code, "minutes": minutes}
        )
    gateway = _gateway(sms_gateway)
    transaction.on_commit(lambda: gateway.send(phone=phone, text=text))


def _issue_code(change: BankAccountChange, phone: str, sms_gateway: SmsGateway | None) -> None:
    code = _new_code()
    now = timezone.now()
    change.otp_hash = _code_hash(change.pk, code)
    change.otp_expires_at = now + OTP_TTL
    change.otp_attempts = 0
    change.otp_sends += 1
    change.otp_sent_at = now
    change.otp_phone_masked = _mask_phone(phone)
    change.save(
        update_fields=["otp_hash", "otp_expires_at", "otp_attempts", "otp_sends", "otp_sent_at", "otp_phone_masked"]
    )
    _send_code(change, phone, code, sms_gateway)


def _sends_today(benefit_id: int) -> int:
    since = timezone.now() - timedelta(hours=24)
    agg = BankAccountChange.objects.filter(benefit_id=benefit_id, otp_sent_at__gte=since).aggregate(n=Sum("otp_sends"))
    return agg["n"] or 0


def _require_owner(benefit: Benefit, actor) -> None:
    user_id = benefit.participant.user_id
    if user_id is None or user_id != getattr(actor, "pk", None):
        raise ForbiddenError(_("Hanya pemilik manfaat yang dapat mengubah rekening."))


def _registry_phone(benefit: Benefit) -> str:
    phone = (benefit.participant.phone or "").strip()
    if not phone:
        raise ApplicationError(
            _(
                "Nomor telepon Anda di data kepesertaan BPJS Ketenagakerjaan kosong, sehingga kode OTP tidak dapat "
                "dikirim. Datangi kantor cabang untuk memperbarui data kepesertaan."
            ),
            code="no_registry_phone",
        )
    return phone


def _change_data(change: BankAccountChange) -> dict:
    return {
        "benefit": change.benefit_id,
        "from": {"bank": change.old_bank_code, "last4": change.old_account_last4},
        "to": {"bank": change.new_bank_code, "last4": change.new_account_last4},
    }


def due_payment_within_review_window(benefit: Benefit, today: date | None = None) -> date | None:
    """The due date that puts a change in staff review, or None.

    A change goes to review when a payment is due less than
    ``REVIEW_WORKING_DAYS`` working days from today: a month not yet paid
    (scheduled or withheld, including past due dates the run has not settled)
    or a failed transfer that the new account would receive on re-issue."""
    today = today or timezone.localdate()
    failed = (
        Payment.objects.filter(month__benefit=benefit, status=PaymentStatus.FAILED)
        .order_by("month__due_date")
        .values_list("month__due_date", flat=True)
        .first()
    )
    if failed is not None:
        return failed
    upcoming = (
        BenefitMonth.objects.filter(
            benefit=benefit,
            status__in=[MonthStatus.SCHEDULED, MonthStatus.WITHHELD],
            payment__isnull=True,
            month_no__lte=benefit.last_month_no,
        )
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    if upcoming is not None and (upcoming <= today or working_days_between(today, upcoming) < REVIEW_WORKING_DAYS):
        return upcoming
    return None


def _tell_old_contact(change: BankAccountChange) -> None:
    """The notice goes to the contact of the national registry (and the account's
    email), by email and SMS whatever NOTIFICATION_CHANNELS says: it is the
    owner's chance to stop a change they did not make."""
    participant = change.benefit.participant
    user = participant.user
    with override(getattr(user, "language", "") or "id"):
        if change.status == S.IN_REVIEW:
            state = _("Perubahan ini sedang diperiksa petugas dan belum berlaku.")
        else:
            state = _("Perubahan ini sudah berlaku untuk pembayaran berikutnya.")
        message = Message(
            subject=str(_("Rekening penerima manfaat JKP diubah")),
            body=str(
                _(
                    "Yth. %(name)s, rekening penerima manfaat JKP Anda diubah dari %(old_bank)s ****%(old)s ke "
                    "%(new_bank)s ****%(new)s pada %(when)s. %(state)s Bila bukan Anda yang melakukannya, segera "
                    "hubungi BPJS Ketenagakerjaan (175) atau kantor cabang terdekat."
                )
                % {
                    "name": participant.full_name,
                    "old_bank": change.old_bank_name,
                    "old": change.old_account_last4,
                    "new_bank": change.new_bank_name,
                    "new": change.new_account_last4,
                    "when": timezone.localtime(change.verified_at or timezone.now()).strftime("%d-%m-%Y %H:%M"),
                    "state": state,
                }
            ),
        )
    phone = (participant.phone or "").strip()
    emails = {e for e in ((participant.email or "").strip(), (getattr(user, "email", "") or "").strip()) if e}
    if not emails:
        emails = {""}
    for index, email in enumerate(sorted(emails)):
        notify(email=email, phone=phone if index == 0 else "", message=message, channels=("email", "sms"))


def _tell_worker_decision(change: BankAccountChange) -> None:
    user = change.benefit.participant.user
    if user is None:
        return
    with override(getattr(user, "language", "") or "id"):
        if change.status == S.APPLIED:
            subject = _("Perubahan rekening disetujui")
            body = _("Rekening %(bank)s ****%(last4)s kini menjadi rekening penerima manfaat JKP Anda.")
        else:
            subject = _("Perubahan rekening ditolak")
            body = _(
                "Perubahan ke rekening %(bank)s ****%(last4)s ditolak petugas: %(note)s. "
                "Manfaat tetap dibayarkan ke rekening lama."
            )
        text = body % {"bank": change.new_bank_name, "last4": change.new_account_last4, "note": change.decision_note}
        message = Message(subject=str(subject), body=str(text))
    notify(user=user, message=message)


def _apply(change: BankAccountChange, actor, reason: str) -> int:
    """Put the new account on the benefit; failed payments become ready for re-issue."""
    lock_benefits([change.benefit_id])
    benefit = Benefit.objects.select_for_update().get(pk=change.benefit_id)
    benefit.bank_code = change.new_bank_code
    benefit.bank_name = change.new_bank_name
    benefit.bank_account_number = change.new_account_number
    benefit.bank_account_last4 = change.new_account_last4
    benefit.bank_account_holder = change.new_account_holder
    benefit.account_updated_at = timezone.now()
    benefit.save()
    failed = list(Payment.objects.select_for_update().filter(month__benefit=benefit, status=PaymentStatus.FAILED))
    Payment.objects.filter(pk__in=[p.pk for p in failed]).update(
        status=PaymentStatus.REISSUE_READY, updated_at=timezone.now()
    )
    from_state = change.status
    change.status = S.APPLIED
    change.applied_at = timezone.now()
    change.save(update_fields=["status", "applied_at"])
    audit_record(
        actor=actor,
        obj=change,
        action="account_change.applied",
        from_state=from_state,
        to_state=S.APPLIED,
        reason=reason,
        data=_change_data(change),
    )
    audit_record(
        actor=actor,
        obj=benefit,
        action="benefit.account_changed",
        reason=reason,
        data={**_change_data(change), "change": change.pk},
    )
    if failed:
        audit_record_many(
            actor=actor,
            objs=failed,
            action="payment.reissue_ready",
            from_state=PaymentStatus.FAILED,
            to_state=PaymentStatus.REISSUE_READY,
            reason=_("Rekening sudah diperbaiki"),
        )
    return len(failed)


def _lock_change(change_id: int) -> BankAccountChange:
    # The benefit's bucket first, as the request and the payout run take it: no deadlock.
    lock_benefits([BankAccountChange.objects.values_list("benefit_id", flat=True).get(pk=change_id)])
    return (
        BankAccountChange.objects.select_for_update(of=("self",))
        .select_related("benefit", "benefit__participant", "benefit__participant__user")
        .get(pk=change_id)
    )


# --- the worker ---------------------------------------------------------------------


def bank_account_change_request(
    *,
    benefit: Benefit,
    actor,
    password: str,
    bank_code: str,
    bank_name: str = "",
    account_number: str,
    holder: str,
    sms_gateway: SmsGateway | None = None,
) -> BankAccountChange:
    """The worker asks for a new account, re-entering the password; a code goes
    to the registry phone. A wrong password is audited and changes nothing else."""
    _require_owner(benefit, actor)
    since = timezone.now() - PASSWORD_FAILURE_WINDOW
    failures = audit_events_for(benefit).filter(action="account_change.password_refused", at__gte=since).count()
    if failures >= PASSWORD_MAX_FAILURES:
        # Whoever holds a session must not be able to guess the password here.
        raise ApplicationError(
            _("Kata sandi salah %(n)s kali. Coba lagi dalam satu jam.") % {"n": PASSWORD_MAX_FAILURES},
            code="password_rate_limited",
            status_code=429,
        )
    if not password or not actor.check_password(password):
        with transaction.atomic():
            audit_record(
                actor=actor,
                obj=benefit,
                action="account_change.password_refused",
                reason=_("Kata sandi salah saat meminta perubahan rekening"),
            )
        raise ApplicationError(
            _("Kata sandi salah."), code="wrong_password", errors={"password": [_("Kata sandi salah.")]}
        )
    return _request(
        benefit=benefit,
        actor=actor,
        bank_code=bank_code,
        bank_name=bank_name,
        account_number=account_number,
        holder=holder,
        sms_gateway=sms_gateway,
    )


@transaction.atomic
def _request(*, benefit, actor, bank_code, bank_name, account_number, holder, sms_gateway) -> BankAccountChange:
    data = validate_account(
        participant=benefit.participant,
        bank_code=bank_code,
        bank_name=bank_name,
        account_number=account_number,
        holder=holder,
    )
    phone = _registry_phone(benefit)
    lock_benefits([benefit.pk])
    benefit = (
        Benefit.objects.select_for_update(of=("self",))
        .select_related("participant", "participant__user")
        .get(pk=benefit.pk)
    )
    if data["number"] == benefit.bank_account_number and data["bank_code"] == benefit.bank_code:
        raise ApplicationError(
            _("Rekening ini sama dengan rekening penerima saat ini."),
            errors={"account_number": [_("Rekening ini sama dengan rekening penerima saat ini.")]},
        )
    if BankAccountChange.objects.filter(benefit=benefit, status=S.IN_REVIEW).exists():
        raise StateConflictError(
            _("Perubahan rekening sebelumnya masih diperiksa petugas; tunggu keputusannya sebelum meminta lagi.")
        )
    if _sends_today(benefit.pk) >= OTP_MAX_SENDS_PER_DAY:
        raise ApplicationError(
            _("Kode OTP sudah dikirim %(n)s kali dalam 24 jam terakhir. Coba lagi besok.")
            % {"n": OTP_MAX_SENDS_PER_DAY},
            code="otp_rate_limited",
            status_code=429,
        )
    for stale in BankAccountChange.objects.select_for_update().filter(
        benefit=benefit, status__in=[S.REQUESTED, S.OTP_VERIFIED]
    ):
        stale.status = S.EXPIRED
        stale.save(update_fields=["status"])
        audit_record(
            actor=actor,
            obj=stale,
            action="account_change.expired",
            from_state=S.REQUESTED,
            to_state=S.EXPIRED,
            reason=_("Diganti permintaan yang lebih baru"),
        )
    change = BankAccountChange.objects.create(
        benefit=benefit,
        old_bank_code=benefit.bank_code,
        old_bank_name=benefit.bank_name,
        old_account_number=benefit.bank_account_number,
        old_account_last4=benefit.bank_account_last4,
        new_bank_code=data["bank_code"],
        new_bank_name=data["bank_name"],
        new_account_number=data["number"],
        new_account_last4=data["number"][-4:],
        new_account_holder=data["holder"],
        requested_by=actor,
    )
    _issue_code(change, phone, sms_gateway)
    audit_record(
        actor=actor,
        obj=change,
        action="account_change.requested",
        to_state=S.REQUESTED,
        data={**_change_data(change), "otp_to": change.otp_phone_masked},
    )
    return change


@transaction.atomic
def bank_account_change_resend(*, change_id: int, actor, sms_gateway: SmsGateway | None = None) -> BankAccountChange:
    """A new code for a pending request (the previous one stops working)."""
    change = _lock_change(change_id)
    _require_owner(change.benefit, actor)
    if change.status != S.REQUESTED:
        raise StateConflictError(_("Permintaan perubahan rekening ini tidak menunggu kode OTP lagi."))
    now = timezone.now()
    if change.otp_sent_at and now - change.otp_sent_at < OTP_RESEND_AFTER:
        wait = int((OTP_RESEND_AFTER - (now - change.otp_sent_at)).total_seconds()) + 1
        raise ApplicationError(
            _("Tunggu %(s)s detik sebelum meminta kode baru.") % {"s": wait}, code="otp_rate_limited", status_code=429
        )
    if _sends_today(change.benefit_id) >= OTP_MAX_SENDS_PER_DAY:
        raise ApplicationError(
            _("Kode OTP sudah dikirim %(n)s kali dalam 24 jam terakhir. Coba lagi besok.")
            % {"n": OTP_MAX_SENDS_PER_DAY},
            code="otp_rate_limited",
            status_code=429,
        )
    _issue_code(change, _registry_phone(change.benefit), sms_gateway)
    audit_record(actor=actor, obj=change, action="account_change.code_resent", data={"otp_to": change.otp_phone_masked})
    return change


@dataclass
class VerifyOutcome:
    change: BankAccountChange
    reissue_ready: int = 0


def bank_account_change_verify(*, change_id: int, actor, code: str) -> VerifyOutcome:
    """Check the code. A wrong or expired code is recorded (attempts, audit) and
    refused; the fifth wrong code rejects the request. A right code applies the
    change, or sends it to staff review when a payment is due soon."""
    outcome, error = _verify(change_id=change_id, actor=actor, code=code)
    if error is not None:
        raise error
    return outcome


@transaction.atomic
def _verify(*, change_id: int, actor, code: str) -> tuple[VerifyOutcome | None, ApplicationError | None]:
    # Failures are committed (the attempt counts) and raised after the commit.
    change = _lock_change(change_id)
    _require_owner(change.benefit, actor)
    if change.status != S.REQUESTED:
        return None, StateConflictError(_("Permintaan perubahan rekening ini tidak menunggu kode OTP lagi."))
    now = timezone.now()
    if change.otp_expires_at is None or now >= change.otp_expires_at:
        change.status = S.EXPIRED
        change.save(update_fields=["status"])
        audit_record(
            actor=actor,
            obj=change,
            action="account_change.expired",
            from_state=S.REQUESTED,
            to_state=S.EXPIRED,
            reason=_("Kode OTP kedaluwarsa"),
        )
        message = _("Kode OTP sudah kedaluwarsa. Ajukan perubahan rekening lagi untuk mendapat kode baru.")
        return None, ApplicationError(message, code="otp_expired", errors={"code": [message]})
    entered = "".join(ch for ch in (code or "") if ch.isdigit())
    if not (len(entered) == OTP_DIGITS and constant_time_compare(_code_hash(change.pk, entered), change.otp_hash)):
        change.otp_attempts += 1
        left = OTP_MAX_ATTEMPTS - change.otp_attempts
        fields = ["otp_attempts"]
        if left <= 0:
            change.status = S.REJECTED
            change.decided_at = now
            change.decision_note = str(_("Kode OTP salah %(n)s kali") % {"n": OTP_MAX_ATTEMPTS})
            fields += ["status", "decided_at", "decision_note"]
        change.save(update_fields=fields)
        audit_record(
            actor=actor,
            obj=change,
            action="account_change.code_refused",
            from_state=S.REQUESTED,
            to_state=change.status,
            data={"attempts": change.otp_attempts},
        )
        if left <= 0:
            message = _("Kode OTP salah %(n)s kali; permintaan dibatalkan. Rekening tidak diubah.") % {
                "n": OTP_MAX_ATTEMPTS
            }
        else:
            message = _("Kode OTP salah. Sisa percobaan: %(n)s.") % {"n": left}
        return None, ApplicationError(message, code="otp_wrong", errors={"code": [message]})
    change.status = S.OTP_VERIFIED
    change.verified_at = now
    change.otp_hash = ""
    change.save(update_fields=["status", "verified_at", "otp_hash"])
    audit_record(
        actor=actor,
        obj=change,
        action="account_change.verified",
        from_state=S.REQUESTED,
        to_state=S.OTP_VERIFIED,
        data=_change_data(change),
    )
    due = due_payment_within_review_window(change.benefit)
    ready = 0
    if due is not None:
        change.status = S.IN_REVIEW
        change.review_due_date = due
        change.save(update_fields=["status", "review_due_date"])
        audit_record(
            actor=actor,
            obj=change,
            action="account_change.in_review",
            from_state=S.OTP_VERIFIED,
            to_state=S.IN_REVIEW,
            reason=_("Pembayaran jatuh tempo %(d)s, kurang dari %(n)s hari kerja lagi")
            % {"d": due.strftime("%d-%m-%Y"), "n": REVIEW_WORKING_DAYS},
            data={"due_date": due.isoformat()},
        )
    else:
        ready = _apply(change, actor, _("Rekening diperbarui oleh pekerja (kata sandi dan kode OTP)"))
    _tell_old_contact(change)
    return VerifyOutcome(change=change, reissue_ready=ready), None


# --- staff review -------------------------------------------------------------------


def _check_reviewer(change: BankAccountChange, actor) -> None:
    if not actor.has_role(*REVIEW_ROLES):
        raise ForbiddenError(_("Hanya verifikator atau penyetuju yang dapat memeriksa perubahan rekening."))
    scope = office_scope_ids(actor)
    if scope is not None and change.benefit.office_id not in scope:
        raise ForbiddenError(_("Manfaat ini bukan wilayah kantor Anda."))
    if change.requested_by_id == actor.pk:
        raise ForbiddenError(_("Anda tidak dapat memeriksa perubahan rekening Anda sendiri."))
    if change.status != S.IN_REVIEW:
        raise StateConflictError(
            _("Perubahan rekening #%(id)s berstatus '%(s)s'; tidak menunggu pemeriksaan.")
            % {"id": change.pk, "s": change.get_status_display()}
        )


@transaction.atomic
def bank_account_change_approve(*, change_id: int, actor, note: str = "") -> VerifyOutcome:
    change = _lock_change(change_id)
    _check_reviewer(change, actor)
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = (note or "").strip()[:500]
    change.save(update_fields=["decided_by", "decided_at", "decision_note"])
    ready = _apply(change, actor, _("Disetujui petugas setelah pemeriksaan"))
    _tell_worker_decision(change)
    return VerifyOutcome(change=change, reissue_ready=ready)


@transaction.atomic
def bank_account_change_reject(*, change_id: int, actor, note: str) -> BankAccountChange:
    change = _lock_change(change_id)
    _check_reviewer(change, actor)
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Tuliskan alasan penolakan."), errors={"note": [_("Tuliskan alasan penolakan.")]})
    change.status = S.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note[:500]
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        obj=change,
        action="account_change.rejected",
        from_state=S.IN_REVIEW,
        to_state=S.REJECTED,
        reason=change.decision_note,
        data=_change_data(change),
    )
    _tell_worker_decision(change)
    return change
