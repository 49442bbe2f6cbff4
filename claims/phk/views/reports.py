"""A PHK report and one worker's row as employer, mediator and BPJS staff see them,
and the documents attached to them."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.downloads import download_name, set_disposition
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required

from .. import selectors as sel
from ..forms import AgreementForm, DisputeForm, ResolveForm, WithdrawForm
from ..models import RowStatus
from .common import REPORT_ROLES, _page, _show_error


@roles_required(*REPORT_ROLES)
def report_detail(request, pk: int):
    report = sel.report_get(user=request.user, pk=pk)
    user = request.user
    is_mediator = sel.is_area_mediator(user, report.employer)
    is_owner = user.has_role("employer") and user.employer_npp == report.employer.npp
    status = request.GET.get("status", "")
    rows_qs = sel.report_rows(report)
    if status in RowStatus.values:
        rows_qs = rows_qs.filter(status=status)
    else:
        status = ""
    rows = _page(request, rows_qs, 100)
    confirmable = report.rows.filter(status=RowStatus.REPORTED, accepted=True).count() if is_mediator else 0
    can_see_case = report.mass_layoff_case_id and (is_mediator or sel.is_case_staff(user, report.employer))
    if is_mediator:
        # The mediator sees the workers' full NIKs: logged (the owner employer's HR is not staff).
        log_personal_data_access(request, report, ["nik"])
    return render(
        request,
        "phk/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "status": status,
            "filters": [
                ("", _("Semua"), report.workers_count),
                (RowStatus.REPORTED, _("Menunggu mediator"), report.n_reported),
                (RowStatus.DISPUTED, _("Diperselisihkan"), report.n_disputed),
            ],
            "documents": report.documents.filter(row__isnull=True),
            "is_mediator": is_mediator,
            "is_owner": is_owner,
            "confirmable": confirmable,
            "can_see_case": can_see_case,
            "events": audit_events_for(report),
            "mask": not (is_mediator or is_owner),
        },
    )


def _row_context(request, row, **forms):
    user = request.user
    report = row.report
    is_mediator = sel.is_area_mediator(user, report.employer)
    is_owner = user.has_role("employer") and user.employer_npp == report.employer.npp
    status = row.status
    return {
        "row": row,
        "report": report,
        "participant": row.participant,
        "is_mediator": is_mediator,
        "is_owner": is_owner,
        "documents": row.documents.all(),
        "events": audit_events_for(row),
        "agreement_form": forms.get("agreement_form")
        or (
            AgreementForm(initial={"court_name": _court_for(report.employer)})
            if is_mediator and status in (RowStatus.REPORTED, RowStatus.DISPUTED)
            else None
        ),
        "dispute_form": forms.get("dispute_form")
        or (
            DisputeForm(initial={"court_name": _court_for(report.employer)})
            if is_mediator and status == RowStatus.REPORTED
            else None
        ),
        "resolve_form": forms.get("resolve_form")
        or (ResolveForm() if is_mediator and status == RowStatus.DISPUTED else None),
        "withdraw_form": forms.get("withdraw_form")
        or (WithdrawForm() if is_owner and status == RowStatus.REPORTED else None),
        "can_confirm": is_mediator and status == RowStatus.REPORTED and row.accepted,
        "prefill": sel.phk_prefill_for(row.participant) if not is_owner else None,
    }


def _court_for(employer) -> str:
    # Each province has one PHI court at the district court of its capital.
    return {
        "33": "PHI pada PN Semarang",
        "34": "PHI pada PN Yogyakarta",
        "31": "PHI pada PN Jakarta Pusat",
        "32": "PHI pada PN Bandung",
        "35": "PHI pada PN Surabaya",
        "36": "PHI pada PN Serang",
        "64": "PHI pada PN Samarinda",
        "61": "PHI pada PN Pontianak",
        "63": "PHI pada PN Banjarmasin",
    }.get(employer.province_code, "")


@roles_required(*REPORT_ROLES)
def row_detail(request, pk: int):
    row = sel.row_get(user=request.user, pk=pk)
    # The page shows the worker's full NIK: every display is logged.
    log_personal_data_access(request, row.participant, ["nik"])
    return render(request, "phk/row_detail.html", _row_context(request, row))


def _row_action(request, pk, form_class, form_key, run, success):
    row = sel.row_get(user=request.user, pk=pk)
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            run(row, form.cleaned_data)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, success)
            return redirect("phk:row_detail", pk=row.pk)
    else:
        messages.error(request, _("Periksa kembali isian formulir."))
    row.refresh_from_db()
    return render(request, "phk/row_detail.html", _row_context(request, row, **{form_key: form}), status=400)


@roles_required(*REPORT_ROLES)
def document(request, pk: int):
    doc = sel.document_get(user=request.user, pk=pk)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=doc.content_type)
    set_disposition(response, filename=download_name(f"dokumen-phk-{doc.pk}", doc.content_type), as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
