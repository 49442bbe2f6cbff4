"""Benchmark: a mass-layoff service day with 10,000 workers in the case.

    python bench/bench_service_day.py [--workers 10000] [--database jkp_bench_service] [--repeat 30]

Creates (or reuses) a scratch PostgreSQL database, migrates it and fills it
with one branch, one employer whose PHK report a mediator confirmed for N
workers (one mass-layoff case), and today's service day with ten desks, each
with its service officer: 30 % of the workers have arrived (queue numbers),
a third of those were called to a desk (an assisted session each). Then it
drives the real pages through Django's test client in this process (the whole
middleware stack and the templates: that is the server time), as a service
officer, and prints per page the median / p95 / max time and the number of SQL
queries:

- the desk screen (first page, a name search, a NIK search, the last page),
- the day's board (served / filed / waiting per desk),
- the list of service days,
- recording an arrival (the POST that hands out a queue number).

Target: every page under 150 ms server time (median and p95). Exits 1 on a
miss. The data is kept between runs (``--rebuild`` starts over; ``--drop``
removes the database at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import add_scratch_arguments, drop_database, ensure_database, setup_django  # noqa: E402

TARGET_MS = 150.0
DESKS = 10


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=10_000, help="workers in the case (default 10000)")
    add_scratch_arguments(parser, database="jkp_bench_service")
    return parser.parse_args()


FIRST = ["Sri", "Budi", "Agus", "Dewi", "Rahmat", "Putri", "Bambang", "Siti", "Eko", "Wulan", "Joko", "Ratna"]
LAST = ["Wahyuni", "Santoso", "Lestari", "Hidayat", "Maharani", "Setiawan", "Rahayu", "Purnomo", "Susanti", "Kusuma"]


def _generate(n: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.models import Employer, Participant
    from claims.models.assisted import AssistedSession
    from claims.phk.models import MassLayoffCase, PhkReport, PhkReportRow, ServiceArrival, ServiceDay, ServiceDesk
    from jkp_portal.accounts.models import Office, User

    started = time.perf_counter()
    today = timezone.localdate()
    phk = today - dt.timedelta(days=20)
    now = timezone.now()
    with transaction.atomic():
        office = Office.objects.create(code="B-SRV", name="Bench KC Layanan", kind="branch", regencies=["33.11"])
        hr = User.objects.create(username="bench.hr", roles=["employer"], employer_npp="BSRV0001")
        officers = [
            User.objects.create(username=f"bench.layanan{i}", roles=["service_officer"], office=office)
            for i in range(DESKS)
        ]
        User.objects.create(username="bench.kepala", roles=["supervisor"], office=office)
        employer = Employer.objects.create(
            npp="BSRV0001", name="PT Bench Tekstil", size="large", sector="C", province_code="33",
            regency="33.11", office=office,
        )  # fmt: skip
        people = Participant.objects.bulk_create(
            [
                Participant(
                    nik=f"3311{g:012d}",
                    kpj=f"BS{g}",
                    full_name=f"{FIRST[g % len(FIRST)]} {LAST[(g // len(FIRST)) % len(LAST)]} {g}",
                    birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=g % 9000),
                    sex="F" if g % 2 else "M",
                    citizenship="WNI",
                    employer=employer,
                    contract_type="PKWTT",
                    contract_start=dt.date(2018, 1, 1),
                    jkp_registered_on=dt.date(2021, 3, 1),
                    programs=["JKN", "JKK", "JKM", "JHT", "JP"],
                    jkn_segment="PPU",
                    phone="" if g % 5 == 0 else f"+62812{g:08d}",
                    employment_status="non_active",
                )
                for g in range(1, n + 1)
            ],
            batch_size=2000,
        )
        report = PhkReport.objects.create(
            employer=employer, submitted_by=hr, source="csv", is_closure=True, workers_count=n
        )
        case = MassLayoffCase.objects.create(
            employer=employer, opening_report=report, first_phk_date=phk, is_closure=True
        )
        report.mass_layoff_case = case
        report.save(update_fields=["mass_layoff_case"])
        rows = PhkReportRow.objects.bulk_create(
            [
                PhkReportRow(
                    report=report,
                    participant=p,
                    line=i + 1,
                    phk_date=phk,
                    reason="business_closure",
                    accepted=True,
                    status="confirmed",
                    confirmed_at=now,
                )  # fmt: skip
                for i, p in enumerate(people)
            ],
            batch_size=2000,
        )
        day = ServiceDay.objects.create(
            case=case, day=today, place="Aula pabrik", office=office, created_by=officers[0]
        )
        desks = [
            ServiceDesk.objects.create(service_day=day, name=f"Meja {i + 1}", officer=officer)
            for i, officer in enumerate(officers)
        ]
        arrived = rows[: int(n * 0.3)]
        sessions = AssistedSession.objects.bulk_create(
            [
                AssistedSession(
                    participant_id=row.participant_id,
                    officer=desks[i % DESKS].officer,
                    office=office,
                    desk=desks[i % DESKS].name,
                    status="closed",
                    ktp_nik_seen=people[i].nik,
                    identity_checked_at=now,
                    consent="form",
                    consent_at=now,
                    closed_at=now,
                )  # fmt: skip
                for i, row in enumerate(arrived[: len(arrived) // 3])
            ],
            batch_size=2000,
        )
        ServiceArrival.objects.bulk_create(
            [
                ServiceArrival(
                    service_day=day,
                    row=row,
                    queue_number=i + 1,
                    desk=desks[i % DESKS] if i < len(sessions) else None,
                    session=sessions[i] if i < len(sessions) else None,
                    served_at=now if i < len(sessions) else None,
                )
                for i, row in enumerate(arrived)
            ],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {n} workers, {len(arrived)} arrivals in {time.perf_counter() - started:.1f} s", flush=True)


def _time(client, method: str, url: str, repeat: int, data=None) -> tuple[list[float], int]:
    from django.db import connection, reset_queries

    connection.force_debug_cursor = True
    for _ in range(3):  # warm-up
        response = client.get(url) if method == "get" else client.post(url, data() if data else {})
        assert response.status_code in (200, 302), (url, response.status_code)
    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url) if method == "get" else client.post(url, data() if data else {})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), (url, response.status_code)
        queries = len(connection.queries)
    connection.force_debug_cursor = False
    return times, queries


def main() -> int:
    args = _args()
    ensure_database(args.server, args.database, args.rebuild)
    setup_django(args)
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", "--no-input", verbosity=0)
    from claims.phk.models import PhkReportRow, ServiceArrival, ServiceDay
    from jkp_portal.accounts.models import User

    if not ServiceDay.objects.filter(case__employer__npp="BSRV0001").exists():
        _generate(args.workers)
    day = ServiceDay.objects.get(case__employer__npp="BSRV0001")
    officer = User.objects.get(username="bench.layanan0")
    client = Client()
    client.force_login(officer)
    workers = PhkReportRow.objects.filter(report__mass_layoff_case=day.case).count()
    some = (
        PhkReportRow.objects.filter(report__mass_layoff_case=day.case).order_by("-id").select_related("participant")[5]
    )
    desk_url = reverse("phk:service_day", args=[day.pk])
    last_page = (workers + 49) // 50
    waiting_rows = iter(
        PhkReportRow.objects.filter(report__mass_layoff_case=day.case)
        .exclude(pk__in=ServiceArrival.objects.filter(service_day=day).values("row_id"))
        .order_by("id")
        .values_list("pk", flat=True)[: (args.repeat + 3) * 2]
    )
    pages = [
        ("desk screen, page 1", "get", desk_url, None),
        ("desk screen, name search", "get", f"{desk_url}?q=Dewi+Lestari", None),
        ("desk screen, NIK search", "get", f"{desk_url}?q={some.participant.nik[:12]}", None),
        ("desk screen, last page", "get", f"{desk_url}?page={last_page}", None),
        ("day board", "get", reverse("phk:service_day_board", args=[day.pk]), None),
        ("service days list", "get", reverse("phk:service_days"), None),
        (
            "arrival (queue number)",
            "post",
            reverse("phk:service_day_arrive", args=[day.pk]),
            lambda: {"row": str(next(waiting_rows))},
        ),
    ]
    print(f"service day #{day.pk}: {workers} workers in the case; target < {TARGET_MS:.0f} ms server time")
    print(f"{'page':32} {'median':>8} {'p95':>8} {'max':>8} {'queries':>8}")
    missed = []
    for label, method, url, data in pages:
        times, queries = _time(client, method, url, args.repeat, data)
        times.sort()
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        verdict = "met" if median < TARGET_MS and p95 < TARGET_MS else "MISSED"
        if verdict == "MISSED":
            missed.append(label)
        print(f"{label:32} {median:7.1f}ms {p95:7.1f}ms {times[-1]:7.1f}ms {queries:8d}  {verdict}")
    if args.drop:
        drop_database(args.server, args.database)
    if missed:
        print("MISSED: " + ", ".join(missed))
        return 1
    print("all pages met the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
