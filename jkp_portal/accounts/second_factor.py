"""The second factor (django-otp) for approvers, supervisors and admins.

A user of these roles signs in with a password, then with a TOTP code from an
authenticator app (enrolled on first sign-in) or one of the single-use
recovery codes. Until then the session reaches only the enrolment and
verification pages and logout: ``SecondFactorMiddleware`` refuses every other
view, the back office and session-authenticated API calls included.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError

from .models import User

TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"

# Views an unverified session may still reach.
OPEN_URL_NAMES = frozenset(
    {"login", "logout", "otp_setup", "otp_verify", "set_language", "javascript-catalog", "healthz"}
)


def second_factor_required(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and any(
        role in settings.OTP_REQUIRED_ROLES for role in getattr(user, "roles", ())
    )


def second_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (no external service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("Kode QR autentikator"))


def otp_secret_text(device: TOTPDevice) -> str:
    """The secret as base32 in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def otp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (the same one on every reload,
    so a code scanned before a reload still works)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def otp_enrolment_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app and issue fresh
    recovery codes. Returns the device and the recovery codes (shown once)."""
    with transaction.atomic():
        if second_factor_enrolled(user):
            raise ApplicationError(_("Autentikator sudah terdaftar untuk akun ini."), code="otp_already_enrolled")
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        # A wrong code is counted by the device's throttle: that write must
        # commit, so the refusal is raised outside this transaction.
        accepted = device is not None and device.verify_token(_clean(token))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = _recovery_codes_replace(user=user)
            audit_record(actor=user, obj=user, action="otp_enrolled", data={"device_id": device.pk})
    if not accepted:
        raise ApplicationError(
            _("Kode tidak cocok. Masukkan 6 digit yang sedang tampil di aplikasi autentikator."),
            code="otp_invalid",
            errors={"otp": [_("Kode tidak cocok.")]},
        )
    return device, codes


@transaction.atomic
def otp_recovery_codes_replace(*, user: User) -> list[str]:
    """A fresh set of recovery codes for a verified user; the old ones stop working."""
    codes = _recovery_codes_replace(user=user)
    audit_record(actor=user, obj=user, action="otp_recovery_codes_replaced", data={"count": len(codes)})
    return codes


def otp_recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()


def otp_verify(*, user: User, token: str):
    """The confirmed device (TOTP or recovery codes) that accepts ``token``.
    A recovery code is used up; its use is audited. Raises otp_invalid."""
    token = _clean(token)
    accepted = None
    if token:
        # Failed attempts feed each device's throttle; that must commit, so
        # the refusal is raised after the transaction.
        with transaction.atomic():
            for device in devices_for_user(user, confirmed=True, for_verify=True):
                if device.verify_token(token):
                    accepted = device
                    if isinstance(device, StaticDevice):
                        left = device.token_set.count()
                        audit_record(actor=user, obj=user, action="otp_recovery_code_used", data={"codes_left": left})
                    break
    if accepted is None:
        raise ApplicationError(
            _("Kode verifikasi salah atau sudah dipakai."), code="otp_invalid", errors={"otp": [_("Kode salah.")]}
        )
    return accepted


@transaction.atomic
def otp_device_remove(*, device, actor) -> None:
    """Remove an authenticator or the recovery codes (lost phone): the owner
    enrols again at the next sign-in."""
    user = device.user
    kind = "recovery_codes" if isinstance(device, StaticDevice) else "totp"
    device.delete()
    audit_record(actor=actor, obj=user, action="otp_device_removed", data={"kind": kind})


def _next_query(request) -> str:
    return "?" + urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""


class SecondFactorMiddleware:
    """Refuses every view but the open ones to a session that must pass the
    second factor and has not: pages redirect to enrolment or verification, API
    calls answer 403 ``otp_required``. Token-authenticated API calls carry no
    session user here; their tokens are only issued after the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not second_factor_required(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Selesaikan verifikasi dua langkah terlebih dahulu."), "code": "otp_required"},
                status=403,
            )
        target = "otp_verify" if second_factor_enrolled(user) else "otp_setup"
        return redirect(reverse(target) + _next_query(request))
