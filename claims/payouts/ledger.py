"""The ledger check: after any run (repeated, concurrent, killed and resumed)
every due month is settled exactly once and the money adds up.

Used by tests, by ``manage.py check_payout_ledger`` and by operators after an
incident. Read-only.
"""

# ruff: noqa: S608 -- SQL is built only from model table names; values are parameters.

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection

from .conditions import grace_sql
from .models import Benefit, BenefitMonth, Payment, PaymentAttempt, PayoutBatch, PayoutRun, RunStatus

_B = Benefit._meta.db_table
_M = BenefitMonth._meta.db_table
_P = Payment._meta.db_table
_BT = PayoutBatch._meta.db_table
_AT = PaymentAttempt._meta.db_table


@dataclass
class LedgerReport:
    as_of: date | None
    months_due: int = 0
    payments: int = 0
    payment_total: Decimal = Decimal(0)
    expected_total: Decimal = Decimal(0)
    paid_total: Decimal = Decimal(0)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def check_payout_ledger(*, as_of: date | None = None, limit: int = 20) -> LedgerReport:
    """Compare payments with the months they pay. ``as_of`` defaults to the date
    of the latest finished run (months due after it are not expected yet)."""
    if as_of is None:
        last = PayoutRun.objects.filter(status=RunStatus.DONE).order_by("-run_date").values_list("run_date", flat=True)
        as_of = last.first()
    report = LedgerReport(as_of=as_of)
    problems = report.problems

    dup = _rows(f"SELECT month_id, count(*) FROM {_P} GROUP BY month_id HAVING count(*) > 1 LIMIT %s", [limit])
    problems += [f"bulan {m}: {n} pembayaran (harus satu)" for m, n in dup]

    mismatch = _rows(
        f"""SELECT p.id, m.id FROM {_P} p JOIN {_M} m ON m.id = p.month_id
            WHERE (p.amount, p.rule_set, p.rate, p.wage_base, p.month_no, p.due_date)
                  IS DISTINCT FROM (m.amount, m.rule_set, m.rate, m.wage_base, m.month_no, m.due_date)
            LIMIT %s""",
        [limit],
    )
    problems += [f"pembayaran {p}: jumlah/aturan/tarif berbeda dari bulan {m}" for p, m in mismatch]

    wrong = _rows(
        f"""SELECT p.id, m.status FROM {_P} p JOIN {_M} m ON m.id = p.month_id
            WHERE p.status <> 'cancelled' AND m.status IN ('forfeited', 'stopped', 'employer') LIMIT %s""",
        [limit],
    )
    problems += [f"pembayaran {p}: bulannya berstatus {s}" for p, s in wrong]

    employer_paid = _rows(
        f"""SELECT p.id FROM {_P} p JOIN {_M} m ON m.id = p.month_id JOIN {_B} b ON b.id = m.benefit_id
            WHERE b.payer = 'employer' LIMIT %s""",
        [limit],
    )
    problems += [f"pembayaran {p}: manfaat dibayar pemberi kerja, bukan BPJS" for (p,) in employer_paid]

    orphans = _rows(
        f"SELECT p.id FROM {_P} p LEFT JOIN {_BT} b ON b.id = p.batch_id WHERE b.id IS NULL LIMIT %s", [limit]
    )
    problems += [f"pembayaran {p}: batch tidak ada" for (p,) in orphans]

    frozen = _rows(
        f"""SELECT b.id, b.payment_count, b.total_amount, count(p.id), coalesce(sum(p.amount), 0)
            FROM {_BT} b LEFT JOIN {_P} p ON p.batch_id = b.id AND p.status <> 'cancelled'
            WHERE b.status IN ('approved', 'sent')
            GROUP BY b.id HAVING (b.payment_count, b.total_amount) <> (count(p.id), coalesce(sum(p.amount), 0))
            LIMIT %s""",
        [limit],
    )
    problems += [f"batch {b}: disetujui {n} / Rp {t}, isi {n2} / Rp {t2}" for b, n, t, n2, t2 in frozen]

    reconciled = _rows(
        f"""SELECT b.id, b.total_amount, b.paid_total + b.failed_total FROM {_BT} b
            WHERE b.status = 'reconciled' AND b.total_amount <> b.paid_total + b.failed_total LIMIT %s""",
        [limit],
    )
    problems += [f"batch {b}: total Rp {t}, hasil bank Rp {r}" for b, t, r in reconciled]

    unproven = _rows(
        f"""SELECT p.id FROM {_P} p WHERE p.status = 'paid'
            AND NOT EXISTS (SELECT 1 FROM {_AT} a WHERE a.payment_id = p.id AND a.result = 'paid') LIMIT %s""",
        [limit],
    )
    problems += [f"pembayaran {p}: tercatat dibayar tanpa konfirmasi bank" for (p,) in unproven]

    if as_of is not None:
        missing = _rows(
            f"""SELECT m.id, m.benefit_id, m.month_no, m.status FROM {_M} m JOIN {_B} b ON b.id = m.benefit_id
                WHERE m.due_date <= %s AND NOT EXISTS (SELECT 1 FROM {_P} p WHERE p.month_id = m.id)
                  AND (m.status = 'scheduled'
                       OR (m.status = 'withheld' AND m.due_date + {grace_sql("m")} < %s))
                ORDER BY m.id LIMIT %s""",
            [as_of, as_of, limit],
        )
        problems += [f"manfaat {b} bulan {n}: jatuh tempo tetapi belum diselesaikan ({s})" for _m, b, n, s in missing]
        ((report.months_due,),) = _rows(f"SELECT count(*) FROM {_M} WHERE due_date <= %s", [as_of])

    ((report.payments, report.payment_total, report.expected_total, report.paid_total),) = _rows(
        f"""SELECT count(p.id), coalesce(sum(p.amount), 0), coalesce(sum(m.amount), 0),
                   coalesce(sum(p.amount) FILTER (WHERE p.status = 'paid'), 0)
            FROM {_P} p JOIN {_M} m ON m.id = p.month_id WHERE p.status <> 'cancelled'"""
    )
    if report.payment_total != report.expected_total:
        problems.append(
            f"total pembayaran Rp {report.payment_total} ≠ total bulan yang dibayar Rp {report.expected_total}"
        )
    return report
