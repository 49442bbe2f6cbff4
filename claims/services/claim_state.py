"""The claim's state machine and the guards every claim write uses.

Allowed transitions (``TRANSITIONS``)::

    draft ──submit──▶ submitted ──verify──▶ verified ──approve──▶ approved
      │                 │    ▲                  │
      │      request_correction  resubmit        └──reject──▶ rejected
      │                 ▼    │
      │           needs_correction          submitted ──reject──▶ rejected
      └─ withdraw (from draft, submitted, needs_correction, verified) ─▶ withdrawn

Every transition (``claims.services.transitions``) locks the claim row
(``lock_claim``), checks the current status (``check_state``: another status →
``StateConflictError``, HTTP 409, naming the current status), checks who may act
(``require_owner``, ``require_filer`` (the worker, or the service officer of an
open, consented desk session), ``require_role``, ``require_not_own_claim`` (which
also keeps the officer who filed a claim at a desk off its decisions):
``ForbiddenError``, 403) and writes the status with its audit event in the same
transaction (``set_status``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from claims.eligibility import Verdict
from claims.models import AssistedSession, Claim, ClaimStatus
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ForbiddenError, StateConflictError

S = ClaimStatus


# action -> (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "request_correction": (frozenset({S.SUBMITTED}), S.NEEDS_CORRECTION),
    "resubmit": (frozenset({S.NEEDS_CORRECTION}), S.SUBMITTED),
    "verify": (frozenset({S.SUBMITTED}), S.VERIFIED),
    "approve": (frozenset({S.VERIFIED}), S.APPROVED),
    "reject": (frozenset({S.SUBMITTED, S.VERIFIED}), S.REJECTED),
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.NEEDS_CORRECTION, S.VERIFIED}), S.WITHDRAWN),
}


def lock_claim(claim: Claim | int) -> Claim:
    pk = claim.pk if isinstance(claim, Claim) else claim
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("participant", "participant__employer", "participant__user", "verified_by")
        .get(pk=pk)
    )


def check_state(claim: Claim, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if claim.status not in sources:
        allowed = ", ".join(sorted(str(S(s).label) for s in sources))
        raise StateConflictError(
            _(
                "Klaim #%(id)s berstatus '%(status)s' (%(label)s); tindakan ini hanya untuk klaim berstatus: %(allowed)s."
            )
            % {"id": claim.pk, "status": claim.status, "label": claim.get_status_display(), "allowed": allowed},
            errors={"status": [claim.status]},
        )
    return target


def require_owner(claim: Claim, actor) -> None:
    if actor is None or claim.participant.user_id != actor.pk:
        raise ForbiddenError(_("Hanya pekerja pemilik klaim yang dapat melakukan ini."))


def require_filer(claim: Claim, actor) -> AssistedSession | None:
    """Who may fill and submit the claim: the worker who owns it (returns None),
    or the service officer of today's open session of its participant, once the
    worker's consent is recorded (returns that session)."""
    from claims.services.assisted import active_session, require_consent

    if actor is not None and getattr(actor, "is_authenticated", False) and claim.participant.user_id == actor.pk:
        return None
    session = active_session(participant_id=claim.participant_id, actor=actor)
    if session is None:
        raise ForbiddenError(_("Hanya pekerja pemilik klaim yang dapat melakukan ini."))
    require_consent(session)
    return session


def mark_assisted(claim: Claim, session: AssistedSession | None) -> list[str]:
    """Note on the claim that an officer filed it with the worker; the changed fields."""
    if session is None or (claim.assisted_session_id == session.pk and claim.assisted_by_id == session.officer_id):
        return []
    claim.assisted_by_id = session.officer_id
    claim.assisted_session = session
    return ["assisted_by", "assisted_session"]


def assisted_audit(session: AssistedSession | None) -> dict:
    from claims.services.assisted import session_data

    return session_data(session) if session is not None else {}


def require_role(actor, *roles: str) -> None:
    if actor is None or not actor.has_role(*roles):
        raise ForbiddenError(_("Peran Anda tidak berwenang melakukan tindakan ini."))


def require_not_own_claim(claim: Claim, actor) -> None:
    """Nobody decides their own claim, whatever their roles."""
    if claim.participant.user_id == actor.pk or (actor.nik and actor.nik == claim.participant.nik):
        raise ForbiddenError(_("Petugas tidak boleh memutus klaimnya sendiri."))
    require_not_assisting(claim, actor)


def _acted_for_the_worker(claim: Claim, actor) -> bool:
    """Any assisted action on this claim by ``actor`` (its audit events carry the
    session): also an officer who helped before another officer took over."""
    from django.contrib.contenttypes.models import ContentType

    from jkp_portal.audit.models import AuditEvent

    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Claim),
        object_id=str(claim.pk),
        actor_id=actor.pk,
        data__has_key="assisted_session",
    ).exists()


def require_not_assisting(claim: Claim, actor) -> None:
    """Separation of duties: the officer who filed a claim with the worker at a
    desk never checks or decides it (verify, send back, reject, approve)."""
    if (
        claim.assisted_by_id == actor.pk
        or AssistedSession.objects.filter(claim_id=claim.pk, officer_id=actor.pk).exists()
        or _acted_for_the_worker(claim, actor)
    ):
        raise ForbiddenError(
            _("Anda membantu pekerja mengajukan klaim ini, sehingga tidak boleh memeriksa atau memutusnya."),
            code="assisted_by_actor",
        )


def set_status(claim: Claim, target: str, *, actor, action: str, reason: str = "", data=None, fields=()):
    before = claim.status
    claim.status = target
    claim.save(update_fields=["status", "updated_at", *fields])
    audit_record(actor=actor, obj=claim, action=action, from_state=before, to_state=target, reason=reason, data=data)


def verdict_summary(verdict: Verdict | None) -> dict:
    if verdict is None:
        return {}
    return {"eligible": verdict.eligible, "failed": list(verdict.failed), "rule_set": verdict.rule_set}
