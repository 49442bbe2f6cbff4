"""The Disnaker mediator: the mediation queue, confirming rows, recording a
collective agreement, a dispute and its court decision."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required

from .. import selectors as sel
from ..forms import AgreementForm, ConfirmForm, DisputeForm, ResolveForm
from ..services import phk_row_mark_disputed, phk_row_record_agreement, phk_row_resolve, phk_rows_confirm
from .common import _page
from .reports import _row_action


@require_POST
@roles_required("mediator")
def report_confirm(request, pk: int):
    report = sel.report_get(user=request.user, pk=pk)
    row_ids = request.POST.getlist("row_ids")
    form = ConfirmForm(request.POST, row_choices=list(report.rows.values_list("pk", flat=True)))
    if not form.is_valid():
        messages.error(request, _("Pilihan pekerja tidak valid."))
        return redirect("phk:report_detail", pk=pk)
    try:
        rows = phk_rows_confirm(
            actor=request.user,
            report=report,
            row_ids=form.cleaned_data["row_ids"] if row_ids else None,
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(n)s PHK dikonfirmasi. Laporan ini kini menjadi bukti PHK untuk klaim JKP pekerja.") % {"n": len(rows)},
        )
    return redirect("phk:report_detail", pk=pk)


@require_POST
@roles_required("mediator")
def row_confirm(request, pk: int):
    row = sel.row_get(user=request.user, pk=pk)
    try:
        phk_rows_confirm(actor=request.user, report=row.report, row_ids=[row.pk], note=request.POST.get("note", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("PHK %(name)s dikonfirmasi.") % {"name": row.participant.full_name})
    return redirect("phk:row_detail", pk=row.pk)


@require_POST
@roles_required("mediator")
def row_agreement(request, pk: int):
    return _row_action(
        request,
        pk,
        AgreementForm,
        "agreement_form",
        lambda row, d: phk_row_record_agreement(
            actor=request.user,
            row=row,
            agreement_number=d["agreement_number"],
            deed_number=d["deed_number"],
            deed_date=d["deed_date"],
            court_name=d["court_name"],
            document=d.get("document"),
            note=d["note"],
        ),
        _("Perjanjian bersama dicatat. PHK pekerja ini terbukti untuk klaim JKP."),
    )


@require_POST
@roles_required("mediator")
def row_dispute(request, pk: int):
    return _row_action(
        request,
        pk,
        DisputeForm,
        "dispute_form",
        lambda row, d: phk_row_mark_disputed(
            actor=request.user,
            row=row,
            court_case_number=d["court_case_number"],
            court_name=d["court_name"],
            note=d["note"],
        ),
        _("PHK ditandai diperselisihkan. Persetujuan klaim pekerja ini ditahan sampai putusan inkracht."),
    )


@require_POST
@roles_required("mediator")
def row_resolve(request, pk: int):
    return _row_action(
        request,
        pk,
        ResolveForm,
        "resolve_form",
        lambda row, d: phk_row_resolve(
            actor=request.user,
            row=row,
            decision_number=d["decision_number"],
            inkracht_date=d["inkracht_date"],
            outcome=d["outcome"],
            document=d.get("document"),
            note=d["note"],
        ),
        _("Putusan PHI dicatat."),
    )


@roles_required("mediator")
def mediator_queue(request):
    status = request.GET.get("status", "pending")
    if status not in sel.MEDIATOR_FILTERS:
        status = "pending"
    reports = _page(request, sel.mediator_queue(user=request.user, status=status), 25)
    return render(
        request,
        "phk/mediator_queue.html",
        {
            "reports": reports,
            "status": status,
            "filters": [
                ("pending", _("Menunggu konfirmasi")),
                ("disputed", _("Diperselisihkan")),
                ("all", _("Semua laporan")),
            ],
            "cases": sel.mass_layoff_list(user=request.user)[:10],
        },
    )
