"""Claim documents and the decision letter: the worker uploads, the worker and
the staff of the claim's office read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.forms.claims import DocumentUploadForm
from claims.letters import render_decision_letter
from claims.models import Claim
from claims.selectors import claims as sel
from claims.services.documents import claim_document_upload
from claims.views.claims.shared import Filer, S
from jkp_portal.accounts.roles import Role
from jkp_portal.common.downloads import download_name, set_disposition
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required


def _wants_json(request) -> bool:
    """The upload was sent by the page's script (progress bar), which reads JSON."""
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get(
        "accept", ""
    )


@roles_required(Role.WORKER)
@require_POST
def document_upload(request, pk: int):
    """Upload one document (XHR with progress, or a plain form post)."""
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    return upload_for(request, claim, Filer())


def upload_for(request, claim, filer: Filer):
    """The upload for ``filer`` (the worker, or an officer at a desk): same checks, same answers."""
    form = DocumentUploadForm(request.POST, request.FILES)
    back = filer.step_url(claim, "bukti") + "#dokumen"
    if request.POST.get("back") == "rekening":
        back = filer.step_url(claim, "rekening")
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        message = " ".join(m for errs in errors.values() for m in errs)
        if _wants_json(request):
            return JsonResponse({"detail": message, "errors": errors}, status=400)
        messages.error(request, message)
        return redirect(back)
    try:
        document = claim_document_upload(
            claim=claim, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
    except ApplicationError as exc:
        if _wants_json(request):
            return JsonResponse({"detail": exc.message, "code": exc.code, "errors": exc.errors}, status=exc.status_code)
        messages.error(request, exc.message)
        return redirect(back)
    message = _("%(kind)s diunggah.") % {"kind": document.get_kind_display()}
    if _wants_json(request):
        return JsonResponse({"id": document.pk, "kind": document.kind, "detail": message}, status=201)
    messages.success(request, message)
    return redirect(back)


@login_required
def document_file(request, pk: int, doc_pk: int):
    """A claim document, to the claim's worker and to staff of its office only."""
    claim = _claim_for_reader(request.user, pk)
    document = sel.claim_document_get(claim=claim, pk=doc_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=download_name(document.original_name, document.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _claim_for_reader(user, pk: int):
    if sel.is_staff(user):
        return sel.claim_get_for_staff(user=user, pk=pk)
    if user.has_role(Role.WORKER):
        return sel.claim_get_for_worker(user=user, pk=pk)
    raise PermissionDenied


@login_required
def claim_letter(request, pk: int):
    """The decision letter (surat penetapan) as PDF, for approved and rejected claims."""
    claim = _claim_for_reader(request.user, pk)
    if claim.status not in (S.APPROVED, S.REJECTED):
        raise Http404(_("Surat penetapan hanya ada untuk klaim yang sudah diputus."))
    claim = Claim.objects.select_related("participant", "participant__employer", "office", "decided_by").get(
        pk=claim.pk
    )
    pdf = render_decision_letter(claim)
    response = HttpResponse(pdf, content_type="application/pdf")
    set_disposition(response, filename=f"surat-penetapan-jkp-{claim.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
