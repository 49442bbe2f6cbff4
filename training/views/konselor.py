"""Pages for konselor and supervisors: clients, recommendations, referrals,
supply and demand."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.eligibility import rule_set_for
from jkp_portal.accounts.regions import province_choices, province_name, regencies_of
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import roles_required
from training.forms import RecommendForm
from training.models import Recommendation, Vacancy
from training.selectors.jobs import applications_of_participant, referrals_by
from training.selectors.matching import vacancies_for_profile
from training.selectors.scope import COUNSELLING_ROLES, approved_claim_for, profiles_visible_to
from training.selectors.supply_demand import regions_overview, supply_demand
from training.selectors.training import enrolments_of_participant, programmes_open_for_participants
from training.services import recommendation_create, referral_create, training_budget
from training.services.jobs import latest_assessment
from training.views.common import redirect_back


@roles_required(*COUNSELLING_ROLES)
def konselor_home(request):
    profiles = profiles_visible_to(request.user).order_by("-seeking", "participant__full_name")
    query = request.GET.get("q", "").strip()
    if query:
        profiles = profiles.filter(
            Q(participant__full_name__icontains=query)
            | Q(participant__nik__startswith=query)
            | Q(desired_occupation__icontains=query)
        )
    if request.GET.get("status") == "reemployed":
        profiles = profiles.filter(seeking=False)
    elif request.GET.get("status") != "all":
        profiles = profiles.filter(seeking=True)
    page = Paginator(profiles, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "status": request.GET.get("status", ""),
        "referrals": list(referrals_by(request.user)[:15]),
        "recommendations": list(
            Recommendation.objects.filter(konselor=request.user)
            .select_related("participant", "programme__lpk")
            .order_by("-created_at")[:15]
        ),
    }
    return render(request, "training/konselor_home.html", context)


def _client_profile(request, participant_id):
    return get_object_or_404(profiles_visible_to(request.user), participant_id=participant_id)


@roles_required(*COUNSELLING_ROLES)
def client_detail(request, participant_id):
    profile = _client_profile(request, participant_id)
    participant = profile.participant
    claim = approved_claim_for(participant)
    programmes = programmes_open_for_participants(province_code=profile.province_code)
    applications = list(applications_of_participant(participant))
    applied = {a.vacancy_id for a in applications}
    matches = vacancies_for_profile(profile, limit=15) if profile.seeking else []
    for match in matches:
        match.applied = match.obj.pk in applied
    context = {
        "profile": profile,
        "participant": participant,
        "claim": claim,
        "assessment": latest_assessment(participant),
        "budget": training_budget(claim) if claim else None,
        "legal_basis": rule_set_for(claim.decision_date).legal_basis if claim else "",
        "form": RecommendForm(programmes=programmes),
        "enrolments": enrolments_of_participant(participant),
        "recommendations": list(
            Recommendation.objects.filter(participant=participant)
            .select_related("programme__lpk", "konselor")
            .order_by("-created_at")
        ),
        "matches": matches,
        "applications": applications,
        "can_act": request.user.has_role("konselor", "supervisor"),
    }
    return render(request, "training/client_detail.html", context)


@roles_required("konselor", "supervisor")
@require_POST
def client_recommend(request, participant_id):
    profile = _client_profile(request, participant_id)
    form = RecommendForm(request.POST, programmes=programmes_open_for_participants())
    if not form.is_valid():
        messages.error(request, _("Pilih program pelatihan."))
        return redirect("training:client_detail", participant_id=participant_id)
    try:
        recommendation_create(
            konselor=request.user,
            participant=profile.participant,
            programme=form.cleaned_data["programme"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Program %(title)s direkomendasikan kepada %(name)s.")
            % {"title": form.cleaned_data["programme"].title, "name": profile.participant.full_name},
        )
    return redirect("training:client_detail", participant_id=participant_id)


@roles_required("konselor", "supervisor")
@require_POST
def client_refer(request, participant_id, vacancy_id):
    profile = _client_profile(request, participant_id)
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=vacancy_id)
    try:
        referral_create(
            konselor=request.user, participant=profile.participant, vacancy=vacancy, note=request.POST.get("note", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s dirujuk ke %(occupation)s di %(employer)s.")
            % {
                "name": profile.participant.full_name,
                "occupation": vacancy.occupation,
                "employer": vacancy.employer.name,
            },
        )
    return redirect_back(request, "training:client_detail", participant_id=participant_id)


def _default_province(user) -> str:
    from jkp_portal.accounts.models import Office  # noqa: PLC0415

    ids = office_scope_ids(user)
    offices = Office.objects.filter(pk__in=ids) if ids is not None else Office.objects.none()
    for office in offices:
        if office.province_codes:
            return office.province_codes[0]
    return ""


@roles_required(*COUNSELLING_ROLES)
def supply_demand_view(request):
    province = request.GET.get("provinsi") or _default_province(request.user)
    regency = request.GET.get("kabupaten", "").strip()
    if regency and regency not in dict(regencies_of(province)):
        regency = ""
    context = {
        "provinces": province_choices(),
        "province": province,
        "regency": regency,
        "regencies": regencies_of(province) if province else [],
        "overview": regions_overview(),
    }
    if province:
        context["province_label"] = province_name(province)
        context["data"] = supply_demand(province_code=province, regency=regency)
    return render(request, "training/supply_demand.html", context)
