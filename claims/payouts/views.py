"""HTML pages of the payouts app: the worker's benefit, monthly report and bank
account; staff batches, payments, benefits and employer reimbursements."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.accounts.roles import OFFICE_LEAD_ROLES
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.downloads import download_name, set_disposition
from jkp_portal.common.errors import error_page
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import has_any_role, roles_required

from .apis import file_response
from .bankfiles import ACCOUNT_REASONS
from .forms import (
    ApplicationForm,
    EmploymentForm,
    EndBenefitForm,
    InterviewForm,
    ReimbursementPayForm,
    ReimbursementRequestForm,
    RejectForm,
    ResultsForm,
)
from .models import (
    ActivityKind,
    BatchStatus,
    Benefit,
    EmploymentStatusForm,
    JobSearchActivity,
    PaymentStatus,
    PayoutBatch,
    PayoutRun,
)
from .selectors import (
    BATCH_ROLES,
    MAX_ID,
    STAFF_ROLES,
    batch_for_staff,
    batch_payments,
    batches_for_staff,
    benefit_for_user,
    benefit_ledger,
    employer_owed_benefits,
    job_search_progress,
    late_payment_counts,
    late_payments,
    live_totals,
    payments_needing_action,
    reimbursements_for_employer,
    reimbursements_for_staff,
    report_activities,
)
from .services import (
    benefit_end,
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_import_results,
    payout_batch_prepare_reissue,
    payout_batch_send,
    reimbursement_mark_complete,
    reimbursement_pay,
    reimbursement_reject,
    reimbursement_request,
)
from .services.batches import SEND_ROLES
from .services.evidence import EmploymentFormInput, ReportEntry, job_search_report_submit, upcoming_month

logger = logging.getLogger(__name__)


def _require(request, roles):
    if not has_any_role(request.user, roles):
        raise PermissionDenied


def _benefit_or_404(request, pk: int) -> Benefit:
    if pk > MAX_ID:
        raise Http404
    try:
        return benefit_for_user(user=request.user, benefit_id=pk)
    except Benefit.DoesNotExist as exc:
        raise Http404 from exc


def _own_benefit_or_404(request, pk: int) -> Benefit:
    if pk > MAX_ID:
        raise Http404
    try:
        return Benefit.objects.select_related("participant").get(pk=pk, participant__user=request.user)
    except Benefit.DoesNotExist as exc:
        raise Http404 from exc


# --- worker ---------------------------------------------------------------------------------


@roles_required("worker")
def benefit_mine(request):
    """The worker's benefits: each month, its payment and where the money is, totals,
    and for the coming month what is still missing and by when."""
    today = timezone.localdate()
    benefits = list(
        Benefit.objects.filter(participant__user=request.user).select_related("claim").order_by("-decision_date")
    )
    progress = job_search_progress(participant_ids={b.participant_id for b in benefits}, today=today)
    items = []
    for benefit in benefits:
        ledger = benefit_ledger(benefit, today)
        p = progress.get(benefit.participant_id)
        items.append(
            {
                "benefit": benefit,
                "ledger": ledger,
                "progress": p if p is not None and p.benefit_id == benefit.pk else None,
                "failed": [r for r in ledger.rows if r.state == "failed"],
                "account_reasons": ACCOUNT_REASONS,
            }
        )
    return render(request, "payouts/benefit_mine.html", {"items": items, "today": today})


@roles_required("worker")
def report(request, pk: int):
    """The monthly job-search report for the coming month: add applications and
    invitations one at a time; before month 6 the employment-status form."""
    benefit = _own_benefit_or_404(request, pk)
    today = timezone.localdate()
    month = upcoming_month(benefit, today) if benefit.is_open and benefit.status == "active" else None
    application_form = ApplicationForm(prefix="app")
    interview_form = InterviewForm(prefix="inv")
    employment_form = EmploymentForm(prefix="emp")
    if request.method == "POST" and month is not None:
        kind = request.POST.get("kind")
        entries, form_input, form = [], None, None
        if kind == "application":
            form = application_form = ApplicationForm(request.POST, request.FILES, prefix="app")
            if form.is_valid():
                d = form.cleaned_data
                entries = [
                    ReportEntry(
                        ActivityKind.APPLICATION,
                        d["company"],
                        d["position"],
                        d["occurred_on"],
                        d["channel"],
                        d["evidence"],
                    )
                ]
        elif kind == "interview":
            form = interview_form = InterviewForm(request.POST, prefix="inv")
            if form.is_valid():
                d = form.cleaned_data
                entries = [ReportEntry(ActivityKind.INTERVIEW, d["company"], d["position"], d["occurred_on"])]
        elif kind == "employment":
            form = employment_form = EmploymentForm(request.POST, prefix="emp")
            if form.is_valid():
                form_input = EmploymentFormInput(**form.cleaned_data)
        if form is not None and form.is_valid():
            try:
                result = job_search_report_submit(
                    benefit=benefit, actor=request.user, entries=entries, employment_form=form_input
                )
            except ApplicationError as exc:
                errors_to_form(form, exc, aliases={"entries[0]": "__all__", "employment_form": "__all__"})
                messages.error(request, exc.message)
            else:
                if result.ended:
                    messages.success(request, _("Terima kasih. Manfaat dihentikan karena Anda sudah bekerja kembali."))
                    return redirect("payouts:benefit_mine")
                if result.withheld_now_met:
                    messages.success(
                        request,
                        _("Syarat bulan ke-%(n)s sudah terpenuhi; pembayarannya sedang diproses.")
                        % {"n": result.month.month_no},
                    )
                    return redirect("payouts:benefit_mine")
                messages.success(request, _("Laporan tersimpan."))
                return redirect("payouts:report", pk=benefit.pk)
    progress = job_search_progress(participant_ids=[benefit.participant_id], today=today).get(benefit.participant_id)
    activities = report_activities(benefit, month)
    has_form = EmploymentStatusForm.objects.filter(benefit=benefit).exists()
    return render(
        request,
        "payouts/report.html",
        {
            "benefit": benefit,
            "month": month,
            "progress": progress if progress and progress.benefit_id == benefit.pk else None,
            "activities": activities,
            "application_form": application_form,
            "interview_form": interview_form,
            "employment_form": employment_form,
            "show_employment": month is not None and month.month_no == benefit.last_month_no and not has_form,
            "has_form": has_form,
        },
    )


@login_required
def evidence(request, pk: int):
    """An evidence file, to its worker and to staff of the benefit's office only."""
    if pk > MAX_ID:
        raise Http404
    activity = get_object_or_404(JobSearchActivity.objects.select_related("participant"), pk=pk)
    if not activity.evidence:
        raise Http404
    own = activity.participant.user_id == request.user.pk
    if not own:
        if activity.benefit_id is None:
            raise Http404
        _benefit_or_404(request, activity.benefit_id)
        _require(request, STAFF_ROLES)
    response = FileResponse(
        activity.evidence.open("rb"), content_type=activity.evidence_type or "application/octet-stream"
    )
    set_disposition(
        response,
        filename=download_name(activity.evidence_name or "bukti", activity.evidence_type),
        as_attachment=False,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- staff: benefits -----------------------------------------------------------------------


@login_required
def benefit_detail(request, pk: int):
    """Staff view of a benefit (and the worker's own, read-only): ledger and audit trail."""
    benefit = _benefit_or_404(request, pk)
    staff = has_any_role(request.user, STAFF_ROLES)
    if not staff:
        return redirect("payouts:benefit_mine")
    today = timezone.localdate()
    progress = job_search_progress(participant_ids=[benefit.participant_id], today=today).get(benefit.participant_id)
    return render(
        request,
        "payouts/benefit_detail.html",
        {
            "benefit": benefit,
            "ledger": benefit_ledger(benefit, today),
            "progress": progress if progress and progress.benefit_id == benefit.pk else None,
            "events": list(audit_events_for(benefit)),
            "end_form": EndBenefitForm(initial={"on_date": today}),
            "can_end": has_any_role(request.user, OFFICE_LEAD_ROLES) and benefit.status == "active",
            "reimbursements": list(benefit.reimbursements.all()),
        },
    )


@login_required
@require_POST
def benefit_stop(request, pk: int):
    _require(request, OFFICE_LEAD_ROLES)
    benefit = _benefit_or_404(request, pk)
    form = EndBenefitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi alasan dan tanggal penghentian."))
        return redirect("payouts:benefit_detail", pk=pk)
    try:
        ended = benefit_end(
            participant=benefit.participant,
            on_date=form.cleaned_data["on_date"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            source="payouts.staff",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Manfaat dihentikan.") if ended else _("Tidak ada manfaat yang berjalan."))
    return redirect("payouts:benefit_detail", pk=pk)


# --- staff: batches ------------------------------------------------------------------------


@roles_required(*BATCH_ROLES)
def batches(request):
    """Payout batches of the office with their totals and differences; payments
    that need action; the last runs."""
    status = request.GET.get("status", "")
    if status not in ("", *BatchStatus.values):
        status = ""
    qs = batches_for_staff(request.user, status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    live = live_totals([b.pk for b in rows if b.status == BatchStatus.PREPARED])
    for b in rows:
        if b.status == BatchStatus.PREPARED:
            b.payment_count, b.total_amount = live.get(b.pk, (0, b.total_amount * 0))
    needing = payments_needing_action(request.user)
    counts = dict(needing.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    late = late_payment_counts(request.user)
    totals = qs.exclude(status=BatchStatus.PREPARED).aggregate(
        total=Sum("total_amount"), paid=Sum("paid_total"), failed=Sum("failed_total")
    )
    return render(
        request,
        "payouts/batches.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": BatchStatus.choices,
            "failed_count": counts.get(PaymentStatus.FAILED, 0),
            "reissue_count": counts.get(PaymentStatus.REISSUE_READY, 0),
            "late_count": late["open"],
            "paid_late_count": late["paid"],
            "totals": totals,
            "runs": list(PayoutRun.objects.order_by("-started_at")[:5]),
        },
    )


def _batch_or_404(request, pk: int) -> PayoutBatch:
    _require(request, BATCH_ROLES)
    if pk > MAX_ID:
        raise Http404
    try:
        return batch_for_staff(user=request.user, batch_id=pk)
    except PayoutBatch.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def batch_detail(request, pk: int):
    batch = _batch_or_404(request, pk)
    if batch.status == BatchStatus.PREPARED:
        batch.payment_count, batch.total_amount = live_totals([batch.pk]).get(batch.pk, (0, batch.total_amount * 0))
    status_filter = request.GET.get("status", "")
    payments = batch_payments(batch)
    if status_filter in PaymentStatus.values:
        payments = payments.filter(status=status_filter)
    page = Paginator(payments, 50).get_page(request.GET.get("page"))
    by_status = dict(batch.payments.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    from .bank_adapters import bank_adapter

    adapter = bank_adapter()
    return render(
        request,
        "payouts/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "by_status": by_status,
            "status_filter": status_filter,
            "payment_statuses": PaymentStatus.choices,
            "results_form": ResultsForm(),
            "can_approve": request.user.has_role("approver")
            and batch.status == BatchStatus.PREPARED
            and batch.prepared_by_id != request.user.pk,
            "self_prepared": batch.prepared_by_id == request.user.pk,
            "self_approved": batch.approved_by_id == request.user.pk,
            "can_send": has_any_role(request.user, SEND_ROLES) and batch.status == BatchStatus.APPROVED,
            "can_fetch": batch.status == BatchStatus.SENT and adapter.name != "manual",
            "adapter_name": adapter.name,
            "events": list(audit_events_for(batch)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def batch_approve(request, pk: int):
    batch = _batch_or_404(request, pk)
    try:
        batch = payout_batch_approve(batch_id=batch.pk, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Batch #%(id)s disetujui: %(n)s pembayaran. Unduh berkas bank untuk mengirimkannya.")
            % {"id": batch.pk, "n": batch.payment_count},
        )
    return redirect("payouts:batch_detail", pk=pk)


@login_required
@require_POST
def batch_send(request, pk: int):
    """Send an approved batch to the bank ("tandai terkirim"): produces the
    pain.001 file and marks the batch sent. Approvers only."""
    batch = _batch_or_404(request, pk)
    _require(request, SEND_ROLES)
    try:
        batch = payout_batch_send(batch_id=batch.pk, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Batch #%(id)s ditandai terkirim ke bank. Unduh berkas pain.001 di bawah.") % {"id": batch.pk}
        )
    return redirect("payouts:batch_detail", pk=pk)


@login_required
def batch_file(request, pk: int):
    """Download the pain.001 file of a sent batch; a GET never changes the batch."""
    batch = _batch_or_404(request, pk)
    try:
        return file_response(batch)
    except StateConflictError as exc:
        return error_page(request, status=409, message=exc.message)


@login_required
@require_POST
def batch_results(request, pk: int):
    batch = _batch_or_404(request, pk)
    form = ResultsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas hasil bank (pain.002 atau CSV)."))
        return redirect("payouts:batch_detail", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        summary = payout_batch_import_results(
            batch_id=batch.pk, actor=request.user, content=upload.read(), source_name=upload.name or ""
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for problem in (exc.errors or {}).get("file", [])[:20]:
            messages.error(request, problem)
    else:
        _summary_message(request, summary)
    return redirect("payouts:batch_detail", pk=pk)


def _summary_message(request, summary) -> None:
    messages.success(
        request,
        _("Hasil bank diimpor: %(paid)s dibayar, %(failed)s gagal, %(pending)s masih diproses bank.")
        % {"paid": summary.paid, "failed": summary.failed, "pending": summary.pending},
    )


@login_required
@require_POST
def batch_fetch(request, pk: int):
    batch = _batch_or_404(request, pk)
    try:
        summary = payout_batch_fetch_results(batch_id=batch.pk, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for problem in (exc.errors or {}).get("file", [])[:20]:
            messages.error(request, problem)
    else:
        _summary_message(request, summary)
    return redirect("payouts:batch_detail", pk=pk)


@login_required
@require_POST
def batch_reissue(request):
    _require(request, BATCH_ROLES)
    try:
        created = payout_batch_prepare_reissue(actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("payouts:batches")
    messages.success(
        request,
        _("%(n)s batch penerbitan ulang disiapkan; persetujuan harus oleh penyetuju lain.") % {"n": len(created)},
    )
    return redirect("payouts:batch_detail", pk=created[0].pk)


@roles_required(*BATCH_ROLES)
def payments(request):
    """Payments that need attention: failed, waiting for re-issue, or past their SLA."""
    view = request.GET.get("view", "late")
    if view == "late":
        qs = late_payments(request.user)
    elif view == "paid_late":
        qs = late_payments(request.user, paid=True)
    else:
        view = "action"
        qs = payments_needing_action(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "payouts/payments.html", {"page": page, "view": view, "today": timezone.localdate()})


# --- employer reimbursements ------------------------------------------------------------------


@roles_required("employer")
def employer_reimbursements(request):
    """The employer's workers whose cash benefit it pays itself, and its reimbursement requests."""
    benefits = list(employer_owed_benefits(request.user))
    for b in benefits:
        b.unclaimed = [m for m in b.months.all() if m.status == "employer" and m.reimbursement_id is None]
    form = ReimbursementRequestForm(request.POST or None)
    if request.method == "POST":
        benefit = next((b for b in benefits if str(b.pk) == request.POST.get("benefit")), None)
        if benefit is None:
            raise Http404
        if form.is_valid():
            try:
                reimbursement_request(
                    benefit=benefit,
                    actor=request.user,
                    arrears_settled_on=form.cleaned_data["arrears_settled_on"],
                    paid_to_worker_on=form.cleaned_data["paid_to_worker_on"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                errors_to_form(form, exc)
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Pengajuan penggantian terkirim."))
                return redirect("payouts:employer_reimbursements")
    return render(
        request,
        "payouts/employer_reimbursements.html",
        {"benefits": benefits, "form": form, "requests": list(reimbursements_for_employer(request.user)[:100])},
    )


@roles_required(*STAFF_ROLES)
def reimbursements(request):
    qs = reimbursements_for_staff(request.user).order_by("-requested_at")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "payouts/reimbursements.html",
        {"page": page, "pay_form": ReimbursementPayForm(), "reject_form": RejectForm(), "today": timezone.localdate()},
    )


@login_required
@require_POST
def reimbursement_action(request, pk: int, action: str):
    _require(request, STAFF_ROLES)
    if pk > MAX_ID:
        raise Http404
    item = get_object_or_404(reimbursements_for_staff(request.user), pk=pk)
    try:
        if action == "lengkap":
            reimbursement_mark_complete(reimbursement_id=item.pk, actor=request.user)
        elif action == "bayar":
            form = ReimbursementPayForm(request.POST)
            reimbursement_pay(
                reimbursement_id=item.pk,
                actor=request.user,
                reference=form.data.get("reference", ""),
            )
        elif action == "tolak":
            reimbursement_reject(reimbursement_id=item.pk, actor=request.user, reason=request.POST.get("reason", ""))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Penggantian #%(id)s diperbarui.") % {"id": item.pk})
    return redirect(reverse("payouts:reimbursements"))
