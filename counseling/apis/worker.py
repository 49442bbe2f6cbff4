"""The worker's own counselling: their case, konselor and sessions, the next
payment's progress, and the asesmen diri."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

from .. import selectors, services
from ..kbji import OCCUPATIONS
from ..models import Assessment, Barrier, Case, EducationLevel, TrainingInterest
from .serializers import (
    AssessmentWorkHistorySerializer,
    CounsellingSessionWorkerSerializer,
    KonselorBriefSerializer,
    SelfAssessmentSerializer,
    progress_dict,
)


class SelfAssessmentInputSerializer(serializers.Serializer):
    education_level = serializers.ChoiceField(choices=EducationLevel.choices)
    education_major = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    work_history = AssessmentWorkHistorySerializer(many=True, required=False, default=list)
    skills = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    desired_occupations = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(OCCUPATIONS)), min_length=1, max_length=3
    )
    desired_location = serializers.CharField(max_length=150)
    willing_to_relocate = serializers.BooleanField(required=False, default=False)
    training_interests = serializers.ListField(
        child=serializers.ChoiceField(choices=TrainingInterest.choices), required=False, default=list
    )
    barriers = serializers.ListField(
        child=serializers.ChoiceField(choices=Barrier.choices), required=False, default=list
    )
    barriers_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MyCounselingApi(APIView):
    """The worker's counselling: their konselor, next appointment, next steps,
    job-search progress for the coming payment and their sessions."""

    permission_classes = [HasAnyRole.of("worker")]

    @extend_schema(
        responses=inline_serializer(
            "MyCounseling",
            {
                "case": serializers.IntegerField(allow_null=True),
                "status": serializers.CharField(allow_null=True),
                "konselor": KonselorBriefSerializer(allow_null=True),
                "next_appointment": CounsellingSessionWorkerSerializer(allow_null=True),
                "recommendation": serializers.CharField(),
                "recommended_programme": serializers.CharField(),
                "next_steps": serializers.CharField(),
                "assessment_done": serializers.BooleanField(),
                "next_payment": serializers.DictField(allow_null=True),
                "sessions": CounsellingSessionWorkerSerializer(many=True),
            },
        ),
        tags=["counseling"],
    )
    def get(self, request):
        case = selectors.worker_case(request.user)
        if case is None:
            raise ApplicationError(
                _("Belum ada kasus konseling: konseling dimulai setelah klaim disetujui."),
                code="no_case",
                status_code=404,
            )
        sessions = selectors.worker_sessions(case)
        upcoming = next((s for s in reversed(sessions) if s.is_pending), None)
        progress = selectors.job_search_progress_for([case.participant_id], timezone.localdate())
        return Response(
            {
                "case": case.pk,
                "status": case.status,
                "konselor": KonselorBriefSerializer(case.konselor).data if case.konselor else None,
                "next_appointment": CounsellingSessionWorkerSerializer(upcoming).data if upcoming else None,
                "recommendation": case.recommendation,
                "recommended_programme": case.recommended_programme,
                "next_steps": case.next_steps,
                "assessment_done": Assessment.objects.filter(case=case).exists(),
                "next_payment": progress_dict(progress.get(case.participant_id)),
                "sessions": CounsellingSessionWorkerSerializer(sessions, many=True).data,
            }
        )


class MyAssessmentApi(APIView):
    """GET the worker's asesmen diri; PUT creates or replaces it."""

    permission_classes = [HasAnyRole.of("worker")]

    def _case(self, request) -> Case:
        case = selectors.worker_case(request.user)
        if case is None:
            raise ApplicationError(
                _("Belum ada kasus konseling: asesmen diri dibuka setelah klaim disetujui."),
                code="no_case",
                status_code=404,
            )
        return case

    @extend_schema(responses=SelfAssessmentSerializer, tags=["counseling"])
    def get(self, request):
        assessment = get_object_or_404(Assessment, case=self._case(request))
        return Response(SelfAssessmentSerializer(assessment).data)

    @extend_schema(request=SelfAssessmentInputSerializer, responses=SelfAssessmentSerializer, tags=["counseling"])
    def put(self, request):
        case = self._case(request)
        serializer = SelfAssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_submit(case=case, actor=request.user, **serializer.validated_data)
        return Response(SelfAssessmentSerializer(assessment).data)
