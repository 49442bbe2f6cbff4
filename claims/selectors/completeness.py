"""What a claim still lacks or what stops it: the fields and documents missing
before submission, what a requested correction opens for editing, and the PHK
blockers claims.phk reports through the ``claim_decision_blockers`` hook. Reads
only; the transitions (``claims.services.transitions``) and the pages use them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from claims.models import Claim, ClaimDocument, DocumentKind
from claims.models.claims import required_document_kinds
from claims.signals import claim_decision_blockers

# Correctable field code -> the claim fields it opens for editing.
_CORRECTION_FIELD_MAP = {
    "phk_date": ("phk_date",),
    "phk_reason": ("phk_reason",),
    "proof_type": ("proof_type",),
    "bank_account": ("bank_name", "bank_account_number", "bank_account_holder"),
}


def correction_editable_fields(claim: Claim) -> set[str]:
    fields: set[str] = set()
    for code in claim.correction_request.get("fields", []):
        fields.update(_CORRECTION_FIELD_MAP.get(code, ()))
    return fields


def correction_document_kinds(claim: Claim) -> set[str]:
    """Document kinds the worker may (re)upload while a correction is requested."""
    request = claim.correction_request or {}
    kinds = set(request.get("documents", []))
    fields = set(request.get("fields", []))
    if "proof_type" in fields:
        kinds.update(DocumentKind.values)
    if "bank_account" in fields:
        kinds.add(DocumentKind.BANK_BOOK)
    return kinds


def current_documents(claim: Claim) -> list[ClaimDocument]:
    return list(ClaimDocument.objects.filter(claim=claim, replaced=False).order_by("kind", "uploaded_at"))


def missing_items(claim: Claim, documents=None) -> dict[str, list[str]]:
    """What the claim still lacks before it can be submitted: {field: [message]}."""
    errors: dict[str, list[str]] = {}
    labels = {
        "phk_date": _("Tanggal PHK wajib diisi."),
        "phk_reason": _("Alasan PHK wajib dipilih."),
        "proof_type": _("Jenis bukti PHK wajib dipilih."),
        "bank_name": _("Bank wajib dipilih."),
        "bank_account_number": _("Nomor rekening wajib diisi."),
        "bank_account_holder": _("Nama pemilik rekening wajib diisi."),
    }
    for name, message in labels.items():
        if not getattr(claim, name):
            errors[name] = [message]
    if not claim.kapk_signed:
        errors["kapk_signed"] = [_("Tandatangani komitmen aktivitas pencarian kerja (KAPK).")]
    if documents is None:
        documents = current_documents(claim)
    have = {d.kind for d in documents if not d.replaced}
    missing = [k for k in required_document_kinds(claim.proof_type, claim.participant.contract_type) if k not in have]
    if claim.proof_type and missing:
        errors["documents"] = [
            _("Dokumen belum diunggah: %(doc)s.") % {"doc": DocumentKind(kind).label} for kind in missing
        ]
    return errors


def phk_blockers(claim: Claim) -> list[str]:
    """Why the PHK itself stops a decision (a disputed or unconfirmed employer
    report, a PHK annulled by the court), from claims.phk; empty when none."""
    replies = claim_decision_blockers.send(sender=Claim, claim=claim)
    return [str(reason) for _receiver, reasons in replies for reason in reasons or []]
