"""Load scenario (issue 10): 200 workers sign in, check their status and file
claims while 20 staff verify and approve, against gunicorn with the production
settings, on loopback only.

    .venv/bin/python bench/bench_load.py                       # 200 workers + 10 verifiers + 10 approvers, 5 minutes
    .venv/bin/python bench/bench_load.py --duration 60 --workers 50   # a quick look

Steps:

1. A scratch template database (default ``jkp_bench_load_tpl``, on BENCH_PG or
   127.0.0.1:5432) is migrated once and seeded (not timed) with one branch
   office, employers, N eligible participants (PKWTT, 24 paid months ending in
   the PHK month, PHK three weeks ago) with their worker accounts, and the staff.
   ``--rebuild`` starts it over.
2. Each run copies it to a fresh ``jkp_bench_load`` (``CREATE DATABASE …
   TEMPLATE``), collects the static files and starts gunicorn
   (``jkp_portal.settings.production``, loopback port 8077, SSL redirect and
   secure cookies off because the loopback has no TLS, the auth throttle raised
   because every simulated user comes from 127.0.0.1).
3. Locust (``bench/locustfile.py``) runs headless for ``--duration`` seconds.
4. Afterwards: throughput, p50 / p95 per request and overall, errors, and the
   database is checked for duplicate claims (more than one claim of a
   participant) and for claims without the audit event of their submission.

Targets: p95 < 500 ms overall, zero errors, zero duplicate claims. Exit 1 when missed.
Nothing here talks to any address but 127.0.0.1; locust stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
PASSWORD = "Beban-Uji-JKP-2026"
TARGET_P95_MS = 500


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=200, help="simulated PHK workers (default 200)")
    parser.add_argument("--verifiers", type=int, default=10)
    parser.add_argument("--approvers", type=int, default=10)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load, ramp-up included (default 300)")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=1,
        help="users started (and signed in) per second (default 1: 200 workers arrive over the first minutes)",
    )
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--database", default="jkp_bench_load")
    parser.add_argument("--rebuild", action="store_true", help="migrate and seed the template again")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _admin(server: str):
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    return conn


def _env(args, database: str, **extra) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.server}/{database}",
        "REDIS_URL": args.redis,
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("PYTEST_VERSION", None)
    return env


def _accounts_path() -> Path:
    path = ROOT / "var" / "bench" / "load-accounts.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# --- seeding (runs in a child process with Django set up on the template) --------


def _seed(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jkp_portal.settings.base")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from claims.models import Contribution, Employer, Participant
    from claims.models.claims import checklist_for
    from jkp_portal.accounts.models import Office
    from tests.claims.claims_support import pdf_bytes

    today = dt.date.today()
    phk = today - dt.timedelta(days=21)
    months = []
    year, month = phk.year, phk.month
    for _ in range(24):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    User = get_user_model()
    hashed = make_password(PASSWORD)
    with transaction.atomic():
        office = Office.objects.create(
            code="KC-BEBAN", name="KC Uji Beban Surakarta", kind=Office.Kind.BRANCH, province_codes=["33"]
        )
        employers = [
            Employer.objects.create(
                npp=f"BEBAN{i:04d}",
                name=f"PT Beban Tekstil {i}",
                size="medium",
                sector="C",
                kbli_code="13121",
                province_code="33",
                regency="33.72",
                office=office,
            )
            for i in range(10)
        ]
        workers = []
        for i in range(args.workers):
            born = dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28)
            nik = f"3372{i % 90 + 10:02d}{born.day:02d}{born.month:02d}{born.year % 100:02d}{i + 1:04d}"
            name = f"Pekerja Beban {i + 1}"
            user = User.objects.create(
                username=nik, nik=nik, first_name=name, email=f"beban{i}@example.id", roles=["worker"], password=hashed
            )
            participant = Participant.objects.create(
                nik=nik,
                kpj=f"KPJB{i:07d}",
                full_name=name,
                birth_date=born,
                sex="M",
                citizenship="WNI",
                employer=employers[i % len(employers)],
                contract_type="PKWTT",
                contract_start=dt.date(2018, 1, 2),
                jkp_registered_on=dt.date(2022, 2, 1),
                programs=["JKN", "JKK", "JKM", "JHT", "JP"],
                jkn_segment="PPU",
                phone=f"0812345678{i % 100:02d}",
                email=f"beban{i}@example.id",
                user=user,
            )
            Contribution.objects.bulk_create(
                Contribution(participant=participant, period=period, wage=4_500_000, status="paid") for period in months
            )
            workers.append({"username": nik, "full_name": name.upper(), "bank_account": f"00{i:011d}"})
        staff = {}
        for role, count in (("verifier", args.verifiers), ("approver", args.approvers)):
            staff[role] = []
            for i in range(count):
                username = f"beban.{role}{i + 1}"
                User.objects.create(
                    username=username,
                    roles=[role],
                    office=office,
                    password=hashed,
                    email=f"{username}@bpjs.example.id",
                )
                staff[role].append({"username": username})
    pdf = _accounts_path().parent / "load-document.pdf"
    pdf.write_bytes(pdf_bytes("Surat PHK PT Beban Tekstil"))
    _accounts_path().write_text(
        json.dumps(
            {
                "password": PASSWORD,
                "phk_date": phk.isoformat(),
                "pdf": str(pdf),
                "workers": workers,
                "verifiers": staff["verifier"],
                "approvers": staff["approver"],
                "worker_count": args.workers,
                "verifier_count": args.verifiers,
                "approver_count": args.approvers,
                "checklist": {code: True for code, _label in checklist_for("uncontested", "PKWTT")},
            },
            indent=1,
        )
    )


def _prepare_template(args, template: str) -> None:
    conn = _admin(args.server)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        exists = cur.fetchone() is not None
        seeded_for = None
        if exists and _accounts_path().exists():
            seeded_for = json.loads(_accounts_path().read_text()).get("worker_count")
        if exists and not args.rebuild and seeded_for == args.workers:
            conn.close()
            return
        cur.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{template}"')
    conn.close()
    env = _env(args, template, DJANGO_ENV="test")
    print(f"migrating and seeding {template} …", flush=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, __file__, "--seed-only", *sys.argv[1:]], cwd=ROOT, env=env, check=True)


def _fresh_database(args, template: str) -> None:
    conn = _admin(args.server)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{args.database}" TEMPLATE "{template}"')
    conn.close()


# --- the run ---------------------------------------------------------------------


def _wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback only
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def _check_database(args) -> dict:
    import psycopg2

    conn = psycopg2.connect(f"{args.server}/{args.database}")
    with conn.cursor() as cur:
        cur.execute("SELECT count(*), count(DISTINCT participant_id) FROM claims_claim")
        claims, participants = cur.fetchone()
        cur.execute("SELECT status, count(*) FROM claims_claim GROUP BY status ORDER BY status")
        statuses = dict(cur.fetchall())
        cur.execute(
            """SELECT count(*) FROM claims_claim c WHERE c.status <> 'draft' AND NOT EXISTS (
                 SELECT 1 FROM audit_auditevent e JOIN django_content_type t ON t.id = e.content_type_id
                 WHERE t.app_label = 'claims' AND t.model = 'claim' AND e.object_id = c.id::text
                   AND e.to_state = 'submitted')"""
        )
        unaudited = cur.fetchone()[0]
    conn.close()
    return {
        "claims": claims,
        "duplicates": claims - participants,
        "statuses": statuses,
        "submitted_without_audit": unaudited,
    }


def main() -> int:
    args = _args()
    if args.seed_only:
        _seed(args)
        return 0
    template = f"{args.database}_tpl"
    _prepare_template(args, template)
    _fresh_database(args, template)

    results = Path(tempfile.mkdtemp(prefix="jkp-load-"))
    static_root = results / "static"
    env = _env(
        args,
        args.database,
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="jkp_portal.settings.production",
        SECRET_KEY="bench-load-" + "k" * 50,
        FIELD_ENCRYPTION_KEYS="Vt2S0v4oWJ3C2x8q7Zx7b1mP0gH0bqgA5m2cC8b1xQE=",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(results / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        THROTTLE_AUTH="100000/min",
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    gunicorn = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "jkp_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.gunicorn_workers),
            "--threads",
            str(args.gunicorn_threads),
            "--worker-class",
            "gthread",
            # Longer than the users' think time, so an idle keep-alive connection is
            # never closed just as the client reuses it (a reset, not a server error).
            "--keep-alive",
            "75",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        host = f"http://127.0.0.1:{args.port}"
        _wait_for(f"{host}/healthz")
        users = args.workers + args.verifiers + args.approvers
        print(f"locust: {users} users for {args.duration} s against {host} (gunicorn, production settings)", flush=True)
        subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "-u",
                str(users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(results / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "BENCH_LOAD_ACCOUNTS": str(_accounts_path())},
            check=False,
            timeout=args.duration + 120,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    with (results / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'request':58} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
    total = None
    for row in rows:
        label = f"{row['Type']} {row['Name']}".strip() if row["Name"] != "Aggregated" else "ALL"
        line = (
            f"{label[:58]:58} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):7.1f}"
        )
        print(line)
        if row["Name"] == "Aggregated":
            total = row
    checks = _check_database(args)
    print(f"\nclaims: {checks['claims']} {checks['statuses']}")
    print(
        f"duplicate claims: {checks['duplicates']}; submitted claims without their audit event: "
        f"{checks['submitted_without_audit']}"
    )
    p95 = float(total["95%"])
    failures = int(total["Failure Count"])
    print(
        f"overall: {float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, p95 {p95:.0f} ms "
        f"(target < {TARGET_P95_MS}), errors {failures} (target 0)"
    )
    ok = p95 < TARGET_P95_MS and failures == 0 and checks["duplicates"] == 0 and checks["submitted_without_audit"] == 0
    print("TARGET MET" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
