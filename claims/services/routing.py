"""Which office handles a claim.

The rules, tried in order (``Routing``):

1. the employer's office, as the registry records it;
2. the branch covering the employer's regency;
3. the branch covering the participant's domicile regency;
4. the branch covering the regency that issued the NIK (its first four digits).

A claim that no rule routes keeps no office and waits in the unrouted queue,
where a supervisor of a regional office or the head office routes it by hand
(``claim_route``, audited). A claim is never invisible: staff of every branch
see only their office's claims, so an unrouted claim is listed there until
someone routes it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim, Participant, Routing
from claims.services.claim_state import lock_claim
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import regency_for_nik
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError

__all__ = ["branch_covering", "claim_route", "route_for", "routable_offices"]


def branch_covering(regency: str) -> int | None:
    """The branch whose coverage lists ``regency`` (the offices import keeps
    one branch per regency); ``None`` when none does."""
    if not regency:
        return None
    return (
        Office.objects.filter(kind=Office.Kind.BRANCH, regencies__contains=[regency])
        .order_by("code")
        .values_list("pk", flat=True)
        .first()
    )


def route_for(participant: Participant) -> tuple[int | None, str]:
    """``(office_id, Routing value)`` by the first rule that applies, or ``(None, "")``."""
    employer = participant.employer
    if employer is not None and employer.office_id:
        return employer.office_id, Routing.EMPLOYER
    candidates = (
        (employer.regency if employer is not None else "", Routing.EMPLOYER_AREA),
        (participant.domicile_regency, Routing.DOMICILE),
        (regency_for_nik(participant.nik), Routing.NIK),
    )
    for regency, rule in candidates:
        office_id = branch_covering(regency)
        if office_id is not None:
            return office_id, rule
    return None, ""


def routable_offices(user):
    """The branches a supervisor may route a claim to: those in their scope."""
    qs = Office.objects.filter(kind=Office.Kind.BRANCH).order_by("name")
    scope = office_scope_ids(user)
    return qs if scope is None else qs.filter(pk__in=scope)


def can_route(user) -> bool:
    """Supervisors of a regional office or the head office, and admins."""
    if user.has_role("admin"):
        return True
    office = user.office
    return (
        user.has_role("supervisor") and office is not None and office.kind in (Office.Kind.REGIONAL, Office.Kind.HEAD)
    )


@transaction.atomic
def claim_route(*, claim: Claim, office: Office, actor, reason: str) -> Claim:
    """Route an unrouted claim to ``office`` by hand."""
    claim = lock_claim(claim)
    reason = (reason or "").strip()
    if not can_route(actor):
        raise ApplicationError(_("Hanya supervisor kantor wilayah atau kantor pusat yang dapat mengarahkan klaim."))
    if claim.office_id is not None:
        raise StateConflictError(
            _("Klaim ini sudah diarahkan ke %(office)s.") % {"office": claim.office.name}, code="already_routed"
        )
    if not routable_offices(actor).filter(pk=office.pk).exists():
        raise ApplicationError(
            _("Pilih kantor cabang dalam wilayah Anda."), errors={"office": [_("Di luar wilayah Anda.")]}
        )
    if len(reason) < 10:
        raise ApplicationError(
            _("Tulis alasan pengarahan (minimal 10 karakter)."), errors={"reason": [_("Minimal 10 karakter.")]}
        )
    claim.office = office
    claim.routed_by = Routing.MANUAL
    claim.save(update_fields=["office", "routed_by", "updated_at"])
    audit_record(
        actor=actor,
        obj=claim,
        action="claim_routed",
        from_state="unrouted",
        to_state=office.code,
        reason=reason,
        data={"office": office.code},
    )
    return claim
