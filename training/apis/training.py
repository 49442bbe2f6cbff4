"""Training: the programmes open to JKP participants and the enrolments (enrol,
withdraw)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jkp_portal.common.exceptions import ForbiddenError
from jkp_portal.common.permissions import HasAnyRole
from training.models import Enrolment, MonthlyAttendance, Programme, ProgrammeSession, Recommendation
from training.selectors.scope import participant_of
from training.selectors.training import enrolments_visible_to, programmes_open_for_participants
from training.services import enrolment_create, enrolment_withdraw

PROGRAMME_ROLES = ("worker", "konselor", "supervisor", "admin")
ENROLMENT_ROLES = ("worker", "konselor", "supervisor", "admin")


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
