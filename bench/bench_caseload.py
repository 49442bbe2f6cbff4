"""Benchmark: the konselor's caseload page with 500 open cases.

    .venv/bin/python bench/bench_caseload.py                 # 500 open cases (+ 50 finished), 40 requests per view
    .venv/bin/python bench/bench_caseload.py --open 1000 --requests 20

Generates (not timed) into a scratch database (default ``jkp_bench_counseling``,
created and migrated; server from BENCH_PG) one konselor with N open cases
and 10 % finished ones, each with an approved claim and its benefit (created
by payouts' own service, so the at-risk queue reads real benefit months),
decision dates spread over five months (so some payment months fall due
within the week), sessions (attended, no-shows, some today) and asesmen for
most; ANALYZE. Then requests the caseload page in-process through the whole Django
stack (middleware, session, view, payouts' progress selector, template) and
reports the server time (median and 95th percentile) and the query count of
each queue. Target: under 100 ms with a fixed number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
USERNAME = "bcl.konselor"
TARGET_MS = 100.0


def setup_django(db: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jkp_portal.settings.base",
        # "test": DEBUG off and plain static storage (no collectstatic manifest needed).
        DJANGO_ENV="test",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"{PG}/{db}",
        # Benefits enqueue their month-1 payout: keep those messages in memory (no worker runs here).
        CELERY_BROKER_URL="memory://",
        CELERY_RESULT_BACKEND="cache+memory://",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    import django

    django.setup()


def ensure_db(db: str) -> None:
    out = subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if out != "1":
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    env = {**os.environ, "DJANGO_ENV": "development", "DJANGO_DEBUG": "false", "DATABASE_URL": f"{PG}/{db}"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)


def generate(n_open: int):
    """The konselor and their caseload (reused when it has the same size)."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from claims.eligibility import add_months
    from claims.models import Claim, Employer, Participant
    from claims.payouts.services import benefit_create_from_claim
    from counseling.models import Assessment, Case, CounsellingSession, Konselor
    from counseling.services import case_open_for_claim
    from jkp_portal.accounts.models import Office, User

    n_finished = n_open // 10
    konselor = Konselor.objects.filter(user__username=USERNAME).first()
    if konselor is not None and konselor.cases.count() == n_open + n_finished:
        print(f"reusing the caseload of {USERNAME} ({n_open + n_finished} cases)", flush=True)
        return konselor
    started = time.perf_counter()
    rng = random.Random(7)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        office, _ = Office.objects.update_or_create(
            code="BCL-SKA", defaults={"name": "KC Bench Surakarta", "kind": "branch", "province_codes": ["33"]}
        )
        employer, _ = Employer.objects.update_or_create(
            npp="BCL00001",
            defaults={"name": "PT Bench Garmen", "size": "large", "province_code": "33", "regency": "33.72"},
        )
        if konselor is not None:
            cases = Case.objects.filter(konselor=konselor)
            CounsellingSession.objects.filter(case__in=cases).delete()
            Assessment.objects.filter(case__in=cases).delete()
            Case.objects.filter(konselor=konselor).delete()
            konselor.delete()
        User.objects.filter(username=USERNAME).delete()
        user = User.objects.create(username=USERNAME, roles=["konselor"], email="bcl@bench.id", office=office)
        konselor = Konselor.objects.create(
            user=user,
            nip="BCL000000000000001",
            name="Konselor Bench Caseload",
            level="ahli_madya",
            office=office,
            regencies=["33.72"],
            province_codes=["33"],
            capacity=n_open + 50,
            languages=["id", "jv"],
            skills=["basic_counselling"],
        )
        first, last = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Hendra", "Indah"], ["Santoso", "Wijaya"]
        existing = Participant.objects.filter(kpj__startswith="BCL").count()
        total = n_open + n_finished
        if existing < total:
            Participant.objects.bulk_create(
                [
                    Participant(
                        nik=f"98{i:014d}",
                        kpj=f"BCL{i:09d}",
                        full_name=f"{rng.choice(first)} {rng.choice(last)} {i}",
                        birth_date=dt.date(1988, 1, 1) + dt.timedelta(days=i),
                        sex="F" if i % 2 else "M",
                        employer=employer,
                        contract_type="PKWTT",
                        jkp_registered_on=dt.date(2022, 2, 1),
                        programs=["JKN", "JKK", "JKM", "JHT", "JP"],
                        employment_status="non_active",
                    )
                    for i in range(existing, total)
                ]
            )
        participants = list(Participant.objects.filter(kpj__startswith="BCL").order_by("kpj")[:total])
        for index, participant in enumerate(participants):
            claim = Claim.objects.filter(participant=participant, status="approved").first()
            if claim is None:
                decided = today - dt.timedelta(days=rng.randrange(0, 150))
                schedule = [
                    {
                        "month": k,
                        "due_date": add_months(decided, k - 1).isoformat(),
                        "rate": "0.60",
                        "amount": "2700000",
                        "rule_set": "PP6_2025",
                    }
                    for k in range(1, 7)
                ]
                claim = Claim.objects.create(
                    participant=participant,
                    office=office,
                    status="approved",
                    phk_date=decided - dt.timedelta(days=30),
                    phk_reason="efficiency",
                    bank_name="BRI",
                    bank_account_number=f"00{index:010d}",
                    bank_account_last4=f"{index % 10000:04d}",
                    bank_account_holder=participant.full_name,
                    kapk_signed=True,
                    decision_date=decided,
                    rule_set="PP6_2025",
                    payer="bpjs",
                    wage_base=Decimal("4500000"),
                    verdict={"eligible": True, "rule_set": "PP6_2025", "wage_base": "4500000", "schedule": schedule},
                )
                benefit_create_from_claim(claim=claim, actor="bench")
            case = case_open_for_claim(claim=claim, actor="bench")
            if index < n_open:
                status = rng.choices(["new", "active", "in_training"], weights=[20, 70, 10])[0]
            else:
                status = rng.choice(["reemployed", "closed"])
            Case.objects.filter(pk=case.pk).update(
                konselor=konselor,
                status=status,
                assigned_at=now - dt.timedelta(days=rng.randrange(1, 150)),
                recommendation=rng.choice(["", "job_search", "training", "entrepreneurship"])
                if status != "new"
                else "",
                reemployed_on=today if status == "reemployed" else None,
            )
        cases = list(Case.objects.filter(konselor=konselor).order_by("pk"))
        sessions, assessments = [], []
        for case in cases:
            if case.status == "new":
                continue
            for back in range(rng.randrange(1, 4)):
                starts = now - dt.timedelta(days=7 + 14 * back, hours=rng.randrange(0, 8))
                status = "no_show" if rng.random() < 0.05 else "attended"
                sessions.append(
                    CounsellingSession(
                        case=case,
                        konselor=konselor,
                        mode="online",
                        meeting_link="https://meet.example.id/bench",
                        starts_at=starts,
                        status=status,
                        outcome="Bench" if status == "attended" else "",
                    )
                )
            if case.status in ("active", "in_training") and rng.random() < 0.3:
                today_or_later = now + dt.timedelta(hours=rng.choice([1, 2, 3, 30, 50, 100]))
                sessions.append(
                    CounsellingSession(
                        case=case,
                        konselor=konselor,
                        mode="face_to_face",
                        place="Disnaker Kota Surakarta",
                        starts_at=today_or_later,
                        status=rng.choice(["scheduled", "confirmed"]),
                    )
                )
            if rng.random() < 0.8:
                assessments.append(
                    Assessment(
                        case=case,
                        education_level="sma",
                        desired_occupations=["8153"],
                        desired_location="33.72",
                        skills=["menjahit"],
                    )
                )
        CounsellingSession.objects.bulk_create(sessions)
        Assessment.objects.bulk_create(assessments)
    print(
        f"generated {len(cases)} cases, {len(sessions)} sessions, {len(assessments)} asesmen "
        f"in {time.perf_counter() - started:.1f} s (not timed)",
        flush=True,
    )
    return konselor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--open", type=int, default=500, help="open cases of the konselor (default 500)")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per view (default 40)")
    parser.add_argument("--db", default="jkp_bench_counseling", help="scratch database (created and migrated)")
    args = parser.parse_args()

    ensure_db(args.db)
    setup_django(args.db)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from counseling.models import Case
    from counseling.services import cases_refresh_job_search

    konselor = generate(args.open)
    started = time.perf_counter()
    refreshed = cases_refresh_job_search(participant_ids=konselor.cases.values_list("participant_id", flat=True))
    print(f"job-search snapshot of {refreshed} cases refreshed in {time.perf_counter() - started:.2f} s (not timed)")
    with connection.cursor() as cursor:
        # Fresh tables have no statistics yet: without them the planner guesses
        # one row per table and nests a scan of every participant inside the
        # case loop. A running portal has them (autovacuum analyses).
        cursor.execute("ANALYZE")
    print(f"cases in the database: {Case.objects.count():,} (this konselor: {konselor.cases.count()})", flush=True)
    client = Client()
    client.force_login(konselor.user)
    url = reverse("counseling:caseload")
    views = [
        ("open (default)", ""),
        ("new", "?queue=new"),
        ("today", "?queue=today"),
        ("at risk (by due date)", "?queue=at_risk"),
        ("no-shows", "?queue=no_show"),
        ("search by name", "?q=dewi&sort=name"),
        ("search by NIK", f"?q=98{1:014d}"),
        ("sorted by next session", "?sort=next_session"),
        ("page 5", "?page=5"),
    ]
    worst = 0.0
    query_counts = set()
    print(f"\n{'view':<26}{'rows':>6}{'queries':>9}{'min ms':>8}{'median ms':>11}{'p95 ms':>9}")
    for label, query in views:
        for _ in range(3):  # warm up: session cache, templates, connection
            client.get(url + query)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url + query)
        assert response.status_code == 200, response.status_code
        rows = response.content.decode().count('data-testid="case-row"')
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(url + query)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        worst = max(worst, median)
        query_counts.add(len(queries))
        print(f"{label:<26}{rows:>6}{len(queries):>9}{timings[0]:>8.1f}{median:>11.1f}{p95:>9.1f}")
    from counseling.selectors import CaseloadFilters, caseload

    counts = caseload(cases=Case.objects.filter(konselor=konselor), filters=CaseloadFilters()).counts
    print(f"\nqueue counts: {counts}")
    print(f"query counts seen: {sorted(query_counts)} (an empty queue skips its rows query)")
    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (shared machine)")
    ok = worst <= TARGET_MS and max(query_counts) <= 10
    print(f"\n{'PASS' if ok else 'FAIL'}: slowest median {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
