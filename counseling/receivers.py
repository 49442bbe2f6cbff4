"""What counselling does when other apps announce something (claims/signals.py)."""

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from claims.payouts.models import EndReason
from claims.signals import (
    benefit_ended,
    claim_approved,
    job_search_activity,
    participant_reemployed,
    training_attendance_recorded,
)

from .models import Case, CaseStatus
from .services import case_mark_in_training, case_open_for_claim, cases_close_for_participant, cases_mark_reemployed


@receiver(claim_approved, dispatch_uid="counseling.claim_approved")
def open_case_on_approval(sender, claim, actor=None, **kwargs):
    """Open the case in the approval's transaction (so it is in the supervisors'
    queue even if Celery is down) and assign a konselor after commit."""
    from .tasks import assign_konselor_for_claim

    case_open_for_claim(claim=claim, actor=actor)
    claim_id = claim.pk
    # robust: a broker outage must not fail the approval that just committed;
    # the daily retry of waiting cases (tasks.assign_pending_cases) catches up.
    transaction.on_commit(lambda: assign_konselor_for_claim.delay(claim_id), robust=True)


@receiver(participant_reemployed, dispatch_uid="counseling.participant_reemployed")
def close_cases_on_reemployment(sender, participant, on_date, actor=None, source="", **kwargs):
    cases_mark_reemployed(participant=participant, on_date=on_date, actor=actor, source=source)


@receiver(benefit_ended, dispatch_uid="counseling.benefit_ended")
def close_cases_on_benefit_end(sender, participant, on_date, reason, actor=None, source="", **kwargs):
    """However the benefit ended (employment-status form, a supervisor, a
    placement), the case ends with it: re-employed, or closed for any other reason."""
    if reason == EndReason.REEMPLOYED:
        cases_mark_reemployed(participant=participant, on_date=on_date, actor=actor, source=source)
        return
    why = _("Manfaat JKP dihentikan: %(reason)s sejak %(date)s") % {
        "reason": EndReason(reason).label,
        "date": on_date.isoformat(),
    }
    cases_close_for_participant(participant=participant, reason=why, actor=actor)


@receiver(training_attendance_recorded, dispatch_uid="counseling.training_attendance")
def mark_in_training(sender, participant, actor=None, source="", **kwargs):
    """Attendance being recorded means the worker is enrolled: the case moves to "in training"."""
    for case in Case.objects.filter(participant=participant, status__in=(CaseStatus.NEW, CaseStatus.ACTIVE)):
        case_mark_in_training(case=case, actor=actor, note=source)
    _refresh_after_commit(participant.pk)


@receiver(job_search_activity, dispatch_uid="counseling.job_search_activity")
def refresh_on_activity(sender, participant, **kwargs):
    """Payouts records the activity in the same transaction; once it is
    committed, the caseload's at-risk snapshot of this worker is refreshed."""
    _refresh_after_commit(participant.pk)


def _refresh_after_commit(participant_id: int) -> None:
    from .tasks import refresh_job_search

    # robust: the hourly refresh catches up if the broker is down.
    transaction.on_commit(lambda: refresh_job_search.delay([participant_id]), robust=True)
