"""The platform pieces every later issue relies on."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jkp_portal.accounts.models import User
from jkp_portal.audit.models import AuditEvent
from tests.factories import PASSWORD, OfficeFactory

pytestmark = pytest.mark.django_db


def test_token_authenticates_an_api_call(api, make_user):
    """A token from /api/v1/auth/token/ authenticates later calls."""
    user = make_user("verifier")
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert api.get("/api/v1/auth/me/").status_code in (401, 403)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/auth/me/")
    assert me.status_code == 200
    assert me.json()["roles"] == ["verifier"]


def test_bad_password_is_400_and_repeated_failures_lock_the_account(api, make_user, settings):
    """A wrong password answers 400; after the limit even the right one is refused."""
    user = make_user("worker")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        bad = api.post("/api/v1/auth/token/", {"username": user.username, "password": "salah-Salah-1"}, format="json")
        assert bad.status_code in (400, 429)
    locked = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"


def test_first_bad_password_gets_400_with_message(api, make_user):
    user = make_user("worker")
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": "x"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials"
    assert "salah" in body["detail"]


def test_token_request_with_missing_fields_gets_field_errors(api):
    response = api.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


def test_browser_login_and_lockout(client, make_user, settings):
    user = make_user("verifier")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong-Pass-1"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"dikunci" in response.content


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_is_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


def test_create_portal_user_command_creates_staff_with_roles_and_audit(db):
    office = OfficeFactory(code="KC-X")
    call_command(
        "create_portal_user",
        "petugas1",
        "--password",
        PASSWORD,
        "--role",
        "verifier",
        "--role",
        "approver",
        "--office",
        "KC-X",
    )
    user = User.objects.get(username="petugas1")
    assert user.roles == ["approver", "verifier"]
    assert user.office == office
    assert not user.is_staff and not user.is_superuser  # the back office is for the admin role only
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(object_id=str(user.pk), action="user_created").exists()


def test_create_portal_user_refuses_weak_password_and_unknown_office(db):
    with pytest.raises(CommandError):
        call_command("create_portal_user", "lemah", "--password", "12345", "--role", "worker")
    with pytest.raises(CommandError):
        call_command("create_portal_user", "x2", "--password", PASSWORD, "--role", "verifier", "--office", "NOPE")
    assert not User.objects.filter(username__in=["lemah", "x2"]).exists()


def test_interface_is_indonesian_by_default_and_switches_to_english(client):
    page = client.get(reverse("login"))
    assert b"Masuk ke JKP Portal" in page.content
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get(reverse("login"))
    assert b"Sign in to JKP Portal" in page.content


def test_back_office_is_for_the_admin_role_only(client, make_user):
    for role in ("worker", "verifier", "supervisor"):
        client.force_login(make_user(role))
        assert client.get("/admin/").status_code == 302, role
    admin = make_user("admin")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def test_openapi_schema_and_docs_are_served_without_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_pages_have_no_inline_scripts_and_send_a_csp(client):
    page = client.get("/")
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert b"<script>" not in page.content


def test_browser_language_does_not_override_the_indonesian_default(client):
    """An English-language phone still gets Indonesian until the user switches."""
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert b"Masuk ke JKP Portal" in page.content
