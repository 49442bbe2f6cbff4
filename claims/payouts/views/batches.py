"""Staff pages of payout batches: the office's batches, approval by a second
person, sending to the bank, the bank file and its results, re-issue; and the
payments that need attention."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.errors import error_page
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.permissions import has_any_role, roles_required

from ..apis import file_response
from ..forms import ResultsForm
from ..models import BatchStatus, PaymentStatus, PayoutBatch, PayoutRun
from ..selectors import (
    BATCH_ROLES,
    MAX_ID,
    batch_for_staff,
    batch_payments,
    batches_for_staff,
    late_payment_counts,
    late_payments,
    live_totals,
    payments_needing_action,
)
from ..services import (
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_import_results,
    payout_batch_prepare_reissue,
    payout_batch_send,
)
from ..services.batches import SEND_ROLES
from .common import _require


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
    from ..bank_adapters import bank_adapter

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
