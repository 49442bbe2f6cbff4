import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import OfficeFactory, UserFactory


def pytest_configure(config):
    """Whitenoise looks for the collected-static directory when the first request
    arrives; a fresh clone has not run collectstatic, so make sure it exists
    (tests serve assets through the finders)."""
    from pathlib import Path

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session", autouse=True)
def _clean_redis():
    """Each worker starts from an empty Redis database of its own."""
    from redis import Redis

    Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def _regions(request):
    """Provinces and regencies are reference data a migration loads; a
    transactional test's flush empties every table, so a test that uses the
    database finds them loaded again (one EXISTS query when they are there)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from jkp_portal.accounts.models import Regency
    from jkp_portal.accounts.region_loading import load_regions

    if not Regency.objects.exists():
        load_regions(actor="tests")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in the test process as soon as they are queued: no test waits on
    a worker that is not there (tasks that need a real worker start one)."""
    from jkp_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def _force_login_is_a_finished_sign_in(monkeypatch):
    """``client.force_login`` stands for a user who has finished signing in, the
    second factor included for the roles that need one (it skips the login form
    and so the verification step). Tests of the second factor itself sign in
    through the form (see tests/accounts/test_second_factor.py)."""
    from django.test import Client

    from tests.otp_support import mark_session_verified

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        mark_session_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def make_user(db):
    def _make(*roles, **kwargs):
        return UserFactory(roles=list(roles) or ["worker"], **kwargs)

    return _make


from tests.factories import PASSWORD  # noqa: E402,F401
