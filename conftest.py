"""Test configuration shared by every test: the real PostgreSQL and Redis.

`make test` exports DATABASE_URL / REDIS_URL (default 127.0.0.1); each xdist
worker gets its own test database (pytest-django) and its own Redis database
number, flushed at the start of the session, so workers never see each other's
cache, locks or queues.
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")


def _redis_db_for_worker() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base = int(os.environ.get("REDIS_TEST_DB_BASE", "1"))
    return base + int(worker.removeprefix("gw") or 0) % 4


def pytest_configure(config):
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    os.environ["REDIS_URL"] = f"{base}/{_redis_db_for_worker()}"
