"""Claim transitions: one service per status change (the state machine and its
guards are in ``claims.services.claim_state``). Each writes its audit event in
the same transaction and notifies the worker after commit.

Submission policy: the worker sees the whole verdict before submitting. The
hard limits of the rules (the claim deadline and the lifetime limit of three
benefits) refuse the submission outright, since no document can cure them;
every other failing criterion is shown but the claim may still be submitted,
and the verifier rejects it with the coded reasons (the registry may be out of
date and the worker has the right to a decision on it).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import notifications
from claims.eligibility import CRITERIA_CODES, Verdict
from claims.models import Claim, ClaimDocument, DocumentKind
from claims.models.claims import CORRECTABLE_FIELDS, DOCUMENT_PROBLEM_CODES, checklist_for
from claims.selectors.claims import claim_verdict
from claims.selectors.completeness import missing_items, phk_blockers
from claims.services.claim_state import (
    S,
    assisted_audit,
    check_state,
    lock_claim,
    mark_assisted,
    require_filer,
    require_not_own_claim,
    require_owner,
    require_role,
    set_status,
    verdict_summary,
)
from claims.services.documents import document_review_mark
from claims.services.routing import route_for
from claims.signals import claim_approved
from jkp_portal.accounts.roles import Role
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError

# Criteria no document can cure: a submission failing them is refused.
HARD_CRITERIA = ("CLAIM_DEADLINE_PASSED", "CLAIM_LIMIT_REACHED")


def _require_complete(claim: Claim) -> None:
    errors = missing_items(claim)
    if errors:
        raise ApplicationError(
            _("Klaim belum lengkap. Lengkapi isian dan dokumen yang ditandai."), code="incomplete", errors=errors
        )


@transaction.atomic
def claim_submit(*, claim: Claim, actor) -> Claim:
    claim = lock_claim(claim)
    session = require_filer(claim, actor)
    target = check_state(claim, "submit")
    _require_complete(claim)
    today = timezone.localdate()
    verdict = claim_verdict(claim, filed_on=today, decision_date=today)
    hard = [code for code in HARD_CRITERIA if verdict is not None and code in verdict.failed]
    if hard:
        details = {c.code: c.detail for c in verdict.criteria}
        message = " ".join(
            _("Klaim tidak dapat diajukan: %(why)s (%(detail)s).")
            % {"why": _hard_text(code), "detail": details.get(code, "")}
            for code in hard
        )
        raise ApplicationError(message, code=hard[0].lower(), errors={"eligibility": hard})
    claim.submitted_at = timezone.now()
    claim.filed_on = today
    claim.office_id, claim.routed_by = route_for(claim.participant)
    claim.claim_deadline = verdict.claim_deadline if verdict else None
    assisted = mark_assisted(claim, session)
    set_status(
        claim,
        target,
        actor=actor,
        action="claim_submitted",
        data={**verdict_summary(verdict), **assisted_audit(session)},
        fields=("submitted_at", "filed_on", "office", "routed_by", "claim_deadline", *assisted),
    )
    notifications.claim_submitted(claim)
    return claim


def _hard_text(code: str) -> str:
    if code == "CLAIM_DEADLINE_PASSED":
        return _("batas waktu pengajuan klaim sudah lewat")
    return _("Anda sudah menerima manfaat JKP untuk 3 klaim (batas seumur hidup)")


@transaction.atomic
def claim_resubmit(*, claim: Claim, actor) -> Claim:
    """Send a corrected claim back to the verifier queue."""
    claim = lock_claim(claim)
    session = require_filer(claim, actor)
    target = check_state(claim, "resubmit")
    request = claim.correction_request or {}
    requested_at = request.get("requested_at")
    fresh = set(
        ClaimDocument.objects.filter(claim=claim, replaced=False, uploaded_at__gt=requested_at).values_list(
            "kind", flat=True
        )
        if requested_at
        else ()
    )
    stale = [kind for kind in request.get("documents", []) if kind not in fresh]
    if stale:
        raise ApplicationError(
            _("Unggah ulang dokumen yang diminta petugas: %(docs)s.")
            % {"docs": ", ".join(str(DocumentKind(k).label) for k in stale)},
            code="correction_incomplete",
            errors={"documents": [str(DocumentKind(k).label) for k in stale]},
        )
    _require_complete(claim)
    request = {**request, "resolved_at": timezone.now().isoformat()}
    claim.correction_request = request
    assisted = mark_assisted(claim, session)
    set_status(
        claim,
        target,
        actor=actor,
        action="claim_resubmitted",
        data=assisted_audit(session),
        fields=("correction_request", *assisted),
    )
    notifications.claim_resubmitted(claim)
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, actor, reason: str = "") -> Claim:
    claim = lock_claim(claim)
    require_owner(claim, actor)
    target = check_state(claim, "withdraw")
    set_status(claim, target, actor=actor, action="claim_withdrawn", reason=reason[:500])
    notifications.claim_withdrawn(claim)
    return claim


def _require_no_phk_blockers(claim: Claim) -> None:
    blockers = phk_blockers(claim)
    if blockers:
        raise ApplicationError(
            _("Klaim belum dapat diputus: %(why)s") % {"why": "; ".join(blockers)},
            code="phk_not_settled",
            errors={"phk": blockers},
        )


def _clean_reasons(reasons) -> list[str]:
    valid = set(CRITERIA_CODES) | set(DOCUMENT_PROBLEM_CODES)
    reasons = [str(r).strip().upper() for r in (reasons or []) if str(r).strip()]
    unknown = [r for r in reasons if r not in valid]
    if unknown:
        raise ApplicationError(
            _("Kode alasan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)},
            errors={"reasons": [_("Kode tidak dikenal: %(c)s") % {"c": c} for c in unknown]},
        )
    if not reasons:
        raise ApplicationError(_("Pilih minimal satu alasan penolakan."), errors={"reasons": [_("Wajib diisi.")]})
    return list(dict.fromkeys(reasons))


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Tulis catatan untuk pekerja."), errors={"note": [_("Wajib diisi.")]})
    return note[:2000]


@transaction.atomic
def claim_request_correction(*, claim: Claim, actor, documents=(), fields=(), note: str) -> Claim:
    """Send a submitted claim back to the worker, naming what to fix."""
    claim = lock_claim(claim)
    require_role(actor, Role.VERIFIER)
    require_not_own_claim(claim, actor)
    target = check_state(claim, "request_correction")
    note = _require_note(note)
    documents = list(dict.fromkeys(documents or ()))
    fields = list(dict.fromkeys(fields or ()))
    errors = {}
    if any(d not in DocumentKind.values for d in documents):
        errors["documents"] = [_("Jenis dokumen tidak dikenal.")]
    if any(f not in CORRECTABLE_FIELDS for f in fields):
        errors["fields"] = [_("Isian tidak dikenal.")]
    if errors:
        raise ApplicationError(_("Permintaan perbaikan tidak valid."), errors=errors)
    if not documents and not fields:
        raise ApplicationError(
            _("Pilih dokumen atau isian yang harus diperbaiki."),
            errors={"documents": [_("Pilih minimal satu dokumen atau isian.")]},
        )
    claim.correction_request = {
        "documents": documents,
        "fields": fields,
        "note": note,
        "requested_at": timezone.now().isoformat(),
        "requested_by": actor.get_username(),
    }
    document_review_mark(
        documents=ClaimDocument.objects.filter(claim=claim, replaced=False, kind__in=documents),
        review=ClaimDocument.Review.REJECTED,
        note=note,
    )
    set_status(
        claim,
        target,
        actor=actor,
        action="correction_requested",
        reason=note,
        data={"documents": documents, "fields": fields},
        fields=("correction_request",),
    )
    notifications.correction_requested(claim)
    return claim


def _clean_checklist(claim: Claim, checklist: dict | None) -> dict:
    # Required for every caller (HTML form, API, scripts): no checklist means
    # nothing was ticked, not "skip the check".
    items = checklist_for(claim.proof_type, claim.participant.contract_type)
    checklist = checklist or {}
    ticked = {code: bool(checklist.get(code)) for code, _label in items}
    missing = [str(label) for code, label in items if not ticked[code]]
    if missing:
        raise ApplicationError(
            _("Daftar periksa belum lengkap: %(items)s.") % {"items": "; ".join(missing)},
            code="checklist_incomplete",
            errors={"checklist": missing},
        )
    return ticked


@transaction.atomic
def claim_verify(*, claim: Claim, actor, note: str = "", checklist: dict | None = None) -> Claim:
    """The verifier found the documents in order and the claim eligible now."""
    claim = lock_claim(claim)
    require_role(actor, Role.VERIFIER)
    require_not_own_claim(claim, actor)
    target = check_state(claim, "verify")
    ticked = _clean_checklist(claim, checklist)
    _require_complete(claim)
    _require_no_phk_blockers(claim)
    verdict = claim_verdict(claim, decision_date=timezone.localdate())
    if verdict is None or not verdict.eligible:
        failed = list(verdict.failed) if verdict else []
        raise ApplicationError(
            _("Klaim tidak memenuhi syarat menurut perhitungan saat ini (%(codes)s); tolak dengan alasan tersebut.")
            % {"codes": ", ".join(failed)},
            code="not_eligible",
            errors={"eligibility": failed},
        )
    claim.verified_by = actor
    claim.verified_at = timezone.now()
    claim.verification_note = (note or "").strip()[:2000]
    claim.checklist = ticked
    document_review_mark(
        documents=ClaimDocument.objects.filter(claim=claim, replaced=False), review=ClaimDocument.Review.ACCEPTED
    )
    set_status(
        claim,
        target,
        actor=actor,
        action="claim_verified",
        reason=claim.verification_note,
        data={**verdict_summary(verdict), "checklist": ticked},
        fields=("verified_by", "verified_at", "verification_note", "checklist"),
    )
    notifications.claim_verified(claim)
    return claim


def _freeze(claim: Claim, verdict: Verdict) -> list[str]:
    claim.rule_set = verdict.rule_set
    claim.payer = verdict.payer
    claim.wage_base = verdict.wage_base
    claim.claim_deadline = verdict.claim_deadline
    claim.verdict = verdict.as_dict()
    return ["rule_set", "payer", "wage_base", "claim_deadline", "verdict"]


def _require_checker(claim: Claim, actor) -> None:
    require_role(actor, Role.APPROVER)
    require_not_own_claim(claim, actor)
    if claim.verified_by_id == actor.pk:
        raise ForbiddenError(
            _("Penyetuju harus orang yang berbeda dari verifikator klaim ini (prinsip empat mata)."),
            code="maker_checker",
        )


@transaction.atomic
def claim_approve(*, claim: Claim, actor, note: str = "") -> Claim:
    """Decide the claim eligible: recompute the verdict for today and freeze it.

    Freezes the rule set, payer, wage base, deadline and the whole verdict
    (criteria and six-month schedule) into the claim, then sends
    ``claim_approved`` inside the transaction (payouts creates the benefit,
    counselling assigns a konselor).
    """
    claim = lock_claim(claim)
    target = check_state(claim, "approve")
    _require_checker(claim, actor)
    _require_no_phk_blockers(claim)
    today = timezone.localdate()
    verdict = claim_verdict(claim, decision_date=today)
    if verdict is None or not verdict.eligible:
        failed = list(verdict.failed) if verdict else []
        raise ApplicationError(
            _("Klaim tidak memenuhi syarat pada tanggal penetapan (%(codes)s); tolak dengan alasan tersebut.")
            % {"codes": ", ".join(failed)},
            code="not_eligible",
            errors={"eligibility": failed},
        )
    frozen = _freeze(claim, verdict)
    claim.decision_date = today
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = (note or "").strip()[:2000]
    set_status(
        claim,
        target,
        actor=actor,
        action="claim_approved",
        reason=claim.decision_note,
        data={"rule_set": verdict.rule_set, "payer": verdict.payer, "total": verdict.as_dict()["total"]},
        fields=(*frozen, "decision_date", "decided_by", "decided_at", "decision_note"),
    )
    claim_approved.send(sender=Claim, claim=claim, actor=actor)
    notifications.claim_approved(claim)
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim, actor, reasons, note: str) -> Claim:
    """Reject with coded reasons: by the verifier (submitted) or the approver (verified)."""
    claim = lock_claim(claim)
    target = check_state(claim, "reject")
    if claim.status == S.SUBMITTED:
        require_role(actor, Role.VERIFIER)
        require_not_own_claim(claim, actor)
    else:
        _require_checker(claim, actor)
    reasons = _clean_reasons(reasons)
    note = _require_note(note)
    today = timezone.localdate()
    try:
        verdict = claim_verdict(claim, decision_date=today)
    except ApplicationError:  # no employer in the registry: reject on the coded reasons alone
        verdict = None
    frozen = _freeze(claim, verdict) if verdict is not None else []
    claim.rejection_reasons = reasons
    claim.decision_date = today
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = note
    set_status(
        claim,
        target,
        actor=actor,
        action="claim_rejected",
        reason=note,
        data={"reasons": reasons, **verdict_summary(verdict)},
        fields=(*frozen, "rejection_reasons", "decision_date", "decided_by", "decided_at", "decision_note"),
    )
    notifications.claim_rejected(claim)
    return claim
