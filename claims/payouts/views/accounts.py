"""HTML pages for changing a benefit's bank account: the worker's request
(password), the one-time code, and the staff review of changes made shortly
before a payment. The rules are in ``services/accounts.py``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.accounts.selectors import scope_by_office
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import has_any_role

from ..forms import AccountForm, AccountReviewForm, OtpForm
from ..models import AccountChangeStatus, BankAccountChange, Benefit, Payment, PaymentStatus
from ..selectors import ACCOUNT_REVIEW_ROLES, MAX_ID, account_changes_decided, account_changes_for_review
from ..services.accounts import (
    OTP_MAX_ATTEMPTS,
    REVIEW_WORKING_DAYS,
    bank_account_change_approve,
    bank_account_change_reject,
    bank_account_change_request,
    bank_account_change_resend,
    bank_account_change_verify,
)

S = AccountChangeStatus


def _own_benefit_or_404(request, pk: int) -> Benefit:
    if not has_any_role(request.user, ("worker",)):
        raise PermissionDenied
    if pk > MAX_ID:
        raise Http404
    try:
        return Benefit.objects.select_related("participant", "participant__user").get(
            pk=pk, participant__user=request.user
        )
    except Benefit.DoesNotExist as exc:
        raise Http404 from exc


def _open_change(benefit: Benefit) -> BankAccountChange | None:
    return (
        BankAccountChange.objects.filter(benefit=benefit, status__in=[S.REQUESTED, S.IN_REVIEW])
        .order_by("-requested_at")
        .first()
    )


def _done_message(request, outcome) -> None:
    change = outcome.change
    if change.status == S.IN_REVIEW:
        messages.info(
            request,
            _(
                "Kode benar. Karena ada pembayaran yang jatuh tempo kurang dari %(n)s hari kerja lagi, perubahan "
                "rekening diperiksa petugas dulu; sampai diputuskan, manfaat tetap dibayarkan ke rekening lama."
            )
            % {"n": REVIEW_WORKING_DAYS},
        )
    elif outcome.reissue_ready:
        messages.success(
            request,
            _("Rekening diperbarui. %(n)s pembayaran yang gagal akan dikirim ulang ke rekening baru.")
            % {"n": outcome.reissue_ready},
        )
    else:
        messages.success(request, _("Rekening diperbarui; pembayaran berikutnya dikirim ke rekening ini."))


@login_required
def account(request, pk: int):
    """The worker asks for a new account (password); the code follows by SMS."""
    benefit = _own_benefit_or_404(request, pk)
    pending = _open_change(benefit)
    initial = {"bank_code": benefit.bank_code, "holder": benefit.participant.full_name}
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            bank_account_change_request(
                benefit=benefit,
                actor=request.user,
                password=d["password"],
                bank_code=d["bank_code"],
                bank_name=d["bank_name"],
                account_number=d["account_number"],
                holder=d["holder"],
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("payouts:account_otp", pk=benefit.pk)
    failed = Payment.objects.filter(month__benefit=benefit, status=PaymentStatus.FAILED).order_by("month_no")
    return render(
        request,
        "payouts/account.html",
        {"benefit": benefit, "form": form, "failed": failed, "pending": pending, "review_days": REVIEW_WORKING_DAYS},
    )


@login_required
def account_otp(request, pk: int):
    """Enter the code sent to the registry phone."""
    benefit = _own_benefit_or_404(request, pk)
    change = BankAccountChange.objects.filter(benefit=benefit, status=S.REQUESTED).order_by("-requested_at").first()
    if change is None:
        messages.info(request, _("Tidak ada permintaan perubahan rekening yang menunggu kode OTP."))
        return redirect("payouts:account", pk=benefit.pk)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = bank_account_change_verify(
                change_id=change.pk, actor=request.user, code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            change.refresh_from_db()
            if change.status != S.REQUESTED:
                messages.error(request, exc.message)
                return redirect("payouts:account", pk=benefit.pk)
            errors_to_form(form, exc)
        else:
            _done_message(request, outcome)
            return redirect("payouts:benefit_mine")
    return render(
        request,
        "payouts/account_otp.html",
        {
            "benefit": benefit,
            "change": change,
            "form": form,
            "attempts_left": max(OTP_MAX_ATTEMPTS - change.otp_attempts, 0),
            "expires_at": change.otp_expires_at,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def account_resend(request, pk: int):
    benefit = _own_benefit_or_404(request, pk)
    change = BankAccountChange.objects.filter(benefit=benefit, status=S.REQUESTED).order_by("-requested_at").first()
    if change is None:
        return redirect("payouts:account", pk=benefit.pk)
    try:
        change = bank_account_change_resend(change_id=change.pk, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kode baru dikirim ke %(phone)s.") % {"phone": change.otp_phone_masked})
    return redirect("payouts:account_otp", pk=benefit.pk)


# --- staff review -------------------------------------------------------------------


@login_required
def account_changes(request):
    """Changes waiting for review in the staff member's offices."""
    if not has_any_role(request.user, ACCOUNT_REVIEW_ROLES):
        raise PermissionDenied
    return render(
        request,
        "payouts/account_changes.html",
        {
            "pending": list(account_changes_for_review(request.user)),
            "decided": account_changes_decided(request.user),
            "form": AccountReviewForm(),
        },
    )


@login_required
@require_POST
def account_change_decide(request, pk: int, action: str):
    if not has_any_role(request.user, ACCOUNT_REVIEW_ROLES):
        raise PermissionDenied
    if pk > MAX_ID:
        raise Http404
    if not scope_by_office(BankAccountChange.objects.filter(pk=pk), request.user, field="benefit__office").exists():
        raise Http404
    if action not in ("setujui", "tolak"):
        raise Http404
    form = AccountReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "setujui":
            bank_account_change_approve(change_id=pk, actor=request.user, note=note)
            messages.success(request, _("Perubahan rekening #%(id)s disetujui dan diterapkan.") % {"id": pk})
        else:
            bank_account_change_reject(change_id=pk, actor=request.user, note=note)
            messages.success(request, _("Perubahan rekening #%(id)s ditolak.") % {"id": pk})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("payouts:account_changes")
