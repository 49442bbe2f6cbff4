"""The wiring is explicit: every URL module, admin module and task module is
named in code, so a wrong name fails loudly instead of silently dropping routes
or tasks (the demo data's steps: tests/demo/test_steps.py)."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from jkp_portal.common.permissions import roles_required

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ("jkp_portal", "claims", "counseling", "training")


def test_no_silent_module_discovery_in_product_code():
    offenders = [
        str(path.relative_to(ROOT))
        for package in PRODUCT_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "find_spec(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_celery_finds_the_registry_task_without_extra_imports():
    from jkp_portal.celery import app

    assert not hasattr(settings, "CELERY_IMPORTS")
    app.loader.import_default_modules()
    assert {"claims.registry_import_run", "claims.remind_claim_deadlines"} <= set(app.tasks)
    assert app.conf.beat_schedule["claims-remind-deadlines"]["task"] == "claims.remind_claim_deadlines"


@pytest.mark.parametrize(
    "name",
    [
        "claims:signup",  # claims, claim journey
        "claims:registry_search",  # claims, registry
        "claims:calculator",  # claims, calculator
    ],
)
def test_every_claims_feature_is_routed(name):
    assert reverse(name)


def test_every_app_api_is_mounted():
    from django.urls import get_resolver

    mounted = {
        getattr(p.urlconf_module, "__name__", None) for p in get_resolver().url_patterns if hasattr(p, "urlconf_module")
    }
    api_v1 = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    api_modules = {p.urlconf_module.__name__ for p in api_v1.url_patterns}
    assert {
        "claims.urls",
        "claims.payouts.urls",
        "claims.phk.urls",
        "counseling.urls",
        "training.urls",
        "jkp_portal.reporting.urls",
    } <= mounted
    assert {
        "jkp_portal.accounts.api_urls",
        "jkp_portal.audit.api_urls",
        "claims.api_urls",
        "claims.payouts.api_urls",
        "claims.phk.api_urls",
        "counseling.api_urls",
        "training.api_urls",
        "jkp_portal.reporting.api_urls",
    } == api_modules


class _User:
    def __init__(self, roles):
        self.roles = roles
        self.is_authenticated = True


def test_roles_required_sends_anonymous_users_to_the_login_page():
    view = roles_required("approver")(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/petugas/persetujuan/?page=2")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next=/petugas/persetujuan/%3Fpage%3D2"


def test_roles_required_refuses_other_roles_and_admits_the_named_ones():
    view = roles_required("approver", "supervisor")(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/")
    request.user = _User(["verifier"])
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = _User(["supervisor"])
    assert view(request).content == b"ok"


def test_employer_paid_benefits_never_falls_back_silently_when_payouts_breaks():
    """A broken payouts import is an error, not a quiet switch to another data source."""
    from claims.phk.selectors import employer_paid_benefits

    with mock.patch.dict("sys.modules", {"claims.payouts.models": None}), pytest.raises(ImportError):
        employer_paid_benefits(object())
