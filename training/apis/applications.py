"""Applications and referrals: sent, interview, offered, hired or rejected."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jkp_portal.common.exceptions import ForbiddenError
from jkp_portal.common.permissions import HasAnyRole
from training.models import Application, Vacancy
from training.selectors.jobs import applications_visible_to
from training.selectors.scope import participant_of, profiles_visible_to
from training.services import (
    application_create,
    application_hire,
    application_invite,
    application_offer,
    application_reject,
    referral_create,
)

APPLICATION_ROLES = ("worker", "employer", "konselor", "supervisor", "admin")
DECISION_ROLES = ("employer", "konselor", "supervisor", "admin")


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
