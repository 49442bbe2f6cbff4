"""Account recovery ("Lupa kata sandi"): a code to the phone or email on file,
then a new password.

Self-service is for the people the portal cannot reach otherwise: workers
(the code goes to the registry's mobile number, else the registry's email,
else the account's own), employers and Disnaker mediators (the account's
phone, else its email). BPJS staff and konselor recover through an
administrator, who resets their password and second factor in the back
office (audited there).

Nothing here tells a visitor whether an account exists: the request always
gets the same answer, and every failure of the code step the same message.
A reset ends every session (Django checks the password hash on each request)
and every API token of the account, lifts a sign-in lockout, and is announced
on the other channel ("if this was not you...").
"""

from __future__ import annotations

import logging

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Participant
from jkp_portal.accounts.codes import Contact, Purpose, code_send, code_use
from jkp_portal.accounts.models import ApiToken, User
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.second_factor import second_factor_required
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.notifications import notify, render_message

logger = logging.getLogger(__name__)

SELF_SERVICE_ROLES = frozenset({Role.WORKER, Role.EMPLOYER, Role.MEDIATOR})


def _generic_code_error() -> ApplicationError:
    message = _("Kode salah atau sudah tidak berlaku. Periksa pesan terbaru, atau minta kode baru.")
    return ApplicationError(message, code="code_invalid", errors={"code": [message]})


def _account(identifier: str) -> User | None:
    """The active account named by a NIK or a user name, if any."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    compact = "".join(identifier.split())
    if compact.isdigit():
        user = User.objects.filter(nik=compact, is_active=True).first()
        if user is not None:
            return user
    return User.objects.filter(username__iexact=identifier, is_active=True).first()


def self_service(user: User) -> bool:
    """May this account reset its own password? Not BPJS staff, konselor or
    anyone who signs in with a second factor: they go through an administrator."""
    return bool(user.roles) and set(user.roles) <= SELF_SERVICE_ROLES and not second_factor_required(user)


def _contact(user: User) -> Contact:
    participant = Participant.objects.filter(user=user).first() if user.has_role(Role.WORKER) else None
    if participant is not None:
        registry = Contact.on_file(phone=participant.phone, email=participant.email)
        account = Contact.on_file(phone=user.phone, email=user.email)
        return Contact(phone=registry.phone or account.phone, email=registry.email or account.email)
    return Contact.on_file(phone=user.phone, email=user.email)


def password_reset_start(*, identifier: str) -> None:
    """Send a reset code when the account exists, may reset itself and has a
    contact on file; otherwise do nothing, silently. Too-frequent requests are
    dropped the same way (the code already sent stays valid)."""
    user = _account(identifier)
    if user is None or not self_service(user):
        return
    contact = _contact(user)
    if not contact.reachable:
        return
    try:
        code_send(
            purpose=Purpose.PASSWORD_RESET,
            subject=str(user.pk),
            contact=contact,
            what=_("atur ulang kata sandi akun JKP"),
            actor=user,
            language=user.language,
        )
    except ApplicationError as exc:
        logger.info("password reset code for user %s not sent: %s", user.pk, exc.code)


def password_reset_confirm(*, identifier: str, code: str, password: str) -> User:
    """Set ``password`` on the account when ``code`` is its current reset code."""
    user = _account(identifier)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            " ".join(exc.messages), code="weak_password", errors={"password": exc.messages}
        ) from None
    if user is None or not self_service(user):
        raise _generic_code_error()
    try:
        row = code_use(purpose=Purpose.PASSWORD_RESET, subject=str(user.pk), code=code, actor=user)
    except ApplicationError as exc:
        if exc.code == "code_format":
            raise ApplicationError(exc.message, code=exc.code, errors={"code": [exc.message]}) from None
        raise _generic_code_error() from None
    return _password_set(user=user, password=password, channel=row.channel)


@transaction.atomic
def _password_set(*, user: User, password: str, channel: str) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    tokens = ApiToken.objects.filter(user=user).count()
    user.set_password(password)
    # Saving a new password revokes every API token (jkp_portal/accounts/tokens.py).
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        obj=user,
        action="password_reset",
        data={"proven_by": channel, "api_tokens_ended": tokens},
    )
    transaction.on_commit(lambda: axes_reset(username=user.username))
    _tell_other_channel(user, channel)
    return user


def _tell_other_channel(user: User, channel: str) -> None:
    """The code went by SMS: say so by email (and the other way round), so the
    owner learns of a reset they did not ask for. With one channel only, that one."""
    registry = _contact(user)
    # The account's own email first: the one the worker keeps reading.
    contact = Contact(phone=registry.phone, email=user.email or registry.email)
    other = "email" if channel == "sms" else "sms"
    if other == "email" and not contact.email or other == "sms" and not contact.phone:
        other = channel
    message = render_message(
        subject=_("Kata sandi akun JKP Anda diganti"),
        body=_(
            "Kata sandi akun JKP Anda baru saja diganti dan semua sesi masuk diakhiri. Bila bukan Anda yang "
            "menggantinya, segera hubungi kantor cabang BPJS Ketenagakerjaan atau 175."
        ),
        language=user.language or "id",
    )
    notify(email=contact.email, phone=contact.phone, message=message, channels=(other,))
