"""The Django back office (/admin/) is for the admin role only: no other role
gets in (not by a session, not through the admin's own login form), no API
token of any kind and no login-attempt record is listed there, the permission
set does not depend on how often ``migrate`` ran, and every change view that
shows a person's full NIK or contact data is logged as a personal-data access."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from jkp_portal.accounts.models import User
from jkp_portal.audit.models import PersonalDataAccess
from tests.claims.factories import ParticipantFactory
from tests.factories import PASSWORD, UserFactory
from tests.otp_support import mark_session_verified

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = ("worker", "konselor", "verifier", "approver", "supervisor", "employer", "mediator")
# Fields that identify or reach a person: a change view showing one of them is logged.
PERSONAL_FIELDS = {"nik", "phone", "email", "bank_account_number", "account_number"}
# Organisations, whose phone and e-mail are a public contact, not a person's data.
ORGANISATIONS = {"training.Lpk", "accounts.Office"}


def _permission_snapshot():
    groups = {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    users = {}
    for role in NON_ADMIN_ROLES + ("admin",):
        user = User.objects.get(username=f"snap.{role}")
        user = User.objects.get(pk=user.pk)  # fresh: no permission cache
        users[role] = (user.is_staff, user.is_superuser, sorted(user.get_all_permissions()))
    return groups, users, Permission.objects.count()


def test_permission_sets_do_not_depend_on_how_often_migrate_ran():
    """A second ``migrate`` (as on every deploy) leaves every group's and every
    role's permissions exactly as they were."""
    from jkp_portal.accounts.services import user_create

    for role in NON_ADMIN_ROLES + ("admin",):
        user_create(username=f"snap.{role}", password=PASSWORD, roles=[role], check_password=False)
    before = _permission_snapshot()
    call_command("migrate", verbosity=0, interactive=False)
    after = _permission_snapshot()
    assert after == before
    assert not Group.objects.filter(name="BPJS staff (lihat)").exists()  # the old view-everything group
    # and no role but admin holds any back-office permission at all
    for role in NON_ADMIN_ROLES:
        assert before[1][role] == (False, False, []), role


def test_only_the_admin_role_is_staff():
    """``is_staff`` (Django's "may use the admin site") follows the admin role only."""
    from jkp_portal.accounts.services import user_create, user_set_roles

    admin_user = user_create(username="adm1", password=PASSWORD, roles=["admin"], check_password=False)
    clerk = user_create(username="ver1", password=PASSWORD, roles=["verifier"], check_password=False)
    assert admin_user.is_staff and admin_user.is_superuser
    assert not clerk.is_staff and not clerk.is_superuser
    user_set_roles(user=clerk, roles=["verifier", "admin"], actor=admin_user)
    clerk.refresh_from_db()
    assert clerk.is_staff and clerk.is_superuser
    user_set_roles(user=clerk, roles=["supervisor"], actor=admin_user)
    clerk.refresh_from_db()
    assert not clerk.is_staff and not clerk.is_superuser and not clerk.groups.exists()


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_admin_login_form_refuses_every_other_role(settings, role):
    """A verifier (or any other role) with the right password is refused by the
    admin's own login page and ends up with no back-office session."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory(roles=[role], is_staff=True)  # even with a stray is_staff flag
    client = Client()
    r = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert r.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    r = client.get("/admin/")
    assert r.status_code == 302 and r["Location"].startswith(reverse("admin:login"))


def test_admin_login_form_lets_the_admin_in(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory(roles=["admin"], username="adm.login")
    client = Client()
    r = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert r.status_code == 302
    # The password alone is not enough: the admin is sent to the second factor first.
    second = client.get("/admin/")
    assert second.status_code == 302 and "/accounts/2fa/" in second["Location"]
    mark_session_verified(client, user)
    assert client.get("/admin/").status_code == 200


def test_no_token_and_no_login_record_model_is_in_the_back_office():
    """No API token model of any kind (DRF authtoken, knox, ...) is registered,
    and django-axes records (usernames are NIKs, with request data) are not
    listed unless read-only and without the submitted form data."""
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(roles=["admin"], username="adm.reg")
    problems = []
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}.{model.__name__}"
        if "token" in model.__name__.lower() or "token" in model._meta.app_label.lower():
            problems.append(f"{label}: API token model in the back office")
        if model._meta.app_label == "axes":
            shows_form_data = {"get_data", "post_data"} & set(model_admin.get_fields(request))
            writable = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
            if writable or shows_form_data:
                problems.append(f"{label}: login records editable or showing form data")
    assert not problems, "\n".join(problems)


def test_every_change_view_showing_personal_fields_is_logged():
    """Any registered model whose change form shows a NIK, phone, e-mail or
    account number uses the logging admin and names those fields."""
    from jkp_portal.audit.admin import PersonalDataAdminMixin

    problems = []
    for model, model_admin in admin.site._registry.items():
        concrete = {f.name for f in model._meta.concrete_fields}
        excluded = set(model_admin.exclude or ())
        shown = (PERSONAL_FIELDS & concrete) - excluded
        if not shown or model._meta.label in ORGANISATIONS:
            continue
        if not isinstance(model_admin, PersonalDataAdminMixin):
            problems.append(f"{model._meta.label}: shows {sorted(shown)} without logging")
        elif not shown <= set(model_admin.personal_data_fields):
            problems.append(f"{model._meta.label}: logs {model_admin.personal_data_fields}, shows {sorted(shown)}")
    assert not problems, "\n".join(problems)


def test_admin_change_view_of_a_participant_logs_one_access():
    participant = ParticipantFactory(phone="081234567890", email="sulastri@example.id")
    staff = UserFactory(roles=["admin"], username="adm.pd")
    client = Client()
    client.force_login(staff)
    r = client.get(reverse("admin:claims_participant_change", args=[participant.pk]))
    assert r.status_code == 200 and participant.nik in r.content.decode()
    logs = list(PersonalDataAccess.objects.filter(user=staff))
    assert len(logs) == 1
    assert logs[0].object_id == str(participant.pk)
    assert set(logs[0].fields) == {"nik", "phone", "email"}
    # the list page shows no full NIK and logs nothing
    r = client.get(reverse("admin:claims_participant_changelist"))
    assert r.status_code == 200 and participant.nik not in r.content.decode()
    assert PersonalDataAccess.objects.filter(user=staff).count() == 1


def test_admin_change_view_of_a_user_logs_one_access():
    worker = UserFactory(roles=["worker"], nik="3374011203880001", username="3374011203880001", phone="0812")
    staff = UserFactory(roles=["admin"], username="adm.pd2")
    client = Client()
    client.force_login(staff)
    r = client.get(reverse("admin:accounts_user_change", args=[worker.pk]))
    assert r.status_code == 200
    logs = list(PersonalDataAccess.objects.filter(user=staff))
    assert len(logs) == 1 and logs[0].object_id == str(worker.pk)
    assert set(logs[0].fields) >= {"nik", "phone", "email"}
    # the user list does not spell out workers' NIK usernames
    r = client.get(reverse("admin:accounts_user_changelist"))
    assert r.status_code == 200 and worker.nik not in r.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "verifier", "admin"])
def test_only_the_admin_sees_the_back_office_link(role):
    """The portal's menu offers the back office to the admin role only."""
    client = Client()
    client.force_login(UserFactory(roles=[role], office=None))
    page = client.get(reverse("home"), follow=True)
    assert page.status_code == 200
    assert (f'href="{reverse("admin:index")}"' in page.content.decode()) == (role == "admin")


def test_data_migration_removes_the_view_everything_group_and_stray_staff_flags():
    """Existing databases: the old group goes, non-admins lose is_staff, admins keep it."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("jkp_portal.accounts.migrations.0004_back_office_admin_only")
    group = Group.objects.create(name="BPJS staff (lihat)")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    clerk = UserFactory(roles=["verifier"], is_staff=True)
    clerk.groups.add(group)
    admin_user = UserFactory(roles=["admin"])
    migration.forwards(apps, None)
    clerk.refresh_from_db()
    admin_user.refresh_from_db()
    assert not Group.objects.filter(name="BPJS staff (lihat)").exists()
    assert not clerk.is_staff and not clerk.is_superuser and not clerk.get_all_permissions()
    assert admin_user.is_staff and admin_user.is_superuser
