"""Staff recover through an administrator: the admin sets a new password in
the back office (audited on the account; the account's API tokens end) and
removes a lost authenticator (audited, tests/accounts/test_second_factor.py)."""

import pytest
from django.test import Client

from jkp_portal.accounts.models import ApiToken
from jkp_portal.accounts.tokens import api_token_create
from jkp_portal.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "Pulih-Lewat-Admin-2026"


def test_an_admin_sets_a_staff_password_and_it_is_audited_and_tokens_end(office):
    verifier = UserFactory(roles=["verifier"], office=office, username="verif.lupa")
    api_token_create(user=verifier)
    admin = UserFactory(roles=["admin"], username="adm.pulih")
    client = Client()
    client.force_login(admin)
    url = f"/admin/accounts/user/{verifier.pk}/password/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302
    verifier.refresh_from_db()
    assert verifier.check_password(NEW)
    assert not ApiToken.objects.filter(user=verifier).exists()
    event = AuditEvent.objects.get(action="password_set_by_admin", object_id=str(verifier.pk))
    assert event.actor == admin and event.data == {"usable": True}


def test_a_refused_password_is_not_audited(office):
    verifier = UserFactory(roles=["verifier"], office=office, username="verif.lemah")
    client = Client()
    client.force_login(UserFactory(roles=["admin"], username="adm.lemah"))
    url = f"/admin/accounts/user/{verifier.pk}/password/"
    response = client.post(url, {"password1": "abc", "password2": "abc", "usable_password": "true"})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="password_set_by_admin").exists()
