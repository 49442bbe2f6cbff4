"""Advisory locks that keep the payout run and the services that change a
benefit (ending it, new evidence, a corrected account) from interleaving.

Benefits are grouped in buckets of ``BUCKET`` consecutive ids; a run chunk is
always a whole number of buckets and locks them in ascending order, a service
locks the one bucket of its benefit. Two runs at once therefore take turns on
a chunk instead of racing (the unique key on payments would stop a duplicate
anyway), and nothing deadlocks.
"""

from django.db import connection

BUCKET = 1000
LOCK_NAMESPACE = 5_240_105  # int4 namespace of pg_advisory_xact_lock(int, int) for payouts


def lock_buckets(lo: int, hi: int) -> None:
    """Lock the buckets of benefit ids [lo, hi) until the transaction ends."""
    first, last = lo // BUCKET, (hi - 1) // BUCKET
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, b::int)) FROM generate_series(%s, %s) AS b",
            [LOCK_NAMESPACE, first, last],
        )


def lock_benefits(benefit_ids) -> None:
    """Lock the buckets of the given benefits (ascending) until the transaction ends."""
    buckets = sorted({int(pk) // BUCKET for pk in benefit_ids})
    if not buckets:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, b)) FROM unnest(%s::int[]) AS b",
            [LOCK_NAMESPACE, buckets],
        )


# Namespace of the session-level lock a whole run holds on its date
# (pg_advisory_lock(RUN_DATE_NAMESPACE, run_date.toordinal())).
RUN_DATE_NAMESPACE = 5_240_106
