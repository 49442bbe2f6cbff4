"""Second-factor helpers for tests: the code an authenticator app would show."""

import time
from base64 import b32decode

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jkp_portal.accounts.second_factor import second_factor_required


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one when this one was already
    used (django-otp accepts each time step once and tolerates one step ahead;
    two steps ahead means waiting for the clock)."""
    device.refresh_from_db()
    while True:
        now_t = int((time.time() - device.t0) // device.step)
        wanted = max(now_t + device.drift, device.last_t + 1)
        if wanted <= now_t + device.drift + 1:
            break
        time.sleep(1)
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=wanted - now_t)
    return f"{value:0{device.digits}d}"


def enrolled_device(user) -> TOTPDevice:
    """The user's confirmed authenticator (one is created if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)
    return device


def mark_session_verified(client, user) -> None:
    """What django_otp.login does after a good code, for a test client's session."""
    if not second_factor_required(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
    session.save()


def complete_second_factor(page, username: str) -> None:
    """Approvers, supervisors and admins are asked for an authenticator code
    after the password: enrol on the first sign-in (reading the secret shown
    for manual entry, as a person would type it into an app), else type the
    current code of their device."""
    if "/accounts/2fa/setup/" in page.url:
        secret = page.inner_text("#otp-secret").replace(" ", "")
        page.fill("#id_otp", f"{totp(b32decode(secret)):06d}")
        page.click("#otp-submit")
        page.wait_for_load_state("networkidle")
        assert page.locator("#recovery-codes li").count() == 10
        page.click("#otp-continue")
        page.wait_for_load_state("networkidle")
    elif "/accounts/2fa/verify/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_otp", current_code(device))
        page.click("#otp-submit")
        page.wait_for_load_state("networkidle")
