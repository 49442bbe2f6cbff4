"""Test configuration shared by every test: the real PostgreSQL and Redis.

`make test` exports DATABASE_URL / REDIS_URL (default 127.0.0.1); each xdist
worker gets its own test database (pytest-django) and, via the settings, its
own Redis database number, flushed at the start of the session.
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")
