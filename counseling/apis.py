"""Counselling API (mounted under /api/v1/). A konselor reaches only their own
cases, a supervisor those of the offices they oversee, a worker their own case
and sessions; anything else answers 404. Session notes are never shown to workers."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.accounts.roles import COUNSELLING_STAFF_ROLES, OFFICE_LEAD_ROLES
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.serializers import PersonalDataLoggingMixin
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.masking import mask_nik
from jkp_portal.common.permissions import HasAnyRole

from . import selectors, services
from .kbji import OCCUPATIONS, occupation_label
from .models import (
    OPEN_CASE_STATUSES,
    Assessment,
    Barrier,
    Case,
    CaseStatus,
    CounsellingSession,
    EducationLevel,
    Recommendation,
    SessionMode,
    TrainingInterest,
)

STAFF = COUNSELLING_STAFF_ROLES
SUPERVISORS = OFFICE_LEAD_ROLES
PROGRESS_FIELDS = (
    "benefit_id",
    "next_month_no",
    "next_due_date",
    "applications",
    "interviews",
    "attendance_ok",
    "counselling_ok",
    "form_ok",
    "sufficient",
    "missing",
)


def progress_dict(progress) -> dict | None:
    if progress is None:
        return None
    data = {name: getattr(progress, name, None) for name in PROGRESS_FIELDS}
    if data["next_due_date"] is not None:
        data["next_due_date"] = data["next_due_date"].isoformat()
    missing = data["missing"]
    data["missing"] = [missing] if isinstance(missing, str) else [str(m) for m in (missing or [])]
    return data


# --- Serializers -------------------------------------------------------------------


class KonselorBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_display = serializers.CharField(source="get_level_display")
    office = serializers.CharField(source="office.name")
    email = serializers.EmailField(source="user.email")


class CaseParticipantSerializer(serializers.Serializer):
    """In case lists the NIK is masked; the case detail shows it in full (logged)."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    nik = serializers.SerializerMethodField()

    def get_nik(self, participant) -> str:
        return mask_nik(participant.nik)


class CaseDetailParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    nik = serializers.CharField()


class CaseRowSerializer(serializers.ModelSerializer):
    participant = CaseParticipantSerializer()
    konselor = serializers.SerializerMethodField()
    has_assessment = serializers.BooleanField(read_only=True)
    next_session_at = serializers.DateTimeField(read_only=True)
    last_attended_at = serializers.DateTimeField(read_only=True)
    at_risk = serializers.SerializerMethodField()
    next_payment = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "claim",
            "status",
            "participant",
            "konselor",
            "office",
            "province_code",
            "regency",
            "opened_at",
            "assigned_at",
            "first_contact_at",
            "closed_at",
            "reemployed_on",
            "recommendation",
            "has_assessment",
            "next_session_at",
            "last_attended_at",
            "at_risk",
            "next_payment",
        ]

    def get_konselor(self, case) -> dict | None:
        k = case.konselor
        return {"id": k.pk, "name": k.name} if k else None

    def get_at_risk(self, case) -> bool:
        if hasattr(case, "at_risk"):
            return bool(case.at_risk)
        return selectors.case_at_risk(case, timezone.localdate())

    def get_next_payment(self, case) -> dict | None:
        """The job-search snapshot of the coming payment month (refreshed after each activity and hourly)."""
        if case.next_payment_due is None:
            return None
        return {
            "month_no": case.next_payment_month,
            "due_date": case.next_payment_due.isoformat(),
            "deadline": case.next_payment_deadline.isoformat() if case.next_payment_deadline else None,
            "sufficient": case.job_search_sufficient,
            "checked_at": case.job_search_checked_at.isoformat() if case.job_search_checked_at else None,
        }


class CounsellingSessionStaffSerializer(serializers.ModelSerializer):
    konselor = serializers.CharField(source="konselor.name")

    class Meta:
        model = CounsellingSession
        fields = [
            "id",
            "case",
            "konselor",
            "mode",
            "starts_at",
            "duration_minutes",
            "meeting_link",
            "place",
            "status",
            "confirmed_at",
            "reschedule_reason",
            "reschedule_preference",
            "reminder_sent_at",
            "attendance_recorded_at",
            "follow_up_note",
            "followed_up_at",
            "notes",
            "outcome",
            "recommendation",
            "recommended_programme",
            "recommended_programme_ref",
            "next_steps",
            "reported_at",
        ]


class CounsellingSessionWorkerSerializer(serializers.ModelSerializer):
    """What the worker sees of a session: never the konselor's notes or outcome."""

    konselor = serializers.CharField(source="konselor.name")

    class Meta:
        model = CounsellingSession
        fields = [
            "id",
            "konselor",
            "mode",
            "starts_at",
            "duration_minutes",
            "meeting_link",
            "place",
            "status",
            "recommendation",
            "recommended_programme",
            "next_steps",
        ]


class AssessmentWorkHistorySerializer(serializers.Serializer):
    employer = serializers.CharField(max_length=150)
    position = serializers.CharField(max_length=150)
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField(required=False, allow_null=True)


class SelfAssessmentSerializer(serializers.ModelSerializer):
    work_history = AssessmentWorkHistorySerializer(many=True)
    desired_occupation_labels = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "case",
            "education_level",
            "education_major",
            "work_history",
            "skills",
            "desired_occupations",
            "desired_occupation_labels",
            "desired_location",
            "willing_to_relocate",
            "training_interests",
            "barriers",
            "barriers_note",
            "submitted_at",
            "updated_at",
        ]

    def get_desired_occupation_labels(self, obj) -> list[str]:
        return [occupation_label(c) for c in obj.desired_occupations]


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


class CaseDetailSerializer(PersonalDataLoggingMixin, CaseRowSerializer):
    personal_data_fields = ("nik",)
    participant = CaseDetailParticipantSerializer()

    konselor = KonselorBriefSerializer(allow_null=True)
    assessment = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()
    job_search_progress = serializers.SerializerMethodField()

    class Meta(CaseRowSerializer.Meta):
        fields = [
            *CaseRowSerializer.Meta.fields,
            "job_search_progress",
            "close_reason",
            "recommended_programme",
            "recommended_programme_ref",
            "next_steps",
            "assessment",
            "sessions",
        ]

    def personal_data_subject(self, case):
        return case.participant

    def get_at_risk(self, case) -> bool:
        return bool(self.context.get("live_at_risk"))

    def get_job_search_progress(self, case) -> dict | None:
        """Live from payouts: the coming payment month, what counts so far and what is missing."""
        return progress_dict(self.context.get("progress", {}).get(case.participant_id))

    def get_assessment(self, case) -> dict | None:
        assessment = getattr(case, "assessment_or_none", None)
        return SelfAssessmentSerializer(assessment).data if assessment else None

    def get_sessions(self, case) -> list[dict]:
        return CounsellingSessionStaffSerializer(case.sessions.all(), many=True).data


class CounsellingSessionScheduleSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(required=False, default=60)
    meeting_link = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


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


class CaseReassignSerializer(serializers.Serializer):
    cases = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=5000)
    to_konselor = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)


class CaseloadHandoverSerializer(serializers.Serializer):
    to_konselor = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)
    deactivate = serializers.BooleanField(required=False, default=False)


class KonselorLoadSerializer(KonselorBriefSerializer):
    nip = serializers.CharField()
    capacity = serializers.IntegerField()
    load = serializers.IntegerField()
    new_cases = serializers.IntegerField()
    active = serializers.BooleanField()
    on_leave = serializers.BooleanField()
    on_leave_until = serializers.DateField(allow_null=True)
    regencies = serializers.ListField(child=serializers.CharField())
    province_codes = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    skills = serializers.ListField(child=serializers.CharField())


class UnassignedCaseSerializer(serializers.ModelSerializer):
    participant = CaseParticipantSerializer()
    office = serializers.CharField(source="office.name", allow_null=True)
    age_days = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "claim", "participant", "office", "province_code", "regency", "opened_at", "age_days"]

    def get_age_days(self, case) -> int:
        return selectors.case_age_days(case)


# --- Helpers -----------------------------------------------------------------------


def _staff_session(request, pk: int) -> CounsellingSession:
    qs = CounsellingSession.objects.filter(case__in=selectors.cases_visible_to(request.user).values("pk"))
    return get_object_or_404(qs.select_related("konselor", "case"), pk=pk)


def _worker_session(request, pk: int) -> CounsellingSession:
    return get_object_or_404(
        CounsellingSession.objects.select_related("konselor", "case"), pk=pk, case__participant__user=request.user
    )


def _session_response(request, session: CounsellingSession, code=status.HTTP_200_OK) -> Response:
    session = CounsellingSession.objects.select_related("konselor").get(pk=session.pk)
    staff = selectors.cases_visible_to(request.user).filter(pk=session.case_id).exists()
    serializer = CounsellingSessionStaffSerializer if staff else CounsellingSessionWorkerSerializer
    return Response(serializer(session).data, status=code)


def _konselor_in_scope(request, pk):
    if pk is None:
        return None
    qs = selectors.konselors_visible_to(request.user)
    konselor = qs.filter(pk=pk).first()
    if konselor is None:
        raise ApplicationError(
            _("Konselor tidak ditemukan."),
            code="not_found",
            errors={"to_konselor": [_("Tidak ditemukan.")]},
            status_code=404,
        )
    return konselor


# --- Caseload and cases --------------------------------------------------------------


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


# --- Sessions -----------------------------------------------------------------------


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


# --- The worker ---------------------------------------------------------------------------


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


# --- Supervisors --------------------------------------------------------------------------


class KonselorListApi(ListAPIView):
    """Konselors of the supervisor's offices with their load and leave."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]
    serializer_class = KonselorLoadSerializer
    filter_backends = []

    @extend_schema(tags=["counseling"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.konselors_with_load(selectors.konselors_visible_to(self.request.user)).select_related("user")


class UnassignedListApi(ListAPIView):
    """The queue of cases waiting for a konselor, oldest first, with their age."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]
    serializer_class = UnassignedCaseSerializer
    filter_backends = []

    @extend_schema(tags=["counseling"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.unassigned_cases(self.request.user)


class AssignPendingApi(APIView):
    permission_classes = [HasAnyRole.of(*SUPERVISORS)]

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "AssignPendingResult",
            {
                "assigned": serializers.IntegerField(),
                "waiting": serializers.IntegerField(),
                "by_tier": serializers.DictField(child=serializers.IntegerField()),
            },
        ),
        tags=["counseling"],
    )
    def post(self, request):
        result = services.cases_assign_pending(actor=request.user, office_ids=office_scope_ids(request.user))
        return Response({"assigned": result.assigned, "waiting": result.waiting, "by_tier": result.by_tier})


_REASSIGN_RESULT = inline_serializer(
    "ReassignResult",
    {
        "moved": serializers.IntegerField(),
        "kept": serializers.IntegerField(),
        "to_konselors": serializers.DictField(child=serializers.IntegerField()),
    },
)


class ReassignApi(APIView):
    """Move cases to a konselor (``to_konselor``) or, with null, spread them automatically. A reason is required."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]

    @extend_schema(request=CaseReassignSerializer, responses=_REASSIGN_RESULT, tags=["counseling"])
    def post(self, request):
        serializer = CaseReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        wanted = set(data["cases"])
        visible = set(selectors.cases_visible_to(request.user).filter(pk__in=wanted).values_list("pk", flat=True))
        if visible != wanted:
            raise ApplicationError(
                _("Sebagian kasus tidak ditemukan."),
                code="not_found",
                errors={"cases": [f"#{pk}" for pk in sorted(wanted - visible)]},
                status_code=404,
            )
        result = services.cases_reassign(
            case_ids=sorted(visible),
            to_konselor=_konselor_in_scope(request, data["to_konselor"]),
            reason=data["reason"],
            actor=request.user,
        )
        return Response(
            {
                "moved": result.moved,
                "kept": result.kept,
                "to_konselors": {str(k): v for k, v in result.to_konselors.items()},
            }
        )


class HandoverApi(APIView):
    """Hand a konselor's whole open caseload to another konselor or (null) spread it automatically."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]

    @extend_schema(request=CaseloadHandoverSerializer, responses=_REASSIGN_RESULT, tags=["counseling"])
    def post(self, request, pk: int):
        konselor = get_object_or_404(selectors.konselors_visible_to(request.user), pk=pk)
        serializer = CaseloadHandoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.konselor_hand_over(
            konselor=konselor,
            to_konselor=_konselor_in_scope(request, data["to_konselor"]),
            reason=data["reason"],
            deactivate=data["deactivate"],
            actor=request.user,
        )
        return Response(
            {
                "moved": result.moved,
                "kept": result.kept,
                "to_konselors": {str(k): v for k, v in result.to_konselors.items()},
            }
        )
