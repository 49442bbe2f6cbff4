"""Second factor for approvers, supervisors and admins: enrolment on first
sign-in, a code on every later one, single-use recovery codes, and no portal
page for a session that has not passed it."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jkp_portal.audit.models import AuditEvent
from tests.factories import PASSWORD
from tests.otp_support import current_code, enrolled_device

pytestmark = pytest.mark.django_db


def password_sign_in(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once(client, make_user):
    approver = make_user("approver")
    response = password_sign_in(client, approver)
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body  # the QR code, drawn by the server
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', body).group(1)
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert client.get(reverse("otp_setup")).content.decode().count(secret) == 1  # a reload keeps the secret

    wrong = client.post(reverse("otp_setup"), {"otp": "12345x"})
    assert wrong.status_code == 200 and "Kode tidak cocok" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=approver, confirmed=True).exists()

    device.throttle_reset()
    code = f"{totp(device.bin_key):06d}"
    done = client.post(reverse("otp_setup"), {"otp": code, "next": reverse("claims:approver_queue")})
    assert done.status_code == 200
    codes = re.findall(r'<code class="fs-5">([a-z2-7]+)</code>', done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=approver).confirmed
    assert AuditEvent.objects.filter(action="otp_enrolled", object_id=str(approver.pk)).exists()

    assert client.get(reverse("claims:approver_queue")).status_code == 200
    # shown once: the setup page now only sends a verified user on
    assert client.get(reverse("otp_setup")).status_code == 302


def test_later_sign_in_asks_for_the_code(client, make_user):
    supervisor = make_user("supervisor")
    device = enrolled_device(supervisor)
    response = password_sign_in(client, supervisor, next_url="/dashboards/")
    assert response["Location"].startswith(reverse("otp_verify"))
    bad = client.post(reverse("otp_verify"), {"otp": "abc", "next": "/dashboards/"})
    assert bad.status_code == 200 and "salah" in bad.content.decode()
    device.throttle_reset()
    good = client.post(reverse("otp_verify"), {"otp": current_code(device), "next": "/dashboards/"})
    assert good.status_code == 302 and good["Location"] == "/dashboards/"
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_password_alone_cannot_re_enrol_an_enrolled_account(client, make_user):
    """Someone with only the password must not swap in their own authenticator."""
    approver = make_user("approver")
    enrolled_device(approver)
    password_sign_in(client, approver)
    response = client.get(reverse("otp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    assert client.post(reverse("otp_setup"), {"otp": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=approver).count() == 1


def test_recovery_code_works_once(client, make_user):
    approver = make_user("approver")
    device = enrolled_device(approver)
    from jkp_portal.accounts.second_factor import _recovery_codes_replace

    code = _recovery_codes_replace(user=approver)[0]
    password_sign_in(client, approver)
    first = client.post(reverse("otp_verify"), {"otp": code.upper()})
    assert first.status_code == 302
    assert client.get(reverse("claims:approver_queue")).status_code == 200
    assert StaticToken.objects.filter(device__user=approver).count() == 9
    assert AuditEvent.objects.filter(action="otp_recovery_code_used", object_id=str(approver.pk)).exists()

    client.post(reverse("logout"))
    password_sign_in(client, approver)
    again = client.post(reverse("otp_verify"), {"otp": code})
    assert again.status_code == 200 and "sudah dipakai" in again.content.decode()
    assert client.get(reverse("claims:approver_queue")).status_code == 302
    assert device.pk  # the authenticator itself is untouched


def test_unverified_session_reaches_nothing_but_the_second_factor_pages(client, make_user):
    """Password accepted, code not yet given: every portal page, the back office
    and session-authenticated API calls are refused; logout still works."""
    admin = make_user("admin", "approver", "supervisor")
    enrolled_device(admin)
    password_sign_in(client, admin)
    verify = reverse("otp_verify")
    for url in (
        reverse("home"),
        reverse("claims:approver_queue"),
        reverse("dashboards:home"),
        reverse("password_change"),
        "/admin/",
        "/admin/accounts/user/",
        f"/audit/accounts/user/{admin.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(verify), url
    api = client.get("/api/v1/auth/me/")
    assert api.status_code == 403 and api.json()["code"] == "otp_required"
    assert client.get("/api/v1/auth/tokens/").status_code == 403
    assert client.get(verify).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(verify).status_code == 302  # signed out: back to the login page


def test_roles_without_second_factor_sign_in_with_the_password(client, make_user):
    verifier = make_user("verifier")
    response = password_sign_in(client, verifier)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("claims:verifier_queue")).status_code == 200
    assert not TOTPDevice.objects.filter(user=verifier).exists()


def test_next_after_the_code_stays_on_this_site(client, make_user):
    approver = make_user("approver")
    device = enrolled_device(approver)
    password_sign_in(client, approver)
    response = client.post(reverse("otp_verify"), {"otp": current_code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_force_login_in_tests_counts_as_a_finished_sign_in(client, make_user):
    """The suite's force_login helper passes the second factor (documented in
    tests/conftest.py); the form-based tests above cover the real flow."""
    approver = make_user("approver")
    client.force_login(approver)
    assert client.get(reverse("claims:approver_queue")).status_code == 200


def test_back_office_never_shows_authenticator_secrets(client, make_user):
    """Staff who may read the back office do not see other people's
    authenticators; the admin sees who has one (to remove a lost one), never
    the secret or the recovery codes."""
    from django.core.management import call_command

    call_command("migrate", "accounts", verbosity=0)  # post_migrate: the staff view group
    from jkp_portal.accounts.services import user_create

    approver = make_user("approver")
    device = enrolled_device(approver)
    from jkp_portal.accounts.second_factor import _recovery_codes_replace

    codes = _recovery_codes_replace(user=approver)
    verifier = user_create(username="ver.bo", password=PASSWORD, roles=["verifier"], check_password=False)
    admin = user_create(username="adm.bo", password=PASSWORD, roles=["admin"], check_password=False)
    totp_url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    static_list = reverse("admin:otp_static_staticdevice_changelist")
    client.force_login(verifier)
    assert client.get(totp_url).status_code in (302, 403, 404)
    assert client.get(static_list).status_code in (302, 403, 404)
    client.force_login(admin)
    page = client.get(totp_url)
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    static = client.get(
        reverse("admin:otp_static_staticdevice_change", args=[approver.staticdevice_set.get().pk])
    ).content.decode()
    assert not any(code in static for code in codes)
    removed = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action="otp_device_removed", object_id=str(approver.pk)).exists()


def test_new_recovery_codes_replace_the_old_ones(client, make_user):
    """A signed-in approver can get a fresh set (after using some); the old
    codes stop working; the page shows how many are left, never the codes."""
    from jkp_portal.accounts.second_factor import _recovery_codes_replace

    approver = make_user("approver")
    enrolled_device(approver)
    old = _recovery_codes_replace(user=approver)
    password_sign_in(client, approver)
    used = client.post(reverse("otp_verify"), {"otp": old[0], "next": reverse("claims:approver_queue")})
    # signing in with a recovery code leads to the page that offers new ones
    assert used.status_code == 302 and used["Location"].startswith(reverse("otp_manage"))
    page = client.get(used["Location"])
    assert page.status_code == 200 and "9" in page.content.decode()
    assert not any(code in page.content.decode() for code in old)
    fresh = client.post(reverse("otp_manage"))
    new = re.findall(r'<code class="fs-5">([a-z2-7]+)</code>', fresh.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True)) == set(new)
    assert AuditEvent.objects.filter(action="otp_recovery_codes_replaced", object_id=str(approver.pk)).exists()


def test_recovery_codes_page_is_only_for_second_factor_roles(client, make_user):
    approver = make_user("approver")
    client.force_login(approver)
    assert reverse("otp_manage") in client.get(reverse("password_change")).content.decode()
    client.force_login(make_user("verifier"))
    assert reverse("otp_manage") not in client.get(reverse("password_change")).content.decode()
    assert client.post(reverse("otp_manage")).status_code == 302
    assert not StaticToken.objects.exists()
