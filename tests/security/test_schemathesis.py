"""Schemathesis over the whole OpenAPI schema: for every operation, a few
generated requests (derandomised, bounded) as a worker and as a verifier, by
token: no answer is a server error and every answer matches the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from jkp_portal.accounts.models import ApiToken
from tests.claims.claims_support import complete_draft, make_office, make_worker
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _load_schema():
    """The schema served by the WSGI app itself (loaded at collection: no database needed)."""
    from jkp_portal.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """As Django's test client does: requests through the WSGI app do not close
    the test's database connection (it holds the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db, settings, tmp_path):
    """A worker with a draft claim (so its ids exist) and a verifier of the same office."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    office = make_office()
    worker = make_worker(office=office)
    complete_draft(worker)
    verifier = UserFactory(roles=["verifier"], office=office)
    return [ApiToken.objects.create(user=u)[1] for u in (worker, verifier)]


@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_has_no_server_errors_and_keeps_its_schema(case, tokens):
    """No 5xx and schema-conformant responses, for a worker and for a verifier."""
    for key in tokens:
        case.call_and_validate(
            headers={"Authorization": f"Token {key}"},
            checks=[not_a_server_error, response_schema_conformance],
        )
