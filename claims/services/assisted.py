"""Assisted filing at a service desk, for workers without a phone or a computer.

A service officer (role ``service_officer``, of a BPJS office; the desk may be at
a Disnaker office and is named in words on each session):

1. finds the worker in the registry by the exact NIK, compares the KTP with the
   registry's name and birth date (shown in full, logged as personal-data
   access) and types the NIK read from the card: ``assisted_session_open``
   records the check (who, office, desk, when, the NIK seen) in an
   ``AssistedSession``. A worker without a portal account gets one, with no
   usable password and the registry's mobile number: with a phone they can
   later set a password through "Lupa kata sandi"; without one they come back
   to a desk;
2. records the worker's consent before anything is filed: a one-time code to
   the registry's mobile number that the worker reads out
   (``assisted_consent_send`` / ``assisted_consent_confirm``), or, with no
   mobile on file (or with a stated reason, e.g. a lost phone), a scanned
   consent form signed by the worker (``assisted_consent_form``), checked like
   every claim document;
3. fills the same wizard with the worker (claims/services/drafts.py and
   transitions.py accept the officer of an open, consented session of the
   claim's participant as filer: ``active_session``); the claim keeps
   ``assisted_by`` and ``assisted_session``, and the officer can never verify,
   send back, reject or approve it (``claim_state.require_not_assisting``).

A session is active for its officer until it is closed or the day ends.
"""

from __future__ import annotations

import hashlib
import re

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import OPEN_STATUSES, AssistedSession, Claim, ClaimStatus, Participant
from claims.services.documents import ALLOWED_TYPES, inspect_document
from jkp_portal.accounts.codes import Contact, Purpose, code_send, code_use
from jkp_portal.accounts.models import User
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

Status = AssistedSession.Status


def _digits(value) -> str:
    return re.sub(r"\D", "", str(value or ""))


def require_officer(actor) -> None:
    """A service officer who belongs to an office (the session is that office's)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.SERVICE_OFFICER):
        raise ForbiddenError(_("Hanya petugas layanan yang dapat membantu pengajuan klaim."))
    if actor.office_id is None:
        raise ForbiddenError(
            _("Akun petugas layanan Anda belum terhubung dengan kantor. Hubungi administrator."), code="no_office"
        )


def session_data(session: AssistedSession) -> dict:
    """What every audit event of an assisted action carries."""
    return {
        "assisted_session": session.pk,
        "assisted_by": session.officer.get_username(),
        "assisted_office": session.office.code,
        "desk": session.desk,
    }


def active_session(*, participant_id: int, actor) -> AssistedSession | None:
    """The actor's open session of today for this participant, if any (consented or not)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.SERVICE_OFFICER):
        return None
    return (
        AssistedSession.objects.select_related("officer", "office", "participant")
        .filter(
            participant_id=participant_id,
            officer=actor,
            status=Status.OPEN,
            opened_at__date=timezone.localdate(),
        )
        .first()
    )


def participant_for_check(*, actor, nik: str) -> Participant:
    """The registry's participant of exactly this NIK, for the officer to compare with the KTP."""
    require_officer(actor)
    nik = _digits(nik)
    if len(nik) != 16:
        message = _("NIK harus 16 digit angka.")
        raise ApplicationError(message, code="nik_format", errors={"nik": [message]})
    participant = Participant.objects.select_related("employer", "user").filter(nik=nik).first()
    if participant is None:
        message = _(
            "NIK %(nik)s tidak ada di registri peserta BPJS Ketenagakerjaan. Periksa kembali NIK pada KTP; bila "
            "sudah benar, pekerja perlu meminta pemberi kerjanya memperbarui data kepesertaan."
        ) % {"nik": nik}
        raise ApplicationError(message, code="nik_unknown", errors={"nik": [message]})
    return participant


def _close_stale(participant: Participant, *, actor) -> None:
    """Sessions of an earlier day that nobody closed end now."""
    stale = AssistedSession.objects.select_for_update().filter(
        participant=participant, status=Status.OPEN, opened_at__date__lt=timezone.localdate()
    )
    for session in stale:
        _close(session, actor=actor, why="expired")


@transaction.atomic
def assisted_session_open(*, actor, nik: str, ktp_nik: str, desk: str, identity_confirmed: bool) -> AssistedSession:
    """Record the KTP check and open the worker's session at this desk."""
    require_officer(actor)
    participant = participant_for_check(actor=actor, nik=nik)
    errors: dict[str, list[str]] = {}
    seen = _digits(ktp_nik)
    if len(seen) != 16:
        errors["ktp_nik"] = [_("Ketik 16 digit NIK yang tertulis pada KTP.")]
    elif seen != participant.nik:
        errors["ktp_nik"] = [
            _(
                "NIK pada KTP berbeda dengan NIK registri. Jangan lanjutkan: KTP ini bukan milik peserta tersebut, "
                "atau data registri perlu diperbaiki oleh pemberi kerja."
            )
        ]
    desk = " ".join((desk or "").split())[:120]
    if not desk:
        errors["desk"] = [_("Tulis nama meja layanan (mis. Loket 2, KC Surakarta).")]
    if not identity_confirmed:
        errors["identity_confirmed"] = [_("Bandingkan nama dan tanggal lahir pada KTP dengan data registri.")]
    if errors:
        code = "ktp_mismatch" if "ktp_nik" in errors and len(seen) == 16 else "invalid"
        raise ApplicationError(" ".join(m for ms in errors.values() for m in ms), code=code, errors=errors)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _close_stale(participant, actor=actor)
    busy = AssistedSession.objects.filter(participant=participant, status=Status.OPEN).select_related("officer").first()
    if busy is not None:
        if busy.officer_id == actor.pk:
            return busy
        raise StateConflictError(
            _("Pekerja ini sedang dilayani petugas %(officer)s (%(desk)s). Minta petugas itu menutup layanannya dulu.")
            % {"officer": busy.officer.get_full_name() or busy.officer.get_username(), "desk": busy.desk},
            code="session_busy",
        )
    account_created = False
    if participant.user_id is None:
        _account_for(participant, actor=actor)
        account_created = True
    now = timezone.now()
    try:
        with transaction.atomic():
            session = AssistedSession.objects.create(
                participant=participant,
                officer=actor,
                office_id=actor.office_id,
                desk=desk,
                ktp_nik_seen=seen,
                identity_checked_at=now,
                account_created=account_created,
            )
    except IntegrityError:
        raise StateConflictError(_("Pekerja ini baru saja mulai dilayani petugas lain."), code="session_busy") from None
    session = AssistedSession.objects.select_related("officer", "office", "participant").get(pk=session.pk)
    audit_record(
        actor=actor,
        obj=session,
        action="assisted_session_opened",
        to_state=Status.OPEN,
        data={
            **session_data(session),
            "participant": participant.pk,
            "identity": "ktp",
            "ktp_nik_matches": True,
            "account_created": account_created,
        },
    )
    return session


def _account_for(participant: Participant, *, actor) -> User:
    """A worker account for a participant who has none: user name and NIK are
    the participant's NIK, no usable password (the worker sets one through
    "Lupa kata sandi" with the registry's phone, if they have one)."""
    if User.objects.filter(nik=participant.nik).exists() or User.objects.filter(username=participant.nik).exists():
        raise StateConflictError(
            _("Sudah ada akun lain dengan NIK ini. Hubungi administrator sebelum melanjutkan."), code="nik_taken"
        )
    first, _sep, last = " ".join(participant.full_name.split()).partition(" ")
    user = user_create(
        username=participant.nik,
        password="",
        password_hash=make_password(None),
        roles=[Role.WORKER],
        email=participant.email,
        first_name=first[:150],
        last_name=last[:150],
        phone=Contact.on_file(phone=participant.phone).phone,
        nik=participant.nik,
        actor=actor,
        check_password=False,
    )
    participant.user = user
    participant.save(update_fields=["user", "updated_at"])
    audit_record(actor=actor, obj=participant, action="account_linked", data={"user": user.pk, "by": "service_desk"})
    return user


def _lock(session: AssistedSession, actor) -> AssistedSession:
    require_officer(actor)
    session = (
        AssistedSession.objects.select_for_update(of=("self",))
        .select_related("officer", "office", "participant")
        .get(pk=session.pk)
    )
    if session.officer_id != actor.pk:
        raise ForbiddenError(_("Layanan ini dibuka oleh petugas lain."))
    if session.status != Status.OPEN or timezone.localtime(session.opened_at).date() != timezone.localdate():
        raise StateConflictError(
            _("Layanan ini sudah selesai. Buka layanan baru setelah memeriksa KTP lagi."), code="session_closed"
        )
    return session


def _consent_subject(session: AssistedSession) -> str:
    return f"assisted-session:{session.pk}"


@transaction.atomic
def assisted_consent_send(*, session: AssistedSession, actor):
    """Send the consent code to the registry's mobile number (never elsewhere:
    the worker reads it out from their own phone)."""
    session = _lock(session, actor)
    if session.has_consent:
        raise StateConflictError(_("Persetujuan pekerja sudah dicatat."), code="consent_recorded")
    contact = Contact.on_file(phone=session.participant.phone)
    if not contact.phone:
        raise ApplicationError(
            _("Registri tidak memuat nomor ponsel pekerja ini: pakai formulir persetujuan bertanda tangan."),
            code="no_mobile",
        )
    officer = session.officer.get_full_name() or session.officer.get_username()
    return code_send(
        purpose=Purpose.ASSISTED_CONSENT,
        subject=_consent_subject(session),
        contact=contact,
        what=_("persetujuan pengajuan klaim JKP dibantu petugas %(officer)s, %(office)s")
        % {"officer": officer, "office": session.office.name},
        actor=actor,
    )


def assisted_consent_confirm(*, session: AssistedSession, actor, code: str) -> AssistedSession:
    """The worker read out the right code: record the consent."""
    session = _check_open(session, actor)
    try:
        code_use(purpose=Purpose.ASSISTED_CONSENT, subject=_consent_subject(session), code=code, actor=actor)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, code=exc.code, errors={"code": [exc.message]}) from None
    return _record_consent(session, actor=actor, how=AssistedSession.Consent.CODE)


def _check_open(session: AssistedSession, actor) -> AssistedSession:
    with transaction.atomic():
        session = _lock(session, actor)
        if session.has_consent:
            raise StateConflictError(_("Persetujuan pekerja sudah dicatat."), code="consent_recorded")
    return session


@transaction.atomic
def _record_consent(session, *, actor, how: str, fields=(), data=None) -> AssistedSession:
    session = _lock(session, actor) if not fields else session
    session.consent = how
    session.consent_at = timezone.now()
    session.save(update_fields=["consent", "consent_at", *fields])
    audit_record(
        actor=actor,
        obj=session,
        action="assisted_consent_recorded",
        data={**session_data(session), "consent": how, **(data or {})},
    )
    return session


def assisted_consent_form(*, session: AssistedSession, actor, upload, reason: str = "") -> AssistedSession:
    """Record the consent by the scanned form the worker signed at the desk.
    When the registry has a mobile number the code is the rule: the form then
    needs a reason (a lost phone, a number no longer theirs)."""
    session = _check_open(session, actor)
    reason = " ".join((reason or "").split())[:300]
    if Contact.on_file(phone=session.participant.phone).phone and not reason:
        message = _(
            "Registri memuat nomor ponsel pekerja: kirim kode persetujuan, atau tulis alasan memakai formulir "
            "(mis. ponsel hilang, nomor bukan miliknya lagi)."
        )
        raise ApplicationError(message, code="reason_required", errors={"reason": [message]})
    data, mime = inspect_document(upload)
    stored = None
    try:
        with transaction.atomic():
            session = _lock(session, actor)
            if session.has_consent:
                raise StateConflictError(_("Persetujuan pekerja sudah dicatat."), code="consent_recorded")
            session.consent_form.save(ALLOWED_TYPES[mime], ContentFile(data), save=False)
            stored = session.consent_form.name
            session.consent_form_type = mime
            session.consent_form_sha256 = hashlib.sha256(data).hexdigest()
            session.consent_form_reason = reason
            return _record_consent(
                session,
                actor=actor,
                how=AssistedSession.Consent.FORM,
                fields=("consent_form", "consent_form_type", "consent_form_sha256", "consent_form_reason"),
                data={"sha256": session.consent_form_sha256, "size": len(data), "reason": reason},
            )
    except Exception:
        if stored:
            session.consent_form.storage.delete(stored)
        raise


def require_consent(session: AssistedSession) -> None:
    if not session.has_consent:
        raise ForbiddenError(
            _("Persetujuan pekerja belum dicatat: kirim kode ke ponselnya atau unggah formulir persetujuan dulu."),
            code="no_consent",
        )


@transaction.atomic
def assisted_claim_start(*, session: AssistedSession, actor, idempotency_key: str | None = None) -> Claim:
    """The claim filed in this session: the worker's open draft (or a claim sent
    back for correction) when there is one, else a new draft."""
    session = _lock(session, actor)
    require_consent(session)
    if session.claim_id is not None:
        return Claim.objects.get(pk=session.claim_id)
    open_claim = Claim.objects.filter(participant=session.participant, status__in=OPEN_STATUSES).first()
    if open_claim is not None and open_claim.status not in (ClaimStatus.DRAFT, ClaimStatus.NEEDS_CORRECTION):
        raise StateConflictError(
            _("Pekerja ini sudah mengajukan klaim #%(id)s (status: %(status)s); tidak ada yang perlu diisi.")
            % {"id": open_claim.pk, "status": open_claim.get_status_display()},
            code="open_claim_exists",
        )
    if open_claim is None:
        from claims.services.drafts import claim_create_draft

        open_claim, _created = claim_create_draft(actor=actor, idempotency_key=idempotency_key, session=session)
    session.claim = open_claim
    session.save(update_fields=["claim"])
    audit_record(
        actor=actor, obj=session, action="assisted_claim_opened", data={**session_data(session), "claim": open_claim.pk}
    )
    return open_claim


def _close(session: AssistedSession, *, actor, why: str) -> None:
    before = session.status
    session.status = Status.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        obj=session,
        action="assisted_session_closed",
        from_state=before,
        to_state=Status.CLOSED,
        reason=why,
        data={"assisted_session": session.pk, "claim": session.claim_id},
    )


@transaction.atomic
def assisted_session_close(*, session: AssistedSession, actor) -> AssistedSession:
    """The worker leaves the desk: the officer can no longer act for them."""
    session = _lock(session, actor)
    _close(session, actor=actor, why="done")
    return session
