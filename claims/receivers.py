"""Answers to hooks owned by the apps below claims."""

from django.db.models import Q
from django.dispatch import receiver

from claims.models import Participant
from jkp_portal.accounts.signals import personal_facts


@receiver(personal_facts, dispatch_uid="claims.personal_facts")
def participant_personal_facts(sender, user, **kwargs):
    """A worker's name and birth date as the registry knows them, so the password
    validator can refuse a password made of them."""
    match = Q(user_id=user.pk) | Q(nik=user.nik) if user.nik else Q(user_id=user.pk)
    participant = Participant.objects.filter(match).only("full_name", "birth_date").first()
    if participant is None:
        return None
    return {"names": [participant.full_name], "birth_dates": [participant.birth_date]}
