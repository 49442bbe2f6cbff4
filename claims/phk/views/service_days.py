"""Service days of a mass layoff: the list (and a new day), the desk screen
(the case's workers, queue numbers on arrival, the waiting queue), calling a
worker to the desk (the KTP check opens their assisted session) and the day's
board (served / filed / waiting per desk)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from claims.models import ClaimStatus
from claims.selectors.registry import mask_nik
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from .. import selectors as sel
from ..forms import ServeForm, ServiceDayForm
from ..models import ServiceArrival, ServiceDesk
from ..services.service_days import (
    desk_of,
    service_arrival_serve,
    service_day_arrive,
    service_day_create,
    service_desk_take,
)

ROLES = sel.SERVICE_DAY_ROLES
CLAIM_LABELS = dict(ClaimStatus.choices)
PAGE_SIZE = 50


@roles_required(*ROLES)
@require_http_methods(["GET", "POST"])
def service_day_list(request):
    cases = sel.service_day_cases(request.user)
    initial = {"day": timezone.localdate(), "case": request.GET.get("case")}
    form = ServiceDayForm(request.POST or None, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            service_day = service_day_create(
                actor=request.user, case=d["case"], day=d["day"], place=d["place"], desks=d["desks"].split(",")
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Hari layanan dibuka."))
            return redirect("phk:service_day", pk=service_day.pk)
    days = Paginator(sel.service_days_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "phk/service_days.html", {"form": form, "page": days, "can_create": cases.exists()})


@roles_required(*ROLES)
def service_day(request, pk: int):
    """The desk screen."""
    service_day = sel.service_day_get(user=request.user, pk=pk)
    query = request.GET.get("q", "")
    page = Paginator(sel.service_day_workers(service_day, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "phk/service_day.html",
        {
            "day": service_day,
            "case": service_day.case,
            "q": query,
            "page": page,
            "rows": [
                (row, mask_nik(row.participant.nik), CLAIM_LABELS.get(row.claim_status, "")) for row in page.object_list
            ],
            "waiting": sel.service_day_waiting(service_day),
            "desks": list(ServiceDesk.objects.filter(service_day=service_day).select_related("officer")),
            "my_desk": desk_of(service_day, request.user),
            "is_today": service_day.day == timezone.localdate(),
            "is_officer": request.user.has_role("service_officer"),
        },
    )


@roles_required(*ROLES)
@require_POST
def service_day_arrival(request, pk: int):
    service_day = sel.service_day_get(user=request.user, pk=pk)
    try:
        row_id = int(request.POST.get("row", ""))
    except ValueError:
        row_id = 0
    try:
        arrival = service_day_arrive(service_day=service_day, row_id=row_id, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Nomor antrean %(n)s untuk %(name)s.")
            % {"n": arrival.queue_number, "name": arrival.row.participant.full_name},
        )
    url = reverse("phk:service_day", args=[service_day.pk])
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@roles_required(*ROLES)
@require_POST
def service_day_desk(request, pk: int):
    service_day = sel.service_day_get(user=request.user, pk=pk)
    desk = ServiceDesk.objects.filter(service_day=service_day, pk=request.POST.get("desk") or 0).first()
    if desk is None:
        messages.error(request, _("Pilih meja dari daftar."))
    else:
        try:
            service_desk_take(service_day=service_day, desk=desk, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Anda melayani di %(desk)s.") % {"desk": desk.name})
    return redirect("phk:service_day", pk=service_day.pk)


@roles_required(*ROLES)
def service_day_board(request, pk: int):
    service_day = sel.service_day_get(user=request.user, pk=pk)
    return render(
        request,
        "phk/service_day_board.html",
        {"day": service_day, "case": service_day.case, "board": sel.service_day_board(service_day)},
    )


@roles_required(*ROLES)
@require_http_methods(["GET", "POST"])
def service_arrival(request, pk: int):
    """Call a waiting worker to the officer's desk: compare the KTP, open the session."""
    arrival = (
        ServiceArrival.objects.select_related("service_day", "row__participant", "session")
        .filter(pk=pk, service_day__in=sel.service_days_visible_to(request.user))
        .first()
    )
    if arrival is None:
        raise Http404(_("Antrean tidak ditemukan."))
    participant = arrival.row.participant
    form = ServeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = service_arrival_serve(
                arrival=arrival,
                actor=request.user,
                ktp_nik=form.cleaned_data["ktp_nik"],
                identity_confirmed=form.cleaned_data["identity_confirmed"],
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("KTP diperiksa. Catat persetujuan pekerja, lalu isi rekening dan KAPK."))
            return redirect("claims:assisted_session", pk=session.pk)
    # Name and birth date in full, to compare with the card.
    log_personal_data_access(request, participant, ["full_name", "birth_date"])
    return render(
        request,
        "phk/service_arrival.html",
        {
            "arrival": arrival,
            "day": arrival.service_day,
            "participant": participant,
            "nik_masked": mask_nik(participant.nik),
            "form": form,
            "my_desk": desk_of(arrival.service_day, request.user),
        },
    )
