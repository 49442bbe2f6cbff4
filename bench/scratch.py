"""What the page benchmarks share: their scratch database on a PostgreSQL
server (created, rebuilt, dropped) and Django set up on it in this process,
the whole middleware stack measured through the test client."""

from __future__ import annotations

import argparse
import os


def add_scratch_arguments(parser: argparse.ArgumentParser, *, database: str) -> None:
    parser.add_argument("--database", default=database, help="scratch database name (created if missing)")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL",
    )
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"), help="Redis URL")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (after warm-up)")
    parser.add_argument("--rebuild", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--drop", action="store_true", help="drop the scratch database at the end")


def admin_connection(server: str):
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    return conn


def ensure_database(server: str, name: str, rebuild: bool) -> None:
    conn = admin_connection(server)
    with conn.cursor() as cur:
        if rebuild:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(server: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    conn = admin_connection(server)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def setup_django(args) -> None:
    """Django on the scratch database, test settings, no DEBUG (as served)."""
    os.environ["DJANGO_ENV"] = "test"
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ["REDIS_URL"] = args.redis
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jkp_portal.settings.base")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
