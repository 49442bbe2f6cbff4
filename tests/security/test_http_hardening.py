"""HTTP hardening: responses with personal data are never cached; hostile
requests (a NUL byte in a query or form value, deeply nested JSON) are a 400
with the portal's error body, never a 500; error answers under /api/ are JSON
also in production; Permissions-Policy on every response; /healthz answers a
load balancer on plain HTTP whatever its Host; the API docs can be switched off."""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from jkp_portal import urls as root_urls
from jkp_portal.common.errors import server_error
from jkp_portal.common.middleware import NoStoreMiddleware
from tests.factories import UserFactory
from tests.security.test_production_settings import _run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def verifier():
    return UserFactory(roles=["verifier"])


def _error_body(response):
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}, body
    assert body["detail"] and body["code"]
    return body


# --- no caching of personal data -----------------------------------------------------


def test_pages_of_a_signed_in_user_are_not_stored(client, verifier):
    client.force_login(verifier)
    response = client.get("/")
    assert response.status_code in (200, 302)
    assert "no-store" in response["Cache-Control"] and response["Pragma"] == "no-cache"


def test_api_answers_are_not_stored(verifier):
    api = APIClient()
    api.force_authenticate(verifier)
    response = api.get("/api/v1/claims/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    anonymous = APIClient().get("/api/v1/claims/")
    assert "no-store" in anonymous["Cache-Control"]


def test_public_pages_for_visitors_stay_cacheable(client):
    response = client.get("/cek-kelayakan/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_sets_its_own_caching_keeps_it(verifier):
    """The middleware fills a missing header only; it never overrides a view's choice."""
    request = RequestFactory().get("/api/v1/something/")
    request.user = verifier
    chosen = NoStoreMiddleware(lambda r: HttpResponse(headers={"Cache-Control": "public, max-age=60"}))(request)
    assert chosen["Cache-Control"] == "public, max-age=60"
    default = NoStoreMiddleware(lambda r: HttpResponse())(request)
    assert "no-store" in default["Cache-Control"]


# --- NUL bytes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/?search=a%00b",
        "/api/v1/claims/?status=%00",
        "/api/v1/claims/?ordering=%00",
        "/api/v1/training/programmes/?search=%00",
        "/api/v1/training/vacancies/?q=%00",
    ],
)
def test_nul_byte_in_an_api_query_is_a_json_400(verifier, path):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(verifier)
    response = api.get(path)
    assert response.status_code == 400, response.content[:300]
    _error_body(response)


def test_nul_byte_in_a_page_query_is_a_400_page(verifier):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=["konselor"]))
    response = client.get("/pelatihan/konselor/?q=%00")
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]


def test_nul_byte_in_a_path_or_form_value_is_a_400(verifier):
    client = Client(raise_request_exception=False)
    client.force_login(verifier)
    assert client.get("/audit/claims/claim/1%00/").status_code == 400
    response = client.post("/i18n/setlang/", {"language": "id\x00", "next": "/"})
    assert response.status_code == 400


# --- deeply nested JSON ---------------------------------------------------------------


def test_deeply_nested_json_is_a_json_400():
    api = APIClient(raise_request_exception=False)
    body = "[" * 100_000 + "]" * 100_000
    response = api.post("/api/v1/eligibility/simulate/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert _error_body(response)["code"] == "parse_error"


def test_authenticated_endpoint_refuses_nested_json_too(verifier):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(verifier)
    body = '{"a":' * 50_000 + "1" + "}" * 50_000
    response = api.post("/api/v1/claims/1/verify/", body, content_type="application/json")
    assert response.status_code in (400, 404)
    assert response.status_code != 500 and "code" in response.json()


# --- error handlers -------------------------------------------------------------------


def test_error_handlers_answer_json_under_api_and_a_page_elsewhere():
    for name in ("handler400", "handler403", "handler404", "handler500"):
        assert getattr(root_urls, name, None), name
    factory = RequestFactory()
    api = server_error(factory.get("/api/v1/claims/"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert set(json.loads(api.content)) == {"detail", "code", "errors"}
    page = server_error(factory.get("/klaim/"))
    assert page.status_code == 500 and "text/html" in page["Content-Type"]


def test_unknown_api_url_is_json_404(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    _error_body(response)


# --- Permissions-Policy, /healthz, API docs ----------------------------------------


def test_every_response_carries_a_permissions_policy(client):
    header = client.get("/accounts/login/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header


def test_healthz_answers_a_load_balancer_on_plain_http_whatever_the_host(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["jkp.example.go.id"]
    response = Client(raise_request_exception=False).get("/healthz", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    other = Client(raise_request_exception=False).get("/accounts/login/", HTTP_HOST="jkp.example.go.id")
    assert other.status_code == 301  # everything else still goes to HTTPS


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_api_docs_can_be_switched_off(client, settings, path):
    assert client.get(path).status_code == 200
    settings.API_DOCS_ENABLED = False
    response = client.get(path)
    assert response.status_code == 404
    _error_body(response)
    assert client.get("/accounts/login/").status_code == 200  # the footer link disappears, the page works


@pytest.mark.slow
def test_production_defaults_for_docs_redirect_exemption_and_policy():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('API_DOCS_ENABLED','SECURE_REDIRECT_EXEMPT',"
        "'PERMISSIONS_POLICY','MIDDLEWARE')}, default=str))"
    )
    result = _run("-c", code)
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout.strip().splitlines()[-1])
    assert s["API_DOCS_ENABLED"] is False
    assert any(__import__("re").match(p, "healthz") for p in s["SECURE_REDIRECT_EXEMPT"])
    assert s["PERMISSIONS_POLICY"]["camera"] == [] and s["PERMISSIONS_POLICY"]["geolocation"] == []
    assert "django_permissions_policy.PermissionsPolicyMiddleware" in s["MIDDLEWARE"]


@pytest.mark.slow
def test_production_api_errors_are_json_and_healthz_is_not_redirected():
    """With the production settings (DEBUG off, HTTPS redirect, real ALLOWED_HOSTS):
    an unknown /api/ URL is a JSON 404, a NUL byte a JSON 400, and /healthz on
    plain HTTP with a foreign Host is answered (200 or 503), not redirected."""
    code = (
        "import django, json; django.setup(); from django.test import Client; c = Client(); "
        "r1 = c.get('/api/v1/tidak-ada/', secure=True, HTTP_HOST='jkp.example.go.id'); "
        "r2 = c.get('/api/v1/tidak-ada/?q=%00', secure=True, HTTP_HOST='jkp.example.go.id'); "
        "r3 = c.get('/healthz', HTTP_HOST='10.0.3.7'); "
        "r4 = c.get('/accounts/login/', HTTP_HOST='jkp.example.go.id'); "
        "print(json.dumps([[r.status_code, r.get('Content-Type', ''), r.content.decode(errors='replace')[:300]] "
        "for r in (r1, r2, r3, r4)]))"
    )
    result = _run("-c", code)
    assert result.returncode == 0, result.stderr
    (s1, t1, b1), (s2, t2, b2), (s3, _t3, _b3), (s4, _t4, _b4) = json.loads(result.stdout.strip().splitlines()[-1])
    assert s1 == 404 and t1 == "application/json" and set(json.loads(b1)) == {"detail", "code", "errors"}
    assert s2 == 400 and t2 == "application/json" and json.loads(b2)["code"] == "invalid_characters"
    assert s3 in (200, 503)
    assert s4 == 301
