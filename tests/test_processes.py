"""The production process layout of docs/operations.md, section 1: the web
under gunicorn with the production settings, and the daily payout run's
chunks shared by two Celery workers started as on two hosts (each its own
process and node name, one broker)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from claims.payouts.models import PayoutRun, RunStatus
from tests.claims.payouts.test_exactly_once import (
    D2,
    _command,
    _free_port,
    _redis_server,
    assert_exactly_once,
    spread_benefits,
)
from tests.security.test_production_settings import PROD_ENV, REAL_ADAPTERS

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url: str, host: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Host": host})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db
def test_gunicorn_serves_the_portal_with_the_production_settings():
    """The documented web command: /healthz answers 200 on plain HTTP (the
    load balancer's probe), every other page redirects to HTTPS."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_")) and k != "SECRET_KEY"}
    env.update(PROD_ENV)
    env.update(REAL_ADAPTERS)
    env.update(DATABASE_URL=_database_url(), REDIS_URL=settings.REDIS_URL)
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jkp_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, _headers = _get(f"http://127.0.0.1:{port}/healthz", "jkp.example.go.id")
                break
            except OSError:
                assert web.poll() is None, web.stdout.read().decode()[-3000:]
                time.sleep(0.3)
        assert status == 200
        status, headers = _get(f"http://127.0.0.1:{port}/accounts/login/", "jkp.example.go.id")
        assert status == 301 and headers["Location"].startswith("https://jkp.example.go.id/")
    finally:
        os.killpg(web.pid, 15)
        web.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_is_shared_by_workers_on_two_hosts(tmp_path):
    """Two workers (node names of two hosts, one process each) on one broker:
    ``payouts.run_daily`` fans the run's chunks out, both workers take some,
    and every month is settled exactly once."""
    benefits = spread_benefits(9)
    assert _command("--date", "2025-06-02", "--workers", "1").wait(timeout=180) == 0
    port = _free_port()
    redis = _redis_server(port)
    broker = f"redis://127.0.0.1:{port}/0"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k != "CELERY_TASK_ALWAYS_EAGER"}
    env.update(
        DJANGO_ENV="test",
        DATABASE_URL=_database_url(),
        REDIS_URL=broker,
        CELERY_BROKER_URL=broker,
        CELERY_RESULT_BACKEND=broker,
    )
    celery = [sys.executable, "-m", "celery", "-A", "jkp_portal"]
    logs = {host: tmp_path / f"{host}.log" for host in ("host-a", "host-b")}
    workers = [
        subprocess.Popen(
            [
                *celery,
                "worker",
                "--concurrency",
                "1",
                "--prefetch-multiplier",
                "1",
                "--hostname",
                f"jkp@{host}",
                "--loglevel",
                "INFO",
                "--logfile",
                str(log),
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for host, log in logs.items()
    ]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            ping = subprocess.run(
                [*celery, "inspect", "ping", "--timeout", "2"], cwd=ROOT, env=env, capture_output=True, text=True
            )
            if all(f"jkp@{host}" in ping.stdout for host in logs):
                break
            time.sleep(1)
        else:
            pytest.fail(f"the two workers never answered a ping: {ping.stdout[-500:]} {ping.stderr[-500:]}")
        sent = subprocess.run(
            [*celery, "call", "payouts.run_daily", "--args", f'["{D2.isoformat()}", 2]'],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sent.returncode == 0, sent.stderr[-2000:]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            run = PayoutRun.objects.filter(run_date=D2).first()
            if run is not None and run.status == RunStatus.DONE:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the run did not finish on the workers: {run and (run.status, run.chunks_done)}")
    finally:
        for worker in workers:
            os.killpg(worker.pid, 15)
        for worker in workers:
            worker.wait(timeout=60)
        redis.kill()
        redis.wait(timeout=10)
    # One "Task payouts.process_chunk[<id>] succeeded" line per chunk a worker did. The log
    # redaction may mask digit runs inside a task id ("[disamarkan]"), so match per line.
    done = {
        host: sum(
            1 for line in log.read_text().splitlines() if "Task payouts.process_chunk[" in line and "succeeded" in line
        )
        for host, log in logs.items()
    }
    tails = {host: log.read_text()[-1500:] for host, log in logs.items()}
    assert all(done.values()), (done, tails)
    assert sum(done.values()) == run.chunks_total, (done, run.chunks_total, tails)
    assert_exactly_once(benefits)
