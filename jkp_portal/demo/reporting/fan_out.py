"""From the staging tables ``dh_claim`` and ``dh_month`` (COPY-loaded) into the
apps' tables with ``INSERT … SELECT``, one named step per area."""

from __future__ import annotations

from datetime import date

from claims.models import Claim, Employer, Participant
from claims.payouts.models import Benefit, BenefitMonth, Payment, PaymentAttempt, PayoutBatch
from counseling.models import Assessment, Case, CounsellingSession, Konselor
from jkp_portal.accounts.models import Office
from jkp_portal.demo.reporting.figures import DECISION_NOTE, SOURCE
from jkp_portal.reporting.bulk import insert_select
from training.models import Enrolment, Programme

CLAIM_COLUMNS = (
    ("key", "int"),
    ("region", "text"),
    ("nik", "text"),
    ("kpj", "text"),
    ("full_name", "text"),
    ("birth_date", "date"),
    ("sex", "text"),
    ("contract_type", "text"),
    ("contract_start", "date"),
    ("contract_end", "date"),
    ("registered_on", "date"),
    ("employer_npp", "text"),
    ("office", "text"),
    ("province", "text"),
    ("regency", "text"),
    ("status", "text"),
    ("phk_date", "date"),
    ("phk_reason", "text"),
    ("proof_type", "text"),
    ("bank_code", "text"),
    ("bank_name", "text"),
    ("account", "text"),
    ("last4", "text"),
    ("submitted_at", "timestamptz"),
    ("filed_on", "date"),
    ("verified_at", "timestamptz"),
    ("decided_at", "timestamptz"),
    ("decision_date", "date"),
    ("reasons", "text[]"),
    ("rule_set", "text"),
    ("wage_base", "numeric"),
    ("claim_deadline", "date"),
    ("eligible", "boolean"),
    ("benefit_status", "text"),
    ("end_reason", "text"),
    ("ended_on", "date"),
    ("last_month_no", "int"),
    ("last_due", "date"),
    ("closed_on", "date"),
    ("back_on", "date"),
    ("case_status", "text"),
    ("case_opened_at", "timestamptz"),
    ("assigned_at", "timestamptz"),
    ("first_contact_at", "timestamptz"),
    ("case_closed_at", "timestamptz"),
    ("close_reason", "text"),
    ("konselor_nip", "text"),
    ("assessed", "boolean"),
    ("assessed_at", "timestamptz"),
    ("education", "text"),
    ("occupation", "text"),
    ("sessions", "int"),
    ("session_at", "timestamptz"),
    ("recommendation", "text"),
    ("trained", "boolean"),
    ("enrol_at", "timestamptz"),
    ("training_title", "text"),
    ("programme_code", "text"),
)
MONTH_COLUMNS = (
    ("claim_key", "int"),
    ("month_no", "int"),
    ("period_start", "date"),
    ("due_date", "date"),
    ("rule_set", "text"),
    ("rate", "numeric"),
    ("amount", "numeric"),
    ("status", "text"),
    ("withheld_on", "date"),
    ("settled_on", "date"),
    ("pay", "boolean"),
    ("base", "date"),
    ("sla_deadline", "date"),
    ("paid_on", "date"),
    ("attempt", "int"),
    ("was_withheld", "boolean"),
    ("fail_day", "date"),
    ("fail_code", "text"),
    ("fail_reason", "text"),
    ("batch_office", "text"),
    ("batch_month", "date"),
    ("reissue_month", "date"),
)


# Ids of what was inserted, by staging key (the table dh_ids, filled by
# ``_participants_and_claims``): every later step joins on these.
CLAIM_JOIN = "JOIN dh_ids i ON i.key = c.key"


def fan_out(cursor, today: date) -> dict[str, int]:
    """From the staging tables dh_claim and dh_month into the apps' tables, step
    by step (each later step joins on what the earlier ones inserted); returns
    the rows inserted per table."""
    counts: dict[str, int] = {}
    for step in STEPS:
        step(cursor, today, counts)
    return counts


def _participants_and_claims(cursor, today: date, counts: dict[str, int]) -> None:
    """The registry's participants and their decided (or withdrawn) claims; the ids table dh_ids."""
    counts["participants"] = insert_select(
        cursor,
        Participant,
        {
            "nik": "c.nik",
            "kpj": "c.kpj",
            "full_name": "c.full_name",
            "birth_date": "c.birth_date",
            "sex": "c.sex",
            "citizenship": "'WNI'",
            "employer": "e.id",
            "contract_type": "c.contract_type",
            "contract_start": "c.contract_start",
            "contract_end": "c.contract_end",
            "jkp_registered_on": "c.registered_on",
            "programs": "ARRAY['JKN','JKK','JKM','JHT','JP']::varchar[]",
            "jkn_segment": "'PPU'",
            "employment_status": "'non_active'",
        },
        f"FROM dh_claim c JOIN {Employer._meta.db_table} e ON e.npp = c.employer_npp",
    )
    counts["claims"] = insert_select(
        cursor,
        Claim,
        {
            "participant": "p.id",
            "office": "o.id",
            "status": "c.status",
            "phk_date": "c.phk_date",
            "phk_reason": "c.phk_reason",
            "proof_type": "c.proof_type",
            "bank_name": "c.bank_name",
            "bank_account_number": "c.account",
            "bank_account_last4": "c.last4",
            "bank_account_holder": "c.full_name",
            "kapk_signed": "true",
            "kapk_signed_at": "c.submitted_at",
            "submitted_at": "c.submitted_at",
            "filed_on": "c.filed_on",
            "verified_at": "c.verified_at",
            "decided_at": "c.decided_at",
            "decision_date": "c.decision_date",
            "decision_note": "CASE WHEN c.status = 'withdrawn' THEN '' ELSE %(note)s END",
            "rejection_reasons": "c.reasons::varchar[]",
            "rule_set": "c.rule_set",
            "payer": "CASE WHEN c.status = 'withdrawn' THEN '' ELSE 'bpjs' END",
            "wage_base": "c.wage_base",
            "claim_deadline": "c.claim_deadline",
            "verdict": (
                "jsonb_build_object('source', %(source)s, 'eligible', c.eligible, 'rule_set', c.rule_set, "
                "'payer', 'bpjs', 'wage_base', c.wage_base::text, 'failed', to_jsonb(c.reasons))"
            ),
            "created_at": "c.submitted_at",
            "updated_at": "COALESCE(c.decided_at, c.submitted_at)",
        },
        f"""FROM dh_claim c
        JOIN {Participant._meta.db_table} p ON p.nik = c.nik
        LEFT JOIN {Office._meta.db_table} o ON o.code = c.office""",
        {"note": DECISION_NOTE, "source": SOURCE},
    )
    cursor.execute(
        f"""CREATE TEMP TABLE dh_ids ON COMMIT DROP AS
        SELECT c.key, p.id AS participant_id, cl.id AS claim_id, cl.office_id, NULL::bigint AS benefit_id
        FROM dh_claim c
        JOIN {Participant._meta.db_table} p ON p.nik = c.nik
        JOIN {Claim._meta.db_table} cl ON cl.participant_id = p.id"""  # noqa: S608 - identifiers from model metadata
    )
    cursor.execute("CREATE UNIQUE INDEX ON dh_ids (key); ANALYZE dh_ids")


def _benefits(cursor, today: date, counts: dict[str, int]) -> None:
    """The approved claims' benefits and their six months."""
    counts["benefits"] = insert_select(
        cursor,
        Benefit,
        {
            "claim": "i.claim_id",
            "participant": "i.participant_id",
            "office": "i.office_id",
            "status": "c.benefit_status",
            "is_open": "false",
            "rule_set": "c.rule_set",
            "payer": "'bpjs'",
            "wage_base": "c.wage_base",
            "decision_date": "c.decision_date",
            "last_month_no": "c.last_month_no",
            "last_due_date": "c.last_due",
            "bank_code": "c.bank_code",
            "bank_name": "c.bank_name",
            "bank_account_number": "c.account",
            "bank_account_last4": "c.last4",
            "bank_account_holder": "c.full_name",
            "ended_on": "c.ended_on",
            "end_reason": "c.end_reason",
            "end_source": "CASE WHEN c.end_reason = '' THEN '' ELSE %(source)s END",
            "closed_on": "c.closed_on",
            "created_at": "c.decided_at",
            "updated_at": "COALESCE(c.closed_on::timestamptz, c.decided_at)",
        },
        f"FROM dh_claim c {CLAIM_JOIN} WHERE c.status = 'approved'",
        {"source": SOURCE},
    )
    cursor.execute(
        f"UPDATE dh_ids i SET benefit_id = b.id FROM {Benefit._meta.db_table} b WHERE b.claim_id = i.claim_id"  # noqa: S608
    )
    benefit_join = "JOIN dh_claim c ON c.key = m.claim_key JOIN dh_ids i ON i.key = m.claim_key"
    counts["months"] = insert_select(
        cursor,
        BenefitMonth,
        {
            "benefit": "i.benefit_id",
            "month_no": "m.month_no",
            "period_start": "m.period_start",
            "due_date": "m.due_date",
            "rule_set": "m.rule_set",
            "rate": "m.rate",
            "wage_base": "c.wage_base",
            "amount": "m.amount",
            "status": "m.status",
            "withheld_on": "m.withheld_on",
            "settled_on": "m.settled_on",
            "form_submitted": "m.month_no = 6 AND m.pay",
        },
        f"FROM dh_month m {benefit_join}",
    )


def _payments(cursor, today: date, counts: dict[str, int]) -> None:
    """Reconciled payout batches, the payments of the months paid, their attempts
    (failed ones too) and each batch's totals."""
    # One batch per office and month, plus re-issue batches.
    counts["batches"] = insert_select(
        cursor,
        PayoutBatch,
        {
            "office": "o.id",
            "bank_code": "'BRI'",
            "bank_name": "'Bank Rakyat Indonesia (BRI)'",
            "kind": "k.kind",
            "status": "'reconciled'",
            "prepared_at": "k.month::timestamptz",
            "approved_at": "k.month::timestamptz + interval '1 day'",
            "sent_at": "k.month::timestamptz + interval '1 day'",
            "reconciled_at": "(k.month + interval '1 month' - interval '1 day')::timestamptz",
            "message_id": "'HIST-' || k.office || '-' || to_char(k.month, 'YYYYMM') || '-' || "
            "CASE WHEN k.kind = 'scheduled' THEN 'S' ELSE 'R' END",
        },
        f"""FROM (SELECT DISTINCT batch_office AS office, batch_month AS month, 'scheduled' AS kind FROM dh_month WHERE pay
                  UNION SELECT DISTINCT batch_office, reissue_month, 'reissue' FROM dh_month WHERE reissue_month IS NOT NULL) k
        LEFT JOIN {Office._meta.db_table} o ON o.code = k.office""",  # noqa: S608 - identifiers from model metadata and code; values are bound
    )
    cursor.execute(
        f"""CREATE TEMP TABLE dh_month_ids ON COMMIT DROP AS
        SELECT m.claim_key, m.month_no, bm.id
        FROM dh_month m JOIN dh_ids i ON i.key = m.claim_key
        JOIN {BenefitMonth._meta.db_table} bm ON bm.benefit_id = i.benefit_id AND bm.month_no = m.month_no
        WHERE m.pay"""  # noqa: S608 - identifiers from model metadata
    )
    cursor.execute("CREATE UNIQUE INDEX ON dh_month_ids (claim_key, month_no); ANALYZE dh_month_ids")
    month_join = f"""JOIN dh_claim c ON c.key = m.claim_key
        JOIN dh_month_ids bm ON bm.claim_key = m.claim_key AND bm.month_no = m.month_no
        JOIN {PayoutBatch._meta.db_table} pb ON pb.message_id = 'HIST-' || m.batch_office || '-' ||
             to_char(COALESCE(m.reissue_month, m.batch_month), 'YYYYMM') || '-' ||
             CASE WHEN m.reissue_month IS NULL THEN 'S' ELSE 'R' END"""
    counts["payments"] = insert_select(
        cursor,
        Payment,
        {
            "month": "bm.id",
            "batch_id": "pb.id",
            "status": "'paid'",
            "amount": "m.amount",
            "rule_set": "m.rule_set",
            "rate": "m.rate",
            "wage_base": "c.wage_base",
            "month_no": "m.month_no",
            "due_date": "m.due_date",
            "bank_code": "c.bank_code",
            "bank_name": "c.bank_name",
            "account_number": "c.account",
            "account_last4": "c.last4",
            "account_holder": "c.full_name",
            "was_withheld": "m.was_withheld",
            "sla_deadline": "m.sla_deadline",
            "attempt": "m.attempt",
            "paid_on": "m.paid_on",
            "result_code": "'ACSC'",
            "created_at": "m.base::timestamptz",
            "updated_at": "m.paid_on::timestamptz",
        },
        f"FROM dh_month m {month_join} WHERE m.pay",
    )
    payment_join = f"""{month_join}
        JOIN {Payment._meta.db_table} pay ON pay.month_id = bm.id"""
    counts["attempts"] = insert_select(
        cursor,
        PaymentAttempt,
        {
            "payment": "pay.id",
            "batch": "pb.id",
            "attempt_no": "pay.attempt",
            "amount": "pay.amount",
            "bank_code": "pay.bank_code",
            "account_last4": "pay.account_last4",
            "account_holder": "pay.account_holder",
            "result": "'paid'",
            "reason_code": "'ACSC'",
            "recorded_at": "m.paid_on::timestamptz + interval '15 hours'",
        },
        f"FROM dh_month m {payment_join} WHERE m.pay",
    )
    counts["attempts"] += insert_select(
        cursor,
        PaymentAttempt,
        {
            "payment": "pay.id",
            "batch": "fb.id",
            "attempt_no": "1",
            "amount": "pay.amount",
            "bank_code": "pay.bank_code",
            "account_last4": "pay.account_last4",
            "account_holder": "pay.account_holder",
            "result": "'failed'",
            "reason_code": "m.fail_code",
            "reason": "m.fail_reason",
            "recorded_at": "m.fail_day::timestamptz + interval '15 hours'",
        },
        f"""FROM dh_month m {payment_join}
        JOIN {PayoutBatch._meta.db_table} fb ON fb.message_id = 'HIST-' || m.batch_office || '-' ||
             to_char(m.batch_month, 'YYYYMM') || '-S'
        WHERE m.pay AND m.fail_day IS NOT NULL""",
    )
    cursor.execute(
        f"""
        UPDATE {PayoutBatch._meta.db_table} pb SET
            payment_count = t.n, total_amount = t.total, paid_count = t.paid_n, paid_total = t.paid_total,
            failed_count = t.failed_n, failed_total = t.failed_total
        FROM (
            SELECT a.batch_id, count(*) AS n, sum(a.amount) AS total,
                   count(*) FILTER (WHERE a.result = 'paid') AS paid_n,
                   COALESCE(sum(a.amount) FILTER (WHERE a.result = 'paid'), 0) AS paid_total,
                   count(*) FILTER (WHERE a.result = 'failed') AS failed_n,
                   COALESCE(sum(a.amount) FILTER (WHERE a.result = 'failed'), 0) AS failed_total
            FROM {PaymentAttempt._meta.db_table} a
            JOIN {PayoutBatch._meta.db_table} b ON b.id = a.batch_id
            WHERE b.message_id LIKE 'HIST-%'
            GROUP BY a.batch_id
        ) t
        WHERE pb.id = t.batch_id
        """  # noqa: S608 - identifiers from model metadata and code; values are bound
    )


def _counselling(cursor, today: date, counts: dict[str, int]) -> None:
    """Counselling cases of the approved claims, asesmen diri and the sessions held."""
    counts["cases"] = insert_select(
        cursor,
        Case,
        {
            "claim": "i.claim_id",
            "participant": "i.participant_id",
            "konselor": "k.id",
            "office": "i.office_id",
            "province_code": "c.province",
            "regency": "c.regency",
            "status": "c.case_status",
            "opened_at": "c.case_opened_at",
            "assigned_at": "c.assigned_at",
            "first_contact_at": "c.first_contact_at",
            "closed_at": "c.case_closed_at",
            "close_reason": "c.close_reason",
            "reemployed_on": "c.back_on",
            "recommendation": "c.recommendation",
            "recommended_programme": "CASE WHEN c.trained THEN c.training_title ELSE '' END",
            "updated_at": "COALESCE(c.case_closed_at, c.case_opened_at)",
        },
        f"""FROM dh_claim c {CLAIM_JOIN}
        LEFT JOIN {Konselor._meta.db_table} k ON k.nip = c.konselor_nip
        WHERE c.status = 'approved'""",
    )
    case_join = f"""{CLAIM_JOIN}
        JOIN {Case._meta.db_table} cs ON cs.claim_id = i.claim_id"""
    counts["assessments"] = insert_select(
        cursor,
        Assessment,
        {
            "case": "cs.id",
            "education_level": "c.education",
            "desired_occupations": "ARRAY[c.occupation]::varchar[]",
            "desired_location": "(SELECT r.name FROM accounts_regency r WHERE r.code = c.regency)",
            "willing_to_relocate": "c.key %% 4 = 0",
            "submitted_at": "c.assessed_at",
            "updated_at": "c.assessed_at",
        },
        f"FROM dh_claim c {case_join} WHERE c.assessed",
    )
    counts["sessions"] = insert_select(
        cursor,
        CounsellingSession,
        {
            "case": "cs.id",
            "konselor": "cs.konselor_id",
            "mode": "CASE WHEN n = 1 THEN 'face_to_face' ELSE 'online' END",
            "starts_at": "c.session_at + (n - 1) * interval '30 days'",
            "place": "CASE WHEN n = 1 THEN 'Ruang konseling Disnaker ' || (SELECT r.name FROM accounts_regency r WHERE r.code = c.regency) ELSE '' END",
            "meeting_link": "CASE WHEN n = 1 THEN '' ELSE 'https://meet.kemnaker.go.id/jkp-' || cs.id END",
            "status": "'attended'",
            "attendance_recorded_at": "c.session_at + (n - 1) * interval '30 days' + interval '1 hour'",
            "outcome": "'Sesi selesai'",
            "recommendation": "c.recommendation",
            "reported_at": "c.session_at + (n - 1) * interval '30 days' + interval '2 hours'",
            "created_at": "c.session_at - interval '3 days'",
            "updated_at": "c.session_at + (n - 1) * interval '30 days' + interval '2 hours'",
        },
        f"""FROM dh_claim c {case_join}
        CROSS JOIN LATERAL generate_series(1, c.sessions) AS n
        WHERE c.sessions > 0 AND cs.konselor_id IS NOT NULL
          AND c.session_at + (n - 1) * interval '30 days' < %(today)s""",
        {"today": today},
    )


def _training(cursor, today: date, counts: dict[str, int]) -> None:
    """Enrolments in the historic programmes of those who trained."""
    counts["enrolments"] = insert_select(
        cursor,
        Enrolment,
        {
            "programme": "pr.id",
            "participant": "i.participant_id",
            "claim": "i.claim_id",
            "status": "CASE WHEN pr.end_date < %(today)s THEN 'completed' ELSE 'enrolled' END",
            "source": "'recommendation'",
            "cost": "pr.cost",
            "enrolled_at": "c.enrol_at",
            "progress_percent": "CASE WHEN pr.end_date < %(today)s THEN 100 ELSE 40 END",
            "completed_on": "CASE WHEN pr.end_date < %(today)s THEN pr.end_date END",
            "created_at": "c.enrol_at",
        },
        f"""FROM dh_claim c {CLAIM_JOIN}
        JOIN {Programme._meta.db_table} pr ON pr.code = c.programme_code
        WHERE c.trained""",
        {"today": today},
    )


STEPS = (_participants_and_claims, _benefits, _payments, _counselling, _training)
