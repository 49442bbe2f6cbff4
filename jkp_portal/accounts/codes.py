"""One-time codes to the phone (or email) on file: sign-up, password reset and a
worker's consent at a service desk.

Why not django-otp's SMS/email devices: a device belongs to an account, and a
sign-up code must prove the phone *before* any account exists (no account is
made for a stranger who only holds a photocopy of a KTP). The rules are the
ones the bank-account change already uses:

- 6 digits from ``secrets``, valid 10 minutes, 5 tries, a new one after 60 s,
  at most 5 sent per person and purpose in 24 hours;
- the code and the person are stored only as keyed hashes (HMAC with the
  SECRET_KEY): a database dump lets no one test codes offline or read NIKs;
- a new code replaces the previous one; a used code never works again;
- it is sent after the surrounding transaction commits, SMS through the
  gateway adapter (``jkp_portal.common.notifications``), with retries.

A wrong try is counted and committed even though the caller then shows an
error; each send, wrong try and use leaves an audit event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.logredact import mask_email
from jkp_portal.common.notifications import Message, notify
from jkp_portal.common.phones import mobile_or_blank, phone_masked

from .models import OneTimeCode

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
CODE_MAX_SENDS_PER_DAY = 5

_SUBJECT_SALT = "jkp_portal.accounts.one-time-code.subject"
_CODE_SALT = "jkp_portal.accounts.one-time-code.code"

Purpose = OneTimeCode.Purpose


@dataclass(frozen=True)
class Contact:
    """Where a code can go: the mobile on file (E.164) or, without one, the email."""

    phone: str = ""
    email: str = ""

    @classmethod
    def on_file(cls, *, phone: str = "", email: str = "") -> Contact:
        return cls(phone=mobile_or_blank(phone), email=(email or "").strip())

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email)

    @property
    def masked(self) -> str:
        if self.phone:
            return phone_masked(self.phone)
        return mask_email(self.email) if self.email else ""

    @property
    def channel(self) -> str:
        return OneTimeCode.Channel.SMS if self.phone else OneTimeCode.Channel.EMAIL


def subject_key(purpose: str, subject: str) -> str:
    return salted_hmac(_SUBJECT_SALT, f"{purpose}:{subject}", algorithm="sha256").hexdigest()


def _code_hash(code_id: int, code: str) -> str:
    return salted_hmac(_CODE_SALT, f"{code_id}:{code}", algorithm="sha256").hexdigest()


def _minutes() -> int:
    return int(CODE_TTL.total_seconds() // 60)


def _current(purpose: str, key: str, *, lock: bool = False) -> OneTimeCode | None:
    rows = OneTimeCode.objects.filter(purpose=purpose, subject_key=key, used_at=None, replaced_at=None)
    if lock:
        rows = rows.select_for_update()
    return rows.order_by("-created_at").first()


def code_wait_seconds(*, purpose: str, subject: str) -> int:
    """Seconds before another code may be sent (0: now)."""
    current = _current(purpose, subject_key(purpose, subject))
    if current is None:
        return 0
    left = CODE_RESEND_AFTER - (timezone.now() - current.sent_at)
    return max(int(left.total_seconds()) + 1, 0) if left > timedelta(0) else 0


@transaction.atomic
def code_send(
    *,
    purpose: str,
    subject: str,
    contact: Contact,
    what: str,
    payload: dict | None = None,
    actor=None,
    language: str = "id",
) -> OneTimeCode:
    """Send a new code for ``purpose`` to ``contact``; ``what`` says in one
    phrase what the code is for ("pendaftaran akun JKP"). The previous code of
    the same person and purpose stops working. Raises ApplicationError (429)
    within 60 s of the last code or after 5 codes in 24 hours, and when the
    contact has neither a mobile number nor an email."""
    if not contact.reachable:
        raise ApplicationError(
            _("Tidak ada nomor ponsel atau email di data kepesertaan untuk mengirim kode."), code="no_contact"
        )
    key = subject_key(purpose, subject)
    now = timezone.now()
    # One row lock per person and purpose: two clicks cannot both send.
    current = _current(purpose, key, lock=True)
    if current is not None and now - current.sent_at < CODE_RESEND_AFTER:
        wait = int((CODE_RESEND_AFTER - (now - current.sent_at)).total_seconds()) + 1
        raise ApplicationError(
            _("Kode baru dapat diminta %(s)s detik lagi.") % {"s": wait}, code="code_too_soon", status_code=429
        )
    sent_today = OneTimeCode.objects.filter(
        purpose=purpose, subject_key=key, sent_at__gte=now - timedelta(days=1)
    ).count()
    if sent_today >= CODE_MAX_SENDS_PER_DAY:
        raise ApplicationError(
            _("Kode sudah dikirim %(n)s kali dalam 24 jam terakhir. Coba lagi besok atau datang ke kantor cabang.")
            % {"n": CODE_MAX_SENDS_PER_DAY},
            code="code_rate_limited",
            status_code=429,
        )
    if current is not None:
        current.replaced_at = now
        current.save(update_fields=["replaced_at"])
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = OneTimeCode.objects.create(
        purpose=purpose,
        subject_key=key,
        channel=contact.channel,
        destination_masked=contact.masked,
        code_hash="",
        payload=payload or {},
        sent_at=now,
        expires_at=now + CODE_TTL,
        sends=sent_today + 1,
    )
    row.code_hash = _code_hash(row.pk, code)
    row.save(update_fields=["code_hash"])
    with override(language or "id"):
        message = Message(
            subject=_("Kode BPJS Ketenagakerjaan"),
            body=_(
                "Kode %(what)s: %(code)s, berlaku %(minutes)s menit. Jangan berikan kode ini kepada siapa pun. "
                "Bila Anda tidak memintanya, abaikan pesan ini."
            )
            % {"what": what, "code": code, "minutes": _minutes()},
        )
        message = Message(subject=str(message.subject), body=str(message.body))
    channels = ("sms",) if contact.phone else ("email",)
    notify(phone=contact.phone, email=contact.email if not contact.phone else "", message=message, channels=channels)
    audit_record(
        actor=actor,
        obj=row,
        action="one_time_code.sent",
        data={"purpose": purpose, "channel": row.channel, "to": row.destination_masked},
    )
    return row


def _check(purpose: str, key: str, code: str, actor) -> tuple[OneTimeCode | None, ApplicationError | None]:
    row = _current(purpose, key, lock=True)
    now = timezone.now()
    if row is None:
        return None, ApplicationError(_("Tidak ada kode yang berlaku. Minta kode baru."), code="code_missing")
    if now >= row.expires_at:
        return None, ApplicationError(
            _("Kode sudah kedaluwarsa (berlaku %(m)s menit). Minta kode baru.") % {"m": _minutes()},
            code="code_expired",
        )
    if row.attempts >= CODE_MAX_ATTEMPTS:
        return None, ApplicationError(
            _("Kode salah %(n)s kali sehingga tidak berlaku lagi. Minta kode baru.") % {"n": CODE_MAX_ATTEMPTS},
            code="code_locked",
        )
    typed = "".join((code or "").split())
    if not (typed.isdigit() and len(typed) == CODE_DIGITS):
        # A typo of form costs no try.
        return None, ApplicationError(_("Kode terdiri dari 6 angka."), code="code_format")
    if not constant_time_compare(row.code_hash, _code_hash(row.pk, typed)):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        audit_record(actor=actor, obj=row, action="one_time_code.wrong", data={"attempts": row.attempts})
        left = CODE_MAX_ATTEMPTS - row.attempts
        if left <= 0:
            message = _("Kode salah. Kode ini tidak berlaku lagi; minta kode baru.")
        else:
            message = _("Kode salah. Sisa percobaan: %(n)s.") % {"n": left}
        return None, ApplicationError(message, code="code_wrong")
    row.used_at = now
    row.save(update_fields=["used_at"])
    audit_record(actor=actor, obj=row, action="one_time_code.used", data={"purpose": purpose})
    return row, None


def code_use(*, purpose: str, subject: str, code: str, actor=None) -> OneTimeCode:
    """The code is right: mark it used and return it (with its payload). A
    wrong, expired or spent code raises ApplicationError; a wrong try stays
    counted. Call it inside the caller's transaction: the try is committed
    in its own savepoint-free transaction first."""
    key = subject_key(purpose, subject)
    with transaction.atomic():
        row, error = _check(purpose, key, code, actor)
    if error is not None:
        raise error
    return row


def code_pending(*, purpose: str, subject: str) -> OneTimeCode | None:
    """The code that is waiting to be typed (not used, replaced or expired)."""
    row = _current(purpose, subject_key(purpose, subject))
    if row is None or timezone.now() >= row.expires_at:
        return None
    return row
