"""What training does when other apps announce something (claims/signals.py)."""

from django.dispatch import receiver

from claims.signals import claim_approved, participant_reemployed

from .services import job_seeker_profile_activate, job_seeker_reemployed


@receiver(claim_approved, dispatch_uid="training.claim_approved")
def activate_job_seeker(sender, claim, actor=None, **kwargs):
    """An approved claim makes its worker a job seeker for the matching."""
    job_seeker_profile_activate(claim=claim, actor=actor)


@receiver(participant_reemployed, dispatch_uid="training.participant_reemployed")
def stop_job_seeking(sender, participant, on_date, actor=None, **kwargs):
    """Re-employed from any source (a placement here, or reported elsewhere): no longer matched."""
    job_seeker_reemployed(participant=participant, on_date=on_date, actor=actor)
