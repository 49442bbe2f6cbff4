"""Mass layoffs and outreach, for mediators and staff: the cases, the outreach
events, invitations, attendance and cancellation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.selectors.registry import mask_nik
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import regency_name
from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.accounts.selectors import scope_by_office
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required

from .. import selectors as sel
from ..forms import CancelForm, EventForm
from ..models import OutreachEvent
from ..services import (
    can_manage_case,
    outreach_event_cancel,
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
)
from ..services.service_days import covers_case
from .common import CASE_ROLES, _page, _show_error


@roles_required(*CASE_ROLES)
def mass_layoff_list(request):
    cases = _page(request, sel.mass_layoff_list(user=request.user), 25)
    return render(request, "phk/mass_layoff_list.html", {"cases": cases})


@roles_required(*CASE_ROLES)
def mass_layoff_detail(request, pk: int):
    case = sel.mass_layoff_get(user=request.user, pk=pk)
    today = timezone.localdate()
    status = request.GET.get("status", "all")
    if status not in sel.CASE_WORKER_FILTERS:
        status = "all"
    page = _page(request, sel.case_workers(case, status=status, today=today), 100)
    return render(
        request,
        "phk/mass_layoff_detail.html",
        {
            "case": case,
            "summary": sel.case_summary(case, today=today),
            "workers": sel.as_case_workers(page.object_list, today=today),
            "page": page,
            "status": status,
            "filters": [
                ("all", _("Semua")),
                ("not_signed_up", _("Belum daftar")),
                ("not_filed", _("Belum mengajukan")),
                ("due_30", _("Batas ≤ 30 hari")),
            ],
            "events": sel.case_events(case),
            "reports": case.reports.order_by("submitted_at"),
            "can_manage": can_manage_case(request.user, case),
            "can_open_service_day": covers_case(request.user, case),
            "today": today,
            "mask_nik": mask_nik,
        },
    )


def _offices_for(user):
    return (
        scope_by_office(Office.objects.all(), user, field="pk") if user.has_role(*STAFF_ROLES) else Office.objects.all()
    )


@roles_required(*CASE_ROLES)
def event_create(request, pk: int):
    case = sel.mass_layoff_get(user=request.user, pk=pk)
    if not can_manage_case(request.user, case):
        raise PermissionDenied
    initial = {
        "title": _("Sosialisasi JKP bagi pekerja %(employer)s") % {"employer": case.employer.name},
        "organiser_office": case.employer.office_id,
        "organiser_disnaker": _("Disnaker %(regency)s") % {"regency": regency_name(case.employer.regency)},
    }
    form = EventForm(request.POST or None, initial=initial, offices=_offices_for(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            event = outreach_event_create(actor=request.user, case=case, **d)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("Sosialisasi dijadwalkan. Kirim undangan ke pekerja dari halaman ini."))
            return redirect("phk:event_detail", pk=event.pk)
    return render(request, "phk/event_form.html", {"form": form, "case": case})


@roles_required(*CASE_ROLES)
def event_detail(request, pk: int):
    event = sel.event_get(user=request.user, pk=pk)
    invitations = list(sel.event_invitations(event))
    can_manage = can_manage_case(request.user, event.case)
    scheduled = event.status == OutreachEvent.Status.SCHEDULED
    uninvited = sel.uninvited_count(event) if can_manage and scheduled else 0
    return render(
        request,
        "phk/event_detail.html",
        {
            "event": event,
            "case": event.case,
            "invitations": invitations,
            "can_manage": can_manage,
            "can_invite": can_manage and scheduled and uninvited > 0,
            "uninvited": uninvited,
            "can_record": can_manage and scheduled and event.starts_at <= timezone.now(),
            "cancel_form": CancelForm() if can_manage and scheduled else None,
            "events": audit_events_for(event),
            "mask_nik": mask_nik,
        },
    )


@require_POST
@roles_required(*CASE_ROLES)
def event_invite(request, pk: int):
    event = sel.event_get(user=request.user, pk=pk)
    try:
        n = outreach_event_invite(actor=request.user, event=event)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if n:
            messages.success(request, _("%(n)s pekerja diundang lewat email dan SMS.") % {"n": n})
        else:
            messages.info(request, _("Semua pekerja terdampak sudah diundang."))
    return redirect("phk:event_detail", pk=pk)


@require_POST
@roles_required(*CASE_ROLES)
def event_attendance(request, pk: int):
    event = sel.event_get(user=request.user, pk=pk)
    try:
        ids = [int(v) for v in request.POST.getlist("attended")]
    except ValueError:
        ids = None
    if ids is None:
        messages.error(request, _("Pilihan kehadiran tidak valid."))
        return redirect("phk:event_detail", pk=pk)
    try:
        outreach_event_record_attendance(
            actor=request.user, event=event, attended_participant_ids=ids, note=request.POST.get("note", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sosialisasi dicatat terlaksana: %(n)s pekerja hadir.") % {"n": len(ids)})
    return redirect("phk:event_detail", pk=pk)


@require_POST
@roles_required(*CASE_ROLES)
def event_cancel(request, pk: int):
    event = sel.event_get(user=request.user, pk=pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis alasan pembatalan."))
        return redirect("phk:event_detail", pk=pk)
    try:
        outreach_event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sosialisasi dibatalkan; pekerja yang diundang diberi tahu."))
    return redirect("phk:event_detail", pk=pk)
