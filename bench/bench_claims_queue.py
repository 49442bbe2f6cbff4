"""Benchmark: the verifier queue and the claim page with 100,000 claims.

    python bench/bench_claims_queue.py [--claims 100000] [--database jkp_bench_claims] [--repeat 30]

Creates (or reuses) a scratch PostgreSQL database, migrates it and fills it
set-based (``INSERT … SELECT generate_series``, no ORM save per row) with
offices, employers, participants, 24 months of contributions each, N claims
in every status with three documents and four audit events each. Then it
drives the real pages through Django's test client in this process (the whole
middleware stack, templates included: that is the server time) and prints,
per page, the median / p95 / max time and the number of SQL queries, for page
sizes 25 and 100. Target: < 100 ms and the same query count for both sizes.

The data is kept between runs (``--rebuild`` starts over); the database is
yours to drop afterwards (``--drop``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import add_scratch_arguments, drop_database, ensure_database, setup_django  # noqa: E402

TARGET_MS = 100.0
BRANCHES = 20


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000, help="number of claims (default 100000)")
    add_scratch_arguments(parser, database="jkp_bench_claims")
    return parser.parse_args()


# ---------------------------------------------------------------------------
# data


def _generate(n: int) -> None:
    """Everything set-based; one transaction."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from claims.models import Claim
    from jkp_portal.accounts.models import Office, User
    from jkp_portal.common.fields import encrypt_text

    started = time.perf_counter()
    with transaction.atomic():
        head, _ = Office.objects.get_or_create(code="B-KP", defaults={"name": "Bench Kantor Pusat", "kind": "head"})
        region, _ = Office.objects.get_or_create(
            code="B-KW", defaults={"name": "Bench Kanwil", "kind": "regional", "parent": head}
        )
        branches = [
            Office.objects.get_or_create(
                code=f"B-KC{i:02d}", defaults={"name": f"Bench KC {i:02d}", "kind": "branch", "parent": region}
            )[0]
            for i in range(BRANCHES)
        ]
        branch_ids = [b.pk for b in branches]
        ct = ContentType.objects.get_for_model(Claim).pk
        ciphertext = encrypt_text("0123456789012")
        params = {"n": n, "branches": branch_ids, "nb": BRANCHES, "cipher": ciphertext, "ct": ct}
        # Every statement takes params, so a literal percent sign is written %%.
        statements = [
            """
            INSERT INTO claims_employer (npp, name, size, sector, province_code, regency, office_id,
                                         bankrupt_or_closed, created_at, updated_at)
            SELECT 'BN' || lpad(g::text, 7, '0'), 'PT Bench ' || g, (ARRAY['micro','small','medium','large'])[1 + g %% 4],
                   'G', '33', '33.72', (%(branches)s::bigint[])[1 + g %% %(nb)s], false, now(), now()
            FROM generate_series(1, 1000) g
            """,
            """
            INSERT INTO claims_participant (nik, kpj, full_name, birth_date, sex, citizenship, employer_id,
                contract_type, contract_start, contract_end, jkp_registered_on, programs, jkn_segment, phone, email,
                employment_status, created_at, updated_at)
            SELECT '3372' || lpad(g::text, 12, '0'), 'BK' || g,
                   (ARRAY['Sri','Budi','Agus','Dewi','Rahmat','Putri','Bambang','Siti','Eko','Wulan','Joko','Ratna','Hendra','Yuni','Andi','Fitri','Dedi','Indah','Rudi','Nur','Teguh','Lina','Wahyu','Ayu','Slamet','Rina','Bayu','Diah','Arif','Tri'])[1 + g %% 30] || ' '
                     || (ARRAY['Wahyuni','Santoso','Salim','Lestari','Hidayat','Maharani','Setiawan','Rahayu','Purnomo','Susanti','Kurniawan','Handayani','Saputra','Wibowo','Pratama','Nugroho','Anggraini','Siregar','Nasution','Simanjuntak','Hasibuan','Sitompul','Gunawan','Permana','Utami','Suryadi','Hartono','Mulyani','Firmansyah','Kusuma'])[1 + (g / 30) %% 30]
                     || ' ' || g,
                   date '1980-01-01' + (g %% 9000), CASE WHEN g %% 2 = 0 THEN 'F' ELSE 'M' END, 'WNI',
                   e.first_id + (g / 20) %% 1000,
                   'PKWTT', date '2018-01-01', NULL, date '2021-03-01', ARRAY['JKN','JKK','JKM','JHT','JP'], 'PPU',
                   '0812' || lpad(g::text, 8, '0'), 'bench' || g || '@contoh.id', 'non_active', now(), now()
            FROM generate_series(1, %(n)s) g
            CROSS JOIN (SELECT min(id) AS first_id FROM claims_employer WHERE npp LIKE 'BN%%') e
            """,
            # 24 paid months up to the PHK month (2026-09).
            """
            INSERT INTO claims_contribution (participant_id, period, wage, status)
            SELECT p.id, (date '2024-10-01' + make_interval(months => m))::date, 3000000 + (p.id %% 20) * 100000, 'paid'
            FROM claims_participant p CROSS JOIN generate_series(0, 23) m
            WHERE p.kpj LIKE 'BK%%'
            """,
            # One claim per participant: 30 % submitted, 5 % needs_correction, 10 % verified,
            # 40 % approved, 10 % rejected, 5 % withdrawn; submitted over the past year.
            """
            INSERT INTO claims_claim (participant_id, office_id, status, phk_date, phk_reason, proof_type, bank_name,
                bank_account_number, bank_account_last4, bank_account_holder, kapk_signed, kapk_signed_at,
                kapk_statement, submitted_at, filed_on, verification_note, checklist, decision_note,
                rejection_reasons, correction_request, rule_set, payer, claim_deadline, verdict, created_at, updated_at,
                routed_by)
            SELECT p.id, e.office_id,
                   CASE WHEN p.g %% 20 < 6 THEN 'submitted' WHEN p.g %% 20 = 6 THEN 'needs_correction'
                        WHEN p.g %% 20 < 9 THEN 'verified' WHEN p.g %% 20 < 17 THEN 'approved'
                        WHEN p.g %% 20 < 19 THEN 'rejected' ELSE 'withdrawn' END,
                   date '2026-09-15', 'efficiency',
                   (ARRAY['uncontested','agreement','court','employer_report'])[1 + p.g %% 4],
                   'BRI', %(cipher)s, '9012', p.full_name, true, now(), 'KAPK',
                   now() - make_interval(mins => ((p.g * 5) %% 525600)::int),
                   (now() - make_interval(mins => ((p.g * 5) %% 525600)::int))::date,
                   '', '{}'::jsonb, '', '{}', '{}'::jsonb, '', '', date '2027-03-15', '{}'::jsonb, now(), now(),
                   'employer'
            FROM (SELECT id, full_name, employer_id, row_number() OVER (ORDER BY id) AS g
                  FROM claims_participant WHERE kpj LIKE 'BK%%' LIMIT %(n)s) p
            JOIN claims_employer e ON e.id = p.employer_id
            """,
            """
            INSERT INTO claims_claimdocument (claim_id, kind, file, original_name, content_type, size, sha256,
                review, review_note, uploaded_by_id, uploaded_at, replaced)
            SELECT c.id, (ARRAY['phk_letter','no_objection','disnaker_receipt'])[k], 'claims/' || c.id || '/x' || k,
                   'dokumen' || k || '.pdf', 'application/pdf', 120000, repeat('a', 64), 'pending', '', NULL, now(), false
            FROM claims_claim c CROSS JOIN generate_series(1, 3) k
            WHERE c.kapk_statement = 'KAPK'
            """,
            """
            INSERT INTO audit_auditevent (at, actor_id, actor_label, content_type_id, object_id, action, from_state,
                to_state, reason, data)
            SELECT now() - make_interval(days => 5 - a), NULL, 'bench', %(ct)s, c.id::text,
                   (ARRAY['claim_created','document_uploaded','document_uploaded','claim_submitted'])[a],
                   '', '', '', '{}'::jsonb
            FROM claims_claim c CROSS JOIN generate_series(1, 4) a
            WHERE c.kapk_statement = 'KAPK'
            """,
        ]
        with connection.cursor() as cur:
            for sql in statements:
                step = time.perf_counter()
                cur.execute(sql, params)
                print(
                    f"    {sql.split('INTO')[1].split('(')[0].strip():<24} {cur.rowcount:>10,} rows  "
                    f"{time.perf_counter() - step:5.1f} s"
                )
            cur.execute("ANALYZE")
        verifier = User(username="bench.verifier", roles=["verifier"], office=branches[0], first_name="Bench")
        verifier.set_unusable_password()
        verifier.save()
        national = User(username="bench.national", roles=["verifier", "supervisor"], office=head, first_name="Pusat")
        national.set_unusable_password()
        national.save()
    print(f"  generated {n:,} claims in {time.perf_counter() - started:.1f} s")


def _ensure_data(n: int) -> None:
    from django.core.management import call_command

    from claims.models import Claim

    call_command("migrate", verbosity=0)
    have = Claim.objects.filter(kapk_statement="KAPK").count()
    if have >= n:
        print(f"  reusing {have:,} bench claims")
        return
    if have:
        raise SystemExit("partial bench data found; run with --rebuild")
    _generate(n)


# ---------------------------------------------------------------------------
# measurement


def _measure(client, url: str, repeat: int, params=None) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params or {})
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params or {})
    return times, len(ctx.captured_queries), response.status_code


def _row(label: str, times: list[float], queries: int) -> str:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    verdict = "ok" if p95 < TARGET_MS else "MISSED"
    return f"  {label:<52} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms  {queries:2d} queries  {verdict}"


def main() -> int:
    args = _args()
    ensure_database(args.server, args.database, args.rebuild)
    setup_django(args)
    print(f"database {args.database}: {args.claims:,} claims")
    _ensure_data(args.claims)

    from django.test import Client
    from django.urls import reverse

    from claims.models import Claim, ClaimStatus
    from jkp_portal.accounts.models import User
    from tests.otp_support import mark_session_verified

    verifier = User.objects.get(username="bench.verifier")
    national = User.objects.get(username="bench.national")
    total = Claim.objects.count()
    in_office = Claim.objects.filter(office=verifier.office, status=ClaimStatus.SUBMITTED).count()
    in_country = Claim.objects.filter(status=ClaimStatus.SUBMITTED).count()
    print(f"  claims in database: {total:,}; submitted: {in_country:,} nationally, {in_office:,} in the branch")

    sample_nik = (
        Claim.objects.filter(office=verifier.office, status=ClaimStatus.SUBMITTED)
        .order_by("-id")
        .values_list("participant__nik", flat=True)
        .first()
    )
    lines = []
    for user, scope in ((verifier, "branch"), (national, "national")):
        client = Client()
        client.force_login(user)
        mark_session_verified(client, user)  # the national user is a supervisor: second factor passed
        url = reverse("claims:verifier_queue")
        for size in (25, 100):
            times, queries, _status = _measure(client, url, args.repeat, {"size": size})
            lines.append(_row(f"verifier queue ({scope}, {size}/page)", times, queries))
        times, queries, _status = _measure(client, url, args.repeat, {"size": 25, "page": 40})
        lines.append(_row(f"verifier queue ({scope}, page 40)", times, queries))
        times, queries, _status = _measure(client, url, args.repeat, {"q": "wahyuni"})
        lines.append(_row(f"verifier queue ({scope}, search by surname)", times, queries))
        times, queries, _status = _measure(client, url, args.repeat, {"q": "sri wahyuni"})
        lines.append(_row(f"verifier queue ({scope}, search by full name)", times, queries))
        times, queries, _status = _measure(client, url, args.repeat, {"q": sample_nik})
        lines.append(_row(f"verifier queue ({scope}, search by full NIK)", times, queries))
        times, queries, _status = _measure(client, url, args.repeat, {"q": sample_nik[:14]})
        lines.append(_row(f"verifier queue ({scope}, search by NIK prefix, 14 digits)", times, queries))

    client = Client()
    client.force_login(verifier)
    sample = list(
        Claim.objects.filter(office=verifier.office, status=ClaimStatus.SUBMITTED)
        .order_by("?")
        .values_list("pk", flat=True)[:5]
    )
    staff_times, staff_queries = [], 0
    for pk in sample:
        times, staff_queries, _status = _measure(
            client, reverse("claims:staff_claim", args=[pk]), max(3, args.repeat // 5)
        )
        staff_times += times
    lines.append(_row("staff claim page (verdict recomputed, 5 claims)", staff_times, staff_queries))

    # The worker's own claim page.
    claim = Claim.objects.select_related("participant").get(pk=sample[0])
    worker = User.objects.filter(username=f"bench.worker.{claim.participant_id}").first()
    if worker is None:
        worker = User(username=f"bench.worker.{claim.participant_id}", roles=["worker"], nik=claim.participant.nik)
        worker.set_unusable_password()
        worker.save()
        claim.participant.user = worker
        claim.participant.save(update_fields=["user"])
    worker_client = Client()
    worker_client.force_login(worker)
    times, queries, _status = _measure(worker_client, reverse("claims:claim_detail", args=[claim.pk]), args.repeat)
    lines.append(_row("worker claim page", times, queries))
    times, queries, _status = _measure(worker_client, f"/api/v1/claims/{claim.pk}/", args.repeat)
    lines.append(_row("API GET /api/v1/claims/{id}/ (worker)", times, queries))
    print("\n".join(lines))
    missed = [line for line in lines if line.endswith("MISSED")]
    print(f"target: p95 < {TARGET_MS:.0f} ms on every page: {'met' if not missed else f'MISSED on {len(missed)}'}")

    if args.drop:
        drop_database(args.server, args.database)
        print(f"  dropped {args.database}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
