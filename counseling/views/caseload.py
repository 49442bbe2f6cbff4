"""The konselor's pages: caseload, case, sessions (supervisors of the office may open them too)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from .. import selectors, services
from ..forms import SERVICE_FIELDS, FollowUpForm, ReasonForm, SessionForm, SessionReportForm
from ..kbji import occupation_label
from ..models import (
    OPEN_CASE_STATUSES,
    PENDING_SESSION_STATUSES,
    Assessment,
    Case,
    CounsellingSession,
    EducationLevel,
    Recommendation,
    SessionStatus,
)
from .common import STAFF, show_error


def _progress_view(progress):
    """The payouts progress object, with ``missing`` always a list for templates."""
    if progress is None:
        return None
    missing = getattr(progress, "missing", None) or []
    if isinstance(missing, str):
        missing = [missing]
    return {"p": progress, "missing": list(missing)}


@roles_required("konselor")
def caseload_view(request):
    konselor = selectors.konselor_of(request.user)
    if konselor is None:
        return render(request, "counseling/no_profile.html", status=200)
    filters = selectors.CaseloadFilters.from_params(request.GET)
    data = selectors.caseload(cases=Case.objects.filter(konselor=konselor), filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "counseling/caseload.html",
        {
            "konselor": konselor,
            "data": data,
            "rows": data.rows,
            "queues": [(key, label, data.counts.get(key, 0)) for key, label in selectors.QUEUES],
            "sorts": selectors.SORTS,
            "recommendations": Recommendation.choices,
            "page_query": query.urlencode(),
            "today": data.today,
        },
    )


def _case_or_404(request, pk: int) -> Case:
    return selectors.case_detail(cases=selectors.cases_visible_to(request.user), pk=pk)


def _session_or_404(request, pk: int) -> CounsellingSession:
    qs = CounsellingSession.objects.filter(case__in=selectors.cases_visible_to(request.user).values("pk"))
    return get_object_or_404(qs.select_related("case__participant", "konselor"), pk=pk)


def _case_url(case_id: int) -> str:
    return reverse("counseling:case_detail", args=[case_id])


@roles_required(*STAFF)
def case_detail_view(request, pk: int):
    case = _case_or_404(request, pk)
    today = timezone.localdate()
    sessions = list(case.sessions.all())
    pending = next((s for s in reversed(sessions) if s.status in PENDING_SESSION_STATUSES), None)
    progress = None
    if case.status in OPEN_CASE_STATUSES:
        progress = selectors.job_search_progress_for([case.participant_id], today).get(case.participant_id)
    assessment = case.assessment_or_none
    return render(
        request,
        "counseling/case_detail.html",
        {
            "case": case,
            "sessions": sessions,
            "pending": pending,
            "can_record_attendance": pending is not None and timezone.localtime(pending.starts_at).date() <= today,
            "can_schedule": case.status in OPEN_CASE_STATUSES and pending is None,
            "progress": _progress_view(progress),
            "at_risk": selectors.is_at_risk(progress, today),
            "assessment": assessment,
            "occupations": [occupation_label(c) for c in assessment.desired_occupations] if assessment else [],
            "education": dict(EducationLevel.choices).get(assessment.education_level) if assessment else "",
            "events": list(audit_events_for(case)),
            "close_form": ReasonForm(),
            "follow_up_form": FollowUpForm(),
            "cancel_form": ReasonForm(),
            "is_open": case.status in OPEN_CASE_STATUSES,
        },
    )


@roles_required(*STAFF)
@require_POST
def case_action_view(request, pk: int):
    case = _case_or_404(request, pk)
    action = request.POST.get("action")
    try:
        if action == "first_contact":
            services.case_record_first_contact(case=case, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Kontak pertama dicatat."))
        elif action == "in_training":
            services.case_mark_in_training(case=case, actor=request.user)
            messages.success(request, _("Kasus ditandai dalam pelatihan."))
        elif action == "end_training":
            services.case_end_training(case=case, actor=request.user)
            messages.success(request, _("Pelatihan selesai; kasus kembali dalam konseling."))
        elif action == "close":
            services.case_close(case=case, reason=request.POST.get("reason", ""), actor=request.user)
            messages.success(request, _("Kasus ditutup."))
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect(_case_url(case.pk))


@roles_required(*STAFF)
def session_new_view(request, pk: int):
    case = _case_or_404(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_schedule(
                case=case,
                mode=form.cleaned_data["mode"],
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                meeting_link=form.cleaned_data["meeting_link"],
                place=form.cleaned_data["place"],
                actor=request.user,
            )
        except ApplicationError as exc:
            errors_to_form(form, exc, aliases=SERVICE_FIELDS)
        else:
            messages.success(request, _("Sesi dijadwalkan; pekerja diberi tahu lewat email."))
            return redirect(_case_url(case.pk))
    return render(
        request,
        "counseling/session_form.html",
        {"case": case, "form": form, "title": _("Jadwalkan sesi konseling")},
    )


@roles_required(*STAFF)
def session_reschedule_view(request, pk: int):
    session = _session_or_404(request, pk)
    local = timezone.localtime(session.starts_at)
    initial = {
        "mode": session.mode,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "duration_minutes": session.duration_minutes,
        "meeting_link": session.meeting_link,
        "place": session.place,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_reschedule(
                session=session,
                starts_at=form.starts_at(),
                mode=form.cleaned_data["mode"],
                meeting_link=form.cleaned_data["meeting_link"],
                place=form.cleaned_data["place"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                actor=request.user,
            )
        except ApplicationError as exc:
            errors_to_form(form, exc, aliases=SERVICE_FIELDS)
        else:
            messages.success(request, _("Jadwal sesi diubah; pekerja diminta konfirmasi ulang."))
            return redirect(_case_url(session.case_id))
    return render(
        request,
        "counseling/session_form.html",
        {"case": session.case, "session": session, "form": form, "title": _("Jadwalkan ulang sesi")},
    )


@roles_required(*STAFF)
@require_POST
def session_attendance_view(request, pk: int):
    session = _session_or_404(request, pk)
    attended = request.POST.get("attended") == "1"
    try:
        services.session_record_attendance(session=session, attended=attended, actor=request.user)
    except ApplicationError as exc:
        show_error(request, exc)
        return redirect(_case_url(session.case_id))
    if attended:
        messages.success(request, _("Kehadiran dicatat. Catat hasil sesi dan rekomendasinya."))
        return redirect("counseling:session_report", pk=session.pk)
    messages.warning(request, _("Ketidakhadiran dicatat; kasus masuk antrean tindak lanjut."))
    return redirect(_case_url(session.case_id))


@roles_required(*STAFF)
def session_report_view(request, pk: int):
    session = _session_or_404(request, pk)
    if session.status != SessionStatus.ATTENDED:
        messages.error(request, _("Hasil hanya dapat dicatat untuk sesi yang dihadiri."))
        return redirect(_case_url(session.case_id))
    initial = {
        "notes": session.notes,
        "outcome": session.outcome,
        "recommendation": session.recommendation,
        "recommended_programme": session.recommended_programme,
        "recommended_programme_ref": session.recommended_programme_ref,
        "next_steps": session.next_steps,
    }
    form = SessionReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_report(session=session, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            errors_to_form(form, exc, aliases=SERVICE_FIELDS)
        else:
            messages.success(request, _("Hasil sesi dicatat; pekerja melihat rekomendasi dan langkah berikutnya."))
            return redirect(_case_url(session.case_id))
    assessment = Assessment.objects.filter(case_id=session.case_id).first()
    return render(
        request,
        "counseling/session_report.html",
        {
            "session": session,
            "case": session.case,
            "form": form,
            "assessment": assessment,
            "occupations": [occupation_label(c) for c in assessment.desired_occupations] if assessment else [],
        },
    )


@roles_required(*STAFF)
@require_POST
def session_follow_up_view(request, pk: int):
    session = _session_or_404(request, pk)
    try:
        services.session_follow_up_no_show(session=session, note=request.POST.get("note", ""), actor=request.user)
        messages.success(request, _("Tindak lanjut dicatat."))
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect(_case_url(session.case_id))


@roles_required(*STAFF)
@require_POST
def session_cancel_view(request, pk: int):
    session = _session_or_404(request, pk)
    try:
        services.session_cancel(session=session, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("Sesi dibatalkan; pekerja diberi tahu."))
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect(_case_url(session.case_id))
