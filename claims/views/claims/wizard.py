"""The filing wizard: start a draft, then the steps (PHK, proof and documents,
bank account, KAPK, review); each step saves the draft."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from claims.forms.claims import BankStepForm, DocumentUploadForm, KapkStepForm, PhkStepForm, ProofStepForm
from claims.models import DocumentKind, Participant, ProofType
from claims.models.claims import INDONESIAN_BANKS, KAPK_STATEMENT, PHK_REASON_CHOICES, required_document_kinds
from claims.selectors import claims as sel
from claims.selectors.completeness import correction_document_kinds, correction_editable_fields, missing_items
from claims.services import transitions
from claims.services.drafts import claim_create_draft, claim_update_draft
from claims.views.claims.shared import PAGE_KEYS, Filer, S, correction_view, posted, verdict_or_error
from jkp_portal.accounts.roles import Role
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

# The wizard: (slug, title). The worker can move freely between steps; each saves the draft.
STEPS = (
    ("phk", gettext_lazy("Data PHK")),
    ("bukti", gettext_lazy("Bukti PHK")),
    ("rekening", gettext_lazy("Rekening bank")),
    ("komitmen", gettext_lazy("Komitmen (KAPK)")),
    ("tinjau", gettext_lazy("Tinjau & ajukan")),
)


STEP_SLUGS = [slug for slug, _title in STEPS]


@roles_required(Role.WORKER)
@require_http_methods(["GET", "POST"])
def claim_start(request):
    """What filing needs, then a draft (a double click makes one draft, not two)."""
    if request.method == "POST":
        try:
            claim, _created = claim_create_draft(actor=request.user, idempotency_key=request.POST.get("key"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("claims:my_claims")
        return redirect("claims:claim_step", pk=claim.pk, step="phk")
    participant = Participant.objects.select_related("employer").filter(user=request.user).first()
    proof_docs = [
        (label, [DocumentKind(k).label for k in required_document_kinds(value, "PKWTT")])
        for value, label in ProofType.choices
    ]
    return render(
        request,
        "claims/claim_start.html",
        {"participant": participant, "proof_docs": proof_docs, "start_key": uuid.uuid4().hex},
    )


def _editable(claim) -> set[str] | None:
    """Fields the worker may change now: None means all (a draft)."""
    if claim.status == S.DRAFT:
        return None
    return correction_editable_fields(claim)


def _disable(form, editable: set[str] | None) -> None:
    if editable is None:
        return
    for name, field in form.fields.items():
        if name not in editable:
            field.disabled = True


def _step_context(request, claim, step: str, filer: Filer, **extra) -> dict:
    index = STEP_SLUGS.index(step)
    urls = filer.urls(claim)
    documents = sel.claim_documents(claim)
    missing = missing_items(claim, documents)
    step_missing = {
        "phk": bool({"phk_date", "phk_reason"} & set(missing)),
        "bukti": bool({"proof_type", "documents"} & set(missing)),
        "rekening": bool({"bank_name", "bank_account_number", "bank_account_holder"} & set(missing)),
        "komitmen": "kapk_signed" in missing,
        "tinjau": bool(missing),
    }
    return {
        "claim": claim,
        "participant": claim.participant,
        "step": step,
        "steps": [
            {"slug": slug, "title": title, "number": i + 1, "missing": step_missing[slug], "url": urls["step"][slug]}
            for i, (slug, title) in enumerate(STEPS)
        ],
        "step_title": STEPS[index][1],
        "step_number": index + 1,
        "prev_step": STEP_SLUGS[index - 1] if index > 0 else None,
        "prev_url": urls["step"][STEP_SLUGS[index - 1]] if index > 0 else "",
        "urls": urls,
        "assisted": filer.session,
        "next_step": STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None,
        "documents": documents,
        "missing": missing,
        "correcting": claim.status == S.NEEDS_CORRECTION,
        "correction": correction_view(claim),
        **extra,
    }


@roles_required(Role.WORKER)
@require_http_methods(["GET", "POST"])
def claim_step(request, pk: int, step: str):
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    return wizard_step(request, claim, step, Filer())


def wizard_step(request, claim, step: str, filer: Filer):
    """One step of the wizard for ``filer`` (the worker, or an officer at a desk)."""
    if step not in STEP_SLUGS:
        raise Http404
    if claim.status not in (S.DRAFT, S.NEEDS_CORRECTION):
        messages.info(request, _("Klaim ini sudah diajukan dan tidak dapat diubah."))
        return redirect(filer.home_url(claim))
    editable = _editable(claim)
    handler = {
        "phk": _step_phk,
        "bukti": _step_proof,
        "rekening": _step_bank,
        "komitmen": _step_kapk,
        "tinjau": _step_review,
    }[step]
    return handler(request, claim, editable, filer)


def _save_and_go(request, claim, form, fields: dict, next_step: str, filer: Filer):
    try:
        claim_update_draft(claim=claim, actor=request.user, **fields)
    except ApplicationError as exc:
        errors_to_form(form, exc, page_keys=PAGE_KEYS)
        return None
    if request.POST.get("go") == "stay":
        messages.success(request, _("Tersimpan."))
        return redirect(filer.step_url(claim, STEP_SLUGS[STEP_SLUGS.index(next_step) - 1]))
    return redirect(filer.step_url(claim, next_step))


def _step_phk(request, claim, editable, filer: Filer):
    initial = {"phk_date": claim.phk_date, "phk_reason": claim.phk_reason}
    form = PhkStepForm(posted(request), initial=initial)
    _disable(form, editable)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("phk_date", "phk_reason") if editable is None or k in editable}
        response = _save_and_go(request, claim, form, fields, "bukti", filer)
        if response:
            return response
    return render(request, "claims/wizard/phk.html", _step_context(request, claim, "phk", filer, form=form))


def _step_proof(request, claim, editable, filer: Filer):
    form = ProofStepForm(posted(request), initial={"proof_type": claim.proof_type})
    _disable(form, editable)
    if request.method == "POST" and form.is_valid() and (editable is None or "proof_type" in editable):
        try:
            claim_update_draft(claim=claim, actor=request.user, proof_type=form.cleaned_data["proof_type"])
        except ApplicationError as exc:
            errors_to_form(form, exc, page_keys=PAGE_KEYS)
        else:
            messages.success(request, _("Jenis bukti PHK disimpan. Unggah dokumen yang diminta di bawah."))
            return redirect(filer.step_url(claim, "bukti") + "#dokumen")
    ctx = _step_context(request, claim, "bukti", filer, form=form)
    ctx.update(_document_slots(claim, ctx["documents"]))
    return render(request, "claims/wizard/bukti.html", ctx)


def _document_slots(claim, documents) -> dict:
    """The documents the chosen proof needs, each with its current upload."""
    current = {}
    others = []
    for document in documents:
        if document.kind == DocumentKind.OTHER:
            others.append(document)
        else:
            current.setdefault(document.kind, document)
    required = required_document_kinds(claim.proof_type, claim.participant.contract_type) if claim.proof_type else ()
    allowed = None if claim.status == S.DRAFT else correction_document_kinds(claim)
    slots = []
    for kind in required:
        slots.append(
            {
                "kind": kind,
                "label": DocumentKind(kind).label,
                "document": current.get(kind),
                "required": True,
                "can_upload": allowed is None or kind in allowed,
                "requested": allowed is not None and kind in (claim.correction_request or {}).get("documents", []),
            }
        )
    optional = [k for k in (DocumentKind.BANK_BOOK,) if k not in required]
    for kind in optional:
        slots.append(
            {
                "kind": kind,
                "label": DocumentKind(kind).label,
                "document": current.get(kind),
                "required": False,
                "can_upload": allowed is None or kind in allowed,
                "requested": allowed is not None and kind in (claim.correction_request or {}).get("documents", []),
            }
        )
    for kind, document in current.items():
        if kind not in required and kind not in optional:
            slots.append(
                {
                    "kind": kind,
                    "label": DocumentKind(kind).label,
                    "document": document,
                    "required": False,
                    "can_upload": allowed is None or kind in allowed,
                    "requested": allowed is not None and kind in (claim.correction_request or {}).get("documents", []),
                }
            )
    return {
        "slots": slots,
        "other_documents": others,
        "can_upload_other": allowed is None or DocumentKind.OTHER in allowed,
        "upload_form": DocumentUploadForm(),
        "max_mb": 10,
    }


def _step_bank(request, claim, editable, filer: Filer):
    initial = {
        "bank_name": claim.bank_name,
        "bank_account_number": claim.bank_account_number,
        "bank_account_holder": claim.bank_account_holder or claim.participant.full_name,
    }
    form = BankStepForm(posted(request), initial=initial)
    _disable(form, editable)
    if request.method == "POST" and form.is_valid():
        names = ("bank_name", "bank_account_number", "bank_account_holder")
        fields = {k: form.cleaned_data[k] for k in names if editable is None or k in editable}
        response = _save_and_go(request, claim, form, fields, "komitmen", filer)
        if response:
            return response
    return render(
        request,
        "claims/wizard/rekening.html",
        _step_context(request, claim, "rekening", filer, form=form, banks=INDONESIAN_BANKS),
    )


def _step_kapk(request, claim, editable, filer: Filer):
    form = KapkStepForm(posted(request), initial={"kapk_signed": claim.kapk_signed}, attested=filer.session is not None)
    if claim.status != S.DRAFT:
        form.fields["kapk_signed"].disabled = True
    if request.method == "POST" and claim.status != S.DRAFT:
        return redirect(filer.step_url(claim, "tinjau"))
    if request.method == "POST" and form.is_valid():
        response = _save_and_go(request, claim, form, {"kapk_signed": True}, "tinjau", filer)
        if response:
            return response
    return render(
        request,
        "claims/wizard/komitmen.html",
        _step_context(request, claim, "komitmen", filer, form=form, kapk_text=claim.kapk_statement or KAPK_STATEMENT),
    )


def _step_review(request, claim, editable, filer: Filer):
    if request.method == "POST":
        return redirect(filer.step_url(claim, "tinjau"))
    today = timezone.localdate()
    verdict, verdict_error = verdict_or_error(claim, filed_on=claim.filed_on or today, decision_date=today)
    ctx = _step_context(
        request,
        claim,
        "tinjau",
        filer,
        verdict=sel.verdict_display(verdict),
        verdict_error=verdict_error,
        criteria=sel.criterion_rows(verdict),
        hard_failed=[c for c in transitions.HARD_CRITERIA if verdict and c in verdict.failed],
        reason_label=dict(PHK_REASON_CHOICES).get(claim.phk_reason, ""),
    )
    return render(request, "claims/wizard/tinjau.html", ctx)
