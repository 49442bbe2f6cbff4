"""The worker's monthly job-search report (applications, interviews, the
employment-status form of the last month) and the evidence files it carries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.common.downloads import download_name, set_disposition
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from ..forms import ApplicationForm, EmploymentForm, InterviewForm
from ..models import ActivityKind, Benefit, EmploymentStatusForm, JobSearchActivity
from ..selectors import MAX_ID, STAFF_ROLES, job_search_progress, report_activities
from ..services.evidence import EmploymentFormInput, ReportEntry, job_search_report_submit, upcoming_month
from .common import _benefit_or_404, _require


def _own_benefit_or_404(request, pk: int) -> Benefit:
    if pk > MAX_ID:
        raise Http404
    try:
        return Benefit.objects.select_related("participant").get(pk=pk, participant__user=request.user)
    except Benefit.DoesNotExist as exc:
        raise Http404 from exc


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
