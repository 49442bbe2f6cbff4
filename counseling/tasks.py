"""Celery tasks of the counselling app: thin, idempotent, taking ids."""

from celery import shared_task

from jkp_portal.celery import crontab, register_periodic


@shared_task(name="counseling.assign_konselor_for_claim")
def assign_konselor_for_claim(claim_id: int) -> int | None:
    """After approval: make sure the claim's case exists and give it a konselor.
    Running it again changes nothing. Returns the konselor id (None: waiting)."""
    from claims.models import Claim

    from .services import case_assign_auto, case_open_for_claim, cases_refresh_job_search

    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:
        return None
    case = case_open_for_claim(claim=claim, actor="celery:assign_konselor")
    case = case_assign_auto(case=case, actor="celery:assign_konselor")
    cases_refresh_job_search(participant_ids=[case.participant_id])
    return case.konselor_id


@shared_task(name="counseling.assign_pending_cases")
def assign_pending_cases() -> int:
    """Retry every waiting case (a konselor came back from leave or got room)."""
    from .services import cases_assign_pending

    return cases_assign_pending(actor="celery:assign_pending").assigned


@shared_task(name="counseling.notify_assigned_cases")
def notify_assigned_cases(case_ids: list[int], reassigned: bool = False) -> int:
    from .services.assignment import send_assignment_notices

    return send_assignment_notices(case_ids=case_ids, reassigned=reassigned)


@shared_task(name="counseling.refresh_job_search")
def refresh_job_search(participant_ids: list[int] | None = None) -> int:
    """Refresh the caseload's job-search snapshot (of some workers, or every open case)."""
    from .services import cases_refresh_job_search

    return cases_refresh_job_search(participant_ids=participant_ids)


@shared_task(name="counseling.send_session_reminders")
def send_session_reminders() -> int:
    """Email each worker the day before their session (sessions starting in the next 24 hours)."""
    from .services import sessions_send_reminders

    return sessions_send_reminders()


register_periodic("counseling-session-reminders", "counseling.send_session_reminders", crontab(minute=5))
register_periodic("counseling-refresh-job-search", "counseling.refresh_job_search", crontab(minute=20))
register_periodic("counseling-assign-pending", "counseling.assign_pending_cases", crontab(hour=6, minute=30))
