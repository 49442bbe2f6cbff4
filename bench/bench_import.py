"""Benchmark: import_registry --contributions of a 1,000,000-row file, beside a plain psql \\copy.

Imports are staged and approved by a second registry officer (issue 14): the timed command is
``import_registry --user A --approve-as B``, i.e. read + check + diff + eligibility flips (stage)
and the apply with its per-object audit events (approve).

    .venv/bin/python bench/bench_import.py                 # 42,000 participants x 24 months = 1,008,000 rows
    .venv/bin/python bench/bench_import.py --participants 5000   # quick run

Steps: generate (or reuse) the CSVs with bench/gen_registry.py; create and migrate the scratch
database (default ``jkp_bench``); import employers and participants; empty the ledger; then time

1. ``manage.py import_registry --contributions FILE --user A --approve-as B`` (fresh insert, the target: <= 60 s),
2. the same command again (every row already there: the upsert finds nothing to change),
3. the fair floor: in one psql session, ``\\copy`` the file into a temporary table, then one
   ``INSERT ... SELECT`` joining the participants (by NIK) into the empty ``claims_contribution``
   with its indexes and keys, as the import must end up; the target is the fresh import <= 1.2x it,
4. ``psql -c "\\copy ..."`` of the same file into an equivalent plain table without indexes or checks
   (the speed of reading the file, for reference).

Targets (the command exits 1 when one is missed): fresh insert <= 60 s and <= 1.2x the fair
floor; re-import of the identical file <= 3 s.

Never touches any database but the scratch one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_registry import generate  # noqa: I001

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def psql(db: str, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        ["psql", f"{PG}/{db}", "-v", "ON_ERROR_STOP=1", "-q", "-t", "-A", *args],
        check=True,
        capture_output=capture,
        text=True,
    )
    return (result.stdout or "").strip()


def ensure_db(db: str) -> None:
    exists = psql("postgres", "-c", f"SELECT 1 FROM pg_database WHERE datname = '{db}'", capture=True)
    if exists != "1":
        psql("postgres", "-c", f"CREATE DATABASE {db}")


OFFICERS = ("--user", "bench.petugas.a", "--approve-as", "bench.petugas.b")


def ensure_officers(db: str) -> None:
    """Two national registry officers: one stages, the other approves."""
    psql(
        db,
        "-c",
        "INSERT INTO accounts_office (code, name, kind, province_codes, regencies, address, phone) "
        "VALUES ('BENCH-HQ', 'Kantor Pusat (benchmark)', 'head', '{}', '{}', '', '') ON CONFLICT (code) DO NOTHING",
    )
    for username in ("bench.petugas.a", "bench.petugas.b"):
        exists = psql(db, "-c", f"SELECT 1 FROM accounts_user WHERE username = '{username}'", capture=True)
        if exists != "1":
            manage(
                db,
                "create_portal_user",
                username,
                "--password",
                "Bench-Registry-1",
                "--role",
                "registry_officer",
                "--office",
                "BENCH-HQ",
            )


def manage(db: str, *args: str) -> float:
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"{PG}/{db}",
        "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


TARGET_FRESH_SECONDS = 60.0
TARGET_FRESH_OVER_FLOOR = 1.2
TARGET_REIMPORT_SECONDS = 3.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=42_000, help="x 24 months = rows (default 42,000)")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--db", default="jkp_bench", help="scratch database (created and migrated)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench", help="where the CSVs are kept")
    args = parser.parse_args(argv)
    if args.db in ("jkp", "test_jkp"):
        parser.error("refusing to use a shared database")

    print(f"generating/reusing CSVs in {args.out} ...", flush=True)
    paths = generate(args.out, participants=args.participants, months=args.months)
    rows = sum(1 for _ in paths["contributions"].open("rb")) - 1
    size_mb = paths["contributions"].stat().st_size / 1e6
    ensure_db(args.db)
    print(f"migrating {args.db} ...", flush=True)
    manage(args.db, "migrate", "-v0")
    ensure_officers(args.db)
    t_emp = manage(args.db, "import_registry", "--employers", str(paths["employers"]), *OFFICERS, "--no-progress")
    t_par = manage(args.db, "import_registry", "--participants", str(paths["participants"]), *OFFICERS, "--no-progress")
    psql(args.db, "-c", "TRUNCATE claims_contribution")
    psql(args.db, "-c", "VACUUM ANALYZE claims_participant")

    contributions = ("import_registry", "--contributions", str(paths["contributions"]), *OFFICERS, "--no-progress")
    t_fresh = manage(args.db, *contributions)
    t_again = manage(args.db, *contributions)

    stored = psql(args.db, "-c", "SELECT count(*) FROM claims_contribution", capture=True)

    # The fair floor: the same rows into the same table, with its indexes and keys, in one statement.
    psql(args.db, "-c", "TRUNCATE claims_contribution")
    psql(args.db, "-c", "VACUUM ANALYZE claims_participant")
    floor_sql = ROOT / "var" / "bench" / "import_floor.sql"
    floor_sql.write_text(
        "BEGIN;\n"
        "CREATE TEMP TABLE floor_rows (nik varchar(16), period varchar(7), wage numeric(14, 2), status varchar(8)) "
        "ON COMMIT DROP;\n"
        f"\\copy floor_rows FROM '{paths['contributions']}' WITH (FORMAT csv, HEADER)\n"
        "INSERT INTO claims_contribution (participant_id, period, wage, status) "
        "SELECT p.id, to_date(f.period || '-01', 'YYYY-MM-DD'), f.wage, f.status "
        "FROM floor_rows f JOIN claims_participant p ON p.nik = f.nik;\n"
        "COMMIT;\n"
    )
    started = time.perf_counter()
    psql(args.db, "-f", str(floor_sql))
    t_floor = time.perf_counter() - started
    floor_stored = psql(args.db, "-c", "SELECT count(*) FROM claims_contribution", capture=True)

    psql(
        args.db,
        "-c",
        "SET client_min_messages TO warning; DROP TABLE IF EXISTS bench_plain_contribution; "
        "CREATE TABLE bench_plain_contribution (nik varchar(16), period varchar(7), wage numeric(14, 2), "
        "status varchar(8))",
    )
    started = time.perf_counter()
    psql(args.db, "-c", f"\\copy bench_plain_contribution FROM '{paths['contributions']}' WITH (FORMAT csv, HEADER)")
    t_copy = time.perf_counter() - started
    psql(args.db, "-c", "DROP TABLE bench_plain_contribution")

    print()
    print(f"file: {paths['contributions'].name}: {rows:,} rows, {size_mb:.1f} MB; {stored} rows in claims_contribution")
    print(f"setup: employers {t_emp:.1f} s, participants ({args.participants:,}) {t_par:.1f} s")
    print(
        f"import_registry --contributions, fresh insert : {t_fresh:6.1f} s  ({rows / t_fresh:,.0f} rows/s)  target <= 60 s"
    )
    print(f"import_registry --contributions, re-import    : {t_again:6.1f} s  ({rows / t_again:,.0f} rows/s)")
    print(
        f"fair floor (copy + one INSERT ... SELECT)      : {t_floor:6.1f} s  ({rows / t_floor:,.0f} rows/s)  "
        f"{floor_stored} rows; import/floor {t_fresh / t_floor:.2f}x"
    )
    print(f"psql \\copy into a plain table                 : {t_copy:6.1f} s  ({rows / t_copy:,.0f} rows/s)")
    checks = [
        (f"fresh insert <= {TARGET_FRESH_SECONDS:.0f} s", t_fresh <= TARGET_FRESH_SECONDS),
        (f"fresh insert <= {TARGET_FRESH_OVER_FLOOR}x the fair floor", t_fresh <= TARGET_FRESH_OVER_FLOOR * t_floor),
        (f"identical re-import <= {TARGET_REIMPORT_SECONDS:.0f} s", t_again <= TARGET_REIMPORT_SECONDS),
    ]
    for label, met in checks:
        print(f"target: {label}: {'met' if met else 'MISSED'}")
    return 0 if all(met for _label, met in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
