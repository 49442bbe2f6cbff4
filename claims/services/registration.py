"""The worker's sign-up against the registry (``worker_register``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Participant
from claims.names import normalize_person_name
from jkp_portal.accounts.models import User
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.phones import indonesian_mobile


@dataclass(frozen=True)
class Registration:
    user: User
    participant: Participant


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _check_signup_fields(
    *, nik: str, full_name: str, birth_date: dt.date, email: str, phone: str, password: str
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
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Alamat email tidak valid.")]
    try:
        phone = indonesian_mobile(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    first, _sep, last = " ".join((full_name or "").split()).partition(" ")
    user = User(
        username=nik,
        nik=nik,
        email=email,
        phone=phone,
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


@transaction.atomic
def worker_register(
    *, nik: str, full_name: str, birth_date: dt.date, email: str, phone: str, password: str
) -> Registration:
    """Create a worker account for a registered participant.

    Every field is checked first, without reading the registry, so a bad phone
    or password gets the same answer for anyone. Then NIK, name (compared by
    claims.names.normalize_person_name) and birth date must all match one participant of the registry; a
    mismatch gets one message that does not say which field differs. The NIK
    must not have an account yet. The worker signs in with their NIK.
    """
    nik = _digits(nik)
    user, errors = _check_signup_fields(
        nik=nik, full_name=full_name, birth_date=birth_date, email=email, phone=phone, password=password
    )
    if errors:
        message = " ".join(message for messages in errors.values() for message in messages)
        code = "weak_password" if set(errors) == {"password"} else "invalid"
        raise ApplicationError(message, code=code, errors=errors)
    participant = Participant.objects.select_for_update().filter(nik=nik).first()
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
        message = _("NIK ini sudah terdaftar di portal. Silakan masuk dengan NIK dan kata sandi Anda.")
        raise StateConflictError(message, code="already_registered", errors={"nik": [message]})
    first, _sep, last = " ".join(participant.full_name.split()).partition(" ")
    try:
        with transaction.atomic():
            # the one way an account is made (and audited); the password was
            # validated above against what the person typed
            user = user_create(
                username=nik,
                password=password,
                roles=[Role.WORKER],
                email=email,
                first_name=first[:150],
                last_name=last[:150],
                phone=user.phone,
                nik=nik,
                check_password=False,
            )
    except (IntegrityError, ApplicationError):
        # another account took this NIK (as NIK or user name) meanwhile
        message = _("NIK ini sudah terdaftar di portal. Silakan masuk dengan NIK dan kata sandi Anda.")
        raise StateConflictError(message, code="already_registered", errors={"nik": [message]}) from None
    participant.user = user
    participant.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=user, obj=user, action="worker_registered", to_state="active", data={"participant": participant.pk}
    )
    audit_record(actor=user, obj=participant, action="account_linked", data={"user": user.pk})
    return Registration(user=user, participant=participant)
