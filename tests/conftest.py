import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import OfficeFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _clean_redis():
    """Each worker starts from an empty Redis database of its own."""
    from redis import Redis

    Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield


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
