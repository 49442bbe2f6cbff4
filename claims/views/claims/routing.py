"""The unrouted queue: claims that no routing rule sent to an office
(claims/services/routing.py), for supervisors of a regional office or the head
office (and admins), who route each by hand with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.forms.claims import RouteClaimForm
from claims.models import Claim
from claims.selectors import claims as sel
from claims.services.routing import can_route, claim_route, routable_offices
from jkp_portal.accounts.regions import regency_for_nik, regency_label
from jkp_portal.accounts.roles import Role
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required


def _check(user) -> None:
    if not can_route(user):
        raise PermissionDenied(_("Antrean ini untuk supervisor kantor wilayah atau kantor pusat."))


def _render(request, *, bound: RouteClaimForm | None = None, bound_pk: int | None = None, status: int = 200):
    offices = routable_offices(request.user)
    page = Paginator(sel.unrouted_claims(), 25).get_page(request.GET.get("page"))
    rows = []
    for claim in page.object_list:
        participant = claim.participant
        employer = participant.employer
        rows.append(
            {
                "claim": claim,
                "name": participant.full_name,
                "nik_masked": participant.nik[:6] + "••••••" + participant.nik[-4:],
                "nik_regency": regency_label(regency_for_nik(participant.nik)) or _("tidak dikenal"),
                "domicile": regency_label(participant.domicile_regency) or "—",
                "employer": f"{employer.name} · {regency_label(employer.regency) or '—'}" if employer else "—",
                "form": bound if claim.pk == bound_pk else RouteClaimForm(offices=offices, prefix=f"c{claim.pk}"),
            }
        )
    return render(request, "claims/staff/unrouted.html", {"page": page, "rows": rows}, status=status)


@roles_required(Role.SUPERVISOR, Role.ADMIN)
def unrouted_queue(request):
    _check(request.user)
    return _render(request)


@require_POST
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def claim_route_view(request, pk: int):
    _check(request.user)
    claim = Claim.objects.filter(pk=pk, office__isnull=True).first()
    if claim is None:
        raise Http404
    form = RouteClaimForm(request.POST, offices=routable_offices(request.user), prefix=f"c{claim.pk}")
    if form.is_valid():
        try:
            claim_route(
                claim=claim, office=form.cleaned_data["office"], actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
            messages.error(request, exc.message)
            return _render(request, bound=form, bound_pk=claim.pk, status=exc.status_code)
        messages.success(
            request,
            _("Klaim #%(pk)s diarahkan ke %(office)s.") % {"pk": claim.pk, "office": form.cleaned_data["office"].name},
        )
        return redirect("claims:unrouted_queue")
    messages.error(request, _("Periksa kembali isian pengarahan klaim."))
    return _render(request, bound=form, bound_pk=claim.pk, status=400)
