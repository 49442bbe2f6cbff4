"""Vacancies: employers see and post their company's, workers see open ones; the
job seekers ranked for a vacancy."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jkp_portal.common.exceptions import ForbiddenError
from jkp_portal.common.permissions import HasAnyRole
from training.models import Vacancy, VacancySource
from training.selectors.jobs import vacancies_visible_to
from training.selectors.matching import seekers_for_vacancy
from training.selectors.scope import employer_of, profiles_visible_to
from training.services import vacancy_create, vacancy_update

from .common import TrainingReasonItemSerializer, _limit_param

VACANCY_ROLES = ("worker", "employer", "konselor", "supervisor", "admin")


class TrainingVacancySerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    openings_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "employer",
            "employer_name",
            "reference",
            "occupation",
            "kbji_code",
            "skills",
            "description",
            "province_code",
            "regency",
            "salary_min",
            "salary_max",
            "openings",
            "openings_left",
            "hired_count",
            "closing_date",
            "status",
            "source",
            "created_at",
        ]
        read_only_fields = ["employer", "hired_count", "status", "source", "created_at"]


class TrainingVacancyWriteSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True)
    occupation = serializers.CharField(max_length=200)
    kbji_code = serializers.CharField(max_length=8, required=False, allow_blank=True)
    skills = serializers.ListField(child=serializers.CharField(max_length=80), allow_empty=True)
    description = serializers.CharField(required=False, allow_blank=True)
    province_code = serializers.CharField(max_length=2)
    regency = serializers.CharField(max_length=100, required=False, allow_blank=True)
    salary_min = serializers.DecimalField(max_digits=14, decimal_places=0, required=False, allow_null=True)
    salary_max = serializers.DecimalField(max_digits=14, decimal_places=0, required=False, allow_null=True)
    openings = serializers.IntegerField(min_value=1)
    closing_date = serializers.DateField()


class TrainingSeekerMatchSerializer(serializers.Serializer):
    """A job seeker for a vacancy. Employers get a pseudonym only."""

    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    reasons = TrainingReasonItemSerializer(many=True)
    job_seeker = serializers.SerializerMethodField()

    def get_job_seeker(self, match) -> dict:
        profile = match.obj
        data = {
            "id": profile.pk,
            "desired_occupation": profile.desired_occupation,
            "skills": profile.skills,
            "province_code": profile.province_code,
            "regency": profile.regency,
            "willing_to_relocate": profile.willing_to_relocate,
        }
        if self.context.get("identify"):
            data["participant"] = profile.participant_id
            data["full_name"] = profile.participant.full_name
        return data


@extend_schema(tags=["training"])
class VacancyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Vacancies: employers see and post their company's; workers see open ones."""

    permission_classes = [HasAnyRole.of(*VACANCY_ROLES)]
    serializer_class = TrainingVacancySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = Vacancy.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Vacancy.objects.none()
        qs = vacancies_visible_to(self.request.user).order_by("-created_at")
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("province_code"):
            qs = qs.filter(province_code=params["province_code"])
        return qs

    def _employer(self):
        employer = employer_of(self.request.user)
        if employer is None:
            raise ForbiddenError(_("Hanya akun pemberi kerja yang terhubung dengan NPP yang dapat memasang lowongan."))
        return employer

    @extend_schema(request=TrainingVacancyWriteSerializer, responses={201: TrainingVacancySerializer})
    def create(self, request, *args, **kwargs):
        employer = self._employer()
        data = TrainingVacancyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vacancy = vacancy_create(employer=employer, actor=request.user, source=VacancySource.API, **data.validated_data)
        return Response(TrainingVacancySerializer(vacancy).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TrainingVacancyWriteSerializer, responses={200: TrainingVacancySerializer})
    def partial_update(self, request, pk=None):
        employer = self._employer()
        vacancy = get_object_or_404(Vacancy.objects.filter(employer=employer), pk=pk)
        data = TrainingVacancyWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vacancy = vacancy_update(vacancy=vacancy, actor=request.user, **data.validated_data)
        return Response(TrainingVacancySerializer(vacancy).data)

    @extend_schema(responses={200: TrainingSeekerMatchSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def matches(self, request, pk=None):
        """Suitable active job seekers in the vacancy's area, best first (employers get pseudonyms)."""
        if not request.user.has_role("employer", "konselor", "supervisor", "admin"):
            raise ForbiddenError(_("Tidak diizinkan."))
        vacancy = self.get_object()
        matches = seekers_for_vacancy(vacancy, limit=_limit_param(request))
        identify = request.user.has_role("konselor", "supervisor", "admin")
        if identify and not request.user.has_role("admin"):
            visible = set(
                profiles_visible_to(request.user)
                .filter(pk__in=[m.obj.pk for m in matches])
                .values_list("pk", flat=True)
            )
            matches = [m for m in matches if m.obj.pk in visible]
        return Response(TrainingSeekerMatchSerializer(matches, many=True, context={"identify": identify}).data)
