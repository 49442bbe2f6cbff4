"""Historic JKP activity from January 2024 until yesterday, so the dashboards of
every demo office have something to say. Runs last in ``load_demo_data``.

Patterns follow the programme figures of the rules file, at ``SCALE`` of the
real volumes (default 1/5; ``DASHBOARD_DEMO_SCALE`` overrides it): claims peak
every February; Kalimantan grows from 484 claims in March 2024 to 2,241 in
March 2025 (× SCALE), most of them from trade and services, aged 30–40, and
60 % of its beneficiaries work again within a month; Jawa Tengah, Banten and
Jakarta lead, with manufacturing (KBLI section C: garments, textiles,
cigarettes, chemicals) and trade (G) the leading sectors; the rule set changes on
2025-02-07 (60 % for every month due from then on).

The history is kept away from the working queues:
- every historic claim is decided (approved, rejected) or withdrawn; none waits
  in a verifier or approver queue;
- benefits are frozen (``is_open = false``), so the daily payout run never
  touches them; months not yet due stay ``scheduled`` without a payment;
- payout batches are reconciled; historic open counselling cases belong to a
  pool of konselors attached to the regional office with no regency or
  province, whom automatic assignment never picks and who cannot log in;
- training enrolments are in closed programmes of a historic LPK.

Historic rows are recognisable: employers' NPP start with ``DH``, claims carry
``verdict.source = "dashboards.demo"`` and the decision note "Data historis".
Participants have no contribution ledger and claims no audit trail: they are
summaries of the past, not journeys to replay.

Inserted set-based: the claims, benefit months and payments are drawn in
Python with a fixed seed and loaded with COPY into temporary tables, then
fanned out with ``INSERT … SELECT`` into the apps' tables. Idempotent: a second
run finds the ``DH`` employers and only refreshes the summary tables.

Beside this module: ``figures.py`` (the figures drawn from), ``generator.py``
(the drawing), ``reference.py`` (employers, konselors, programmes created with
the ORM first) and ``fan_out.py`` (the ``INSERT … SELECT`` steps).
"""

from __future__ import annotations

import os
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from claims.models import Employer, Participant
from jkp_portal.accounts.models import Office
from jkp_portal.demo.reporting.fan_out import CLAIM_COLUMNS, MONTH_COLUMNS, fan_out
from jkp_portal.demo.reporting.figures import NPP_PREFIX, REGIONS
from jkp_portal.demo.reporting.generator import Generator
from jkp_portal.demo.reporting.reference import create_employers, create_konselors, create_programmes
from jkp_portal.reporting.bulk import copy_rows
from jkp_portal.reporting.refresh import dashboards_refresh
from jkp_portal.reporting.selectors import warm_cache

SCALE = float(os.environ.get("DASHBOARD_DEMO_SCALE", "0.2"))


def load(stdout) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    if Employer.objects.filter(npp__startswith=NPP_PREFIX).exists():
        stdout.write("  historic dashboard data already loaded")
    else:
        regions = {o.code: o for o in Office.objects.filter(code__in=[r.code for r in REGIONS])}
        if not regions:
            stdout.write("  skipped: demo offices missing (load jkp_portal.demo.accounts first)")
            return []
        _load_history(stdout, today, regions)
    refresh = dashboards_refresh(triggered_by="demo data")
    warmed = warm_cache()
    stdout.write(f"  dashboards refreshed in {refresh.duration_ms} ms, default views of {warmed} office scopes cached")
    return []


@transaction.atomic
def _load_history(stdout, today: date, regions: dict[str, Office]) -> None:
    started = timezone.now()
    existing = set(Participant.objects.values_list("nik", flat=True))
    generator = Generator(today, existing, SCALE)
    plan = generator.run()
    known = {b.code for r in REGIONS for b in r.branches}
    missing = known - set(Office.objects.filter(code__in=known).values_list("code", flat=True))
    if missing:
        plan.claims = [c for c in plan.claims if c["office"] not in missing]
        keys = {c["key"] for c in plan.claims}
        plan.months = [m for m in plan.months if m["claim_key"] in keys]
    create_employers(plan)
    create_konselors(plan, regions, generator.rng)
    create_programmes(regions, today)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        copy_rows(
            cursor, "dh_claim", CLAIM_COLUMNS, ([c.get(col) for col, _kind in CLAIM_COLUMNS] for c in plan.claims)
        )
        copy_rows(
            cursor, "dh_month", MONTH_COLUMNS, ([m.get(col) for col, _kind in MONTH_COLUMNS] for m in plan.months)
        )
        counts = fan_out(cursor, today)
    seconds = (timezone.now() - started).total_seconds()
    summary = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    stdout.write(f"  history since 2024-01 (scale {SCALE}): {summary} in {seconds:.1f} s")
