"""Employer reimbursements: the employer's request for the cash benefit it paid
itself, and the staff review (complete, pay, reject)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from ..forms import ReimbursementPayForm, ReimbursementRequestForm, RejectForm
from ..selectors import (
    MAX_ID,
    STAFF_ROLES,
    employer_owed_benefits,
    reimbursements_for_employer,
    reimbursements_for_staff,
)
from ..services import reimbursement_mark_complete, reimbursement_pay, reimbursement_reject, reimbursement_request
from .common import _require


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
