"""A claim's status by SMS, for workers without a smartphone.

A worker texts the claim number ("STATUS 123", "status #123", "JKP 123" or just
"123") to the portal's SMS number (``SMS_INBOUND_NUMBER``); the SMS provider
hands the message to the webhook (``claims.views.sms``) and, in development,
``manage.py sms_receive`` does the same. Both call :func:`sms_status_receive`,
which records the message (``InboundSms``), decides the reply and sends it
through the configured ``SmsGateway`` after the transaction commits.

What the reply reveals:

* the status, in words, and the next step, only when the sender's number is the
  number of the claim's worker (their portal account's phone or the registry's
  ``Participant.phone``), compared in E.164 (``0812…`` and ``+62812…`` are one
  number);
* otherwise one neutral text, the same whether the claim exists or not;
* a text that is not a claim number gets a short "how to write it".

Each provider reference is handled once: a callback delivered again is not
answered again. A sender gets at most ``SMS_INBOUND_PER_HOUR`` replies an hour;
past that the message is recorded and not answered. Nothing here logs or stores
the number or the text (only ``phone_hash`` of the number).
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from claims.models import Claim, ClaimStatus, InboundSms
from jkp_portal.audit.services import audit_record
from jkp_portal.common.notifications import SmsDeliveryError, phone_hash, send_sms, send_sms_now
from jkp_portal.common.phones import mobile_or_blank

logger = logging.getLogger(__name__)

S = ClaimStatus
Outcome = InboundSms.Outcome

# int4 namespace of pg_advisory_xact_lock(int, int): one sender's messages take turns,
# so two messages at once cannot both pass the hourly limit.
LOCK_NAMESPACE = 5_240_107
MAX_TEXT = 320  # longer than any "STATUS <number>": read as not a request
ACTOR = "sms:status"

# Words a worker may put before the number, in any case, with or without spaces or "#".
_REQUEST = re.compile(r"^(?:(?:status|stat|cek|jkp|klaim)[\s:.#-]*)*#?\s*0*([0-9]{1,12})[\s.!?]*$", re.IGNORECASE)


@dataclass(frozen=True)
class SmsReply:
    """What became of one inbound message: ``text`` is the reply sent ("" for none)."""

    outcome: str
    text: str = ""
    duplicate: bool = False


def parse_claim_number(text: str) -> int | None:
    """The claim number asked for, or None when the text is not such a request."""
    text = " ".join((text or "").split())
    if not text or len(text) > MAX_TEXT:
        return None
    match = _REQUEST.match(text)
    if not match:
        return None
    number = int(match.group(1))
    return number or None


def worker_numbers(claim: Claim) -> set[str]:
    """The E.164 numbers of the claim's worker: their account's phone and the registry's."""
    participant = claim.participant
    stored = [participant.phone]
    if participant.user_id:
        stored.append(participant.user.phone)
    return {number for number in map(mobile_or_blank, stored) if number}


def _next_step(status: str) -> str:
    return {
        S.DRAFT: _("Belum diajukan. Lengkapi dan ajukan di portal JKP atau di kantor BPJS Ketenagakerjaan."),
        S.SUBMITTED: _("Sedang menunggu pemeriksaan petugas BPJS Ketenagakerjaan."),
        S.NEEDS_CORRECTION: _("Petugas minta perbaikan. Buka portal JKP atau datang ke kantor BPJS Ketenagakerjaan."),
        S.VERIFIED: _("Dokumen lengkap. Menunggu keputusan pejabat BPJS Ketenagakerjaan."),
        S.APPROVED: _("Manfaat dibayar ke rekening Anda. Laporkan kegiatan mencari kerja setiap bulan."),
        S.REJECTED: _("Alasannya ada di surat penetapan. Bila tidak setuju, ajukan keberatan ke kantor BPJS."),
        S.WITHDRAWN: _("Anda bisa mengajukan klaim baru bila masih dalam batas waktu."),
    }[status]


def status_text(claim: Claim) -> str:
    """The reply to the claim's worker: the status in words and the next step."""
    return _("Klaim JKP #%(number)s: %(status)s. %(next)s") % {
        "number": claim.pk,
        "status": str(claim.get_status_display()).upper(),
        "next": _next_step(claim.status),
    }


def neutral_text() -> str:
    """The reply when the sender is not the claim's worker, or no such claim exists (the same text)."""
    return _(
        "Status klaim hanya dikirim ke nomor HP pekerja yang terdaftar pada klaim. "
        "Kirim dari nomor itu atau hubungi kantor BPJS Ketenagakerjaan."
    )


def help_text() -> str:
    """The reply to a text that is not a request: how to write one."""
    return _(
        "Cek status klaim JKP: ketik STATUS spasi nomor klaim, contoh STATUS 123. Nomor klaim ada di tanda terima."
    )


def _lock_sender(sender_hash: str) -> None:
    key = int.from_bytes(hashlib.sha256(sender_hash.encode()).digest()[:4], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key])


def _over_limit(sender_hash: str, now) -> bool:
    replied = InboundSms.objects.filter(
        sender_hash=sender_hash, outcome__in=InboundSms.REPLIED, received_at__gt=now - timedelta(hours=1)
    ).count()
    return replied >= settings.SMS_INBOUND_PER_HOUR


def _send_reply(*, phone: str, text: str, reference: str) -> None:
    """Hand the reply to the SMS send task (retried while the provider fails);
    without a broker, try once in this process."""
    try:
        send_sms.delay(phone=phone, text=text, reference=reference)
    except SmsDeliveryError:
        # Eager mode runs the task and its retries here; they are spent.
        logger.error("SMS reply %s to %s not delivered after retries", reference, phone_hash(phone))
    except Exception:
        logger.warning("broker unavailable; sending SMS reply %s inline", reference)
        try:
            send_sms_now(phone=phone, text=text, reference=reference)
        except Exception as exc:
            logger.error("SMS reply %s to %s failed: %s", reference, phone_hash(phone), exc.__class__.__name__)


def _decide(*, number: int | None, sender: str) -> tuple[str, Claim | None]:
    if number is None:
        return Outcome.HELP, None
    claim = Claim.objects.select_related("participant", "participant__user").filter(pk=number).first()
    if claim is None or sender not in worker_numbers(claim):
        return Outcome.NOT_MATCHED, None
    return Outcome.ANSWERED, claim


@transaction.atomic
def sms_status_receive(*, sender: str, text: str, reference: str, source: str = InboundSms.Source.PROVIDER) -> SmsReply:
    """Record one inbound SMS and answer it (after commit) through the SMS gateway.

    ``sender`` is the number as the provider gives it, ``reference`` the
    provider's id of the message (the same on every delivery of it)."""
    reference = (reference or "").strip()[:100]
    if not reference:
        raise ValueError("an inbound SMS needs the provider's reference")
    number_e164 = mobile_or_blank(sender)
    sender_hash = phone_hash(number_e164 or (sender or "").strip())
    _lock_sender(sender_hash)
    if InboundSms.objects.filter(reference=reference).exists():
        logger.info("SMS %s delivered again: not answered twice", reference)
        return SmsReply(outcome="", duplicate=True)

    now = timezone.now()
    number = parse_claim_number(text)
    claim = None
    if not number_e164:
        outcome = Outcome.BAD_SENDER
    elif _over_limit(sender_hash, now):
        outcome = Outcome.RATE_LIMITED
    else:
        outcome, claim = _decide(number=number, sender=number_e164)

    reply = ""
    if outcome in InboundSms.REPLIED:
        user = claim.participant.user if claim is not None and claim.participant.user_id else None
        with override(getattr(user, "language", "") or "id"):
            if outcome == Outcome.ANSWERED:
                reply = status_text(claim)
            elif outcome == Outcome.NOT_MATCHED:
                reply = neutral_text()
            else:
                reply = help_text()
    try:
        with transaction.atomic():
            row = InboundSms.objects.create(
                reference=reference,
                source=source,
                sender_hash=sender_hash,
                claim_number=number,
                claim=claim,
                outcome=outcome,
                reply_reference=uuid.uuid4().hex if reply else "",
                received_at=now,
            )
    except IntegrityError:
        # The same callback arriving twice at once: the other delivery recorded it first.
        logger.info("SMS %s delivered twice at once: not answered twice", reference)
        return SmsReply(outcome="", duplicate=True)

    if claim is not None:
        audit_record(
            actor=ACTOR,
            obj=claim,
            action="status_sms_answered",
            to_state=claim.status,
            data={"reference": reference, "sender": sender_hash, "source": source, "inbound_sms": row.pk},
        )
    logger.info("SMS %s from %s: %s", reference, sender_hash, outcome)
    if reply:
        transaction.on_commit(lambda: _send_reply(phone=number_e164, text=reply, reference=row.reply_reference))
    return SmsReply(outcome=outcome, text=reply)
