"""The payout run: settle every benefit month due up to a date, set-based.

A run is split into chunks of benefit ids (whole lock buckets). Each chunk is
one transaction of a few statements, whatever its size:

1. make sure an open (``prepared``) scheduled batch exists for every office and
   bank among the chunk's benefits, and hold them (``FOR SHARE``) so an
   approval cannot freeze a batch while payments are being added to it;
2. one statement that reads the chunk's due, unsettled months once and, from
   that, marks the unmet ones ``withheld`` or ``forfeited``, the employer's
   ones ``employer``, inserts a payment for every met one
   (``INSERT … SELECT … ON CONFLICT (month_id) DO NOTHING``) and writes the
   audit events of the months whose state changed;
3. closes the benefits whose last month is now settled.

Exactly once: the unique key on ``payment.month_id`` makes a second payment for
a month impossible; every step only touches months that are still unsettled;
a chunk is atomic, so a worker killed mid-chunk leaves nothing behind and the
next run (or Celery's redelivery of the chunk task) does the chunk again. Two
runs at once take turns on each chunk through advisory locks.

One run per date: ``run_payouts`` holds a session-level advisory lock on its
run date for its whole life, on a connection of its own (forked workers and a
closed default connection do not release it; a killed process does, as the
database drops its connection). With the lock held, a run of that date still
marked ``running`` can only be one whose process died, so it is resumed (its
chunks planned again; finished ones cost a scan) rather than left ``running``
for ever beside a new run; older ones still marked running are superseded.

The Celery run (``payouts.run_daily``) fans its chunks out to many workers, so
no process can hold the date for the run's whole life. It decides under the
same date lock, held for one transaction (``payout_run_begin_queued``): a run
of the date still running and younger than ``PAYOUT_RUN_STALE_MINUTES`` is
being worked and is left alone; an older one lost its fan-out (a killed
worker, an emptied broker) and is resumed; runs of earlier dates left running
that long are superseded (the scan from the last finished run covers their
days).
"""

# ruff: noqa: S608 -- SQL is built only from model table names and rule-set numbers; values are parameters.

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.banks import bank_for
from claims.eligibility import RULE_SETS
from jkp_portal.audit.models import AuditEvent
from jkp_portal.audit.services import audit_record

from ..calendar import add_working_days
from ..conditions import grace_sql, met_sql
from ..locks import BUCKET, RUN_DATE_NAMESPACE, lock_buckets
from ..models import (
    Benefit,
    BenefitMonth,
    Payment,
    PayoutBatch,
    PayoutRun,
    RunStatus,
)

logger = logging.getLogger(__name__)

DEFAULT_CHUNK = 20 * BUCKET
_B = Benefit._meta.db_table
_M = BenefitMonth._meta.db_table
_P = Payment._meta.db_table
_BT = PayoutBatch._meta.db_table
_R = PayoutRun._meta.db_table
_AU = AuditEvent._meta.db_table


@dataclass
class ChunkResult:
    lo: int
    hi: int
    created: int = 0
    amount: Decimal = Decimal(0)
    withheld: int = 0
    forfeited: int = 0
    employer: int = 0
    closed: int = 0
    withheld_month_ids: list[int] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0


# --- planning -----------------------------------------------------------------------


def plan_chunks(*, chunk_size: int | None = None, workers: int = 1) -> tuple[list[tuple[int, int]], int]:
    """Ranges [lo, hi) of benefit ids covering every open benefit, each a whole
    number of lock buckets. Returns (ranges, chunk size)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT id FROM {_B} WHERE is_open ORDER BY id LIMIT 1), "
            f"(SELECT id FROM {_B} WHERE is_open ORDER BY id DESC LIMIT 1)"
        )
        first, last = cursor.fetchone()
    if first is None:
        return [], chunk_size or DEFAULT_CHUNK
    if not chunk_size:
        # Several chunks per worker so a slow one does not hold the others up.
        per_chunk = max(BUCKET, math.ceil((last - first + 1) / max(1, workers * 6)))
        chunk_size = min(DEFAULT_CHUNK * 2, per_chunk)
    chunk_size = max(BUCKET, int(math.ceil(chunk_size / BUCKET)) * BUCKET)
    start = (first // chunk_size) * chunk_size
    ranges = [(lo, lo + chunk_size) for lo in range(start, last + 1, chunk_size)]
    return ranges, chunk_size


# A finished run leaves every month due up to its date settled (paid, withheld,
# forfeited, stopped or owed by the employer), so later runs need not look at
# older scheduled months again. The margin covers claims approved with a
# decision date in the past; those are settled right after approval anyway.
SCAN_MARGIN_DAYS = 7


def scan_watermark() -> date | None:
    """Scheduled months due on or before this date need no more looking at
    (None: look at everything)."""
    last = (
        PayoutRun.objects.filter(status=RunStatus.DONE, chunks_done=F("chunks_total"))
        .order_by("-run_date")
        .values_list("run_date", flat=True)
        .first()
    )
    return last - timedelta(days=SCAN_MARGIN_DAYS) if last else None


@lru_cache(maxsize=512)
def _sla_arrays(since: date, until: date) -> tuple[list[str], list[date], list[date]]:
    """(rule set, base date, SLA deadline) for every base date a payment can have."""
    codes, bases, deadlines = [], [], []
    d = since
    while d <= until:
        for rs in RULE_SETS:
            codes.append(rs.code)
            bases.append(d)
            deadlines.append(add_working_days(d, rs.payment_sla_working_days))
        d += timedelta(days=1)
    return codes, bases, deadlines


# --- batches ----------------------------------------------------------------------------


def _bank_name(code: str) -> str:
    bank = bank_for(code)
    return bank.name if bank else _("Bank lain")


def _hold_open_batches(cursor, keys: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The open scheduled batch of each (office id or 0, bank code), created when
    missing, share-locked until the chunk commits."""
    offices = [k[0] for k in keys]
    banks = [k[1] for k in keys]
    found: dict[tuple[int, str], int] = {}
    for _attempt in range(10):
        cursor.execute(
            f"""
            SELECT b.id, coalesce(b.office_id, 0), b.bank_code FROM {_BT} b
            JOIN unnest(%s::bigint[], %s::text[]) AS k(office_id, bank_code)
              ON coalesce(b.office_id, 0) = k.office_id AND b.bank_code = k.bank_code
            WHERE b.kind = 'scheduled' AND b.status = 'prepared'
            ORDER BY b.id
            FOR SHARE OF b
            """,
            [offices, banks],
        )
        found = {(office, bank): pk for pk, office, bank in cursor.fetchall()}
        missing = [k for k in keys if k not in found]
        if not missing:
            return found
        # New office/bank, or an approver froze its batch a moment ago: open one.
        cursor.execute(
            f"""
            INSERT INTO {_BT} (office_id, bank_code, bank_name, kind, status, payment_count, total_amount,
                               prepared_at, message_id, file, file_sha256, bank_reference,
                               paid_count, paid_total, failed_count, failed_total)
            SELECT nullif(k.office_id, 0), k.bank_code, k.bank_name, 'scheduled', 'prepared', 0, 0,
                   now(), '', '', '', '', 0, 0, 0, 0
            FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS k(office_id, bank_code, bank_name)
            ON CONFLICT (office_id, bank_code) WHERE kind = 'scheduled' AND status = 'prepared' DO NOTHING
            """,
            [[k[0] for k in missing], [k[1] for k in missing], [_bank_name(k[1]) for k in missing]],
        )
    raise OperationalError("could not hold the open payout batches")


def prune_empty_batches() -> int:
    """Delete open scheduled batches that no payment went into (a chunk opens one
    per office and bank it might need). Batches a running chunk holds are
    skipped; a chunk that wants a deleted one opens a new one."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {_BT} WHERE kind = 'scheduled' AND status = 'prepared' FOR UPDATE SKIP LOCKED")
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return 0
        cursor.execute(
            f"DELETE FROM {_BT} b WHERE b.id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM {_P} p WHERE p.batch_id = b.id)",
            [ids],
        )
        return cursor.rowcount


# --- one chunk ----------------------------------------------------------------------------

_MET = met_sql("m")
_GRACE = grace_sql("m")

_CHUNK_SQL = f"""
WITH cand AS MATERIALIZED (
    SELECT m.id, m.benefit_id, m.month_no, m.status, m.due_date, m.amount, m.rule_set, m.rate, m.wage_base,
           {_MET} AS met, m.due_date + {_GRACE} AS grace_end, b.payer
    FROM {_B} b
    JOIN {_M} m ON m.benefit_id = b.id
    WHERE b.id >= %(lo)s AND b.id < %(hi)s AND b.is_open
      AND m.benefit_id >= %(lo)s AND m.benefit_id < %(hi)s  -- lets the planner range-scan the months too
      AND m.due_date <= %(d)s
      AND (m.status = 'withheld' OR (m.status = 'scheduled' AND m.due_date > %(scan_from)s))
      AND NOT EXISTS (SELECT 1 FROM {_P} p WHERE p.month_id = m.id)
),
forfeit AS (
    UPDATE {_M} t SET status = 'forfeited', settled_on = %(d)s
    FROM cand c
    WHERE t.id = c.id AND NOT c.met AND c.grace_end < %(d)s
    RETURNING t.id, t.benefit_id, t.month_no, c.status AS old_status
),
withhold AS (
    UPDATE {_M} t SET status = 'withheld', withheld_on = %(d)s
    FROM cand c
    WHERE t.id = c.id AND NOT c.met AND c.grace_end >= %(d)s AND c.status = 'scheduled'
    RETURNING t.id, t.benefit_id, t.month_no
),
owed AS (
    UPDATE {_M} t SET status = 'employer', settled_on = %(d)s
    FROM cand c
    WHERE t.id = c.id AND c.met AND c.payer = 'employer'
    RETURNING t.id, t.benefit_id, t.month_no, c.status AS old_status
),
paid AS (
    INSERT INTO {_P} (month_id, batch_id, run_id, status, amount, rule_set, rate, wage_base, month_no, due_date,
                      bank_code, bank_name, account_number, account_last4, account_holder, was_withheld,
                      sla_deadline, attempt, paid_on, result_code, result_reason, created_at, updated_at)
    SELECT c.id, bm.batch_id, %(run)s, 'pending', c.amount, c.rule_set, c.rate, c.wage_base, c.month_no, c.due_date,
           b.bank_code, b.bank_name, b.bank_account_number, b.bank_account_last4, b.bank_account_holder,
           c.status = 'withheld', sla.deadline, 1, NULL, '', '', now(), now()
    FROM cand c
    JOIN {_B} b ON b.id = c.benefit_id
    LEFT JOIN unnest(%(k_office)s::bigint[], %(k_bank)s::text[], %(k_batch)s::bigint[]) AS bm(office_key, bank_code, batch_id)
           ON bm.office_key = coalesce(b.office_id, 0) AND bm.bank_code = b.bank_code
    LEFT JOIN unnest(%(s_rule)s::text[], %(s_base)s::date[], %(s_deadline)s::date[]) AS sla(rule_set, base, deadline)
           ON sla.rule_set = c.rule_set
          AND sla.base = (CASE WHEN c.status = 'withheld' THEN %(d)s ELSE c.due_date END)
    WHERE c.met AND c.payer = 'bpjs'
    ON CONFLICT (month_id) DO NOTHING
    RETURNING amount
),
events AS (
    INSERT INTO {_AU} (at, actor_id, actor_label, content_type_id, object_id, action, from_state, to_state, reason, data)
    SELECT now(), NULL, %(actor)s, %(ct_month)s, x.id::text, x.action, x.old_status, x.new_status, x.reason,
           jsonb_build_object('run', %(run)s, 'benefit', x.benefit_id, 'month', x.month_no, 'run_date', %(d)s::text)
    FROM (
        SELECT id, benefit_id, month_no, old_status, 'month.forfeited' AS action, 'forfeited' AS new_status,
               %(why_forfeited)s AS reason FROM forfeit
        UNION ALL
        SELECT id, benefit_id, month_no, 'scheduled', 'month.withheld', 'withheld', %(why_withheld)s FROM withhold
        UNION ALL
        SELECT id, benefit_id, month_no, old_status, 'month.employer_owed', 'employer', %(why_owed)s FROM owed
    ) x
    RETURNING 1
)
SELECT (SELECT count(*) FROM paid), (SELECT coalesce(sum(amount), 0) FROM paid),
       (SELECT coalesce(array_agg(id), '{{}}') FROM withhold), (SELECT count(*) FROM forfeit),
       (SELECT count(*) FROM owed), (SELECT count(*) FROM events)
"""

_CLOSE_SQL = f"""
WITH closed AS (
    UPDATE {_B} b
    SET is_open = false, closed_on = %(d)s, updated_at = now(),
        status = CASE WHEN b.status = 'active' THEN 'completed' ELSE b.status END
    WHERE b.id >= %(lo)s AND b.id < %(hi)s AND b.is_open AND b.last_due_date <= %(d)s
      AND EXISTS (
          SELECT 1 FROM {_M} m
          WHERE m.benefit_id = b.id AND m.month_no = b.last_month_no
            AND (m.status IN ('forfeited', 'employer', 'stopped')
                 OR EXISTS (SELECT 1 FROM {_P} p WHERE p.month_id = m.id)))
    RETURNING b.id, b.status
),
events AS (
    INSERT INTO {_AU} (at, actor_id, actor_label, content_type_id, object_id, action, from_state, to_state, reason, data)
    SELECT now(), NULL, %(actor)s, %(ct_benefit)s, c.id::text, 'benefit.closed',
           CASE WHEN c.status = 'completed' THEN 'active' ELSE c.status END, c.status, %(why_closed)s,
           jsonb_build_object('run', %(run)s, 'run_date', %(d)s::text)
    FROM closed c
    RETURNING 1
)
SELECT (SELECT count(*) FROM closed), (SELECT count(*) FROM events)
"""


def _is_retryable(exc: OperationalError) -> bool:
    code = getattr(getattr(exc, "__cause__", None), "pgcode", None)
    return code in ("40P01", "40001")  # deadlock detected, serialization failure


def process_chunk(
    *,
    run_id: int | None,
    run_date: date,
    lo: int,
    hi: int,
    scan_from: date | None = None,
    actor_label: str = "system:payouts",
    notify: bool = True,
) -> ChunkResult:
    """Settle the due months of open benefits with ids in [lo, hi) as of ``run_date``.
    Safe to run any number of times, concurrently or after a crash."""
    started = time.monotonic()
    for attempt in range(5):
        try:
            result = _process_chunk_once(
                run_id=run_id,
                run_date=run_date,
                lo=lo,
                hi=hi,
                scan_from=scan_from,
                actor_label=actor_label,
                notify=notify,
            )
            result.seconds = time.monotonic() - started
            return result
        except OperationalError as exc:
            if attempt == 4 or not _is_retryable(exc):
                raise
            logger.warning("payout chunk [%s, %s) retried after %s", lo, hi, exc)
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@transaction.atomic
def _process_chunk_once(*, run_id, run_date, lo, hi, scan_from, actor_label, notify) -> ChunkResult:
    result = ChunkResult(lo=lo, hi=hi)
    lock_buckets(lo, hi)
    with connection.cursor() as cursor:
        # The candidate months are materialised once; keep them in memory.
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(
            f"SELECT DISTINCT coalesce(office_id, 0), bank_code, min(decision_date) OVER () FROM {_B} "
            f"WHERE id >= %s AND id < %s AND is_open AND payer = 'bpjs'",
            [lo, hi],
        )
        rows = cursor.fetchall()
        keys = sorted({(office, bank) for office, bank, _first in rows})
        first_decision = min((r[2] for r in rows), default=None)
        batches = _hold_open_batches(cursor, keys) if keys else {}
        base_from = min(d for d in (first_decision, run_date) if d is not None)
        s_rule, s_base, s_deadline = _sla_arrays(base_from, run_date)
        params = {
            "lo": lo,
            "hi": hi,
            "d": run_date,
            "run": run_id,
            "scan_from": scan_from or date(1, 1, 1),
            "actor": actor_label,
            "ct_month": ContentType.objects.get_for_model(BenefitMonth).pk,
            "k_office": [k[0] for k in batches],
            "k_bank": [k[1] for k in batches],
            "k_batch": list(batches.values()),
            "s_rule": s_rule,
            "s_base": s_base,
            "s_deadline": s_deadline,
            "why_forfeited": _("Syarat bulanan tidak terpenuhi dalam masa tenggang"),
            "why_withheld": _("Syarat bulanan belum terpenuhi pada tanggal jatuh tempo"),
            "why_owed": _("Pembayar manfaat adalah pemberi kerja (tunggakan iuran)"),
        }
        cursor.execute(_CHUNK_SQL, params)
        created, amount, withheld_ids, forfeited, owed, _events = cursor.fetchone()
        cursor.execute(
            _CLOSE_SQL,
            {
                "lo": lo,
                "hi": hi,
                "d": run_date,
                "run": run_id,
                "actor": actor_label,
                "ct_benefit": ContentType.objects.get_for_model(Benefit).pk,
                "why_closed": _("Bulan terakhir manfaat sudah diselesaikan"),
            },
        )
        closed, _closed_events = cursor.fetchone()
        if run_id is not None:
            cursor.execute(
                f"""UPDATE {_R} SET chunks_done = chunks_done + 1, payments_created = payments_created + %s,
                    amount_created = amount_created + %s, withheld = withheld + %s, forfeited = forfeited + %s,
                    employer_owed = employer_owed + %s, benefits_closed = benefits_closed + %s WHERE id = %s""",
                [created, amount, len(withheld_ids), forfeited, owed, closed, run_id],
            )
    result.created = created
    result.amount = Decimal(amount)
    result.withheld = len(withheld_ids)
    result.withheld_month_ids = list(withheld_ids)
    result.forfeited = forfeited
    result.employer = owed
    result.closed = closed
    result.batch_ids = sorted(batches.values())
    if notify and withheld_ids:
        ids = list(withheld_ids)
        transaction.on_commit(lambda: _enqueue_withheld_notices(ids))
    return result


def _enqueue_withheld_notices(month_ids: list[int]) -> None:
    from ..tasks import notify_withheld

    for start in range(0, len(month_ids), 500):
        part = month_ids[start : start + 500]
        try:
            notify_withheld.delay(part)
        except Exception:  # no broker: tell them now, in this process
            logger.warning("broker unavailable; sending %s withheld notices inline", len(part))
            notify_withheld(part)


# --- whole runs -------------------------------------------------------------------------


def refresh_batch_totals(*, batch_ids: Iterable[int] | None = None, include_approved: bool = False) -> int:
    """Recount the payments of open batches (all prepared ones, or the given ones). One pass."""
    statuses = ["prepared", "approved"] if include_approved else ["prepared"]
    ids = None if batch_ids is None else sorted(set(batch_ids))
    if ids is not None and not ids:
        return 0
    only = "" if ids is None else "AND b2.id = ANY(%(ids)s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH open AS (SELECT b2.id FROM {_BT} b2 WHERE b2.status = ANY(%(st)s) {only}),
            counted AS (
                SELECT o.id, x.n, x.total FROM open o
                CROSS JOIN LATERAL (
                    SELECT count(*) AS n, coalesce(sum(p.amount), 0) AS total
                    FROM {_P} p WHERE p.batch_id = o.id AND p.status <> 'cancelled'
                ) x
            )
            UPDATE {_BT} b SET payment_count = c.n, total_amount = c.total
            FROM counted c
            WHERE b.id = c.id AND b.status = ANY(%(st)s)
              AND (b.payment_count, b.total_amount) IS DISTINCT FROM (c.n, c.total)
            """,
            {"st": statuses, "ids": ids},
        )
        return cursor.rowcount


def payout_run_start(*, run_date: date, triggered_by: str, workers: int = 1, chunk_size: int | None = None):
    """Create the run record and plan its chunks."""
    ranges, size = plan_chunks(chunk_size=chunk_size, workers=workers)
    run = PayoutRun.objects.create(
        run_date=run_date, triggered_by=triggered_by[:150], workers=workers, chunk_size=size, chunks_total=len(ranges)
    )
    audit_record(actor=triggered_by, obj=run, action="run.started", to_state=run.status, data={"chunks": len(ranges)})
    return run, ranges


@contextmanager
def run_date_lock(run_date: date) -> Iterator[None]:
    """Hold ``run_date`` until the block ends (waiting for a run that holds it).
    The lock lives on a connection of its own: closing it, or the death of the
    process, releases it."""
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_DATE_NAMESPACE, run_date.toordinal()])
        yield
    finally:
        holder.close()


@transaction.atomic
def payout_run_resume_or_start(
    *, run_date: date, triggered_by: str, workers: int = 1, chunk_size: int | None = None
) -> tuple[PayoutRun, list[tuple[int, int]]]:
    """With the date lock held: resume the run of ``run_date`` that a killed
    process left ``running`` (the newest, if several; older ones are marked
    failed, superseded by it), else start a new one."""
    orphans = list(
        PayoutRun.objects.select_for_update()
        .filter(run_date=run_date, status=RunStatus.RUNNING)
        .order_by("-started_at", "-pk")
    )
    if not orphans:
        return payout_run_start(run_date=run_date, triggered_by=triggered_by, workers=workers, chunk_size=chunk_size)
    run, *older = orphans
    now = timezone.now()
    for stale in older:
        _supersede(stale, by=run, actor=triggered_by, now=now)
    ranges, size = plan_chunks(chunk_size=chunk_size, workers=workers)
    before = [run.chunks_done, run.chunks_total]
    run.chunks_done, run.chunks_total, run.chunk_size, run.workers = 0, len(ranges), size, workers
    run.save(update_fields=["chunks_done", "chunks_total", "chunk_size", "workers"])
    audit_record(
        actor=triggered_by,
        obj=run,
        action="run.resumed",
        from_state=RunStatus.RUNNING,
        to_state=RunStatus.RUNNING,
        reason=_("Proses sebelumnya berhenti di tengah jalan; dilanjutkan"),
        data={"chunks": len(ranges), "chunks_before": before, "started_by": run.triggered_by},
    )
    return run, ranges


def _supersede(stale: PayoutRun, *, by: PayoutRun | None, actor: str, now) -> None:
    stale.status = RunStatus.FAILED
    stale.error = (
        f"superseded by run #{by.pk}: its process stopped while running"
        if by
        else "superseded: its process stopped while running"
    )
    stale.finished_at = now
    stale.save(update_fields=["status", "error", "finished_at"])
    audit_record(
        actor=actor,
        obj=stale,
        action="run.superseded",
        from_state=RunStatus.RUNNING,
        to_state=RunStatus.FAILED,
        reason=(_("Proses berhenti di tengah jalan; dilanjutkan oleh proses #%(id)s") % {"id": by.pk})
        if by
        else _("Proses berhenti di tengah jalan"),
        data={"resumed_by": by.pk if by else None},
    )


@transaction.atomic
def payout_run_begin_queued(
    *, run_date: date, triggered_by: str, workers: int = 1, chunk_size: int | None = None
) -> tuple[PayoutRun, list[tuple[int, int]], bool]:
    """For the Celery run: under the date lock (for this transaction), leave a
    run of ``run_date`` that is still being worked alone (``dispatch`` False),
    else resume the one whose fan-out was lost or start a new one; runs of
    earlier dates left running past the stale age are superseded by it.
    Returns (run, chunk ranges, dispatch)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [RUN_DATE_NAMESPACE, run_date.toordinal()])
    stale_before = timezone.now() - timedelta(minutes=settings.PAYOUT_RUN_STALE_MINUTES)
    live = (
        PayoutRun.objects.filter(run_date=run_date, status=RunStatus.RUNNING, started_at__gte=stale_before)
        .order_by("-started_at", "-pk")
        .first()
    )
    if live is not None:
        return live, [], False
    run, ranges = payout_run_resume_or_start(
        run_date=run_date, triggered_by=triggered_by, workers=workers, chunk_size=chunk_size
    )
    earlier = PayoutRun.objects.select_for_update().filter(
        run_date__lt=run_date, status=RunStatus.RUNNING, started_at__lt=stale_before
    )
    now = timezone.now()
    for stale in earlier:
        _supersede(stale, by=run, actor=triggered_by, now=now)
    return run, ranges, True


@transaction.atomic
def payout_run_finish(*, run_id: int, error: str = "") -> PayoutRun:
    prune_empty_batches()
    refresh_batch_totals()
    run = PayoutRun.objects.select_for_update().get(pk=run_id)
    if run.status != RunStatus.RUNNING:  # finished already (a repeated chord callback)
        return run
    run.status = RunStatus.FAILED if error else RunStatus.DONE
    run.error = error[:2000]
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        actor=run.triggered_by,
        obj=run,
        action="run.finished",
        from_state=RunStatus.RUNNING,
        to_state=run.status,
        reason=error[:500],
        data={
            "payments": run.payments_created,
            "amount": str(run.amount_created),
            "withheld": run.withheld,
            "forfeited": run.forfeited,
            "employer_owed": run.employer_owed,
            "closed": run.benefits_closed,
            "chunks": [run.chunks_done, run.chunks_total],
        },
    )
    return run


def _chunk_in_child(args) -> ChunkResult:
    run_id, run_date, lo, hi, scan_from, actor_label, notify = args
    return process_chunk(
        run_id=run_id, run_date=run_date, lo=lo, hi=hi, scan_from=scan_from, actor_label=actor_label, notify=notify
    )


def _child_init() -> None:
    # A forked child must not share the parent's database socket.
    for conn in connections.all(initialized_only=True):
        conn.inc_thread_sharing()
        conn.connection = None
        conn.dec_thread_sharing()


def run_payouts(
    *,
    run_date: date,
    workers: int = 1,
    chunk_size: int | None = None,
    triggered_by: str = "system:run_payouts",
    on_chunk: Callable[[ChunkResult], None] | None = None,
    notify: bool = True,
    full: bool = False,
) -> PayoutRun:
    """The whole run in this process, or across ``workers`` forked processes (each
    with its own database connection). Running it again resumes a run that was
    killed: finished chunks cost a scan, unfinished ones are done."""
    with run_date_lock(run_date):
        return _run_locked(
            run_date=run_date,
            workers=workers,
            chunk_size=chunk_size,
            triggered_by=triggered_by,
            on_chunk=on_chunk,
            notify=notify,
            full=full,
        )


def _run_locked(*, run_date, workers, chunk_size, triggered_by, on_chunk, notify, full) -> PayoutRun:
    run, ranges = payout_run_resume_or_start(
        run_date=run_date, triggered_by=triggered_by, workers=workers, chunk_size=chunk_size
    )
    scan_from = None if full else scan_watermark()
    jobs = [(run.pk, run_date, lo, hi, scan_from, triggered_by, notify) for lo, hi in ranges]
    try:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                result = _chunk_in_child(job)
                if on_chunk:
                    on_chunk(result)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            connections.close_all()
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_child_init) as pool:
                for result in pool.map(_chunk_in_child, jobs):
                    if on_chunk:
                        on_chunk(result)
    except BaseException as exc:
        payout_run_finish(run_id=run.pk, error=f"{exc.__class__.__name__}: {exc}")
        raise
    return payout_run_finish(run_id=run.pk)


def run_for_benefit(*, benefit_id: int, run_date: date | None = None) -> ChunkResult:
    """Settle one benefit's due months now (used right after approval)."""
    run_date = run_date or timezone.localdate()
    result = process_chunk(run_id=None, run_date=run_date, lo=benefit_id, hi=benefit_id + 1, scan_from=None)
    prune_empty_batches()
    refresh_batch_totals(batch_ids=result.batch_ids)
    return result
