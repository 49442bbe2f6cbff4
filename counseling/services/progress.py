"""The caseload's snapshot of each worker's job-search progress (owned and
computed by payouts: ``claims.payouts.selectors.job_search_progress``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from ..models import OPEN_CASE_STATUSES, Case, CaseStatus

CHUNK = 2000


def cases_refresh_job_search(
    *, participant_ids: Iterable[int] | None = None, today: dt.date | None = None, chunk: int = CHUNK
) -> int:
    """Copy payouts' progress for the coming payment month (month number, due
    date, last day to complete it, sufficient or not) into the open cases, in
    chunks, one UPDATE per chunk. Cases of participants without a running
    benefit get empty values. Returns the number of cases refreshed."""
    from ..selectors import job_search_progress_for

    today = today or timezone.localdate()
    qs = Case.objects.filter(status__in=(CaseStatus.UNASSIGNED, *OPEN_CASE_STATUSES))
    if participant_ids is not None:
        qs = qs.filter(participant_id__in=list(participant_ids))
    rows = list(qs.order_by("pk").values_list("pk", "participant_id"))
    table = Case._meta.db_table
    sql = f"""
        UPDATE {table} AS c
           SET next_payment_month = v.month_no, next_payment_due = v.due, next_payment_deadline = v.deadline,
               job_search_sufficient = v.sufficient, job_search_checked_at = %s
          FROM unnest(%s::bigint[], %s::smallint[], %s::date[], %s::date[], %s::boolean[])
               AS v(id, month_no, due, deadline, sufficient)
         WHERE c.id = v.id
    """  # noqa: S608 - table name from the model, values are parameters
    now = timezone.now()
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        progress = job_search_progress_for({p for _c, p in part}, today)
        ids, months, dues, deadlines, sufficient = [], [], [], [], []
        for case_id, participant_id in part:
            p = progress.get(participant_id)
            ids.append(case_id)
            if p is None or p.next_due_date is None:
                months.append(None)
                dues.append(None)
                deadlines.append(None)
                sufficient.append(None)
            else:
                months.append(p.next_month_no)
                dues.append(p.next_due_date)
                deadlines.append(getattr(p, "deadline", None) or p.next_due_date)
                sufficient.append(bool(p.sufficient))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [now, ids, months, dues, deadlines, sufficient])
    return len(rows)
