"""The worker's claim pages: the list, the claim page, and the worker's own
transitions (submit or resubmit, withdraw)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.forms.claims import WithdrawForm
from claims.models import Participant
from claims.models.claims import PHK_REASON_CHOICES
from claims.selectors import claims as sel
from claims.selectors.assisted import assisted_line
from claims.services import transitions
from claims.services.claim_state import TRANSITIONS
from claims.views.claims.shared import Filer, S, correction_view, verdict_or_error
from jkp_portal.accounts.roles import Role
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required


@roles_required(Role.WORKER)
def my_claims(request):
    participant = Participant.objects.select_related("employer").filter(user=request.user).first()
    claims = list(sel.claims_of_worker(request.user)) if participant else []
    open_claim = next((c for c in claims if c.is_open), None)
    # A new claim makes no sense while the benefit of an approved one is still being paid.
    paying_claim = next(
        (c for c in claims if c.status == S.APPROVED and getattr(getattr(c, "benefit", None), "is_open", False)), None
    )
    return render(
        request,
        "claims/my_claims.html",
        {
            "participant": participant,
            "claims": claims,
            "open_claim": open_claim,
            "paying_claim": paying_claim,
            "start_key": uuid.uuid4().hex,
        },
    )


def _next_steps(claim) -> str:
    office = claim.office.name if claim.office_id else _("BPJS Ketenagakerjaan")
    return {
        S.DRAFT: _("Lengkapi langkah yang belum selesai, lalu ajukan klaim Anda."),
        S.SUBMITTED: _("Klaim Anda menunggu pemeriksaan verifikator %(office)s. Anda akan diberi tahu lewat email.")
        % {"office": office},
        S.NEEDS_CORRECTION: _("Petugas meminta perbaikan. Perbaiki yang diminta, lalu ajukan kembali."),
        S.VERIFIED: _("Dokumen Anda lengkap. Klaim menunggu persetujuan pejabat BPJS (orang yang berbeda)."),
        S.APPROVED: _(
            "Manfaat bulan pertama dibayarkan ke rekening Anda. Isi asesmen diri, ikuti bimbingan jabatan bersama "
            "konselor, dan laporkan kegiatan mencari kerja setiap bulan."
        ),
        S.REJECTED: _(
            "Klaim ditolak. Unduh surat penetapan untuk alasannya; bila tidak setuju, ajukan keberatan ke kantor "
            "cabang BPJS Ketenagakerjaan."
        ),
        S.WITHDRAWN: _("Klaim dibatalkan. Anda dapat mengajukan klaim baru bila masih dalam batas waktu."),
    }[claim.status]


@roles_required(Role.WORKER)
def claim_detail(request, pk: int):
    """The worker's claim page: status, what comes next, timeline, schedule."""
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    documents = sel.claim_documents(claim)
    events = sel.claim_events(claim)
    decided = claim.status in (S.APPROVED, S.REJECTED)
    if decided or claim.status == S.WITHDRAWN:
        verdict, verdict_error = (claim.verdict or None), ""
    else:
        verdict, verdict_error = verdict_or_error(claim)
    verdict = sel.verdict_display(verdict)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "participant": claim.participant,
            "documents": documents,
            "timeline": sel.worker_timeline(claim, events),
            "next_steps": _next_steps(claim),
            "verdict": verdict,
            "verdict_error": verdict_error,
            "criteria": sel.criterion_rows(verdict),
            "schedule": verdict["schedule"] if verdict and claim.status == S.APPROVED else [],
            "total": verdict["total"] if verdict and claim.status == S.APPROVED else None,
            "rejection_reasons": [(code, sel.reason_label(code)) for code in claim.rejection_reasons],
            "correction": correction_view(claim),
            "can_withdraw": claim.status in TRANSITIONS["withdraw"][0],
            "can_edit": claim.status in (S.DRAFT, S.NEEDS_CORRECTION),
            "withdraw_form": WithdrawForm(),
            "reason_label": dict(PHK_REASON_CHOICES).get(claim.phk_reason, ""),
            "assisted_line": assisted_line(claim),
        },
    )


@roles_required(Role.WORKER)
@require_POST
def claim_submit(request, pk: int):
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    return submit_for(request, claim, Filer())


def submit_for(request, claim, filer: Filer):
    """Submit (or resubmit after a correction) for ``filer``: the worker, or an officer at a desk."""
    action = transitions.claim_resubmit if claim.status == S.NEEDS_CORRECTION else transitions.claim_submit
    try:
        action(claim=claim, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        if claim.status in (S.DRAFT, S.NEEDS_CORRECTION):
            return redirect(filer.step_url(claim, "tinjau"))
        return redirect(filer.home_url(claim))
    if filer.session is not None:
        messages.success(request, _("Klaim #%(id)s sudah diajukan atas nama pekerja.") % {"id": claim.pk})
    else:
        messages.success(
            request,
            _("Klaim #%(id)s sudah diajukan. Kami akan memberi tahu Anda lewat email setiap ada keputusan.")
            % {"id": claim.pk},
        )
    return redirect(filer.home_url(claim))


@roles_required(Role.WORKER)
@require_POST
def claim_withdraw(request, pk: int):
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        transitions.claim_withdraw(claim=claim, actor=request.user, reason=reason)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Klaim #%(id)s sudah dibatalkan.") % {"id": claim.pk})
    return redirect("claims:claim_detail", pk=claim.pk)
