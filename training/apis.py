"""REST API of the training app (mounted under /api/v1/training/).

Permissions: a role outside an endpoint's list gets 403; objects outside the
caller's reach answer 404 (a worker sees only their own enrolments and
applications; an employer only their company's vacancies and applicants; a
konselor their clients'). Errors follow the portal's shape
``{"detail", "code", "errors"}``; a transition from the wrong state is 409.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError, ForbiddenError
from jkp_portal.common.permissions import HasAnyRole
from training.models import (
    Application,
    Enrolment,
    MonthlyAttendance,
    Programme,
    ProgrammeSession,
    Recommendation,
    Vacancy,
    VacancySource,
)
from training.selectors.jobs import applications_visible_to, vacancies_visible_to
from training.selectors.matching import seekers_for_vacancy, vacancies_for_profile
from training.selectors.scope import employer_of, participant_of, profiles_visible_to
from training.selectors.training import enrolments_visible_to, programmes_open_for_participants
from training.services import (
    application_create,
    application_hire,
    application_invite,
    application_offer,
    application_reject,
    enrolment_create,
    enrolment_withdraw,
    job_seeker_profile_ensure,
    referral_create,
    vacancy_create,
    vacancy_update,
)

PROGRAMME_ROLES = ("worker", "konselor", "supervisor", "admin")
ENROLMENT_ROLES = ("worker", "konselor", "supervisor", "admin")
VACANCY_ROLES = ("worker", "employer", "konselor", "supervisor", "admin")
MATCH_ROLES = ("worker", "konselor", "supervisor", "admin")
APPLICATION_ROLES = ("worker", "employer", "konselor", "supervisor", "admin")
DECISION_ROLES = ("employer", "konselor", "supervisor", "admin")


# --- serializers ---------------------------------------------------------------------------


class TrainingSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeSession
        fields = ["id", "date", "start_time", "end_time", "topic"]


class TrainingProgrammeSerializer(serializers.ModelSerializer):
    lpk = serializers.CharField(source="lpk.name")
    lpk_ownership = serializers.CharField(source="lpk.ownership")
    competency_standard = serializers.CharField(source="lpk.competency_standard")
    seats_left = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "title",
            "lpk",
            "lpk_ownership",
            "competency_standard",
            "competency",
            "kbji_code",
            "skills",
            "hours",
            "cost",
            "mode",
            "location",
            "province_code",
            "regency",
            "start_date",
            "end_date",
            "seats",
            "seats_left",
            "waitlist_count",
            "status",
        ]


class TrainingProgrammeDetailSerializer(TrainingProgrammeSerializer):
    sessions = TrainingSessionSerializer(many=True, read_only=True)

    class Meta(TrainingProgrammeSerializer.Meta):
        fields = [*TrainingProgrammeSerializer.Meta.fields, "description", "sessions"]


class TrainingMonthlyAttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlyAttendance
        fields = ["month", "sessions_recorded", "sessions_present", "percentage"]


class TrainingEnrolmentSerializer(serializers.ModelSerializer):
    programme_title = serializers.CharField(source="programme.title")
    monthly_attendance = TrainingMonthlyAttendanceSerializer(source="monthly", many=True, read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "programme_title",
            "participant",
            "claim",
            "status",
            "source",
            "recommendation",
            "cost",
            "enrolled_at",
            "progress_percent",
            "completed_on",
            "certificate_number",
            "certificate_date",
            "withdrawn_at",
            "monthly_attendance",
            "created_at",
        ]


class TrainingEnrolmentCreateSerializer(serializers.Serializer):
    programme = serializers.IntegerField()
    recommendation = serializers.IntegerField(required=False, allow_null=True)


class TrainingReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


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


class TrainingReasonItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class TrainingVacancyMatchSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    reasons = TrainingReasonItemSerializer(many=True)
    vacancy = TrainingVacancySerializer(source="obj")


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


class TrainingApplicationSerializer(serializers.ModelSerializer):
    vacancy_occupation = serializers.CharField(source="vacancy.occupation")
    employer_name = serializers.CharField(source="vacancy.employer.name")
    participant_name = serializers.CharField(source="participant.full_name")

    class Meta:
        model = Application
        fields = [
            "id",
            "vacancy",
            "vacancy_occupation",
            "employer_name",
            "participant",
            "participant_name",
            "origin",
            "referred_by",
            "status",
            "note",
            "sent_on",
            "interview_on",
            "offered_on",
            "hired_on",
            "rejected_on",
            "rejection_reason",
            "match_score",
            "match_reasons",
            "created_at",
        ]


class TrainingApplicationCreateSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField()
    participant = serializers.IntegerField(
        required=False, help_text="Konselor only: the client to refer (a worker applies for themselves)."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class TrainingInterviewSerializer(serializers.Serializer):
    interview_on = serializers.DateField()


class TrainingHireSerializer(serializers.Serializer):
    start_date = serializers.DateField(help_text="First working day: the re-employment date.")


class TrainingRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=["training"])
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes open to JKP participants (published, not ended, from an LPK meeting the criteria)."""

    permission_classes = [HasAnyRole.of(*PROGRAMME_ROLES)]
    serializer_class = TrainingProgrammeSerializer

    def get_queryset(self):
        params = self.request.query_params
        qs = programmes_open_for_participants(
            province_code=params.get("province_code", ""), mode=params.get("mode", ""), search=params.get("q", "")
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related("sessions")
        return qs

    def get_serializer_class(self):
        return TrainingProgrammeDetailSerializer if self.action == "retrieve" else TrainingProgrammeSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("province_code", str, description="Province code; online programmes are always included"),
            OpenApiParameter("mode", str, enum=["online", "offline"]),
            OpenApiParameter("q", str, description="Search in title, competency, skills"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["training"])
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Enrolments: a worker's own; a konselor's clients'; staff by province."""

    permission_classes = [HasAnyRole.of(*ENROLMENT_ROLES)]
    serializer_class = TrainingEnrolmentSerializer

    queryset = Enrolment.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return enrolments_visible_to(self.request.user).prefetch_related("monthly").order_by("-created_at")

    @extend_schema(request=TrainingEnrolmentCreateSerializer, responses={201: TrainingEnrolmentSerializer})
    def create(self, request):
        """A worker enrols (optionally on a konselor's recommendation). Above the cap: 400 ``training_cost_cap_exceeded``."""
        participant = participant_of(request.user) if request.user.has_role("worker") else None
        if participant is None:
            raise ForbiddenError(_("Hanya pekerja peserta JKP yang dapat mendaftar pelatihan."))
        data = TrainingEnrolmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = get_object_or_404(programmes_open_for_participants(), pk=data.validated_data["programme"])
        recommendation = None
        if data.validated_data.get("recommendation"):
            recommendation = get_object_or_404(
                Recommendation, pk=data.validated_data["recommendation"], participant=participant
            )
        enrolment = enrolment_create(
            participant=participant, programme=programme, actor=request.user, recommendation=recommendation
        )
        return Response(
            TrainingEnrolmentSerializer(self.get_queryset().get(pk=enrolment.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=TrainingReasonSerializer, responses={200: TrainingEnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        enrolment = self.get_object()
        if not (request.user.has_role("admin", "supervisor") or enrolment.participant.user_id == request.user.pk):
            raise ForbiddenError(_("Hanya peserta yang bersangkutan atau petugas yang dapat membatalkan."))
        data = TrainingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment_withdraw(enrolment=enrolment, actor=request.user, reason=data.validated_data.get("reason", ""))
        return Response(TrainingEnrolmentSerializer(self.get_queryset().get(pk=enrolment.pk)).data)


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


def _limit_param(request, default: int = 20, most: int = 50) -> int:
    """The ``limit`` query parameter (default 20, at most 50); not a number: 400."""
    raw = request.query_params.get("limit") or str(default)
    if not raw.isdigit():
        raise ApplicationError(_("Parameter tidak valid."), errors={"limit": [_("Harus berupa angka.")]})
    return max(1, min(int(raw), most))


@extend_schema(tags=["training"])
class MatchesView(APIView):
    """Open vacancies ranked for a job seeker, each with the reasons it matched."""

    permission_classes = [HasAnyRole.of(*MATCH_ROLES)]

    @extend_schema(
        parameters=[
            OpenApiParameter("participant", int, description="Konselor/supervisor: the client's participant id"),
            OpenApiParameter("limit", int, description="At most 50 (default 20)"),
        ],
        responses={200: TrainingVacancyMatchSerializer(many=True)},
    )
    def get(self, request):
        limit = _limit_param(request)
        participant_id = request.query_params.get("participant")
        if participant_id and not participant_id.isdigit():
            raise ApplicationError(_("Parameter tidak valid."), errors={"participant": [_("Harus berupa angka.")]})
        if participant_id and request.user.has_role("konselor", "supervisor", "admin"):
            profile = get_object_or_404(profiles_visible_to(request.user), participant_id=participant_id)
        else:
            participant = participant_of(request.user) if request.user.has_role("worker") else None
            if participant is None:
                raise ApplicationError(_("Sebutkan parameter participant."), errors={"participant": [_("Wajib.")]})
            profile = job_seeker_profile_ensure(participant, actor=request.user)
            if profile is None:
                return Response([])
        if not profile.seeking:
            return Response([])
        return Response(TrainingVacancyMatchSerializer(vacancies_for_profile(profile, limit=limit), many=True).data)


@extend_schema(tags=["training"])
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications and referrals: sent → interview → offered → hired / rejected."""

    permission_classes = [HasAnyRole.of(*APPLICATION_ROLES)]
    serializer_class = TrainingApplicationSerializer

    queryset = Application.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        qs = applications_visible_to(self.request.user).order_by("-created_at")
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs

    @extend_schema(request=TrainingApplicationCreateSerializer, responses={201: TrainingApplicationSerializer})
    def create(self, request):
        """A worker applies; a konselor refers a client (``participant``). Both count as a job application."""
        data = TrainingApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=data.validated_data["vacancy"])
        note = data.validated_data.get("note", "")
        if data.validated_data.get("participant") and request.user.has_role("konselor", "supervisor"):
            profile = get_object_or_404(
                profiles_visible_to(request.user), participant_id=data.validated_data["participant"]
            )
            application = referral_create(
                konselor=request.user, participant=profile.participant, vacancy=vacancy, note=note
            )
        else:
            participant = participant_of(request.user) if request.user.has_role("worker") else None
            if participant is None:
                raise ForbiddenError(_("Hanya pekerja (melamar) atau konselor (merujuk) yang dapat membuat lamaran."))
            application = application_create(participant=participant, vacancy=vacancy, actor=request.user, note=note)
        return Response(TrainingApplicationSerializer(self.get_queryset().get(pk=application.pk)).data, status=201)

    def _decision(self, request):
        if not request.user.has_role(*DECISION_ROLES):
            raise ForbiddenError(_("Keputusan lamaran dicatat oleh pemberi kerja atau petugas."))
        return self.get_object()

    def _respond(self, application):
        return Response(TrainingApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=TrainingInterviewSerializer, responses={200: TrainingApplicationSerializer})
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        application = self._decision(request)
        data = TrainingInterviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(application_invite(application=application, actor=request.user, **data.validated_data))

    @extend_schema(request=None, responses={200: TrainingApplicationSerializer})
    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        application = self._decision(request)
        return self._respond(application_offer(application=application, actor=request.user))

    @extend_schema(request=TrainingHireSerializer, responses={200: TrainingApplicationSerializer})
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        """Placement: records the re-employment date; the benefit stops and the counselling case closes."""
        application = self._decision(request)
        data = TrainingHireSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(application_hire(application=application, actor=request.user, **data.validated_data))

    @extend_schema(request=TrainingRejectSerializer, responses={200: TrainingApplicationSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        application = self._decision(request)
        data = TrainingRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(application_reject(application=application, actor=request.user, **data.validated_data))
