"""The employer's pages: its PHK reports, filing one (form or CSV upload), the CSV
template and an upload's error report, withdrawing a worker's row."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.models import Participant
from jkp_portal.common.downloads import set_disposition
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required

from .. import selectors as sel
from ..forms import CsvReportForm, SingleReportForm, WithdrawForm
from ..models import PhkReport
from ..services import PhkLinesInvalid, error_report_csv, phk_report_submit, phk_report_submit_csv, phk_row_withdraw
from ..services.report_lines import CSV_COLUMNS
from .common import _employer_or_403, _page, _show_error
from .reports import _row_action


@roles_required("employer")
def employer_home(request):
    employer = _employer_or_403(request)
    reports = _page(request, sel.employer_reports(employer), 20)
    arrears = sel.employer_arrears(employer)
    return render(
        request,
        "phk/employer_home.html",
        {
            "employer": employer,
            "reports": reports,
            "arrears": arrears,
            "arrears_months": arrears.months[:12],
            "paid_benefits": sel.employer_paid_benefits(employer),
            "events": sel.upcoming_events_for_employer(employer)[:5],
            "workers_total": Participant.objects.filter(employer=employer).count(),
            "workers_active": Participant.objects.filter(
                employer=employer, employment_status=Participant.EmploymentStatus.ACTIVE
            ).count(),
        },
    )


@roles_required("employer")
def report_create(request):
    employer = _employer_or_403(request)
    form = SingleReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = phk_report_submit(
                actor=request.user,
                lines=[
                    {
                        "line": 1,
                        "nik": data["nik"],
                        "phk_date": data["phk_date"],
                        "reason": data["reason"],
                        "accepted": data["accepted"],
                        "notes": data["notes"],
                    }
                ],
                notice_letter=data.get("notice_letter"),
                source=PhkReport.Source.FORM,
            )
        except PhkLinesInvalid as exc:
            messages.error(request, _("Laporan belum dapat diterima; tidak ada yang disimpan."))
            for field, error in exc.lines[0].field_errors:
                form.add_error(field if field in form.fields else None, error)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(
                request,
                _(
                    "Laporan %(number)s terkirim ke mediator Disnaker. Pekerja sudah dinonaktifkan di registri dan diberi tahu."
                )
                % {"number": report.number},
            )
            return redirect("phk:report_detail", pk=report.pk)
    return render(request, "phk/report_form.html", {"form": form, "employer": employer})


@roles_required("employer")
def report_upload(request):
    employer = _employer_or_403(request)
    form = CsvReportForm(request.POST or None, request.FILES or None)
    upload = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = phk_report_submit_csv(
                actor=request.user,
                csv_file=data["csv_file"],
                notice_letter=data.get("notice_letter"),
                is_closure=data["is_closure"],
                notes=data["notes"],
            )
        except PhkLinesInvalid as exc:  # the error report card on the page says what is wrong
            upload = sel.upload_get(user=request.user, pk=exc.upload_id)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            text = _("Laporan %(number)s berisi %(n)s pekerja terkirim ke mediator Disnaker.") % {
                "number": report.number,
                "n": report.workers_count,
            }
            if report.mass_layoff_case_id:
                text += " " + _(
                    "Kasus PHK massal %(case)s dibuka: BPJS dan Disnaker akan menjadwalkan sosialisasi."
                ) % {"case": report.mass_layoff_case.number}
            messages.success(request, text)
            return redirect("phk:report_detail", pk=report.pk)
    bad_lines = [line for line in (upload.lines if upload else []) if line.get("errors")]
    return render(
        request,
        "phk/report_upload.html",
        {"form": form, "employer": employer, "upload": upload, "bad_lines": bad_lines[:200], "columns": CSV_COLUMNS},
    )


@roles_required("employer")
def csv_template(request):
    body = ",".join(CSV_COLUMNS) + "\n" + "3372010505900001,2025-10-31,business_closure,yes,\n"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    set_disposition(response, filename="templat-laporan-phk.csv")
    return response


@roles_required("employer")
def upload_errors_csv(request, pk: int):
    upload = sel.upload_get(user=request.user, pk=pk)
    response = HttpResponse("\ufeff" + error_report_csv(upload.lines), content_type="text/csv; charset=utf-8")
    set_disposition(response, filename=f"kesalahan-unggahan-{upload.pk}.csv")
    return response


@require_POST
@roles_required("employer")
def row_withdraw(request, pk: int):
    return _row_action(
        request,
        pk,
        WithdrawForm,
        "withdraw_form",
        lambda row, d: phk_row_withdraw(actor=request.user, row=row, reason=d["reason"]),
        _("Laporan PHK pekerja ini ditarik; pekerja kembali aktif di registri."),
    )
