"""Pages for employers (PHK reports, arrears, benefits they owe), Disnaker
mediators (the mediation queue) and the people who reach the workers of a
mass layoff (cases, outreach events)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.models import Participant
from claims.selectors.registry import mask_nik
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.accounts.selectors import scope_by_office
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.downloads import download_name, set_disposition
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

from . import selectors as sel
from .forms import (
    AgreementForm,
    CancelForm,
    ConfirmForm,
    CsvReportForm,
    DisputeForm,
    EventForm,
    ResolveForm,
    SingleReportForm,
    WithdrawForm,
)
from .models import OutreachEvent, PhkReport, RowStatus
from .services import (
    PhkLinesInvalid,
    can_manage_case,
    error_report_csv,
    outreach_event_cancel,
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
    phk_report_submit,
    phk_report_submit_csv,
    phk_row_mark_disputed,
    phk_row_record_agreement,
    phk_row_resolve,
    phk_row_withdraw,
    phk_rows_confirm,
)
from .services.reports import CSV_COLUMNS

CASE_ROLES = ("mediator", *STAFF_ROLES)
REPORT_ROLES = ("employer", "mediator", *STAFF_ROLES)


def _show_error(request, exc: ApplicationError, form=None) -> None:
    """The service's message on top; field messages next to their fields (the row
    report stays on the page)."""
    messages.error(request, exc.message)
    if form is not None:
        errors_to_form(form, exc, page_keys=("rows",), summary=False)


def _page(request, items, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _employer_or_403(request):
    try:
        return sel.employer_for_user(request.user)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc


# ---------------------------------------------------------------------------
# Employers


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


# ---------------------------------------------------------------------------
# Reports (employer, mediator, BPJS staff) and mediation


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


# ---------------------------------------------------------------------------
# Mass layoffs and outreach


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
        "organiser_disnaker": _("Disnaker %(regency)s") % {"regency": case.employer.regency},
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
