"""The staff pages: the verification and approval queues and the staff claim
page (documents, registry data, the verdict now, the decision forms, the audit
trail). The decisions themselves are posted to ``claims.views.claims.decisions``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.forms.claims import ApproveDecisionForm, QueueFilterForm, VerifyDecisionForm
from claims.models import Claim, DocumentKind, Participant
from claims.models.claims import CORRECTABLE_FIELDS, PHK_REASON_CHOICES, checklist_for, required_document_kinds
from claims.selectors import claims as sel
from claims.selectors.assisted import assisted_line
from claims.selectors.completeness import phk_blockers
from claims.selectors.registry import participant_ledger
from claims.signals import claim_phk_proof
from claims.views.claims.decisions import refused_form
from claims.views.claims.shared import S, verdict_or_error
from jkp_portal.accounts.regions import regency_for_nik
from jkp_portal.accounts.roles import CLAIM_STAFF_ROLES, Role
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.permissions import roles_required

STAFF_VIEW_ROLES = CLAIM_STAFF_ROLES


PAGE_SIZES = (25, 50, 100)


def _queue(request, *, title: str, default_status: str, status_choices, template: str):
    form = QueueFilterForm(request.GET or None, status_choices=status_choices)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or default_status
    statuses = [s for s, _label in status_choices if s] if status == "open" else [status]
    qs = sel.claim_queue(
        user=request.user,
        statuses=statuses,
        proof_type=data.get("proof_type", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        query=data.get("q", ""),
    )
    try:
        size = int(request.GET.get("size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    params.pop("size", None)
    return render(
        request,
        template,
        {
            "title": title,
            "form": form,
            "page": page,
            "claims": sel.queue_rows(page.object_list, today=timezone.localdate()),
            "today": timezone.localdate(),
            "query_string": query_string,
            "query_string_nosize": params.urlencode(),
            "page_sizes": PAGE_SIZES,
            "size": size,
        },
    )


@roles_required(Role.VERIFIER, Role.SUPERVISOR, Role.ADMIN)
def verifier_queue(request):
    choices = [
        (S.SUBMITTED.value, S.SUBMITTED.label),
        (S.NEEDS_CORRECTION.value, S.NEEDS_CORRECTION.label),
        (S.VERIFIED.value, S.VERIFIED.label),
        (S.APPROVED.value, S.APPROVED.label),
        (S.REJECTED.value, S.REJECTED.label),
        (S.WITHDRAWN.value, S.WITHDRAWN.label),
    ]
    return _queue(
        request,
        title=_("Antrean verifikasi"),
        default_status=S.SUBMITTED,
        status_choices=choices,
        template="claims/staff/queue.html",
    )


@roles_required(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN)
def approver_queue(request):
    choices = [
        (S.VERIFIED.value, S.VERIFIED.label),
        (S.APPROVED.value, S.APPROVED.label),
        (S.REJECTED.value, S.REJECTED.label),
    ]
    return _queue(
        request,
        title=_("Antrean persetujuan"),
        default_status=S.VERIFIED,
        status_choices=choices,
        template="claims/staff/queue.html",
    )


def staff_claim_context(request, claim, *, verify_form=None, approve_form=None) -> dict:
    user = request.user
    # The page shows the worker's full NIK (checked against the documents).
    log_personal_data_access(request, claim.participant, ["nik"])
    documents = sel.claim_documents(claim, include_replaced=True)
    events = sel.claim_events(claim)
    today = timezone.localdate()
    if claim.status in (S.APPROVED, S.REJECTED) and claim.verdict:
        verdict, verdict_error, frozen = claim.verdict, "", True
    else:
        verdict, verdict_error = verdict_or_error(claim, decision_date=today)
        frozen = False
    verdict = sel.verdict_display(verdict)
    assisting = claim.assisted_by_id == user.pk or (
        claim.assisted_session_id is not None and claim.assisted_session.officer_id == user.pk
    )
    can_verify = claim.status == S.SUBMITTED and user.has_role(Role.VERIFIER) and not assisting
    is_own = claim.participant.user_id == user.pk
    same_person = claim.verified_by_id == user.pk
    can_approve = (
        claim.status == S.VERIFIED and user.has_role(Role.APPROVER) and not same_person and not is_own and not assisting
    )
    if can_verify and verify_form is None:
        verify_form = VerifyDecisionForm(claim=claim)
    if can_approve and approve_form is None:
        approve_form = ApproveDecisionForm()
    ledger = participant_ledger(claim.participant, months=24, until=claim.phk_date or today)
    previous = list(
        Claim.objects.filter(participant_id=claim.participant_id)
        .exclude(pk=claim.pk)
        .order_by("-created_at")
        .only("id", "status", "phk_date", "decision_date", "created_at")
    )
    required = required_document_kinds(claim.proof_type, claim.participant.contract_type) if claim.proof_type else ()
    current_kinds = {d.kind for d in documents if not d.replaced}
    open_claim = claim.status in (S.SUBMITTED, S.NEEDS_CORRECTION, S.VERIFIED)
    return {
        "phk_report": _phk_report(claim.participant),
        "phk_blockers": phk_blockers(claim) if open_claim else [],
        "claim": claim,
        "participant": claim.participant,
        "nik_regency": regency_for_nik(claim.participant.nik),
        "documents": [d for d in documents if not d.replaced],
        "replaced_documents": [d for d in documents if d.replaced],
        "duplicate_documents": sel.duplicate_documents([d for d in documents if not d.replaced]),
        "missing_documents": [DocumentKind(k).label for k in required if k not in current_kinds],
        "events": events,
        "verdict": verdict,
        "verdict_frozen": frozen,
        "verdict_error": verdict_error,
        "criteria": sel.criterion_rows(verdict),
        "checklist": checklist_for(claim.proof_type, claim.participant.contract_type),
        "checked": claim.checklist or {},
        "ledger": ledger,
        "paid_in_window": sum(1 for row in ledger if row["status"] == "paid"),
        "previous_claims": previous,
        "verify_form": verify_form if can_verify else None,
        "approve_form": approve_form if can_approve else None,
        "same_person": claim.status == S.VERIFIED and same_person,
        "rejection_reasons": [(code, sel.reason_label(code)) for code in claim.rejection_reasons],
        "correction": claim.correction_request or None,
        "correction_docs": [
            DocumentKind(k).label
            for k in (claim.correction_request or {}).get("documents", [])
            if k in DocumentKind.values
        ],
        "correction_fields": [
            CORRECTABLE_FIELDS[f] for f in (claim.correction_request or {}).get("fields", []) if f in CORRECTABLE_FIELDS
        ],
        "reason_label": dict(PHK_REASON_CHOICES).get(claim.phk_reason, claim.phk_reason),
        "nik_masked": sel.mask_nik(claim.participant.nik),
        "today": today,
        "assisted_line": assisted_line(claim),
        "assisted_session": claim.assisted_session if claim.assisted_session_id else None,
        "assisting": assisting,
    }


def _phk_report(participant) -> dict | None:
    """The employer's mediator-confirmed PHK report (claims.phk), shown as proof."""
    replies = claim_phk_proof.send(sender=Participant, participant=participant)
    return next((proof for _receiver, proof in replies if proof), None)


@roles_required(*STAFF_VIEW_ROLES)
def staff_claim(request, pk: int):
    """The staff claim view: documents, registry data, the verdict now, decisions, audit trail."""
    claim = sel.claim_get_for_staff(user=request.user, pk=pk)
    return render(
        request, "claims/staff/claim.html", staff_claim_context(request, claim, **refused_form(request, claim))
    )
