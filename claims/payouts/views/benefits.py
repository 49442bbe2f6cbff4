"""The benefit pages: the worker's benefits and their months, the staff view of a
benefit (ledger, audit trail) and a supervisor's "stop benefit"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.accounts.roles import OFFICE_LEAD_ROLES
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import has_any_role, roles_required

from ..bankfiles import ACCOUNT_REASONS
from ..forms import EndBenefitForm
from ..models import Benefit
from ..selectors import STAFF_ROLES, benefit_ledger, job_search_progress
from ..services import benefit_end
from .common import _benefit_or_404, _require


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
