"""What training does when other apps announce something (claims/signals.py)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from claims.payouts.models import EndReason
from claims.signals import benefit_ended, claim_approved, participant_reemployed

from .services import job_seeker_profile_activate, job_seeker_reemployed, job_seeker_stop


@receiver(claim_approved, dispatch_uid="training.claim_approved")
def activate_job_seeker(sender, claim, actor=None, **kwargs):
    """An approved claim makes its worker a job seeker for the matching."""
    job_seeker_profile_activate(claim=claim, actor=actor)


@receiver(participant_reemployed, dispatch_uid="training.participant_reemployed")
def stop_job_seeking(sender, participant, on_date, actor=None, **kwargs):
    """Re-employed from any source (a placement here, or reported elsewhere): no longer matched."""
    job_seeker_reemployed(participant=participant, on_date=on_date, actor=actor)


@receiver(benefit_ended, dispatch_uid="training.benefit_ended")
def stop_job_seeking_on_benefit_end(sender, participant, on_date, reason, actor=None, **kwargs):
    """However the benefit ended: re-employed, the profile leaves the matching as
    re-employed; for any other reason it leaves the matching and waiting or
    running enrolments are withdrawn."""
    if reason == EndReason.REEMPLOYED:
        job_seeker_reemployed(participant=participant, on_date=on_date, actor=actor)
        return
    why = _("Manfaat JKP dihentikan: %(reason)s sejak %(date)s") % {
        "reason": EndReason(reason).label,
        "date": on_date.isoformat(),
    }
    job_seeker_stop(participant=participant, actor=actor, reason=why)
