"""Receivers of the cross-app signals (claims/signals.py), connected in
PayoutsConfig.ready. They run inside the sender's transaction."""

from django.dispatch import receiver

from claims import signals

from .models import EndReason
from .services import activity_record, attendance_record, benefit_create_from_claim, benefit_end


@receiver(signals.claim_approved, dispatch_uid="payouts.claim_approved")
def on_claim_approved(sender, claim, actor=None, settle_now=True, **kwargs):
    benefit_create_from_claim(claim=claim, actor=actor, settle_now=settle_now)


@receiver(signals.participant_reemployed, dispatch_uid="payouts.participant_reemployed")
def on_participant_reemployed(sender, participant, on_date, actor=None, source="", **kwargs):
    benefit_end(participant=participant, on_date=on_date, reason=EndReason.REEMPLOYED, actor=actor, source=source or "")


@receiver(signals.job_search_activity, dispatch_uid="payouts.job_search_activity")
def on_job_search_activity(
    sender, participant, kind, occurred_on, source, reference, description="", actor=None, **kwargs
):
    activity_record(
        participant=participant,
        kind=kind,
        occurred_on=occurred_on,
        source=source,
        reference=reference,
        description=description,
        actor=actor,
        company=kwargs.get("company", ""),
        position=kwargs.get("position", ""),
    )


@receiver(signals.training_attendance_recorded, dispatch_uid="payouts.training_attendance")
def on_training_attendance(sender, participant, month, percentage, source, reference, actor=None, **kwargs):
    attendance_record(
        participant=participant, month=month, percentage=percentage, source=source, reference=reference, actor=actor
    )
