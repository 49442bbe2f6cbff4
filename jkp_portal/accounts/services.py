from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.phones import indonesian_mobile

from .models import Office, User
from .regions import clean_regency_list
from .roles import Role


def _staff_flags(roles: list[str]) -> tuple[bool, bool]:
    """(is_staff, is_superuser) follow from the roles: only the admin role uses
    the back office, with every permission there. Other staff hold no Django
    permission at all: their pages check roles and office scope."""
    is_admin = Role.ADMIN in roles
    return is_admin, is_admin


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: list[str],
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    nik: str | None = None,
    office_code: str | None = None,
    employer_npp: str = "",
    area_regencies: list[str] | None = None,
    actor=None,
    check_password: bool = True,
    password_hash: str = "",
) -> User:
    valid_roles = set(Role.values)
    unknown = [r for r in roles if r not in valid_roles]
    if unknown or not roles:
        raise ApplicationError(
            _("Peran tidak dikenal: %(roles)s. Pilihan: %(choices)s")
            % {"roles": ", ".join(unknown) or "-", "choices": ", ".join(sorted(valid_roles))},
            errors={"roles": [_("Peran tidak valid.")]},
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("Nama pengguna %(u)s sudah dipakai.") % {"u": username}, errors={"username": [_("Sudah dipakai.")]}
        )
    office = None
    if office_code:
        office = Office.objects.filter(code=office_code).first()
        if office is None:
            raise ApplicationError(
                _("Kantor %(c)s tidak ditemukan.") % {"c": office_code}, errors={"office": [_("Tidak ditemukan.")]}
            )
    if phone:
        try:
            phone = indonesian_mobile(phone)
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], errors={"phone": exc.messages}) from None
    if nik and User.objects.filter(nik=nik).exists():
        raise ApplicationError(_("NIK ini sudah terdaftar sebagai pengguna."), errors={"nik": [_("Sudah terdaftar.")]})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        roles=sorted(set(roles)),
        nik=nik or None,
        office=office,
        employer_npp=employer_npp,
        area_regencies=clean_regency_list(area_regencies or [], name="area_regencies"),
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages), errors={"password": exc.messages}) from exc
    user.is_staff, user.is_superuser = _staff_flags(user.roles)
    if password_hash:
        # Hashed earlier (a sign-up waiting for its code): the password itself was never kept.
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    audit_record(actor=actor, obj=user, action="user_created", to_state="active", data={"roles": user.roles})
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str], actor, reason: str = "") -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = list(user.roles)
    user.roles = sorted(set(roles))
    user.is_staff, user.is_superuser = _staff_flags(user.roles)
    user.save(update_fields=["roles", "is_staff", "is_superuser"])
    audit_record(
        actor=actor,
        obj=user,
        action="roles_changed",
        from_state=",".join(before),
        to_state=",".join(user.roles),
        reason=reason,
    )
    return user
