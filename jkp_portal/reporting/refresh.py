"""Rebuilding the dashboard summary tables from the claims, payouts,
counselling and training tables: set-based SQL in one transaction.

``dashboards_refresh`` takes a transaction-level advisory lock (a second
refresh waits, or with ``wait=False`` gives up), empties the summary tables,
fills the FULL grain from the source tables, rolls the smaller grains up from
it, snapshots the konselor load and the unassigned queue, and records the
refresh in the same transaction. Readers keep the previous figures until it
commits (MVCC), as with ``REFRESH MATERIALIZED VIEW CONCURRENTLY``. Running it
twice gives the same tables.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from claims.eligibility import RULE_SETS
from claims.models import Claim, Employer, Participant
from claims.payouts.models import Benefit, BenefitMonth, Payment, PaymentAttempt
from counseling.models import Assessment, Case, CounsellingSession, Konselor, KonselorAbsence
from training.models import Application, Enrolment

from .dimensions import AGE_BANDS, DECISION_BUCKETS, bucket_sql, rollup_grains
from .models import (
    ClaimStat,
    DashboardRefresh,
    FunnelStat,
    KonselorLoad,
    PaymentStat,
    RejectionStat,
    UnassignedQueue,
)

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: one refresh at a time.
REFRESH_LOCK_KEY = 8_320_909
TZ = "Asia/Jakarta"
DIMENSIONS = "office_id, province, sector, sex, age_band, contract_type, rule_set"


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rule_set_case(column: str) -> str:
    """The rule set in force on a date column, from the rule sets' data (for
    claims not decided yet: the one that would govern a decision that day)."""
    ordered = sorted(RULE_SETS, key=lambda rs: rs.effective_from, reverse=True)
    whens = " ".join(f"WHEN {column} >= DATE '{rs.effective_from.isoformat()}' THEN '{rs.code}'" for rs in ordered)
    return f"CASE {whens} ELSE '{ordered[-1].code}' END"


def _age_band_case(age: str) -> str:
    whens = " ".join(f"WHEN {age} >= {low} THEN {code}" for code, low, _label in reversed(AGE_BANDS))
    return f"CASE {whens} ELSE 0 END"


def _claim_dims_sql() -> str:
    """One row per submitted claim with its dimensions (temporary table)."""
    return f"""
    DROP TABLE IF EXISTS dash_claim;
    CREATE TEMP TABLE dash_claim ON COMMIT DROP AS
    SELECT c.id AS claim_id,
           c.participant_id,
           COALESCE(c.office_id, e.office_id) AS office_id,
           COALESCE(e.province_code, '') AS province,
           COALESCE(e.sector, '') AS sector,  -- KBLI section; '' not known (or no employer)
           p.sex,
           {_age_band_case("extract(year FROM age(d.sub_date, p.birth_date))")} AS age_band,
           p.contract_type,
           COALESCE(NULLIF(c.rule_set, ''), {_rule_set_case("d.sub_date")}) AS rule_set,
           c.status,
           d.sub_date,
           d.dec_date,
           COALESCE(c.decision_date, d.dec_date) AS decision_date,
           c.rejection_reasons
    FROM {_t(Claim)} c
    JOIN {_t(Participant)} p ON p.id = c.participant_id
    LEFT JOIN {_t(Employer)} e ON e.id = p.employer_id
    CROSS JOIN LATERAL (
        SELECT (c.submitted_at AT TIME ZONE '{TZ}')::date AS sub_date,
               (c.decided_at AT TIME ZONE '{TZ}')::date AS dec_date
    ) d
    WHERE c.submitted_at IS NOT NULL
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _claim_stat_sql() -> str:
    hist = ", ".join(f"count(*) FILTER (WHERE e.kind = 'd' AND {cond})" for cond in bucket_sql("e.days"))
    return f"""
    INSERT INTO {_t(ClaimStat)} (grain, month, {DIMENSIONS}, filed, approved, rejected, in_progress,
                                 decided, decision_days_sum, decision_hist)
    SELECT 0, e.month, {DIMENSIONS},
           count(*) FILTER (WHERE e.kind = 'f'),
           count(*) FILTER (WHERE e.kind = 'd' AND e.status = 'approved'),
           count(*) FILTER (WHERE e.kind = 'd' AND e.status = 'rejected'),
           count(*) FILTER (WHERE e.kind = 'f' AND e.status IN ('submitted', 'needs_correction', 'verified')),
           count(*) FILTER (WHERE e.kind = 'd'),
           COALESCE(sum(e.days) FILTER (WHERE e.kind = 'd'), 0),
           ARRAY[{hist}]
    FROM (
        SELECT date_trunc('month', sub_date)::date AS month, 'f' AS kind, NULL::int AS days, dc.*
        FROM dash_claim dc
        UNION ALL
        SELECT date_trunc('month', dec_date)::date, 'd', GREATEST(dec_date - sub_date, 0), dc.*
        FROM dash_claim dc
        WHERE dc.status IN ('approved', 'rejected') AND dc.dec_date IS NOT NULL
    ) e
    GROUP BY e.month, {DIMENSIONS}
    ORDER BY e.month
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _rejection_stat_sql() -> str:
    return f"""
    INSERT INTO {_t(RejectionStat)} (grain, month, {DIMENSIONS}, reason, count)
    SELECT 0, date_trunc('month', dc.dec_date)::date, {DIMENSIONS}, r.reason, count(*)
    FROM dash_claim dc
    CROSS JOIN LATERAL unnest(dc.rejection_reasons) AS r(reason)
    WHERE dc.status = 'rejected' AND dc.dec_date IS NOT NULL
    GROUP BY 2, {DIMENSIONS}, r.reason
    ORDER BY 2
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _benefit_dims_sql() -> str:
    return f"""
    DROP TABLE IF EXISTS dash_benefit;
    CREATE TEMP TABLE dash_benefit ON COMMIT DROP AS
    SELECT b.id AS benefit_id, dc.office_id, dc.province, dc.sector, dc.sex, dc.age_band, dc.contract_type, dc.rule_set
    FROM {_t(Benefit)} b JOIN dash_claim dc ON dc.claim_id = b.claim_id
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _payment_stat_sql() -> str:
    zero = "0, 0::numeric"

    def named(*names: str) -> str:
        return ", ".join(f"0 AS {n}_n, 0::numeric AS {n}_a" for n in names)

    return f"""
    INSERT INTO {_t(PaymentStat)} (grain, month, {DIMENSIONS},
        paid_count, paid_amount, on_time_count, late_count, overdue_count,
        withheld_count, withheld_amount, forfeited_count, forfeited_amount,
        failed_count, failed_amount, reissued_count, reissued_amount)
    SELECT 0, e.month, {DIMENSIONS},
           sum(e.paid_n), sum(e.paid_a), sum(e.on_time), sum(e.late), sum(e.overdue),
           sum(e.withheld_n), sum(e.withheld_a), sum(e.forfeited_n), sum(e.forfeited_a),
           sum(e.failed_n), sum(e.failed_a), sum(e.reissued_n), sum(e.reissued_a)
    FROM (
        -- made payments, on time or late against the SLA deadline payouts stored
        SELECT date_trunc('month', p.paid_on)::date AS month, bd.*,
               1 AS paid_n, p.amount AS paid_a,
               (p.paid_on <= p.sla_deadline)::int AS on_time, (p.paid_on > p.sla_deadline)::int AS late, 0 AS overdue,
               {named("withheld", "forfeited", "failed", "reissued")}
        FROM {_t(Payment)} p
        JOIN {_t(BenefitMonth)} m ON m.id = p.month_id
        JOIN dash_benefit bd ON bd.benefit_id = m.benefit_id
        WHERE p.status = 'paid' AND p.paid_on IS NOT NULL
        UNION ALL
        -- not paid yet although the SLA deadline has passed
        SELECT date_trunc('month', p.sla_deadline)::date, bd.*,
               0, 0, 0, 0, 1, {zero}, {zero}, {zero}, {zero}
        FROM {_t(Payment)} p
        JOIN {_t(BenefitMonth)} m ON m.id = p.month_id
        JOIN dash_benefit bd ON bd.benefit_id = m.benefit_id
        WHERE p.status IN ('pending', 'failed', 'reissue_ready') AND p.sla_deadline < %(today)s
        UNION ALL
        -- benefit months withheld on their due date (some paid later, some forfeited)
        SELECT date_trunc('month', m.due_date)::date, bd.*,
               0, 0, 0, 0, 0,
               1, m.amount,
               (m.status = 'forfeited')::int, CASE WHEN m.status = 'forfeited' THEN m.amount ELSE 0 END,
               {zero}, {zero}
        FROM {_t(BenefitMonth)} m
        JOIN dash_benefit bd ON bd.benefit_id = m.benefit_id
        WHERE m.withheld_on IS NOT NULL OR m.status IN ('withheld', 'forfeited')
        UNION ALL
        -- the bank's answers: failed transfers and re-issued ones
        SELECT date_trunc('month', a.recorded_at AT TIME ZONE '{TZ}')::date, bd.*,
               0, 0, 0, 0, 0, {zero}, {zero},
               (a.result = 'failed')::int, CASE WHEN a.result = 'failed' THEN a.amount ELSE 0 END,
               (a.attempt_no > 1)::int, CASE WHEN a.attempt_no > 1 THEN a.amount ELSE 0 END
        FROM {_t(PaymentAttempt)} a
        JOIN {_t(Payment)} p ON p.id = a.payment_id
        JOIN {_t(BenefitMonth)} m ON m.id = p.month_id
        JOIN dash_benefit bd ON bd.benefit_id = m.benefit_id
        WHERE a.result = 'failed' OR a.attempt_no > 1
    ) e
    GROUP BY e.month, {DIMENSIONS}
    ORDER BY e.month
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _funnel_stat_sql() -> str:
    def back(months: int) -> str:
        limit = f"(f.decision_date + interval '{months} month')::date"
        return (
            f"count(*) FILTER (WHERE {limit} <= %(today)s), "
            f"count(*) FILTER (WHERE {limit} <= %(today)s AND f.back_on IS NOT NULL AND f.back_on <= {limit})"
        )

    return f"""
    INSERT INTO {_t(FunnelStat)} (grain, month, {DIMENSIONS}, claimants, assessed, counselled, trained, placed,
                                  due_1m, back_1m, due_3m, back_3m, due_6m, back_6m)
    SELECT 0, date_trunc('month', f.decision_date)::date, {DIMENSIONS},
           count(*), count(*) FILTER (WHERE f.assessed), count(*) FILTER (WHERE f.counselled),
           count(*) FILTER (WHERE f.trained), count(*) FILTER (WHERE f.back_on IS NOT NULL),
           {back(1)}, {back(3)}, {back(6)}
    FROM (
        SELECT dc.*,
               a.id IS NOT NULL AS assessed,
               s.case_id IS NOT NULL AS counselled,
               t.claim_id IS NOT NULL AS trained,
               -- back at work (as a wage earner) by the earliest date any app recorded
               LEAST(
                   CASE WHEN b.end_reason = 'reemployed' THEN b.ended_on END,
                   cs.reemployed_on,
                   CASE WHEN h.hired_on >= dc.decision_date THEN h.hired_on END
               ) AS back_on
        FROM dash_claim dc
        LEFT JOIN {_t(Benefit)} b ON b.claim_id = dc.claim_id
        LEFT JOIN {_t(Case)} cs ON cs.claim_id = dc.claim_id
        LEFT JOIN {_t(Assessment)} a ON a.case_id = cs.id
        LEFT JOIN (SELECT DISTINCT case_id FROM {_t(CounsellingSession)} WHERE status = 'attended') s
               ON s.case_id = cs.id
        LEFT JOIN (SELECT DISTINCT claim_id FROM {_t(Enrolment)} WHERE status IN ('enrolled', 'completed')) t
               ON t.claim_id = dc.claim_id
        LEFT JOIN (SELECT participant_id, min(hired_on) AS hired_on FROM {_t(Application)}
                   WHERE status = 'hired' AND hired_on IS NOT NULL GROUP BY participant_id) h
               ON h.participant_id = dc.participant_id
        WHERE dc.status = 'approved' AND dc.decision_date IS NOT NULL
    ) f
    GROUP BY 2, {DIMENSIONS}
    ORDER BY 2
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


# Measures of each summary table and how a roll-up combines them (all sums).
_MEASURES = {
    ClaimStat: ["filed", "approved", "rejected", "in_progress", "decided", "decision_days_sum"],
    RejectionStat: ["count"],
    PaymentStat: [
        "paid_count",
        "paid_amount",
        "on_time_count",
        "late_count",
        "overdue_count",
        "withheld_count",
        "withheld_amount",
        "forfeited_count",
        "forfeited_amount",
        "failed_count",
        "failed_amount",
        "reissued_count",
        "reissued_amount",
    ],
    FunnelStat: [
        "claimants",
        "assessed",
        "counselled",
        "trained",
        "placed",
        "due_1m",
        "back_1m",
        "due_3m",
        "back_3m",
        "due_6m",
        "back_6m",
    ],
}


def _rollup_sql(model) -> str:
    """Every smaller grain, summed from the FULL rows in one pass (GROUPING
    SETS), written in (grain, month) order so a period reads adjacent pages."""
    measures = list(_MEASURES[model])
    extra_keys = ["reason"] if model is RejectionStat else []
    select_measures = [f"sum({m})" for m in measures]
    if model is ClaimStat:
        measures.append("decision_hist")
        select_measures.append(
            "ARRAY[" + ", ".join(f"sum(decision_hist[{i + 1}])::int" for i in range(len(DECISION_BUCKETS))) + "]"
        )
    rolled = ["office_id", "sector", "age_band", "sex", "contract_type"]
    sets, grain_cases = [], []
    for grain, office_kept, kept in rollup_grains():
        keys = ["month", "province", "rule_set", *extra_keys, *(["office_id"] if office_kept else []), *kept]
        sets.append("(" + ", ".join(keys) + ")")
        # GROUPING() has a bit set for each column rolled up in this set
        bits = "".join("0" if (d == "office_id" and office_kept) or d in kept else "1" for d in rolled)
        grain_cases.append(f"WHEN {int(bits, 2)} THEN {grain}")
    columns = ", ".join(["grain", "month", DIMENSIONS, *extra_keys, *measures])
    return f"""
    INSERT INTO {_t(model)} ({columns})
    SELECT * FROM (
        SELECT CASE GROUPING({", ".join(rolled)}) {" ".join(grain_cases)} END AS grain,
               month, office_id, province, sector, sex, age_band, contract_type, rule_set,
               {", ".join([*extra_keys, *select_measures])}
        FROM {_t(model)}
        WHERE grain = 0
        GROUP BY GROUPING SETS ({", ".join(sets)})
    ) r
    ORDER BY grain, month
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _konselor_load_sql() -> str:
    return f"""
    INSERT INTO {_t(KonselorLoad)} (konselor_id, name, office_id, capacity, takes_cases,
                                    new_cases, active_cases, in_training, open_cases)
    SELECT k.id, k.name, k.office_id, k.capacity,
           k.active AND NOT EXISTS (
               SELECT 1 FROM {_t(KonselorAbsence)} ab
               WHERE ab.konselor_id = k.id AND ab.starts_on <= %(today)s AND ab.ends_on >= %(today)s
           ),
           count(c.id) FILTER (WHERE c.status = 'new'),
           count(c.id) FILTER (WHERE c.status = 'active'),
           count(c.id) FILTER (WHERE c.status = 'in_training'),
           count(c.id)
    FROM {_t(Konselor)} k
    LEFT JOIN {_t(Case)} c ON c.konselor_id = k.id AND c.status IN ('new', 'active', 'in_training')
    GROUP BY k.id
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


def _unassigned_sql() -> str:
    return f"""
    INSERT INTO {_t(UnassignedQueue)} (office_id, province, waiting, over_7_days, oldest_opened_at)
    SELECT office_id, COALESCE(province_code, ''), count(*),
           count(*) FILTER (WHERE opened_at < %(now)s - interval '7 days'), min(opened_at)
    FROM {_t(Case)}
    WHERE status = 'unassigned'
    GROUP BY office_id, COALESCE(province_code, '')
    """  # noqa: S608 - identifiers from model metadata and code; values are bound


SUMMARY_MODELS = (ClaimStat, RejectionStat, PaymentStat, FunnelStat, KonselorLoad, UnassignedQueue)


def _build(cursor, *, today: date, now) -> dict[str, int]:
    params = {"today": today, "now": now}
    # The big joins and hash aggregates of a national rebuild need more than the default 4 MB.
    cursor.execute("SET LOCAL work_mem = '256MB'")
    for model in SUMMARY_MODELS:
        cursor.execute(f"DELETE FROM {_t(model)}")  # noqa: S608 - identifiers from model metadata and code; values are bound
    cursor.execute(_claim_dims_sql())
    cursor.execute("ANALYZE dash_claim")
    cursor.execute(_claim_stat_sql())
    cursor.execute(_rejection_stat_sql())
    cursor.execute(_benefit_dims_sql())
    cursor.execute("ANALYZE dash_benefit")
    cursor.execute(_payment_stat_sql(), params)
    cursor.execute(_funnel_stat_sql(), params)
    for model in (ClaimStat, RejectionStat, PaymentStat, FunnelStat):
        cursor.execute(_rollup_sql(model))
    cursor.execute(_konselor_load_sql(), params)
    cursor.execute(_unassigned_sql(), params)
    counts = {}
    for model in SUMMARY_MODELS:
        cursor.execute(f"SELECT count(*) FROM {_t(model)}")  # noqa: S608 - identifiers from model metadata and code; values are bound
        counts[model._meta.model_name] = cursor.fetchone()[0]
    return counts


def dashboards_refresh(*, triggered_by: str, wait: bool = True) -> DashboardRefresh | None:
    """Rebuild every summary table. Returns the refresh record, or None when
    ``wait`` is False and another refresh holds the lock (the periodic task
    then simply skips its turn)."""
    started = timezone.now()
    clock = time.monotonic()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if wait:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK_KEY])
                else:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK_KEY])
                    if not cursor.fetchone()[0]:
                        logger.info("dashboards refresh skipped: another refresh is running")
                        return None
                now = timezone.now()
                counts = _build(cursor, today=timezone.localdate(now), now=now)
            finished = timezone.now()
            refresh = DashboardRefresh.objects.create(
                started_at=started,
                finished_at=finished,
                status=DashboardRefresh.Status.DONE,
                triggered_by=triggered_by[:150],
                duration_ms=int((time.monotonic() - clock) * 1000),
                row_counts=counts,
            )
    except Exception as exc:
        DashboardRefresh.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            status=DashboardRefresh.Status.FAILED,
            triggered_by=triggered_by[:150],
            duration_ms=int((time.monotonic() - clock) * 1000),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    logger.info("dashboards refreshed in %s ms: %s", refresh.duration_ms, counts)
    return refresh


def latest_refresh() -> DashboardRefresh | None:
    return DashboardRefresh.objects.filter(status=DashboardRefresh.Status.DONE).order_by("-finished_at").first()
