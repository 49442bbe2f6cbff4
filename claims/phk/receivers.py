"""claims.phk answers the hooks of the claims core (claims/signals.py): the
employer's PHK report pre-fills a claim, stops its decision while the PHK is
unsettled, and is shown to the verifier as proof."""

from django.dispatch import receiver

from claims.signals import claim_decision_blockers, claim_draft_prefill, claim_phk_proof

from .selectors import claim_approval_blockers, phk_prefill_for, proof_from_report


@receiver(claim_draft_prefill, dispatch_uid="phk.claim_draft_prefill")
def prefill_from_report(sender, participant, **kwargs):
    return phk_prefill_for(participant)


@receiver(claim_decision_blockers, dispatch_uid="phk.claim_decision_blockers")
def blockers_from_report(sender, claim, **kwargs):
    return claim_approval_blockers(claim)


@receiver(claim_phk_proof, dispatch_uid="phk.claim_phk_proof")
def proof_of_report(sender, participant, **kwargs):
    return proof_from_report(participant)
