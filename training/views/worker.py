"""The worker's pages: programmes, enrolments and attendance, matched
vacancies and applications."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.eligibility import rule_set_for
from jkp_portal.accounts.regions import province_name
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required
from training.forms import JobSeekerProfileForm
from training.models import EnrolmentStatus, Recommendation, RecommendationStatus, Vacancy
from training.selectors.jobs import applications_of_participant, vacancies_visible_to
from training.selectors.matching import explain_match, vacancies_for_profile
from training.selectors.scope import approved_claim_for, participant_of
from training.selectors.training import (
    enrolments_of_participant,
    open_recommendations_for,
    programme_for_participant,
    programmes_open_for_participants,
    waitlist_position,
)
from training.services import (
    application_create,
    enrolment_create,
    enrolment_withdraw,
    job_seeker_profile_ensure,
    job_seeker_profile_from_assessment,
    job_seeker_profile_update,
    recommendation_decline,
    training_budget,
)
from training.services.jobs import latest_assessment
from training.views.common import redirect_back


def _worker_context(request):
    participant = participant_of(request.user)
    if participant is None:
        return None, None, None
    claim = approved_claim_for(participant)
    profile = job_seeker_profile_ensure(participant, actor=request.user) if claim else None
    return participant, claim, profile


def _budget_context(claim):
    if claim is None:
        return None
    budget = training_budget(claim)
    return {"check": budget, "legal_basis": rule_set_for(claim.decision_date).legal_basis}


@roles_required("worker")
def worker_home(request):
    participant, claim, profile = _worker_context(request)
    context = {"participant": participant, "claim": claim, "profile": profile}
    if participant is None:
        return render(request, "training/worker_home.html", context)
    province = (profile.province_code if profile else "") or request.GET.get("provinsi", "")
    programmes = programmes_open_for_participants(province_code=province, search=request.GET.get("q", "").strip())[:12]
    enrolments = enrolments_of_participant(participant)
    for enrolment in enrolments:
        enrolment.position = waitlist_position(enrolment)
    applications = list(applications_of_participant(participant))
    applied = {a.vacancy_id for a in applications}
    matches = []
    if profile is not None and profile.seeking:
        matches = vacancies_for_profile(profile, limit=10)
        for match in matches:
            match.applied = match.obj.pk in applied
    context.update(
        {
            "budget": _budget_context(claim),
            "recommendations": list(open_recommendations_for(participant)),
            "programmes": programmes,
            "province_label": province_name(province) if province else "",
            "enrolments": enrolments,
            "matches": matches,
            "applications": applications,
            "profile_incomplete": profile is not None and not (profile.skills or profile.desired_occupation),
        }
    )
    return render(request, "training/worker_home.html", context)


@roles_required("worker")
def profile_edit(request):
    participant, claim, profile = _worker_context(request)
    if profile is None:
        messages.error(request, _("Profil pencari kerja tersedia setelah klaim JKP Anda disetujui."))
        return redirect("training:worker_home")
    assessment = latest_assessment(participant)
    if request.method == "POST" and "from_assessment" in request.POST:
        try:
            job_seeker_profile_from_assessment(participant=participant, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Profil diisi dari asesmen diri Anda."))
        return redirect("training:profile_edit")
    if request.method == "POST":
        form = JobSeekerProfileForm(request.POST)
        if form.is_valid():
            try:
                job_seeker_profile_update(participant=participant, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Profil pencari kerja disimpan. Lowongan yang cocok diperbarui."))
                return redirect("training:worker_home")
    else:
        form = JobSeekerProfileForm(
            initial={
                "desired_occupation": profile.desired_occupation,
                "kbji_code": profile.kbji_code,
                "skills": profile.skills,
                "province_code": profile.province_code,
                "regency": profile.regency,
                "willing_to_relocate": profile.willing_to_relocate,
            }
        )
    return render(request, "training/profile_form.html", {"form": form, "assessment": assessment, "profile": profile})


@roles_required("worker", "konselor", "supervisor", "admin")
def programme_detail(request, pk):
    programme = programme_for_participant(pk)
    context = {"programme": programme}
    participant = participant_of(request.user) if request.user.has_role("worker") else None
    if participant is not None:
        claim = approved_claim_for(participant)
        context["claim"] = claim
        context["budget"] = _budget_context(claim)
        context["recommendation"] = (
            Recommendation.objects.filter(
                participant=participant, programme=programme, status=RecommendationStatus.OPEN
            )
            .select_related("konselor")
            .first()
        )
        context["enrolment"] = next(
            (
                e
                for e in enrolments_of_participant(participant)
                if e.programme_id == programme.pk and e.status != "withdrawn"
            ),
            None,
        )
    return render(request, "training/programme_detail.html", context)


@roles_required("worker")
@require_POST
def programme_enrol(request, pk):
    participant = participant_of(request.user)
    if participant is None:
        raise Http404
    programme = programme_for_participant(pk)
    recommendation = None
    if request.POST.get("recommendation"):
        recommendation = get_object_or_404(
            Recommendation, pk=request.POST["recommendation"], participant=participant, programme=programme
        )
    try:
        enrolment = enrolment_create(
            participant=participant, programme=programme, actor=request.user, recommendation=recommendation
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("training:programme_detail", pk=pk)
    if enrolment.status == EnrolmentStatus.ENROLLED:
        messages.success(request, _("Anda terdaftar di %(title)s.") % {"title": programme.title})
    else:
        messages.warning(request, _("Kuota %(title)s penuh; Anda masuk daftar tunggu.") % {"title": programme.title})
    return redirect("training:worker_home")


@roles_required("worker")
@require_POST
def enrolment_withdraw_view(request, pk):
    participant = participant_of(request.user)
    if participant is None:
        raise Http404
    enrolment = next((e for e in enrolments_of_participant(participant) if e.pk == pk), None)
    if enrolment is None:
        raise Http404
    try:
        enrolment_withdraw(enrolment=enrolment, actor=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("training:worker_home")


@roles_required("worker")
@require_POST
def recommendation_decline_view(request, pk):
    participant = participant_of(request.user)
    recommendation = get_object_or_404(Recommendation, pk=pk, participant=participant)
    try:
        recommendation_decline(recommendation=recommendation, actor=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("Rekomendasi ditolak. Konselor Anda dapat melihatnya."))
    return redirect("training:worker_home")


@roles_required("worker", "konselor", "supervisor", "admin", "employer")
def vacancy_detail(request, pk):
    vacancy = get_object_or_404(vacancies_visible_to(request.user), pk=pk)
    if request.user.has_role("employer") and not request.user.has_role("worker", "konselor", "supervisor", "admin"):
        return redirect("training:employer_vacancy", pk=pk)
    context = {"vacancy": vacancy}
    participant = participant_of(request.user) if request.user.has_role("worker") else None
    if participant is not None:
        profile = job_seeker_profile_ensure(participant, actor=request.user)
        if profile is not None:
            score, context["reasons"] = explain_match(profile, vacancy)
            context["percent"] = int(score * 100)
            context["profile"] = profile
        context["application"] = applications_of_participant(participant).filter(vacancy=vacancy).first()
    return render(request, "training/vacancy_detail.html", context)


@roles_required("worker")
@require_POST
def vacancy_apply(request, pk):
    participant = participant_of(request.user)
    if participant is None:
        raise Http404
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=pk)
    try:
        application_create(
            participant=participant, vacancy=vacancy, actor=request.user, note=request.POST.get("note", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Lamaran ke %(employer)s terkirim dan dicatat untuk laporan pencarian kerja bulanan Anda.")
            % {"employer": vacancy.employer.name},
        )
    return redirect_back(request, "training:worker_home")
