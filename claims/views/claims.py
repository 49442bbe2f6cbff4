"""Browser pages of the claim journey: sign-up, the filing wizard, the worker's
claim page, documents and letters, and the staff queues and claim view.

Views only translate between HTTP and the services/selectors; every business
rule (and its Indonesian message) lives in the services (``claims.services.drafts``,
``claims.services.transitions``, ``claims.services.registration``).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.throttling import AnonRateThrottle

from claims.forms.claims import (
    ApproveDecisionForm,
    BankStepForm,
    DocumentUploadForm,
    KapkStepForm,
    PhkStepForm,
    ProofStepForm,
    QueueFilterForm,
    SignupForm,
    VerifyDecisionForm,
    WithdrawForm,
)
from claims.letters import render_decision_letter
from claims.models import Claim, ClaimStatus, DocumentKind, Participant, ProofType
from claims.models.claims import (
    CORRECTABLE_FIELDS,
    INDONESIAN_BANKS,
    KAPK_STATEMENT,
    PHK_REASON_CHOICES,
    checklist_for,
    required_document_kinds,
)
from claims.selectors import claims as sel
from claims.selectors.completeness import (
    correction_document_kinds,
    correction_editable_fields,
    missing_items,
    phk_blockers,
)
from claims.selectors.registry import participant_ledger
from claims.services import transitions
from claims.services.claim_state import TRANSITIONS
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft, claim_update_draft
from claims.services.registration import worker_register
from claims.signals import claim_phk_proof
from jkp_portal.accounts.roles import CLAIM_STAFF_ROLES, Role
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.downloads import download_name, set_disposition
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

S = ClaimStatus
STAFF_VIEW_ROLES = CLAIM_STAFF_ROLES

# The wizard: (slug, title). The worker can move freely between steps; each saves the draft.
STEPS = (
    ("phk", gettext_lazy("Data PHK")),
    ("bukti", gettext_lazy("Bukti PHK")),
    ("rekening", gettext_lazy("Rekening bank")),
    ("komitmen", gettext_lazy("Komitmen (KAPK)")),
    ("tinjau", gettext_lazy("Tinjau & ajukan")),
)
STEP_SLUGS = [slug for slug, _title in STEPS]
PAGE_SIZES = (25, 50, 100)
# Names in the claim services' errors that carry codes or lists for the page, not a
# text for a field of these forms: left off the form, so the service's message shows.
PAGE_KEYS = ("status", "claim", "eligibility", "checklist", "phk")


class SignupThrottle(AnonRateThrottle):
    scope = "anon_auth"


def _posted(request):
    """The POST data of a POST (even an empty one, so a blank form shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get(
        "accept", ""
    )


# ---------------------------------------------------------------------------
# sign-up


@require_http_methods(["GET", "POST"])
def signup(request):
    """A laid-off worker creates an account matching their registry record."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(_posted(request))
    if request.method == "POST":
        if not SignupThrottle().allow_request(request, None):
            form.is_valid()
            form.add_error(None, _("Terlalu banyak percobaan pendaftaran. Coba lagi beberapa menit lagi."))
            return render(request, "claims/signup.html", {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = worker_register(
                    nik=data["nik"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password"],
                )
            except ApplicationError as exc:
                errors_to_form(form, exc, page_keys=PAGE_KEYS)
            else:
                login(request, registration.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Akun Anda sudah dibuat. Selanjutnya masuk dengan NIK %(nik)s dan kata sandi Anda.")
                    % {"nik": registration.user.username},
                )
                return redirect("claims:my_claims")
    return render(request, "claims/signup.html", {"form": form})


# ---------------------------------------------------------------------------
# the worker


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


def _step_context(request, claim, step: str, **extra) -> dict:
    index = STEP_SLUGS.index(step)
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
            {"slug": slug, "title": title, "number": i + 1, "missing": step_missing[slug]}
            for i, (slug, title) in enumerate(STEPS)
        ],
        "step_title": STEPS[index][1],
        "step_number": index + 1,
        "prev_step": STEP_SLUGS[index - 1] if index > 0 else None,
        "next_step": STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None,
        "documents": documents,
        "missing": missing,
        "correcting": claim.status == S.NEEDS_CORRECTION,
        "correction": _correction_view(claim),
        **extra,
    }


def _correction_view(claim) -> dict | None:
    if claim.status != S.NEEDS_CORRECTION:
        return None
    request = claim.correction_request or {}
    return {
        "documents": [DocumentKind(k).label for k in request.get("documents", []) if k in DocumentKind.values],
        "document_kinds": request.get("documents", []),
        "fields": [CORRECTABLE_FIELDS[f] for f in request.get("fields", []) if f in CORRECTABLE_FIELDS],
        "field_codes": request.get("fields", []),
        "note": request.get("note", ""),
        "requested_at": request.get("requested_at"),
    }


@roles_required(Role.WORKER)
@require_http_methods(["GET", "POST"])
def claim_step(request, pk: int, step: str):
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    if step not in STEP_SLUGS:
        raise Http404
    if claim.status not in (S.DRAFT, S.NEEDS_CORRECTION):
        messages.info(request, _("Klaim ini sudah diajukan dan tidak dapat diubah."))
        return redirect("claims:claim_detail", pk=claim.pk)
    editable = _editable(claim)
    handler = {
        "phk": _step_phk,
        "bukti": _step_proof,
        "rekening": _step_bank,
        "komitmen": _step_kapk,
        "tinjau": _step_review,
    }[step]
    return handler(request, claim, editable)


def _save_and_go(request, claim, form, fields: dict, next_step: str):
    try:
        claim_update_draft(claim=claim, actor=request.user, **fields)
    except ApplicationError as exc:
        errors_to_form(form, exc, page_keys=PAGE_KEYS)
        return None
    if request.POST.get("go") == "stay":
        messages.success(request, _("Tersimpan."))
        return redirect("claims:claim_step", pk=claim.pk, step=STEP_SLUGS[STEP_SLUGS.index(next_step) - 1])
    return redirect("claims:claim_step", pk=claim.pk, step=next_step)


def _step_phk(request, claim, editable):
    initial = {"phk_date": claim.phk_date, "phk_reason": claim.phk_reason}
    form = PhkStepForm(_posted(request), initial=initial)
    _disable(form, editable)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("phk_date", "phk_reason") if editable is None or k in editable}
        response = _save_and_go(request, claim, form, fields, "bukti")
        if response:
            return response
    return render(request, "claims/wizard/phk.html", _step_context(request, claim, "phk", form=form))


def _step_proof(request, claim, editable):
    form = ProofStepForm(_posted(request), initial={"proof_type": claim.proof_type})
    _disable(form, editable)
    if request.method == "POST" and form.is_valid() and (editable is None or "proof_type" in editable):
        try:
            claim_update_draft(claim=claim, actor=request.user, proof_type=form.cleaned_data["proof_type"])
        except ApplicationError as exc:
            errors_to_form(form, exc, page_keys=PAGE_KEYS)
        else:
            messages.success(request, _("Jenis bukti PHK disimpan. Unggah dokumen yang diminta di bawah."))
            return redirect(reverse("claims:claim_step", args=[claim.pk, "bukti"]) + "#dokumen")
    ctx = _step_context(request, claim, "bukti", form=form)
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


def _step_bank(request, claim, editable):
    initial = {
        "bank_name": claim.bank_name,
        "bank_account_number": claim.bank_account_number,
        "bank_account_holder": claim.bank_account_holder or claim.participant.full_name,
    }
    form = BankStepForm(_posted(request), initial=initial)
    _disable(form, editable)
    if request.method == "POST" and form.is_valid():
        names = ("bank_name", "bank_account_number", "bank_account_holder")
        fields = {k: form.cleaned_data[k] for k in names if editable is None or k in editable}
        response = _save_and_go(request, claim, form, fields, "komitmen")
        if response:
            return response
    return render(
        request,
        "claims/wizard/rekening.html",
        _step_context(request, claim, "rekening", form=form, banks=INDONESIAN_BANKS),
    )


def _step_kapk(request, claim, editable):
    form = KapkStepForm(_posted(request), initial={"kapk_signed": claim.kapk_signed})
    if claim.status != S.DRAFT:
        form.fields["kapk_signed"].disabled = True
    if request.method == "POST" and claim.status != S.DRAFT:
        return redirect("claims:claim_step", pk=claim.pk, step="tinjau")
    if request.method == "POST" and form.is_valid():
        response = _save_and_go(request, claim, form, {"kapk_signed": True}, "tinjau")
        if response:
            return response
    return render(
        request,
        "claims/wizard/komitmen.html",
        _step_context(request, claim, "komitmen", form=form, kapk_text=claim.kapk_statement or KAPK_STATEMENT),
    )


def _verdict_or_error(claim, **kwargs):
    try:
        return sel.claim_verdict(claim, **kwargs), ""
    except ApplicationError as exc:
        return None, exc.message


def _step_review(request, claim, editable):
    if request.method == "POST":
        return redirect("claims:claim_step", pk=claim.pk, step="tinjau")
    today = timezone.localdate()
    verdict, verdict_error = _verdict_or_error(claim, filed_on=claim.filed_on or today, decision_date=today)
    ctx = _step_context(
        request,
        claim,
        "tinjau",
        verdict=sel.verdict_display(verdict),
        verdict_error=verdict_error,
        criteria=sel.criterion_rows(verdict),
        hard_failed=[c for c in transitions.HARD_CRITERIA if verdict and c in verdict.failed],
        reason_label=dict(PHK_REASON_CHOICES).get(claim.phk_reason, ""),
    )
    return render(request, "claims/wizard/tinjau.html", ctx)


@roles_required(Role.WORKER)
@require_POST
def claim_submit(request, pk: int):
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    action = transitions.claim_resubmit if claim.status == S.NEEDS_CORRECTION else transitions.claim_submit
    try:
        action(claim=claim, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        if claim.status in (S.DRAFT, S.NEEDS_CORRECTION):
            return redirect("claims:claim_step", pk=claim.pk, step="tinjau")
        return redirect("claims:claim_detail", pk=claim.pk)
    messages.success(
        request,
        _("Klaim #%(id)s sudah diajukan. Kami akan memberi tahu Anda lewat email setiap ada keputusan.")
        % {"id": claim.pk},
    )
    return redirect("claims:claim_detail", pk=claim.pk)


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


@roles_required(Role.WORKER)
@require_POST
def document_upload(request, pk: int):
    """Upload one document (XHR with progress, or a plain form post)."""
    claim = sel.claim_get_for_worker(user=request.user, pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    back = reverse("claims:claim_step", args=[claim.pk, "bukti"]) + "#dokumen"
    if request.POST.get("back") == "rekening":
        back = reverse("claims:claim_step", args=[claim.pk, "rekening"])
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
        verdict, verdict_error = _verdict_or_error(claim)
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
            "correction": _correction_view(claim),
            "can_withdraw": claim.status in TRANSITIONS["withdraw"][0],
            "can_edit": claim.status in (S.DRAFT, S.NEEDS_CORRECTION),
            "withdraw_form": WithdrawForm(),
            "reason_label": dict(PHK_REASON_CHOICES).get(claim.phk_reason, ""),
        },
    )


# ---------------------------------------------------------------------------
# staff


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


def _staff_claim_context(request, claim, *, verify_form=None, approve_form=None) -> dict:
    user = request.user
    # The page shows the worker's full NIK (checked against the documents).
    log_personal_data_access(request, claim.participant, ["nik"])
    documents = sel.claim_documents(claim, include_replaced=True)
    events = sel.claim_events(claim)
    today = timezone.localdate()
    if claim.status in (S.APPROVED, S.REJECTED) and claim.verdict:
        verdict, verdict_error, frozen = claim.verdict, "", True
    else:
        verdict, verdict_error = _verdict_or_error(claim, decision_date=today)
        frozen = False
    verdict = sel.verdict_display(verdict)
    can_verify = claim.status == S.SUBMITTED and user.has_role(Role.VERIFIER)
    is_own = claim.participant.user_id == user.pk
    same_person = claim.verified_by_id == user.pk
    can_approve = claim.status == S.VERIFIED and user.has_role(Role.APPROVER) and not same_person and not is_own
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
        "documents": [d for d in documents if not d.replaced],
        "replaced_documents": [d for d in documents if d.replaced],
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
    }


def _phk_report(participant) -> dict | None:
    """The employer's mediator-confirmed PHK report (claims.phk), shown as proof."""
    replies = claim_phk_proof.send(sender=Participant, participant=participant)
    return next((proof for _receiver, proof in replies if proof), None)


@roles_required(*STAFF_VIEW_ROLES)
def staff_claim(request, pk: int):
    """The staff claim view: documents, registry data, the verdict now, decisions, audit trail."""
    claim = sel.claim_get_for_staff(user=request.user, pk=pk)
    return render(request, "claims/staff/claim.html", _staff_claim_context(request, claim))


@roles_required(Role.VERIFIER, Role.APPROVER)
@require_POST
def staff_decide(request, pk: int):
    claim = sel.claim_get_for_staff(user=request.user, pk=pk)
    stage = request.POST.get("stage")
    user = request.user
    if stage == "verify":
        form = VerifyDecisionForm(request.POST, claim=claim)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == S.VERIFIED:
                    transitions.claim_verify(claim=claim, actor=user, note=data["note"], checklist=form.checklist())
                    messages.success(request, _("Klaim #%(id)s terverifikasi.") % {"id": claim.pk})
                elif data["decision"] == S.NEEDS_CORRECTION:
                    transitions.claim_request_correction(
                        claim=claim,
                        actor=user,
                        documents=data["documents"],
                        fields=data["field_codes"],
                        note=data["note"],
                    )
                    messages.success(request, _("Permintaan perbaikan dikirim ke pekerja."))
                else:
                    transitions.claim_reject(claim=claim, actor=user, reasons=data["reasons"], note=data["note"])
                    messages.success(request, _("Klaim #%(id)s ditolak.") % {"id": claim.pk})
            except ApplicationError as exc:
                if exc.status_code == 403:
                    raise PermissionDenied(exc.message) from exc
                errors_to_form(form, exc, page_keys=PAGE_KEYS)
                messages.error(request, exc.message)
                status = exc.status_code
            else:
                return redirect("claims:verifier_queue")
        else:
            status = 400
        claim = sel.claim_get_for_staff(user=user, pk=pk)
        ctx = _staff_claim_context(request, claim, verify_form=form)
        return render(request, "claims/staff/claim.html", ctx, status=status)
    if stage == "approve":
        form = ApproveDecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == S.APPROVED:
                    transitions.claim_approve(claim=claim, actor=user, note=data["note"])
                    messages.success(request, _("Klaim #%(id)s disetujui; manfaat ditetapkan.") % {"id": claim.pk})
                else:
                    transitions.claim_reject(claim=claim, actor=user, reasons=data["reasons"], note=data["note"])
                    messages.success(request, _("Klaim #%(id)s ditolak.") % {"id": claim.pk})
            except ApplicationError as exc:
                if exc.status_code == 403:
                    raise PermissionDenied(exc.message) from exc
                errors_to_form(form, exc, page_keys=PAGE_KEYS)
                messages.error(request, exc.message)
                status = exc.status_code
            else:
                return redirect("claims:approver_queue")
        else:
            status = 400
        claim = sel.claim_get_for_staff(user=user, pk=pk)
        ctx = _staff_claim_context(request, claim, approve_form=form)
        return render(request, "claims/staff/claim.html", ctx, status=status)
    raise Http404
