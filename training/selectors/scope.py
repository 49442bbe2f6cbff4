"""Who reaches what: a worker's participant and claim, a konselor's clients,
a staff member's provinces, an employer's company."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from claims.models import Claim, ClaimStatus, Employer, Participant
from counseling.selectors import cases_visible_to
from jkp_portal.accounts.models import Office, User
from jkp_portal.accounts.roles import COUNSELLING_STAFF_ROLES, OFFICE_LEAD_ROLES
from jkp_portal.accounts.selectors import office_scope_ids
from training.models import JobSeekerProfile

# Roles that manage LPKs and programmes and record attendance on the LPK's behalf
# (the LPK has no portal role: Disnaker/BPJS staff key in or import its lists).
PROGRAMME_STAFF_ROLES = OFFICE_LEAD_ROLES
# Roles that see job seekers, referrals and the supply-and-demand view.
COUNSELLING_ROLES = COUNSELLING_STAFF_ROLES


def participant_of(user: User) -> Participant | None:
    """The worker's participant record, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.participant
    except Participant.DoesNotExist:
        return None


def approved_claim_for(participant: Participant) -> Claim | None:
    """The participant's latest approved claim: its training budget and its
    benefit are the ones running."""
    return (
        Claim.objects.filter(participant=participant, status=ClaimStatus.APPROVED, decision_date__isnull=False)
        .order_by("-decision_date", "-pk")
        .first()
    )


def employer_of(user: User) -> Employer | None:
    if not user.is_authenticated or not user.has_role("employer") or not user.employer_npp:
        return None
    return Employer.objects.filter(npp=user.employer_npp).first()


def staff_province_codes(user: User) -> set[str] | None:
    """Provinces whose LPKs and programmes a staff member manages (None: all)."""
    ids = office_scope_ids(user)
    if ids is None:
        return None
    codes: set[str] = set()
    for province_codes in Office.objects.filter(pk__in=ids).values_list("province_codes", flat=True):
        codes.update(province_codes)
    return codes


def profiles_visible_to(user: User) -> QuerySet[JobSeekerProfile]:
    """Job seekers a konselor or supervisor works with: the participants of the
    counselling cases they reach (a konselor: their own cases; a supervisor or
    admin: their offices'), plus — for supervisors and admins — the job
    seekers whose claim belongs to their offices."""
    qs = JobSeekerProfile.objects.select_related("participant", "office")
    if not user.is_authenticated or not user.has_role(*COUNSELLING_ROLES):
        return qs.none()
    cond = Q(participant_id__in=cases_visible_to(user).values("participant_id"))
    if user.has_role("admin", "supervisor"):
        ids = office_scope_ids(user)
        if ids is None:
            return qs
        cond |= Q(office_id__in=ids)
    return qs.filter(cond)
