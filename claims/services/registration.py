"""The worker's sign-up against the registry, proven by a code to the phone on file.

``signup_start`` checks what was typed, matches NIK, full name and birth date
against the registry and sends a one-time code to the registry's mobile number
(else its email); ``signup_confirm`` opens the account only with that code. A
photocopy of a KTP is no longer enough to open someone's account.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Participant
from claims.names import normalize_person_name
from claims.services.routing import route_for
from jkp_portal.accounts.codes import Contact, Purpose, code_pending, code_send, code_use, subject_key
from jkp_portal.accounts.models import Office, OneTimeCode, User
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError


@dataclass(frozen=True)
class Registration:
    user: User
    participant: Participant


@dataclass(frozen=True)
class SignupCodeSent:
    nik: str
    channel: str  # "sms" or "email"
    sent_to: str  # masked: "••••7890"
    expires_at: dt.datetime


class NoContactOnFile(ApplicationError):
    """The registry has neither a mobile number nor an email for this worker:
    they verify in person. ``office`` is the branch their claim would go to."""

    def __init__(self, office: Office | None):
        super().__init__(
            _(
                "Data kepesertaan Anda tidak memuat nomor ponsel maupun email, sehingga kode tidak dapat dikirim. "
                "Verifikasi di kantor cabang BPJS Ketenagakerjaan atau meja layanan Disnaker."
            ),
            code="no_contact_on_file",
        )
        self.office = office


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _check_signup_fields(
    *, nik: str, full_name: str, birth_date: dt.date, email: str, password: str
) -> tuple[User, dict[str, list[str]]]:
    """Every field a stranger could get wrong, checked without reading the
    registry: the unsaved account and the errors, one list per field."""
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(r"\d{16}", nik):
        errors["nik"] = [_("NIK harus 16 digit angka.")]
    if not re.search(r"[^\W\d_]", full_name or ""):
        errors["full_name"] = [_("Isi nama lengkap sesuai KTP.")]
    if not isinstance(birth_date, dt.date) or birth_date >= timezone.localdate():
        errors["birth_date"] = [_("Tanggal lahir tidak valid.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Alamat email tidak valid.")]
    first, _sep, last = " ".join((full_name or "").split()).partition(" ")
    user = User(
        username=nik,
        nik=nik,
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        roles=[Role.WORKER],
    )
    # What the person typed, so the password validators refuse a password made
    # of it (never the registry's values: that would tell whether they match).
    user.birth_date = birth_date
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    return user, errors


def _registered(nik: str) -> StateConflictError:
    message = _(
        "NIK ini sudah terdaftar di portal. Silakan masuk dengan NIK dan kata sandi Anda, atau pakai Lupa kata sandi."
    )
    return StateConflictError(message, code="already_registered", errors={"nik": [message]})


def _matching_participant(*, nik: str, full_name: str, birth_date: dt.date) -> Participant:
    participant = Participant.objects.filter(nik=nik).first()
    if (
        participant is None
        or normalize_person_name(participant.full_name) != normalize_person_name(full_name)
        or participant.birth_date != birth_date
    ):
        raise ApplicationError(
            _(
                "Data tidak cocok dengan registri peserta BPJS Ketenagakerjaan. Periksa NIK, nama lengkap (sesuai "
                "KTP) dan tanggal lahir; bila sudah benar, hubungi kantor cabang BPJS Ketenagakerjaan atau pemberi "
                "kerja Anda."
            ),
            code="participant_not_found",
        )
    if participant.user_id is not None or User.objects.filter(nik=nik).exists():
        raise _registered(nik)
    return participant


def branch_for(participant: Participant) -> Office | None:
    """The branch that serves this worker (where their claim would go)."""
    office_id, _rule = route_for(participant)
    return Office.objects.filter(pk=office_id).first() if office_id else None


def _send_signup_code(participant: Participant, payload: dict, actor=None) -> SignupCodeSent:
    contact = Contact.on_file(phone=participant.phone, email=participant.email)
    if not contact.reachable:
        raise NoContactOnFile(branch_for(participant))
    row = code_send(
        purpose=Purpose.SIGNUP,
        subject=participant.nik,
        contact=contact,
        what=_("pendaftaran akun JKP"),
        payload=payload,
        actor=actor,
    )
    return SignupCodeSent(
        nik=participant.nik, channel=row.channel, sent_to=row.destination_masked, expires_at=row.expires_at
    )


def signup_start(*, nik: str, full_name: str, birth_date: dt.date, password: str, email: str = "") -> SignupCodeSent:
    """Check the typed fields, match the registry, send the code.

    Every field is checked first, without reading the registry, so a bad email
    or password gets the same answer for anyone. Then NIK, name (compared by
    claims.names.normalize_person_name) and birth date must all match one
    participant; a mismatch gets one message that does not say which field
    differs. A registered NIK is refused. The code goes to the registry's
    mobile number, else its email; with neither, ``NoContactOnFile`` names the
    branch where the worker verifies in person. Nothing is created but the
    code (which holds the password's hash, never the password)."""
    nik = _digits(nik)
    email = (email or "").strip()
    _user, errors = _check_signup_fields(
        nik=nik, full_name=full_name, birth_date=birth_date, email=email, password=password
    )
    if errors:
        message = " ".join(message for messages in errors.values() for message in messages)
        code = "weak_password" if set(errors) == {"password"} else "invalid"
        raise ApplicationError(message, code=code, errors=errors)
    participant = _matching_participant(nik=nik, full_name=full_name, birth_date=birth_date)
    payload = {"participant": participant.pk, "password": make_password(password), "email": email}
    return _send_signup_code(participant, payload)


def signup_resend(*, nik: str) -> SignupCodeSent:
    """A new code for the sign-up waiting on ``nik`` (60 s after the last one)."""
    nik = _digits(nik)
    pending = (
        OneTimeCode.objects.filter(purpose=Purpose.SIGNUP, used_at=None)
        .filter(subject_key=subject_key(Purpose.SIGNUP, nik))
        .order_by("-created_at")
        .first()
    )
    participant = Participant.objects.filter(nik=nik).first()
    if pending is None or participant is None or pending.payload.get("participant") != participant.pk:
        raise ApplicationError(_("Pendaftaran ini tidak menunggu kode. Mulai lagi dari awal."), code="code_missing")
    if participant.user_id is not None:
        raise _registered(nik)
    return _send_signup_code(participant, pending.payload)


def signup_waiting(nik: str) -> bool:
    return code_pending(purpose=Purpose.SIGNUP, subject=_digits(nik)) is not None


def signup_confirm(*, nik: str, code: str) -> Registration:
    """Open the account with the code the registry's phone (or email) received."""
    nik = _digits(nik)
    row = code_use(purpose=Purpose.SIGNUP, subject=nik, code=code)
    return _account_open(nik=nik, payload=row.payload, contact_channel=row.channel)


@transaction.atomic
def _account_open(*, nik: str, payload: dict, contact_channel: str) -> Registration:
    participant = Participant.objects.select_for_update().filter(nik=nik, pk=payload.get("participant")).first()
    if participant is None:
        raise ApplicationError(_("Pendaftaran ini tidak dapat dilanjutkan. Mulai lagi dari awal."), code="code_missing")
    if participant.user_id is not None or User.objects.filter(nik=nik).exists():
        raise _registered(nik)
    contact = Contact.on_file(phone=participant.phone, email=participant.email)
    first, _sep, last = " ".join(participant.full_name.split()).partition(" ")
    try:
        with transaction.atomic():
            # the one way an account is made (and audited); the password was
            # validated at signup_start against what the person typed
            user = user_create(
                username=nik,
                password="",
                password_hash=payload["password"],
                roles=[Role.WORKER],
                email=payload.get("email") or participant.email,
                first_name=first[:150],
                last_name=last[:150],
                phone=contact.phone,
                nik=nik,
                check_password=False,
            )
    except (IntegrityError, ApplicationError):
        # another account took this NIK (as NIK or user name) meanwhile
        raise _registered(nik) from None
    participant.user = user
    participant.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=user,
        obj=user,
        action="worker_registered",
        to_state="active",
        data={"participant": participant.pk, "proven_by": contact_channel},
    )
    audit_record(actor=user, obj=participant, action="account_linked", data={"user": user.pk})
    return Registration(user=user, participant=participant)
