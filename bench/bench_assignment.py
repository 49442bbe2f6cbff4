"""Benchmark: assign 100,000 new counselling cases across 500 konselors in one run.

    .venv/bin/python bench/bench_assignment.py                       # 100,000 cases, 500 konselors
    .venv/bin/python bench/bench_assignment.py --cases 10000 --konselors 50

Generates (not timed) into a scratch database (default ``jkp_bench_counseling``,
created and migrated; override the server with BENCH_PG): 20 provinces of 5
regencies each, 2 branch offices per province, N konselors spread over the
regencies (each covering their regency and province, capacity 180-320, already
holding 0-15 % of it), a few regencies with no konselor, and the approved
claims of M new cases spread over the regencies in proportion to the
konselors' room there. Participants and claims are reused between runs; the
cases are re-created each run.

Then times ``counseling.services.cases_assign_pending`` (read the waiting
cases and the konselors' loads, plan, one UPDATE, the audit events, commit)
and checks: every konselor within capacity, and within each area (the
konselors serving the same regency) the most loaded at most 10 % above the
least loaded (relative load). Targets: <= 10 s, both checks true.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
MARK = "BCS"  # prefix of the generated KPJ numbers, office codes and usernames
TARGET_SECONDS = 10.0
MAX_SPREAD = 1.10


def setup_django(db: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jkp_portal.settings.base",
        DJANGO_ENV="development",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"{PG}/{db}",
        CELERY_TASK_ALWAYS_EAGER="true",
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


# --- The generator ----------------------------------------------------------------------------


def make_geography():
    """20 provinces x 5 regencies; 2 offices per province, each covering some of its regencies."""
    from jkp_portal.accounts.regions import PROVINCES

    provinces = sorted(PROVINCES)[:20]
    regencies = []  # (province, regency, office index)
    offices = []  # (code, province)
    for province in provinces:
        first = len(offices)
        offices.append((f"{MARK}-{province}-A", province))
        offices.append((f"{MARK}-{province}-B", province))
        for r in range(5):
            regencies.append((province, f"Kabupaten Bench {province}-{r}", first + (0 if r < 3 else 1)))
    return provinces, regencies, offices


def plan_konselors(rng: random.Random, regencies, n_konselors: int):
    """(regency index, capacity, existing load) for each konselor; ~5 % of regencies get none."""
    empty = set(rng.sample(range(len(regencies)), max(1, len(regencies) // 20)))
    staffed = [i for i in range(len(regencies)) if i not in empty]
    plan = []
    for k in range(n_konselors):
        regency = staffed[k % len(staffed)] if k < len(staffed) else rng.choice(staffed)
        capacity = rng.randrange(180, 321, 10)
        existing = int(capacity * rng.uniform(0.0, 0.15))
        plan.append((regency, capacity, existing))
    return plan, empty


def case_regencies(rng: random.Random, regencies, konselor_plan, empty, n_cases: int) -> list[int]:
    """The regency of each new case: in proportion to the room of the konselors
    there (x 0.7-1.0 noise), plus a little demand where there is no konselor."""
    room = defaultdict(int)
    for regency, capacity, existing in konselor_plan:
        room[regency] += capacity - existing
    weights = []
    mean_room = sum(room.values()) / max(1, len(room))
    for index in range(len(regencies)):
        if index in empty:
            weights.append(mean_room * 0.1)
        else:
            weights.append(room[index] * rng.uniform(0.7, 1.0))
    total = sum(weights)
    scale = n_cases / total
    counts = [int(w * scale) for w in weights]
    counts[max(range(len(counts)), key=lambda i: weights[i])] += n_cases - sum(counts)
    out = []
    for index, count in enumerate(counts):
        out.extend([index] * count)
    rng.shuffle(out)
    return out


def generate(args) -> dict:
    """Offices, konselors, participants and approved claims (reused when the
    same sizes are already there), then the cases (always re-created)."""
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from claims.models import Claim, Employer, Participant
    from counseling.models import Assessment, Case, CounsellingSession, Konselor
    from jkp_portal.accounts.models import Office, User
    from jkp_portal.audit.models import AuditEvent

    rng = random.Random(args.seed)
    provinces, regencies, office_rows = make_geography()
    konselor_plan, empty = plan_konselors(rng, regencies, args.konselors)
    existing_total = sum(e for _r, _c, e in konselor_plan)
    new_regencies = case_regencies(rng, regencies, konselor_plan, empty, args.cases)
    n_claims = existing_total + args.cases
    started = time.perf_counter()

    with transaction.atomic():
        offices = {}
        for code, province in office_rows:
            offices[code], _ = Office.objects.update_or_create(
                code=code, defaults={"name": f"KC {code}", "kind": "branch", "province_codes": [province]}
            )
        office_list = [offices[code] for code, _p in office_rows]
        employers = {}
        for index, (province, regency, office_index) in enumerate(regencies):
            employers[index], _ = Employer.objects.update_or_create(
                npp=f"{MARK}{index:05d}",
                defaults={
                    "name": f"PT Bench {regency}",
                    "size": "medium",
                    "province_code": province,
                    "regency": regency,
                    "office": office_list[office_index],
                },
            )

        # Konselors: re-created each run so the plan (and the seed) always holds.
        with connection.cursor() as cursor:
            tables = ", ".join(m._meta.db_table for m in (Assessment, CounsellingSession, Case))
            cursor.execute(f"TRUNCATE {tables}")
        AuditEvent.objects.filter(content_type__app_label="counseling").delete()
        Konselor.objects.all().delete()
        User.objects.filter(username__startswith=f"{MARK.lower()}.").delete()
        password = make_password(None)
        users = User.objects.bulk_create(
            [
                User(username=f"{MARK.lower()}.k{k:04d}", password=password, roles=["konselor"], email=f"k{k}@bench.id")
                for k in range(len(konselor_plan))
            ]
        )
        konselors = Konselor.objects.bulk_create(
            [
                Konselor(
                    user=user,
                    nip=f"{MARK}{k:015d}",
                    name=f"Konselor Bench {k}",
                    level="ahli_muda",
                    office=office_list[regencies[regency][2]],
                    regencies=[regencies[regency][1]],
                    province_codes=[regencies[regency][0]],
                    capacity=capacity,
                    languages=["id"],
                    skills=["basic_counselling"],
                )
                for k, (user, (regency, capacity, _e)) in enumerate(zip(users, konselor_plan, strict=True))
            ]
        )

        signature = f"s{args.seed}k{args.konselors}c{args.cases}"
        have = Participant.objects.filter(kpj__startswith=MARK).count()
        same = Participant.objects.filter(kpj=f"{MARK}{0:09d}", full_name__endswith=signature).exists()
        if have != n_claims or not same:
            print(f"generating {n_claims:,} participants and approved claims ...", flush=True)
            Claim.objects.filter(participant__kpj__startswith=MARK).delete()
            Participant.objects.filter(kpj__startswith=MARK).delete()
            # The regency of each claim: first the existing cases (konselor by konselor), then the new ones.
            claim_regency = [r for r, _c, e in konselor_plan for _ in range(e)] + new_regencies
            participants = Participant.objects.bulk_create(
                [
                    Participant(
                        nik=f"99{i:014d}",
                        kpj=f"{MARK}{i:09d}",
                        full_name=f"Peserta Bench {i} {signature}",
                        birth_date=dt.date(1985, 1, 1) + dt.timedelta(days=i % 7000),
                        sex="M" if i % 2 else "F",
                        employer=employers[claim_regency[i]],
                        contract_type="PKWTT",
                        jkp_registered_on=dt.date(2022, 2, 1),
                        programs=["JKN", "JKK", "JKM", "JHT", "JP"],
                        employment_status="non_active",
                    )
                    for i in range(n_claims)
                ],
                batch_size=5000,
            )
            decided = dt.date(2025, 9, 1)
            Claim.objects.bulk_create(
                [
                    Claim(
                        participant=p,
                        office=employers[claim_regency[i]].office,
                        status="approved",
                        phk_date=decided - dt.timedelta(days=30),
                        phk_reason="efficiency",
                        decision_date=decided,
                        rule_set="PP6_2025",
                        payer="bpjs",
                        wage_base=Decimal("4500000"),
                    )
                    for i, p in enumerate(participants)
                ],
                batch_size=5000,
            )
        else:
            print(f"reusing {have:,} participants and claims", flush=True)

        # Cases: the existing load of each konselor (already assigned), then the new ones (waiting).
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.id FROM claims_claim c JOIN claims_participant p ON p.id = c.participant_id
                 WHERE p.kpj LIKE %s ORDER BY p.kpj
                """,
                [MARK + "%"],
            )
            claim_ids = [row[0] for row in cursor.fetchall()]
            owners = [k.pk for k, (_r, _c, e) in zip(konselors, konselor_plan, strict=True) for _ in range(e)]
            owners += [None] * (len(claim_ids) - len(owners))
            cursor.execute(
                f"""
                INSERT INTO {Case._meta.db_table}
                    (claim_id, participant_id, konselor_id, office_id, province_code, regency, status,
                     opened_at, assigned_at, close_reason, recommendation, recommended_programme,
                     recommended_programme_ref, next_steps, updated_at)
                SELECT c.id, c.participant_id, v.k, c.office_id, e.province_code, e.regency,
                       CASE WHEN v.k IS NULL THEN 'unassigned' ELSE 'active' END,
                       now() - (v.n %% 30) * interval '1 hour', CASE WHEN v.k IS NULL THEN NULL ELSE now() END,
                       '', '', '', '', '', now()
                  FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS v(claim_id, k, n)
                  JOIN claims_claim c ON c.id = v.claim_id
                  JOIN claims_participant p ON p.id = c.participant_id
                  JOIN claims_employer e ON e.id = p.employer_id
                """,  # noqa: S608 - table name from the model
                [claim_ids, owners],
            )
    # The steady state autovacuum keeps in production: no dead rows left by the previous run.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Case._meta.db_table}, {AuditEvent._meta.db_table}")
    print(f"generated in {time.perf_counter() - started:.1f} s (not timed)", flush=True)
    return {"konselors": konselors, "regencies": regencies, "existing": existing_total}


def check(konselors) -> dict:
    from counseling.services.assignment import open_load

    loads = open_load(k.pk for k in konselors)
    over = [k for k in konselors if loads.get(k.pk, 0) > k.capacity]
    areas = defaultdict(list)
    for k in konselors:
        areas[k.regencies[0]].append(loads.get(k.pk, 0) / k.capacity)
    worst = 1.0
    worst_area = ""
    for area, rels in areas.items():
        low, high = min(rels), max(rels)
        ratio = high / low if low else float("inf")
        if ratio > worst:
            worst, worst_area = ratio, area
    provinces = defaultdict(list)
    for k in konselors:
        provinces[k.province_codes[0]].append(loads.get(k.pk, 0) / k.capacity)
    province_spread = max(max(r) - min(r) for r in provinces.values())
    relative = [loads.get(k.pk, 0) / k.capacity for k in konselors]
    return {
        "over_capacity": len(over),
        "worst_area_ratio": worst,
        "worst_area": worst_area,
        "province_spread": province_spread,
        "min_rel": min(relative),
        "max_rel": max(relative),
        "mean_rel": sum(relative) / len(relative),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="new cases to assign (default 100,000)")
    parser.add_argument("--konselors", type=int, default=500, help="konselors (default 500)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--db", default="jkp_bench_counseling", help="scratch database (created and migrated)")
    args = parser.parse_args()

    ensure_db(args.db)
    setup_django(args.db)
    from counseling.models import Case, CaseStatus
    from counseling.services import cases_assign_pending

    data = generate(args)
    waiting = Case.objects.filter(status=CaseStatus.UNASSIGNED).count()
    print(
        f"{len(data['konselors'])} konselors, {data['existing']:,} cases already held, {waiting:,} waiting", flush=True
    )

    started = time.perf_counter()
    result = cases_assign_pending(actor="bench", notify=False)
    elapsed = time.perf_counter() - started

    audited = (
        __import__("jkp_portal.audit.models", fromlist=["AuditEvent"])
        .AuditEvent.objects.filter(action="konselor_assigned")
        .count()
    )
    figures = check(data["konselors"])
    tiers = Counter(result.by_tier)
    print()
    print(f"assigned {result.assigned:,} of {waiting:,} cases in {elapsed:.2f} s ({result.assigned / elapsed:,.0f}/s)")
    phases = dict(result.timings)
    phases["commit"] = elapsed - sum(phases.values())  # "write" includes the audit events (one statement)
    print("  phases: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items()))
    print(f"  by tier: regency {tiers['regency']:,}, province {tiers['province']:,}, office {tiers['office']:,}")
    print(f"  still waiting (nobody with room in their area): {result.waiting:,}; audit events written: {audited:,}")
    print(
        f"  relative load: min {figures['min_rel']:.1%}, mean {figures['mean_rel']:.1%}, max {figures['max_rel']:.1%}"
    )
    print(f"  konselors above capacity: {figures['over_capacity']}")
    print(
        f"  most / least loaded in the same area (worst area, {figures['worst_area']}): "
        f"{figures['worst_area_ratio']:.3f} (target <= {MAX_SPREAD:.2f})"
    )
    print(f"  (for information) widest spread within a province: {figures['province_spread']:.1%} points")
    ok = elapsed <= TARGET_SECONDS and figures["over_capacity"] == 0 and figures["worst_area_ratio"] <= MAX_SPREAD
    print(f"  load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (shared machine)")
    print(f"\n{'PASS' if ok else 'FAIL'}: target <= {TARGET_SECONDS:.0f} s, nobody over capacity, areas within 10 %")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
