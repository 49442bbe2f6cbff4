"""Employer pages: their company's vacancies, CSV import, applicants and the
decisions on them (also recorded by counsellors and staff on their behalf)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required
from training.forms import CsvUploadForm, HireForm, InterviewForm, RejectForm, VacancyForm
from training.models import TrainingImport
from training.selectors.jobs import (
    applications_for_vacancy,
    applications_visible_to,
    imports_visible_to,
    vacancies_of_employer,
)
from training.selectors.matching import seekers_for_vacancy
from training.selectors.scope import employer_of
from training.services import (
    application_hire,
    application_invite,
    application_offer,
    application_reject,
    vacancy_close,
    vacancy_create,
    vacancy_import_csv,
    vacancy_update,
)
from training.views.common import redirect_back

VACANCY_FIELDS = VacancyForm.Meta.fields


def _employer_or_none(request):
    employer = employer_of(request.user)
    if employer is None:
        messages.error(request, _("Akun Anda belum terhubung dengan NPP perusahaan. Hubungi kantor BPJS."))
    return employer


@roles_required("employer")
def employer_vacancies(request):
    employer = _employer_or_none(request)
    vacancies = vacancies_of_employer(employer, status=request.GET.get("status", "")) if employer else []
    imports = imports_visible_to(request.user, kind=TrainingImport.Kind.VACANCIES)[:5] if employer else []
    return render(
        request,
        "training/employer_vacancies.html",
        {"employer": employer, "vacancies": vacancies, "imports": imports, "status": request.GET.get("status", "")},
    )


def _own_vacancy(request, pk):
    employer = employer_of(request.user)
    if employer is None:
        raise Http404
    return get_object_or_404(vacancies_of_employer(employer), pk=pk)


@roles_required("employer")
def vacancy_new(request):
    employer = _employer_or_none(request)
    if employer is None:
        return redirect("training:employer_vacancies")
    if request.method == "POST":
        form = VacancyForm(request.POST)
        if form.is_valid():
            try:
                vacancy = vacancy_create(employer=employer, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Lowongan %(o)s diterbitkan.") % {"o": vacancy.occupation})
                return redirect("training:employer_vacancy", pk=vacancy.pk)
    else:
        form = VacancyForm(
            initial={"province_code": employer.province_code, "regency": employer.regency, "openings": 1}
        )
    return render(request, "training/vacancy_form.html", {"form": form, "employer": employer})


@roles_required("employer")
def vacancy_edit(request, pk):
    vacancy = _own_vacancy(request, pk)
    if request.method == "POST":
        form = VacancyForm(request.POST, instance=vacancy)
        if form.is_valid():
            changed = {name: form.cleaned_data[name] for name in VACANCY_FIELDS}
            try:
                vacancy_update(vacancy=vacancy, actor=request.user, **changed)
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Lowongan diperbarui."))
                return redirect("training:employer_vacancy", pk=pk)
    else:
        form = VacancyForm(instance=vacancy)
    return render(
        request, "training/vacancy_form.html", {"form": form, "vacancy": vacancy, "employer": vacancy.employer}
    )


@roles_required("employer")
@require_POST
def vacancy_close_view(request, pk):
    vacancy = _own_vacancy(request, pk)
    try:
        vacancy_close(vacancy=vacancy, actor=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Lowongan ditutup."))
    return redirect("training:employer_vacancy", pk=pk)


@roles_required("employer")
def employer_vacancy(request, pk):
    vacancy = _own_vacancy(request, pk)
    seekers = seekers_for_vacancy(vacancy, limit=15) if vacancy.status == "open" else []
    applied = set(applications_for_vacancy(vacancy).values_list("participant_id", flat=True))
    for match in seekers:
        match.applied = match.obj.participant_id in applied
    return render(
        request,
        "training/employer_vacancy.html",
        {
            "vacancy": vacancy,
            "applications": list(applications_for_vacancy(vacancy)),
            "seekers": seekers,
            "interview_form": InterviewForm(),
            "hire_form": HireForm(),
            "reject_form": RejectForm(),
        },
    )


@roles_required("employer", "admin", "supervisor")
def vacancy_import(request):
    employer = employer_of(request.user) if request.user.has_role("employer") else None
    if request.user.has_role("employer") and employer is None and not request.user.has_role("admin", "supervisor"):
        messages.error(request, _("Akun Anda belum terhubung dengan NPP perusahaan."))
        return redirect("training:employer_vacancies")
    run = None
    if request.method == "POST":
        form = CsvUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = vacancy_import_csv(data=upload.read(), source_name=upload.name, actor=request.user, employer=employer)
            if run.rows_imported:
                messages.success(request, _("%(n)s lowongan diimpor.") % {"n": run.rows_imported})
            if run.errors:
                messages.warning(request, _("%(n)s baris ditolak; lihat rinciannya di bawah.") % {"n": len(run.errors)})
    else:
        form = CsvUploadForm()
    return render(
        request,
        "training/vacancy_import.html",
        {
            "form": form,
            "run": run,
            "employer": employer,
            "recent": imports_visible_to(request.user, kind=TrainingImport.Kind.VACANCIES)[:10],
        },
    )


ACTIONS = {"invite", "offer", "hire", "reject"}


@roles_required("employer", "konselor", "supervisor", "admin")
@require_POST
def application_action(request, pk, action):
    """Record the employer's decision on an application (the employer, or a
    counsellor or staff member on their behalf)."""
    if action not in ACTIONS:
        raise Http404
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    fallback = (
        ("training:employer_vacancy", {"pk": application.vacancy_id})
        if employer_of(request.user) is not None and application.vacancy.employer.npp == request.user.employer_npp
        else ("training:client_detail", {"participant_id": application.participant_id})
    )
    form_class = {"invite": InterviewForm, "hire": HireForm, "reject": RejectForm}.get(action)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect_back(request, fallback[0], **fallback[1])
    try:
        if action == "invite":
            application_invite(
                application=application, actor=request.user, interview_on=form.cleaned_data["interview_on"]
            )
            messages.success(request, _("Undangan tes/wawancara dicatat."))
        elif action == "offer":
            application_offer(application=application, actor=request.user)
            messages.success(request, _("Tawaran kerja dicatat."))
        elif action == "hire":
            application_hire(application=application, actor=request.user, start_date=form.cleaned_data["start_date"])
            messages.success(
                request,
                _("%(name)s diterima bekerja. Manfaat JKP-nya berhenti dan kasus konselingnya ditutup.")
                % {"name": application.participant.full_name},
            )
        else:
            application_reject(application=application, actor=request.user, reason=form.cleaned_data["reason"])
            messages.info(request, _("Lamaran ditandai tidak lolos."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect_back(request, fallback[0], **fallback[1])
