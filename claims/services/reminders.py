"""Reminders to workers whose claim draft nears its deadline (run daily by
Celery beat, ``claims/tasks.py``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from claims import notifications
from claims.eligibility import add_months, rule_set_for
from claims.models import Claim, ClaimStatus
from jkp_portal.audit.services import audit_record_many


@transaction.atomic
def claims_remind_deadlines(*, today: dt.date | None = None, days_before: int = 14) -> int:
    """Remind each worker whose draft is still unsubmitted ``days_before`` days
    (or fewer) before its claim deadline; once per claim. Returns how many."""
    today = today or timezone.localdate()
    months = rule_set_for(today).claim_deadline_months
    horizon = today + dt.timedelta(days=days_before)
    # deadline = phk + months <= horizon  <=>  phk <= horizon - months (end-of-month clamping: checked below)
    candidates = (
        Claim.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("participant", "participant__user")
        .filter(
            status=ClaimStatus.DRAFT,
            deadline_reminded_on__isnull=True,
            phk_date__isnull=False,
            phk_date__lte=add_months(horizon, -months) + dt.timedelta(days=3),
            phk_date__gte=add_months(today, -months) - dt.timedelta(days=3),
        )
    )
    due = []
    for claim in candidates:
        deadline = add_months(claim.phk_date, months)
        if today <= deadline <= horizon:
            due.append((claim, deadline))
    if not due:
        return 0
    Claim.objects.filter(pk__in=[c.pk for c, _d in due]).update(deadline_reminded_on=today)
    audit_record_many(actor="celery:remind_claim_deadlines", objs=[c for c, _d in due], action="deadline_reminder_sent")
    for claim, deadline in due:
        notifications.deadline_reminder(claim, deadline)
    return len(due)
