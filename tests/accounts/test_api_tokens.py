"""API tokens: stored hashed, expiring per role, rotated on password change,
deleted on logout, listed and revoked only by their owner, every issue and
revoke audited."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jkp_portal.accounts.models import ApiToken, User
from jkp_portal.audit.models import AuditEvent
from tests.factories import PASSWORD
from tests.otp_support import current_code, enrolled_device

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ganti-Sandi-2026!"


def obtain(api, user, **extra):
    return api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD, **extra}, format="json")


def token_of(api, user, **extra) -> str:
    response = obtain(api, user, **extra)
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def me_status(api, token: str) -> int:
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    status = api.get("/api/v1/auth/me/").status_code
    api.credentials()
    return status


def test_the_database_never_holds_the_token(api, make_user):
    """Only a digest is stored: no column of the token table holds the token."""
    user = make_user("worker")
    token = token_of(api, user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert all(token not in str(value) for value in rows[0])
    assert me_status(api, token) == 200


def test_issue_answers_the_expiry_and_is_audited(api, make_user):
    user = make_user("worker")
    before = timezone.now()
    body = obtain(api, user).json()
    expiry = ApiToken.objects.get(user=user).expiry
    assert timedelta(days=29, hours=23) < expiry - before <= timedelta(days=30, minutes=1)
    assert body["expiry"]
    event = AuditEvent.objects.get(action="api_token_issued", object_id=str(user.pk))
    assert event.data["token_id"] == ApiToken.objects.get(user=user).pk


def test_worker_token_lasts_thirty_days_staff_token_eight_hours(api, make_user):
    worker, verifier = make_user("worker"), make_user("verifier")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        worker_token, staff_token = token_of(api, worker), token_of(api, verifier)
        traveller.shift(timedelta(hours=7, minutes=59))
        assert me_status(api, staff_token) == 200
        traveller.shift(timedelta(minutes=2))
        assert me_status(api, staff_token) == 401
        assert me_status(api, worker_token) == 200
        traveller.shift(timedelta(days=29, hours=16))
        assert me_status(api, worker_token) == 401


def test_expiry_is_configurable(api, make_user, settings):
    settings.API_TOKEN_TTL_DAYS = 2
    settings.API_TOKEN_TTL_STAFF_HOURS = 1
    worker, verifier = make_user("worker"), make_user("verifier")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        worker_token, staff_token = token_of(api, worker), token_of(api, verifier)
        traveller.shift(timedelta(hours=1, minutes=1))
        assert me_status(api, staff_token) == 401
        assert me_status(api, worker_token) == 200
        traveller.shift(timedelta(days=2))
        assert me_status(api, worker_token) == 401


def test_password_change_by_service_revokes_every_token(api, make_user):
    user = make_user("worker")
    first, second = token_of(api, user), token_of(api, user)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert me_status(api, first) == 401 and me_status(api, second) == 401
    event = AuditEvent.objects.get(action="api_tokens_revoked", object_id=str(user.pk))
    assert event.reason == "password_changed" and event.data["count"] == 2


def test_password_change_page_revokes_every_token(api, client, make_user):
    user = make_user("worker")
    token = token_of(api, user)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert me_status(api, token) == 401
    assert me_status(api, token_of(api, user, password=NEW_PASSWORD)) == 200


def test_password_hash_upgrade_at_sign_in_keeps_tokens(api, make_user, settings):
    """Re-hashing a stored password when signing in is not a password change."""
    settings.PASSWORD_HASHERS = [*settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
    user = make_user("worker")
    token = token_of(api, user)
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="md5"))
    token_of(api, user)  # signing in re-hashes the MD5 password with the preferred hasher
    user.refresh_from_db()
    assert not user.password.startswith("md5$")
    assert me_status(api, token) == 200


def test_logout_deletes_the_token_it_was_sent_with(api, make_user):
    user = make_user("worker")
    used, other = token_of(api, user), token_of(api, user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {used}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    api.credentials()
    assert me_status(api, used) == 401
    assert me_status(api, other) == 200
    assert AuditEvent.objects.filter(action="api_token_revoked", reason="logout", object_id=str(user.pk)).exists()


def test_owner_lists_own_tokens_without_secrets(api, make_user):
    user, stranger = make_user("worker"), make_user("worker")
    token, _second = token_of(api, user), token_of(api, user)
    token_of(api, stranger)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get("/api/v1/auth/tokens/")
    assert listing.status_code == 200
    rows = listing.json()
    assert {row["id"] for row in rows} == set(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
    assert [row["current"] for row in rows].count(True) == 1
    assert set(rows[0]) == {"id", "created", "expiry", "current"}
    assert token not in listing.content.decode()


def test_owner_revokes_one_token_and_cannot_touch_anothers(api, make_user):
    user, stranger = make_user("worker"), make_user("worker")
    token, spare = token_of(api, user), token_of(api, user)
    strangers = token_of(api, stranger)
    spare_id = ApiToken.objects.filter(user=user).order_by("-created", "-id").first().pk
    strangers_id = ApiToken.objects.get(user=stranger).pk
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete(f"/api/v1/auth/tokens/{strangers_id}/").status_code == 404
    assert api.delete(f"/api/v1/auth/tokens/{spare_id}/").status_code == 204
    assert api.delete(f"/api/v1/auth/tokens/{spare_id}/").status_code == 404
    api.credentials()
    assert me_status(api, spare) == 401
    assert me_status(api, token) == 200
    assert me_status(api, strangers) == 200
    event = AuditEvent.objects.get(action="api_token_revoked", object_id=str(user.pk))
    assert event.data["token_id"] == spare_id and event.actor == user


def test_owner_revokes_all_tokens(api, make_user):
    user, stranger = make_user("worker"), make_user("worker")
    token, spare = token_of(api, user), token_of(api, user)
    strangers = token_of(api, stranger)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete("/api/v1/auth/tokens/").status_code == 204
    api.credentials()
    assert me_status(api, token) == 401 and me_status(api, spare) == 401
    assert me_status(api, strangers) == 200
    assert AuditEvent.objects.filter(action="api_tokens_revoked", reason="revoked_by_owner").count() == 1


def test_token_list_needs_a_signed_in_user(api):
    assert api.get("/api/v1/auth/tokens/").status_code in (401, 403)
    assert api.post("/api/v1/auth/logout/").status_code in (401, 403)


def test_approver_token_needs_the_second_factor(api, make_user):
    """No token for an approver on the password alone: 400 otp_required, a
    wrong code 400 otp_invalid, the app's current code a token.

    The clock is frozen: after a wrong code django-otp refuses every code for
    one second, and on a busy machine the next request could otherwise arrive
    after that second and be accepted."""
    approver = make_user("approver")
    device = enrolled_device(approver)
    with time_machine.travel(timezone.now(), tick=False):
        missing = obtain(api, approver)
        assert missing.status_code == 400 and missing.json()["code"] == "otp_required"
        token = token_of(api, approver, otp=current_code(device))
        assert me_status(api, token) == 200
        wrong = obtain(api, approver, otp="000000" if current_code(device) != "000000" else "111111")
        assert wrong.status_code == 400 and wrong.json()["code"] == "otp_invalid"
        # After a wrong code the device refuses for a while, even the right
        # (next, never used) code.
        throttled = obtain(api, approver, otp=current_code(device))
        assert throttled.status_code == 400 and throttled.json()["code"] == "otp_invalid"
    assert ApiToken.objects.filter(user=approver).count() == 1


def test_supervisor_without_an_authenticator_is_told_to_enrol(api, make_user):
    supervisor = make_user("supervisor")
    response = obtain(api, supervisor, otp="123456")
    assert response.status_code == 400 and response.json()["code"] == "otp_invalid"
    response = obtain(api, supervisor)
    assert response.status_code == 400 and response.json()["code"] == "otp_required"
    assert "browser" in response.json()["detail"]
    assert not ApiToken.objects.filter(user=supervisor).exists()


def test_wrong_password_with_a_good_code_is_still_invalid_credentials(api, make_user):
    approver = make_user("approver")
    device = enrolled_device(approver)
    response = api.post(
        "/api/v1/auth/token/",
        {"username": approver.username, "password": "salah-Salah-1", "otp": current_code(device)},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"
