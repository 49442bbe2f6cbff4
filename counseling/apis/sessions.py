"""One counselling session: the worker confirms or asks to reschedule; the
konselor reschedules, cancels, records attendance, reports and follows up a no-show."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from jkp_portal.common.permissions import HasAnyRole

from .. import selectors, services
from ..models import CounsellingSession, Recommendation, SessionMode
from .common import STAFF, _session_response
from .serializers import CounsellingSessionStaffSerializer, CounsellingSessionWorkerSerializer


class CounsellingSessionRescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=SessionMode.choices, required=False)
    duration_minutes = serializers.IntegerField(required=False)
    meeting_link = serializers.CharField(max_length=300, required=False, allow_blank=True)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CounsellingSessionReportSerializer(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.CharField(max_length=500)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    recommended_programme = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    recommended_programme_ref = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    next_steps = serializers.CharField()


class CounsellingSessionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class CounsellingRescheduleRequestSerializer(CounsellingSessionReasonSerializer):
    preference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CounsellingSessionAttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField()


class NoShowFollowUpSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


def _staff_session(request, pk: int) -> CounsellingSession:
    qs = CounsellingSession.objects.filter(case__in=selectors.cases_visible_to(request.user).values("pk"))
    return get_object_or_404(qs.select_related("konselor", "case"), pk=pk)


def _worker_session(request, pk: int) -> CounsellingSession:
    return get_object_or_404(
        CounsellingSession.objects.select_related("konselor", "case"), pk=pk, case__participant__user=request.user
    )


class SessionDetailApi(APIView):
    """A session: staff see everything, the worker of the case sees no notes."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CounsellingSessionStaffSerializer, tags=["counseling"])
    def get(self, request, pk: int):
        session = get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)
        return _session_response(request, session)


class SessionConfirmApi(APIView):
    permission_classes = [HasAnyRole.of("worker")]

    @extend_schema(request=None, responses=CounsellingSessionWorkerSerializer, tags=["counseling"])
    def post(self, request, pk: int):
        session = services.session_confirm(session=_worker_session(request, pk), actor=request.user)
        return _session_response(request, session)


class SessionRescheduleRequestApi(APIView):
    permission_classes = [HasAnyRole.of("worker")]

    @extend_schema(
        request=CounsellingRescheduleRequestSerializer,
        responses=CounsellingSessionWorkerSerializer,
        tags=["counseling"],
    )
    def post(self, request, pk: int):
        session = _worker_session(request, pk)
        serializer = CounsellingRescheduleRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_request_reschedule(session=session, actor=request.user, **serializer.validated_data)
        return _session_response(request, session)


class SessionRescheduleApi(APIView):
    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(
        request=CounsellingSessionRescheduleSerializer, responses=CounsellingSessionStaffSerializer, tags=["counseling"]
    )
    def post(self, request, pk: int):
        session = _staff_session(request, pk)
        serializer = CounsellingSessionRescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_reschedule(session=session, actor=request.user, **serializer.validated_data)
        return _session_response(request, session)


class SessionCancelApi(APIView):
    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(
        request=CounsellingSessionReasonSerializer, responses=CounsellingSessionStaffSerializer, tags=["counseling"]
    )
    def post(self, request, pk: int):
        session = _staff_session(request, pk)
        serializer = CounsellingSessionReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_cancel(session=session, actor=request.user, **serializer.validated_data)
        return _session_response(request, session)


class SessionAttendanceApi(APIView):
    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(
        request=CounsellingSessionAttendanceSerializer, responses=CounsellingSessionStaffSerializer, tags=["counseling"]
    )
    def post(self, request, pk: int):
        session = _staff_session(request, pk)
        serializer = CounsellingSessionAttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_record_attendance(
            session=session, attended=serializer.validated_data["attended"], actor=request.user
        )
        return _session_response(request, session)


class SessionReportApi(APIView):
    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(
        request=CounsellingSessionReportSerializer, responses=CounsellingSessionStaffSerializer, tags=["counseling"]
    )
    def post(self, request, pk: int):
        session = _staff_session(request, pk)
        serializer = CounsellingSessionReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_report(session=session, actor=request.user, **serializer.validated_data)
        return _session_response(request, session)


class SessionFollowUpApi(APIView):
    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(request=NoShowFollowUpSerializer, responses=CounsellingSessionStaffSerializer, tags=["counseling"])
    def post(self, request, pk: int):
        session = _staff_session(request, pk)
        serializer = NoShowFollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_follow_up_no_show(session=session, actor=request.user, **serializer.validated_data)
        return _session_response(request, session)
