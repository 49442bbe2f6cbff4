"""Refusals a person meets without doing anything wrong (an expired form, a
page that is not theirs) are pages of the portal, in Indonesian, with a way
back; never Django's English error pages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_expired_form_gets_the_portal_page_in_indonesian_and_keeps_nothing_secret():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-page"' in body and 'data-status="403"' in body
    assert "Muat ulang" in body and "CSRF" not in body and "Forbidden" not in body
    assert 'href="/"' in body  # a way back


def test_the_admin_menu_speaks_indonesian():
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(roles=["admin"], username="adm.menu"))
    from django.urls import reverse

    body = client.get(reverse("dashboards:home")).content.decode()
    assert "Back office" not in body
    assert "Panel admin" in body
