"""Supervisors: the unassigned queue, konselor loads, reassignment, hand-over and the konselor registry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.accounts.models import Office
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from .. import selectors, services
from ..forms import (
    SERVICE_FIELDS,
    AbsenceForm,
    HandoverForm,
    KonselorCreateForm,
    KonselorEditForm,
    ReassignForm,
)
from ..models import OPEN_CASE_STATUSES, CaseStatus, Konselor, KonselorAbsence
from .common import SUPERVISORS, show_error

UNASSIGNED_PAGE_SIZE = 50


def _offices_for(user):
    ids = office_scope_ids(user)
    qs = Office.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def _konselors(user):
    return selectors.konselors_with_load(selectors.konselors_visible_to(user))


def _reassign_form(user, data=None):
    return ReassignForm(
        data,
        cases_qs=selectors.cases_visible_to(user).filter(status__in=(CaseStatus.UNASSIGNED, *OPEN_CASE_STATUSES)),
        konselors_qs=_konselors(user).filter(active=True),
    )


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@roles_required(*SUPERVISORS)
def supervisor_home_view(request):
    now = timezone.now()
    konselors = list(_konselors(request.user))
    waiting = selectors.unassigned_cases(request.user)
    page = Paginator(waiting, UNASSIGNED_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": c, "age": selectors.case_age_days(c, now)} for c in page.object_list]
    totals = {
        "konselors": len(konselors),
        "available": sum(1 for k in konselors if k.active and not k.on_leave),
        "load": sum(k.load for k in konselors),
        "capacity": sum(k.capacity for k in konselors if k.active),
    }
    for k in konselors:
        k.percent = round(100 * k.load / k.capacity) if k.capacity else 100
    return render(
        request,
        "counseling/supervisor_home.html",
        {
            "konselors": konselors,
            "page": page,
            "rows": rows,
            "totals": totals,
            "reassign_form": _reassign_form(request.user),
        },
    )


@roles_required(*SUPERVISORS)
@require_POST
def assign_pending_view(request):
    result = services.cases_assign_pending(actor=request.user, office_ids=office_scope_ids(request.user))
    if result.assigned:
        messages.success(
            request,
            _("%(n)s kasus ditugaskan otomatis; %(w)s masih menunggu.") % {"n": result.assigned, "w": result.waiting},
        )
    else:
        messages.warning(
            request,
            _(
                "Tidak ada kasus yang dapat ditugaskan: tidak ada konselor dengan kapasitas di wilayahnya (%(w)s menunggu)."
            )
            % {"w": result.waiting},
        )
    return redirect("counseling:supervisor_home")


@roles_required(*SUPERVISORS)
@require_POST
def reassign_view(request):
    back = _back(request, reverse("counseling:supervisor_home"))
    form = _reassign_form(request.user, request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(request, _("Pengalihan belum lengkap: %(e)s") % {"e": errors})
        return redirect(back)
    try:
        result = services.cases_reassign(
            case_ids=[c.pk for c in form.cleaned_data["cases"]],
            to_konselor=form.cleaned_data["to_konselor"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ApplicationError as exc:
        show_error(request, exc)
        return redirect(back)
    text = _("%(n)s kasus dialihkan; pekerja diberi tahu konselor barunya.") % {"n": result.moved}
    if result.kept:
        text += " " + _("%(k)s kasus tidak dapat dialihkan (tidak ada konselor lain dengan kapasitas).") % {
            "k": result.kept
        }
        messages.warning(request, text)
    else:
        messages.success(request, text)
    return redirect(back)


def _konselor_or_404(request, pk: int) -> Konselor:
    return get_object_or_404(_konselors(request.user), pk=pk)


@roles_required(*SUPERVISORS)
def konselor_detail_view(request, pk: int):
    konselor = _konselor_or_404(request, pk)
    cases = list(
        selectors.annotate_case_rows(konselor.cases.filter(status__in=OPEN_CASE_STATUSES)).order_by("assigned_at", "pk")
    )
    others = _konselors(request.user).filter(active=True).exclude(pk=konselor.pk)
    return render(
        request,
        "counseling/konselor_detail.html",
        {
            "konselor": konselor,
            "cases": cases,
            "absences": list(konselor.absences.all()[:20]),
            # Three forms on one page: distinct element ids.
            "absence_form": AbsenceForm(auto_id="absence_%s"),
            "handover_form": HandoverForm(konselors_qs=others, auto_id="handover_%s"),
            "reassign_form": ReassignForm(cases_qs=konselor.cases.all(), konselors_qs=others, auto_id="reassign_%s"),
            "events": list(audit_events_for(konselor)),
            "today": timezone.localdate(),
        },
    )


@roles_required(*SUPERVISORS)
@require_POST
def handover_view(request, pk: int):
    konselor = _konselor_or_404(request, pk)
    others = _konselors(request.user).filter(active=True).exclude(pk=konselor.pk)
    form = HandoverForm(request.POST, konselors_qs=others)
    if not form.is_valid():
        messages.error(request, _("Isi alasan serah terima."))
        return redirect("counseling:konselor_detail", pk=konselor.pk)
    try:
        result = services.konselor_hand_over(
            konselor=konselor,
            to_konselor=form.cleaned_data["to_konselor"],
            reason=form.cleaned_data["reason"],
            deactivate=form.cleaned_data["deactivate"],
            actor=request.user,
        )
    except ApplicationError as exc:
        show_error(request, exc)
        return redirect("counseling:konselor_detail", pk=konselor.pk)
    text = _("Serah terima: %(n)s kasus dialihkan.") % {"n": result.moved}
    if result.kept:
        text += " " + _("%(k)s kasus tetap pada %(name)s karena tidak ada konselor lain dengan kapasitas.") % {
            "k": result.kept,
            "name": konselor.name,
        }
        messages.warning(request, text)
    else:
        messages.success(request, text)
    return redirect("counseling:konselor_detail", pk=konselor.pk)


@roles_required(*SUPERVISORS)
@require_POST
def absence_add_view(request, pk: int):
    konselor = _konselor_or_404(request, pk)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal mulai dan selesai."))
        return redirect("counseling:konselor_detail", pk=konselor.pk)
    try:
        services.konselor_absence_add(konselor=konselor, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Ketidakhadiran dicatat: konselor tidak mendapat kasus baru pada tanggal itu."))
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect("counseling:konselor_detail", pk=konselor.pk)


@roles_required(*SUPERVISORS)
@require_POST
def absence_delete_view(request, pk: int, absence_pk: int):
    konselor = _konselor_or_404(request, pk)
    absence = get_object_or_404(KonselorAbsence, pk=absence_pk, konselor=konselor)
    services.konselor_absence_delete(absence=absence, actor=request.user)
    messages.success(request, _("Ketidakhadiran dihapus."))
    return redirect("counseling:konselor_detail", pk=konselor.pk)


@roles_required(*SUPERVISORS)
def konselor_create_view(request):
    form = KonselorCreateForm(request.POST or None, offices_qs=_offices_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            konselor = services.konselor_create(
                username=data["username"],
                password=data["password"],
                email=data["email"],
                nip=data["nip"],
                actor=request.user,
                **form.profile_kwargs(),
            )
        except ApplicationError as exc:
            errors_to_form(form, exc, aliases=SERVICE_FIELDS)
        else:
            messages.success(request, _("Konselor %(name)s terdaftar.") % {"name": konselor.name})
            return redirect("counseling:konselor_detail", pk=konselor.pk)
    return render(request, "counseling/konselor_form.html", {"form": form, "title": _("Daftarkan konselor")})


@roles_required(*SUPERVISORS)
def konselor_edit_view(request, pk: int):
    konselor = _konselor_or_404(request, pk)
    form = KonselorEditForm(
        request.POST or None, initial=KonselorEditForm.initial_from(konselor), offices_qs=_offices_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.konselor_update(
                konselor=konselor, actor=request.user, active=form.cleaned_data["active"], **form.profile_kwargs()
            )
        except ApplicationError as exc:
            errors_to_form(form, exc, aliases=SERVICE_FIELDS)
        else:
            messages.success(request, _("Profil konselor disimpan."))
            return redirect("counseling:konselor_detail", pk=konselor.pk)
    return render(
        request,
        "counseling/konselor_form.html",
        {"form": form, "konselor": konselor, "title": _("Ubah profil konselor")},
    )
