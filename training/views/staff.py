"""LPK and programme administration for admins and supervisors, who also
record attendance on the LPK's behalf (in the browser or from the LPK's CSV)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required
from training.forms import (
    CertificateForm,
    CsvUploadForm,
    LpkForm,
    ProgrammeForm,
    ProgressForm,
    ReasonForm,
    ScheduleForm,
    SessionForm,
)
from training.models import AttendanceSource, Enrolment, EnrolmentStatus, ProgrammeSession, TrainingImport
from training.selectors.jobs import imports_visible_to
from training.selectors.scope import PROGRAMME_STAFF_ROLES, staff_province_codes
from training.selectors.training import (
    attendance_grid,
    lpks_for_staff,
    programme_for_staff,
    programme_roster,
    programmes_for_staff,
)
from training.services import (
    attendance_import_csv,
    attendance_record,
    enrolment_complete,
    enrolment_progress_update,
    enrolment_withdraw,
    lpk_create,
    lpk_update,
    programme_close,
    programme_create,
    programme_publish,
    programme_publish_problems,
    programme_session_add,
    programme_session_delete,
    programme_update,
)
from training.services.providers import LPK_FIELDS, PROGRAMME_FIELDS

staff_required = roles_required(*PROGRAMME_STAFF_ROLES)


def _check_province(request, code: str) -> None:
    codes = staff_province_codes(request.user)
    if codes is not None and code not in codes:
        raise Http404


@staff_required
def lpk_list(request):
    lpks = list(lpks_for_staff(request.user).order_by("name"))
    today = timezone.localdate()
    for lpk in lpks:
        lpk.problem_list = lpk.problems(today)
    return render(request, "training/lpk_list.html", {"lpks": lpks})


@staff_required
def lpk_detail(request, pk):
    lpk = get_object_or_404(lpks_for_staff(request.user), pk=pk)
    return render(
        request,
        "training/lpk_detail.html",
        {
            "lpk": lpk,
            "problems": lpk.problems(),
            "programmes": programmes_for_staff(request.user).filter(lpk=lpk),
            "events": audit_events_for(lpk),
        },
    )


@staff_required
def lpk_form(request, pk=None):
    lpk = get_object_or_404(lpks_for_staff(request.user), pk=pk) if pk else None
    if request.method == "POST":
        form = LpkForm(request.POST, instance=lpk)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in LPK_FIELDS}
            try:
                _check_province(request, values["province_code"])
                lpk = (
                    lpk_update(lpk=lpk, actor=request.user, **values)
                    if lpk
                    else lpk_create(actor=request.user, **values)
                )
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Data LPK disimpan."))
                return redirect("training:lpk_detail", pk=lpk.pk)
    else:
        form = LpkForm(instance=lpk)
    return render(request, "training/lpk_form.html", {"form": form, "lpk": lpk})


@staff_required
def programme_list(request):
    programmes = programmes_for_staff(request.user)
    status = request.GET.get("status", "")
    if status:
        programmes = programmes.filter(status=status)
    return render(request, "training/programme_list.html", {"programmes": programmes[:200], "status": status})


@staff_required
def programme_new(request, lpk_pk):
    lpk = get_object_or_404(lpks_for_staff(request.user), pk=lpk_pk)
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        schedule = ScheduleForm(request.POST)
        if form.is_valid() and schedule.is_valid():
            values = {name: form.cleaned_data[name] for name in PROGRAMME_FIELDS}
            try:
                programme = programme_create(
                    actor=request.user, lpk=lpk, code=form.cleaned_data["code"], **values, **schedule.cleaned_data
                )
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Program dibuat sebagai draf. Periksa jadwal lalu buka untuk peserta."))
                return redirect("training:programme_manage", pk=programme.pk)
    else:
        form = ProgrammeForm(
            initial={
                "province_code": lpk.province_code,
                "regency": lpk.regency,
                "mode": "online" if lpk.online else "offline",
            }
        )
        schedule = ScheduleForm(initial={"weekdays": [0, 1, 2, 3, 4]})
    return render(request, "training/programme_form.html", {"form": form, "schedule": schedule, "lpk": lpk})


@staff_required
def programme_edit(request, pk):
    programme = programme_for_staff(request.user, pk)
    if request.method == "POST":
        form = ProgrammeForm(request.POST, instance=programme)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in PROGRAMME_FIELDS}
            try:
                programme_update(programme=programme, actor=request.user, **values)
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Program diperbarui."))
                return redirect("training:programme_manage", pk=pk)
    else:
        form = ProgrammeForm(instance=programme)
    return render(request, "training/programme_form.html", {"form": form, "programme": programme, "lpk": programme.lpk})


@staff_required
def programme_manage(request, pk):
    programme = programme_for_staff(request.user, pk)
    roster = programme_roster(programme)
    for enrolment in roster:
        marks = [record.present for record in enrolment.attendance.all()]
        enrolment.recorded_count, enrolment.present_count = len(marks), sum(marks)
    context = {
        "programme": programme,
        "roster": roster,
        "sessions": list(programme.sessions.all()),
        "session_form": SessionForm(),
        "certificate_form": CertificateForm(initial={"certificate_date": timezone.localdate()}),
        "progress_form": ProgressForm(),
        "publish_problems": programme_publish_problems(programme, today=timezone.localdate())
        if programme.status == "draft"
        else [],
        "events": audit_events_for(programme),
        "today": timezone.localdate(),
    }
    return render(request, "training/programme_manage.html", context)


@staff_required
@require_POST
def programme_status(request, pk, action):
    programme = programme_for_staff(request.user, pk)
    try:
        if action == "publish":
            programme_publish(programme=programme, actor=request.user)
            messages.success(request, _("Program dibuka untuk peserta JKP."))
        elif action == "close":
            form = ReasonForm(request.POST)
            form.is_valid()
            programme_close(programme=programme, actor=request.user, reason=form.cleaned_data.get("reason", ""))
            messages.success(request, _("Program ditutup."))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("training:programme_manage", pk=pk)


@staff_required
@require_POST
def session_add(request, pk):
    programme = programme_for_staff(request.user, pk)
    form = SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal, jam mulai dan jam selesai sesi."))
        return redirect("training:programme_manage", pk=pk)
    try:
        programme_session_add(programme=programme, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sesi ditambahkan."))
    return redirect("training:programme_manage", pk=pk)


def _session_for_staff(request, pk) -> ProgrammeSession:
    session = get_object_or_404(ProgrammeSession.objects.select_related("programme__lpk"), pk=pk)
    programme_for_staff(request.user, session.programme_id)  # 404 outside the staff member's provinces
    return session


@staff_required
@require_POST
def session_delete(request, pk):
    session = _session_for_staff(request, pk)
    try:
        programme_session_delete(session=session, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sesi dihapus."))
    return redirect("training:programme_manage", pk=session.programme_id)


@staff_required
def session_attendance(request, pk):
    """One session's attendance list: a checkbox per enrolled participant."""
    session = _session_for_staff(request, pk)
    grid = attendance_grid(session.programme)
    enrolled = [e for e in grid["enrolments"] if e.status == EnrolmentStatus.ENROLLED]
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        marks = {e.pk: e.pk in present for e in enrolled}
        try:
            changed = attendance_record(
                session=session, marks=marks, actor=request.user, source=AttendanceSource.BROWSER
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Kehadiran %(date)s disimpan: %(p)s dari %(n)s hadir.")
                % {"date": session.date.strftime("%d-%m-%Y"), "p": len(present & set(marks)), "n": len(marks)},
            )
            if changed:
                messages.info(
                    request,
                    _("Persentase kehadiran bulanan %(n)s peserta diperbarui untuk syarat pembayaran.")
                    % {"n": len(changed)},
                )
            return redirect("training:programme_manage", pk=session.programme_id)
    rows = [{"enrolment": e, "present": grid["marks"].get((e.pk, session.pk))} for e in enrolled]
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "programme": session.programme,
            "rows": rows,
            "future": session.date > timezone.localdate(),
        },
    )


@staff_required
def attendance_import(request):
    run = None
    if request.method == "POST":
        form = CsvUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = attendance_import_csv(data=upload.read(), source_name=upload.name, actor=request.user)
            if run.rows_imported:
                messages.success(request, _("%(n)s baris kehadiran dicatat.") % {"n": run.rows_imported})
            if run.errors:
                messages.warning(request, _("%(n)s baris ditolak; lihat rinciannya di bawah.") % {"n": len(run.errors)})
    else:
        form = CsvUploadForm()
    return render(
        request,
        "training/attendance_import.html",
        {
            "form": form,
            "run": run,
            "recent": imports_visible_to(request.user, kind=TrainingImport.Kind.ATTENDANCE)[:10],
        },
    )


def _enrolment_for_staff(request, pk) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.select_related("programme"), pk=pk)
    programme_for_staff(request.user, enrolment.programme_id)
    return enrolment


@staff_required
@require_POST
def enrolment_action(request, pk, action):
    enrolment = _enrolment_for_staff(request, pk)
    try:
        if action == "complete":
            form = CertificateForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Isi nomor dan tanggal sertifikat."))
                return redirect("training:programme_manage", pk=enrolment.programme_id)
            enrolment_complete(enrolment=enrolment, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Peserta dinyatakan selesai; sertifikat dicatat."))
        elif action == "progress":
            form = ProgressForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Kemajuan harus 0–100 %."))
                return redirect("training:programme_manage", pk=enrolment.programme_id)
            enrolment_progress_update(enrolment=enrolment, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Kemajuan belajar dicatat."))
        elif action == "withdraw":
            form = ReasonForm(request.POST)
            form.is_valid()
            enrolment_withdraw(enrolment=enrolment, actor=request.user, reason=form.cleaned_data.get("reason", ""))
            messages.success(request, _("Peserta dikeluarkan dari program; kursi diberikan ke daftar tunggu."))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("training:programme_manage", pk=enrolment.programme_id)
