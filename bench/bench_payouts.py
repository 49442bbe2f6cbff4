"""Benchmark: the monthly payout run against its set-based floor.

    .venv/bin/python bench/bench_payouts.py                               # 10k, 100k, 1M; 1 and 2 workers
    .venv/bin/python bench/bench_payouts.py --sizes 10000 --workers 1,2   # quick look

For each size N it generates (not timed) into a scratch database (default
``jkp_bench_payouts``, created and migrated; override the server with BENCH_PG)
N open benefits with COPY: participants, approved claims, benefits and their
six months, each benefit with exactly one month due on the run date (month
1..6 in turn), the earlier months already paid (2.5 N historic payments in
reconciled batches), 10 offices x 5 banks, 2 % paid by the employer, about 8 %
of the due months 2..6 short of applications (withheld), month-6 forms in.

Then, in the same process, it times:

* **floor** -- one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` that writes
  the same payment rows (same columns, same table, same indexes) as the run,
  selected with the same condition predicate but with no batches, no locks, no
  withheld/forfeited bookkeeping, no audit, at the ``work_mem`` each chunk of
  the product sets (128 MB). For a run with k workers the floor is k such
  statements over k id ranges, in k processes at once (the parallel floor).
  The rows are then deleted and the table vacuumed.
* **run** -- ``claims.payouts.services.runs.run_payouts`` with 1 and 2 worker
  processes (chunks of benefit ids, advisory locks, batches per office and
  bank, withheld months and their audit events, benefit closing, batch totals),
  state reset between the two. As in production, yesterday's run is on record,
  so scheduled months settled by earlier runs are not looked at again.
* **repeat** -- the same run again for the same date: it must create nothing.

Each configuration is measured ``--repeat`` times (state reset in between);
every attempt times its own floor, then the run, then the repeat, and the
ratios are taken pair by pair (the run against the floor just before it); the
median of those ratios is reported, with the median times.

Targets (issue 16; the command exits 1 when one is missed): run <= 1.3 x its
floor (one worker against the floor, two against the parallel floor), repeat
<= 0.1 x the floor, time per benefit within 15 % from the smallest to the
largest size, and the ledger check clean.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
RUN_DATE = date(2026, 6, 15)
BANKS = ["BRI", "BNI", "MANDIRI", "BCA", "BSI"]
BANK_NAMES = {
    "BRI": "Bank Rakyat Indonesia (BRI)",
    "BNI": "Bank Negara Indonesia (BNI)",
    "MANDIRI": "Bank Mandiri",
    "BCA": "Bank Central Asia (BCA)",
    "BSI": "Bank Syariah Indonesia (BSI)",
}
OFFICES = 10


def ensure_db(db: str) -> None:
    out = subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
        check=True,
        capture_output=True,
        text=True,
    )
    if out.stdout.strip() != "1":
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f'CREATE DATABASE "{db}"'], check=True)


def setup_django(db: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jkp_portal.settings.base",
        DJANGO_ENV="development",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"{PG}/{db}",
        CELERY_TASK_ALWAYS_EAGER="true",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- data generator -----------------------------------------------------------------------


def _columns(cursor, table: str) -> list[tuple[str, str, bool, bool]]:
    cursor.execute(
        """SELECT column_name, data_type, is_nullable = 'YES', column_default IS NOT NULL
           FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position""",
        [table],
    )
    return cursor.fetchall()


def _filler(data_type: str):
    """A value for a NOT NULL column the benchmark does not care about."""
    if data_type in ("text", "character varying", "character"):
        return ""
    if data_type == "boolean":
        return "f"
    if data_type in ("integer", "bigint", "smallint", "numeric"):
        return "0"
    if data_type in ("jsonb", "json"):
        return "{}"
    if data_type == "ARRAY":
        return "{}"
    if data_type.startswith("timestamp"):
        return "2026-01-01 00:00:00+07"
    if data_type == "date":
        return "2026-01-01"
    raise ValueError(data_type)


def copy_rows(cursor, table: str, values: dict, rows, total: int, chunk: int = 200_000) -> None:
    """COPY rows into ``table``. ``values`` names the columns the generator sets;
    other NOT NULL columns without a database default get a neutral value (so the
    generator keeps working when another app adds a column)."""
    cols = _columns(cursor, table)
    given = list(values)
    extra = [(name, _filler(kind)) for name, kind, nullable, has_default in cols
             if name not in given and not nullable and not has_default]  # fmt: skip
    names = given + [name for name, _v in extra]
    constants = [v for _n, v in extra]
    sql = f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    n = 0
    for row in rows:
        writer.writerow([*row, *constants])
        n += 1
        if n % chunk == 0:
            buf.seek(0)
            cursor.copy_expert(sql, buf)
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
    if buf.tell():
        buf.seek(0)
        cursor.copy_expert(sql, buf)
    assert n == total, (table, n, total)


def generate(n: int) -> dict:
    from django.db import connection

    from claims.eligibility import add_months
    from claims.payouts.calendar import add_working_days
    from jkp_portal.accounts.models import Office
    from jkp_portal.common.fields import encrypt_text

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE payouts_paymentattempt, payouts_payment, payouts_payoutbatch, payouts_payoutrun, "
            "payouts_benefitmonth, payouts_employerreimbursement, payouts_jobsearchactivity, "
            "payouts_trainingattendance, payouts_employmentstatusform, payouts_benefit, claims_claim, "
            "claims_participant, audit_auditevent RESTART IDENTITY CASCADE"
        )
    offices = []
    for i in range(OFFICES):
        office, _ = Office.objects.get_or_create(
            code=f"BP{i:02d}", defaults={"name": f"KC Bench {i}", "kind": "branch"}
        )
        offices.append(office.pk)
    tokens = [encrypt_text(f"70{i:010d}") for i in range(64)]
    due = [add_months(RUN_DATE, k) for k in range(-5, 6)]  # due dates relative to the run date
    wage_of = [Decimal(min(5_000_000, 3_000_000 + (i * 7919) % 2_400_000)) for i in range(1000)]
    amount_of = [(w * Decimal("0.60")).quantize(Decimal(1), rounding=ROUND_HALF_UP) for w in wage_of]

    with connection.cursor() as cursor:
        copy_rows(
            cursor, "claims_participant",
            {"id": 0, "nik": 0, "kpj": 0, "full_name": 0, "birth_date": 0, "sex": 0, "citizenship": 0,
             "contract_type": 0, "jkp_registered_on": 0, "programs": 0, "jkn_segment": 0,
             "employment_status": 0, "created_at": 0, "updated_at": 0},
            ((i, f"33{i:014d}", f"B{i:09d}", f"Peserta Bench {i}", "1990-01-01", "M", "WNI", "PKWTT", "2022-01-01",
              "{JKN,JKK,JKM,JHT,JP}", "PPU", "non_active", "2026-01-01 00:00+07", "2026-01-01 00:00+07")
             for i in range(1, n + 1)),
            n,
        )  # fmt: skip
        copy_rows(
            cursor, "claims_claim",
            {"id": 0, "participant_id": 0, "office_id": 0, "status": 0, "decision_date": 0, "rule_set": 0,
             "payer": 0, "wage_base": 0, "created_at": 0, "updated_at": 0},
            ((i, i, offices[(i // 7) % OFFICES], "approved", add_months(RUN_DATE, -(i % 6)).isoformat(), "PP6_2025",
              "employer" if i % 50 == 0 else "bpjs", wage_of[i % 1000], "2026-01-01 00:00+07", "2026-01-01 00:00+07")
             for i in range(1, n + 1)),
            n,
        )  # fmt: skip

        def benefits():
            for i in range(1, n + 1):
                k = i % 6 + 1  # the month due on the run date
                yield (i, i, i, offices[(i // 7) % OFFICES], "active", "t", "PP6_2025",
                       "employer" if i % 50 == 0 else "bpjs", wage_of[i % 1000], due[5 - (k - 1)].isoformat(), 6,
                       due[5 - (k - 1) + 5].isoformat(), BANKS[i % 5], BANK_NAMES[BANKS[i % 5]], tokens[i % 64],
                       f"{i % 10000:04d}", f"Peserta Bench {i}", "2026-01-01 00:00+07", "2026-01-01 00:00+07")  # fmt: skip

        copy_rows(
            cursor, "payouts_benefit",
            {"id": 0, "claim_id": 0, "participant_id": 0, "office_id": 0, "status": 0, "is_open": 0, "rule_set": 0,
             "payer": 0, "wage_base": 0, "decision_date": 0, "last_month_no": 0, "last_due_date": 0, "bank_code": 0,
             "bank_name": 0, "bank_account_number": 0, "bank_account_last4": 0, "bank_account_holder": 0,
             "created_at": 0, "updated_at": 0},
            benefits(),
            n,
        )  # fmt: skip

        def months():
            mid = 0
            for i in range(1, n + 1):
                k = i % 6 + 1
                employer = i % 50 == 0
                first = 5 - (k - 1)
                for m in range(1, 7):
                    mid += 1
                    d = due[first + m - 1]
                    start = due[first + m - 2] if m > 1 else d
                    status = "employer" if employer and m < k else "scheduled"
                    apps = 5 if (m != k or i % 13) else 2  # about 8 % of the due months 2..6 are short
                    yield (mid, i, m, start.isoformat(), d.isoformat(), "PP6_2025", "0.60", wage_of[i % 1000],
                           amount_of[i % 1000], status, apps, 0, 0, "\\N", "t")  # fmt: skip

        copy_rows(
            cursor, "payouts_benefitmonth",
            {"id": 0, "benefit_id": 0, "month_no": 0, "period_start": 0, "due_date": 0, "rule_set": 0, "rate": 0,
             "wage_base": 0, "amount": 0, "status": 0, "applications": 0, "interviews": 0,
             "counselling_sessions": 0, "attendance_pct": 0, "form_submitted": 0},
            months(),
            6 * n,
        )  # fmt: skip
        # One reconciled batch per office and bank holds the historic payments.
        hist = {}
        for o in range(OFFICES):
            for b in BANKS:
                cursor.execute(
                    """INSERT INTO payouts_payoutbatch (office_id, bank_code, bank_name, kind, status, payment_count,
                       total_amount, prepared_at, message_id, file, file_sha256, bank_reference, paid_count,
                       paid_total, failed_count, failed_total)
                       VALUES (%s, %s, %s, 'scheduled', 'reconciled', 0, 0, now(), 'HIST', '', '', '', 0, 0, 0, 0)
                       RETURNING id""",
                    [offices[o], b, BANK_NAMES[b]],
                )
                hist[(o, b)] = cursor.fetchone()[0]
        historic = 0
        for i in range(1, n + 1):
            if i % 50:
                historic += i % 6

        def payments():
            pid = 0
            for i in range(1, n + 1):
                k = i % 6 + 1
                if i % 50 == 0:
                    continue
                first = 5 - (k - 1)
                for m in range(1, k):
                    pid += 1
                    d = due[first + m - 1]
                    yield (pid, (i - 1) * 6 + m, hist[((i // 7) % OFFICES, BANKS[i % 5])], "paid", amount_of[i % 1000],
                           "PP6_2025", "0.60", wage_of[i % 1000], m, d.isoformat(), BANKS[i % 5],
                           BANK_NAMES[BANKS[i % 5]], tokens[i % 64], f"{i % 10000:04d}", f"Peserta Bench {i}", "f",
                           add_working_days(d, 3).isoformat(), 1, d.isoformat(), "ACSC", "",
                           "2026-01-01 00:00+07", "2026-01-01 00:00+07")  # fmt: skip

        copy_rows(
            cursor, "payouts_payment",
            {"id": 0, "month_id": 0, "batch_id": 0, "status": 0, "amount": 0, "rule_set": 0, "rate": 0,
             "wage_base": 0, "month_no": 0, "due_date": 0, "bank_code": 0, "bank_name": 0, "account_number": 0,
             "account_last4": 0, "account_holder": 0, "was_withheld": 0, "sla_deadline": 0, "attempt": 0,
             "paid_on": 0, "result_code": 0, "result_reason": 0, "created_at": 0, "updated_at": 0},
            payments(),
            historic,
        )  # fmt: skip
        cursor.execute(
            """INSERT INTO payouts_paymentattempt (payment_id, batch_id, attempt_no, amount, bank_code, account_last4,
                   account_holder, result, reason_code, reason, recorded_at)
               SELECT id, batch_id, 1, amount, bank_code, account_last4, account_holder, 'paid', 'ACSC', '', now()
               FROM payouts_payment"""
        )
        cursor.execute(
            """UPDATE payouts_payoutbatch b SET payment_count = s.n, total_amount = s.t, paid_count = s.n, paid_total = s.t
               FROM (SELECT batch_id, count(*) n, sum(amount) t FROM payouts_payment GROUP BY batch_id) s
               WHERE b.id = s.batch_id"""
        )
        for table in ("claims_participant", "claims_claim", "payouts_benefit", "payouts_benefitmonth",
                      "payouts_payment", "payouts_payoutbatch"):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )
    # The earlier months were settled by earlier daily runs; the last one ran yesterday.
    from claims.payouts.models import PayoutRun

    PayoutRun.objects.create(
        run_date=RUN_DATE - timedelta(days=1), status="done", triggered_by="history", chunks_total=1, chunks_done=1
    )
    vacuum()
    return {"benefits": n, "historic_payments": historic, "seconds": time.monotonic() - started}


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("payouts_payment", "payouts_benefitmonth", "payouts_benefit", "payouts_payoutbatch"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        # Start every measured step from the same place: no checkpoint pending from the last one.
        cursor.execute("CHECKPOINT")


# --- the measured steps ------------------------------------------------------------------------


WORK_MEM = "128MB"  # what each chunk of the product sets (claims/payouts/services/runs.py)


def _floor_part(args) -> int:
    """One process's share of the floor: benefits with ``lo <= id < hi``."""
    db, batch_id, lo, hi = args
    import psycopg2

    from claims.payouts.conditions import met_sql

    conn = psycopg2.connect(f"{PG}/{db}")
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute(
                f"""
                INSERT INTO payouts_payment (month_id, batch_id, run_id, status, amount, rule_set, rate, wage_base,
                    month_no, due_date, bank_code, bank_name, account_number, account_last4, account_holder,
                    was_withheld, sla_deadline, attempt, paid_on, result_code, result_reason, created_at, updated_at)
                SELECT m.id, %s, -1, 'pending', m.amount, m.rule_set, m.rate, m.wage_base, m.month_no, m.due_date,
                       b.bank_code, b.bank_name, b.bank_account_number, b.bank_account_last4, b.bank_account_holder,
                       false, m.due_date + 3, 1, NULL, '', '', now(), now()
                FROM payouts_benefitmonth m JOIN payouts_benefit b ON b.id = m.benefit_id
                WHERE m.due_date = %s AND b.payer = 'bpjs' AND b.id >= %s AND b.id < %s AND {met_sql("m")}
                ON CONFLICT (month_id) DO NOTHING
                """,
                [batch_id, RUN_DATE, lo, hi],
            )
            return cursor.rowcount
    finally:
        conn.close()


def floor(db: str, workers: int = 1) -> tuple[int, float]:
    """The same payment rows by plain INSERT ... SELECT, with the product's
    ``work_mem``; with ``workers`` > 1 the benefits are split in that many id
    ranges inserted at once by as many processes (the floor of a parallel run).
    The rows are removed again afterwards."""
    from multiprocessing import get_context

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM payouts_payoutbatch")
        batch_id = cursor.fetchone()[0]
        cursor.execute("SELECT min(id), max(id) + 1 FROM payouts_benefit")
        low, high = cursor.fetchone()
    connection.close()
    step = -(-(high - low) // workers)
    parts = [(db, batch_id, low + i * step, min(high, low + (i + 1) * step)) for i in range(workers)]
    started = time.monotonic()
    if workers == 1:
        rows = _floor_part(parts[0])
    else:
        with get_context("fork").Pool(workers) as pool:
            rows = sum(pool.map(_floor_part, parts))
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM payouts_payment WHERE run_id = -1")
    vacuum()
    return rows, seconds


def reset() -> None:
    """Undo a run (payments, month outcomes, closed benefits, new batches) so the next starts equal."""
    from django.db import connection

    d = RUN_DATE
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM payouts_payment WHERE run_id IS NOT NULL")
        cursor.execute(
            "UPDATE payouts_benefitmonth SET status = 'scheduled', withheld_on = NULL, settled_on = NULL "
            "WHERE due_date = %s AND status <> 'scheduled'",
            [d],
        )
        cursor.execute(
            "UPDATE payouts_benefit SET is_open = true, status = 'active', closed_on = NULL WHERE closed_on = %s", [d]
        )
        cursor.execute("DELETE FROM payouts_payoutbatch WHERE status = 'prepared'")
        cursor.execute("TRUNCATE audit_auditevent")
        cursor.execute("DELETE FROM payouts_payoutrun WHERE triggered_by <> 'history'")
    vacuum()


def run(workers: int, chunk: int | None) -> tuple:
    from claims.payouts.services.runs import run_payouts

    started = time.monotonic()
    r = run_payouts(run_date=RUN_DATE, workers=workers, chunk_size=chunk, triggered_by="bench", notify=False)
    return r, time.monotonic() - started


TARGET_RUN_OVER_FLOOR = 1.3  # one worker against the floor; two against the parallel floor
TARGET_REPEAT_OVER_FLOOR = 0.1
TARGET_LINEARITY = 0.15  # time per benefit from the smallest to the largest size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="benefits per run, comma separated")
    parser.add_argument("--workers", default="1,2", help="worker processes to compare, comma separated")
    parser.add_argument("--chunk-size", type=int, default=0, help="benefits per chunk (default: automatic)")
    parser.add_argument("--db", default="jkp_bench_payouts", help="scratch database (dropped data!)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="attempts per configuration; the median of the per-attempt ratios is reported",
    )
    args = parser.parse_args()
    ensure_db(args.db)
    setup_django(args.db)
    from django.db import connection

    from claims.payouts.ledger import check_payout_ledger
    from claims.payouts.models import Payment

    print(f"payout run benchmark, run date {RUN_DATE}, database {args.db}, work_mem {WORK_MEM}")
    print("each attempt: the floor (same workers), then the run, then the repeat; ratios per attempt, median shown")
    print(f"{'N':>9} {'workers':>7} {'floor s':>8} {'run s':>7} {'run/floor':>9} {'repeat s':>8} {'rep/floor':>9} "
          f"{'payments':>9} {'withheld':>8} {'batches':>7}")  # fmt: skip
    missed: list[str] = []
    per_benefit: dict[int, dict[int, float]] = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        info = generate(n)
        print(f"# generated {n:,} benefits and {info['historic_payments']:,} historic payments in {info['seconds']:.0f} s",
              flush=True)  # fmt: skip
        floor(args.db)  # warm-up: caches and statistics as after a day of work, not as after COPY
        first = True
        for workers in (int(x) for x in args.workers.split(",")):
            samples = []
            for _attempt in range(args.repeat):
                if not first:
                    reset()
                first = False
                floor_rows, floor_s = floor(args.db, workers)
                r, run_s = run(workers, args.chunk_size or None)
                again, repeat_s = run(workers, args.chunk_size or None)
                created = Payment.objects.filter(run_id=r.pk).count()
                if not (created == floor_rows == r.payments_created and again.payments_created == 0):
                    missed.append(
                        f"N={n} workers={workers}: floor {floor_rows}, run {created}, repeat {again.payments_created}"
                    )
                    print(f"  MISMATCH floor={floor_rows} created={created} repeat={again.payments_created}")
                samples.append((floor_s, run_s, repeat_s, r))
            floor_s = statistics.median(s[0] for s in samples)
            run_s = statistics.median(s[1] for s in samples)
            repeat_s = statistics.median(s[2] for s in samples)
            run_ratio = statistics.median(s[1] / s[0] for s in samples)
            repeat_ratio = statistics.median(s[2] / s[0] for s in samples)
            r = samples[-1][3]
            per_benefit.setdefault(workers, {})[n] = run_s / n
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM payouts_payoutbatch WHERE status = 'prepared'")
                batches = cursor.fetchone()[0]
            print(
                f"{n:>9,} {workers:>7} {floor_s:>8.2f} {run_s:>7.2f} {run_ratio:>9.2f} {repeat_s:>8.2f} "
                f"{repeat_ratio:>9.2f} {r.payments_created:>9,} {r.withheld:>8,} {batches:>7}",
                flush=True,
            )
            if run_ratio > TARGET_RUN_OVER_FLOOR:
                missed.append(
                    f"N={n} workers={workers}: run {run_ratio:.2f}x its floor (target <= {TARGET_RUN_OVER_FLOOR})"
                )
            if repeat_ratio > TARGET_REPEAT_OVER_FLOOR:
                missed.append(
                    f"N={n} workers={workers}: repeat {repeat_ratio:.2f}x the floor (target <= {TARGET_REPEAT_OVER_FLOOR})"
                )
        ledger_started = time.monotonic()
        report = check_payout_ledger(as_of=RUN_DATE)
        print(f"# ledger check: {'OK' if report.ok else report.problems[:3]} "
              f"({report.payments:,} payments, Rp {report.payment_total:,.0f}) in {time.monotonic() - ledger_started:.1f} s",
              flush=True)  # fmt: skip
        if not report.ok:
            missed.append(f"N={n}: ledger check failed")
    for workers, by_n in per_benefit.items():
        if len(by_n) > 1:
            smallest, largest = min(by_n), max(by_n)
            growth = by_n[largest] / by_n[smallest]
            print(
                f"# linearity, {workers} worker(s): time per benefit at {largest:,} is {growth:.2f}x that at {smallest:,}"
            )
            if growth > 1 + TARGET_LINEARITY:
                missed.append(
                    f"workers={workers}: not linear ({growth:.2f}x per benefit from {smallest:,} to {largest:,})"
                )
    for line in missed:
        print(f"MISSED: {line}")
    print("targets met" if not missed else f"{len(missed)} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
