"""The worker's pages: my counselling, the asesmen diri, answering a session invitation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from .. import selectors, services
from ..forms import SERVICE_FIELDS, AssessmentForm, RescheduleRequestForm, WorkHistoryFormSet
from ..kbji import occupation_label
from ..models import OPEN_CASE_STATUSES, Assessment, CaseStatus, CounsellingSession
from .caseload import _progress_view
from .common import show_error

WORK_ROWS = 3


@roles_required("worker")
def my_counseling_view(request):
    case = selectors.worker_case(request.user)
    if case is None:
        return render(request, "counseling/my_counseling.html", {"case": None})
    today = timezone.localdate()
    progress = None
    if case.status in OPEN_CASE_STATUSES or case.status == CaseStatus.UNASSIGNED:
        progress = selectors.job_search_progress_for([case.participant_id], today).get(case.participant_id)
    sessions = selectors.worker_sessions(case)
    upcoming = next((s for s in reversed(sessions) if s.is_pending), None)
    assessment = Assessment.objects.filter(case=case).first()
    return render(
        request,
        "counseling/my_counseling.html",
        {
            "case": case,
            "konselor": case.konselor,
            "upcoming": upcoming,
            "past_sessions": [s for s in sessions if not s.is_pending],
            "assessment": assessment,
            "occupations": [occupation_label(c) for c in assessment.desired_occupations] if assessment else [],
            "progress": _progress_view(progress),
            "reschedule_form": RescheduleRequestForm(),
            "today": today,
        },
    )


@roles_required("worker")
def assessment_view(request):
    case = selectors.worker_case(request.user)
    if case is None:
        raise Http404(_("Belum ada kasus konseling: asesmen diri dibuka setelah klaim disetujui."))
    assessment = Assessment.objects.filter(case=case).first()
    history = list(assessment.work_history) if assessment else []
    if not history and case.participant.employer_id:
        contract_start = case.participant.contract_start
        history = [
            {
                "employer": case.participant.employer.name,
                "position": "",
                "start_year": contract_start.year if contract_start else None,
                "end_year": case.claim.phk_date.year if case.claim.phk_date else None,
            }
        ]
    history += [{}] * max(0, WORK_ROWS - len(history))
    form = AssessmentForm(request.POST or None, initial=AssessmentForm.initial_from(assessment))
    formset = WorkHistoryFormSet(request.POST or None, initial=history, prefix="work")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        work = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            services.assessment_submit(case=case, actor=request.user, work_history=work, **form.service_kwargs())
        except ApplicationError as exc:
            errors_to_form(form, exc, aliases=SERVICE_FIELDS)
        else:
            messages.success(request, _("Asesmen diri tersimpan. Konselor Anda akan melihat ringkasannya."))
            return redirect("counseling:my_counseling")
    return render(
        request,
        "counseling/assessment_form.html",
        {"case": case, "form": form, "formset": formset, "assessment": assessment},
    )


@roles_required("worker")
@require_POST
def session_respond_view(request, pk: int):
    session = get_object_or_404(
        CounsellingSession.objects.select_related("case", "konselor"), pk=pk, case__participant__user=request.user
    )
    action = request.POST.get("action")
    try:
        if action == "confirm":
            services.session_confirm(session=session, actor=request.user)
            messages.success(request, _("Terima kasih, kehadiran Anda dikonfirmasi."))
        elif action == "reschedule":
            form = RescheduleRequestForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Tuliskan alasan minta jadwal ulang."))
            else:
                services.session_request_reschedule(
                    session=session,
                    reason=form.cleaned_data["reason"],
                    preference=form.cleaned_data["preference"],
                    actor=request.user,
                )
                messages.success(request, _("Permintaan jadwal ulang dikirim ke konselor Anda."))
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect("counseling:my_counseling")
