"""The konselor's caseload and cases: the queues, the case list and detail, the
case's asesmen and sessions (scheduling a new one)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

from .. import selectors, services
from ..models import OPEN_CASE_STATUSES, Assessment, Case, CaseStatus, Recommendation, SessionMode
from .common import STAFF, _session_response
from .serializers import (
    CaseDetailSerializer,
    CaseRowSerializer,
    CounsellingSessionStaffSerializer,
    SelfAssessmentSerializer,
)


class CounsellingSessionScheduleSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(required=False, default=60)
    meeting_link = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CaseloadApi(APIView):
    """The konselor's caseload: the count of each queue and one page of the
    chosen queue (``queue``: open, new, today, at_risk, no_show, in_training,
    reemployed, closed), with search ``q`` (name or NIK), filters and sort."""

    permission_classes = [HasAnyRole.of("konselor")]

    @extend_schema(
        parameters=[
            OpenApiParameter("queue", str, enum=selectors.QUEUE_KEYS),
            OpenApiParameter("q", str),
            OpenApiParameter("assessment", str, enum=["done", "missing"]),
            OpenApiParameter("recommendation", str, enum=Recommendation.values),
            OpenApiParameter("sort", str, enum=selectors.SORT_KEYS),
            OpenApiParameter("page", int),
        ],
        responses=inline_serializer(
            "Caseload",
            {
                "counts": serializers.DictField(child=serializers.IntegerField()),
                "job_search_checked_at": serializers.DateTimeField(allow_null=True),
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "num_pages": serializers.IntegerField(),
                "results": CaseRowSerializer(many=True),
            },
        ),
        tags=["counseling"],
    )
    def get(self, request):
        konselor = selectors.konselor_of(request.user)
        if konselor is None:
            raise ApplicationError(_("Akun ini belum memiliki profil konselor."), code="no_profile", status_code=404)
        filters = selectors.CaseloadFilters.from_params(request.query_params)
        data = selectors.caseload(cases=Case.objects.filter(konselor=konselor), filters=filters)
        return Response(
            {
                "counts": data.counts,
                "job_search_checked_at": data.checked_at,
                "count": data.page.paginator.count,
                "page": data.page.number,
                "num_pages": data.page.paginator.num_pages,
                "results": CaseRowSerializer(data.page.object_list, many=True).data,
            }
        )


class CaseListApi(ListAPIView):
    """Cases the user may see (konselor: own; supervisor: their offices), filterable by ``status``."""

    permission_classes = [HasAnyRole.of(*STAFF)]
    serializer_class = CaseRowSerializer
    filter_backends = []

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=CaseStatus.values)], tags=["counseling"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.annotate_case_rows(selectors.cases_visible_to(self.request.user))
        wanted = self.request.query_params.get("status")
        if wanted in CaseStatus.values:
            qs = qs.filter(status=wanted)
        return qs.order_by("-opened_at", "-pk")


class CaseDetailApi(APIView):
    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(responses=CaseDetailSerializer, tags=["counseling"])
    def get(self, request, pk: int):
        visible = selectors.annotate_case_rows(selectors.cases_visible_to(request.user))
        case = selectors.case_detail(cases=visible, pk=pk)
        progress = {}
        at_risk = False
        if case.status in OPEN_CASE_STATUSES:
            today = timezone.localdate()
            progress = selectors.job_search_progress_for([case.participant_id], today)
            at_risk = selectors.is_at_risk(progress.get(case.participant_id), today)
        context = {"progress": progress, "live_at_risk": at_risk, "request": request}
        return Response(CaseDetailSerializer(case, context=context).data)


class CaseAssessmentApi(APIView):
    """The asesmen diri of a case (for its konselor and supervisors)."""

    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(responses=SelfAssessmentSerializer, tags=["counseling"])
    def get(self, request, pk: int):
        case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
        assessment = get_object_or_404(Assessment, case=case)
        return Response(SelfAssessmentSerializer(assessment).data)


class AssessmentListApi(ListAPIView):
    """Asesmen diri of the cases the user may see, newest first."""

    permission_classes = [HasAnyRole.of(*STAFF)]
    serializer_class = SelfAssessmentSerializer
    filter_backends = []

    @extend_schema(tags=["counseling"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        visible = selectors.cases_visible_to(self.request.user).values("pk")
        return Assessment.objects.filter(case__in=visible).order_by("-updated_at", "-pk")


class CaseSessionsApi(APIView):
    """GET: the sessions of a case; POST: schedule one (the worker is told)."""

    permission_classes = [HasAnyRole.of(*STAFF)]

    @extend_schema(responses=CounsellingSessionStaffSerializer(many=True), tags=["counseling"])
    def get(self, request, pk: int):
        case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
        sessions = case.sessions.select_related("konselor").order_by("-starts_at")
        return Response(CounsellingSessionStaffSerializer(sessions, many=True).data)

    @extend_schema(
        request=CounsellingSessionScheduleSerializer,
        responses={201: CounsellingSessionStaffSerializer},
        tags=["counseling"],
    )
    def post(self, request, pk: int):
        case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
        serializer = CounsellingSessionScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_schedule(case=case, actor=request.user, **serializer.validated_data)
        return _session_response(request, session, status.HTTP_201_CREATED)
