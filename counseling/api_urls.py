"""API routes of the counselling app (mounted under /api/v1/)."""

from django.urls import path

from .apis import caseload, sessions, supervisor, worker

urlpatterns = [
    path("counseling/caseload/", caseload.CaseloadApi.as_view(), name="api-counseling-caseload"),
    path("counseling/cases/", caseload.CaseListApi.as_view(), name="api-counseling-cases"),
    path(
        "counseling/cases/assign-pending/", supervisor.AssignPendingApi.as_view(), name="api-counseling-assign-pending"
    ),
    path("counseling/cases/reassign/", supervisor.ReassignApi.as_view(), name="api-counseling-reassign"),
    path("counseling/cases/<int:pk>/", caseload.CaseDetailApi.as_view(), name="api-counseling-case"),
    path(
        "counseling/cases/<int:pk>/assessment/",
        caseload.CaseAssessmentApi.as_view(),
        name="api-counseling-case-assessment",
    ),
    path(
        "counseling/cases/<int:pk>/sessions/", caseload.CaseSessionsApi.as_view(), name="api-counseling-case-sessions"
    ),
    path("counseling/assessments/", caseload.AssessmentListApi.as_view(), name="api-counseling-assessments"),
    path("counseling/sessions/<int:pk>/", sessions.SessionDetailApi.as_view(), name="api-counseling-session"),
    path(
        "counseling/sessions/<int:pk>/confirm/",
        sessions.SessionConfirmApi.as_view(),
        name="api-counseling-session-confirm",
    ),
    path(
        "counseling/sessions/<int:pk>/reschedule-request/",
        sessions.SessionRescheduleRequestApi.as_view(),
        name="api-counseling-session-reschedule-request",
    ),
    path(
        "counseling/sessions/<int:pk>/reschedule/",
        sessions.SessionRescheduleApi.as_view(),
        name="api-counseling-session-reschedule",
    ),
    path(
        "counseling/sessions/<int:pk>/cancel/",
        sessions.SessionCancelApi.as_view(),
        name="api-counseling-session-cancel",
    ),
    path(
        "counseling/sessions/<int:pk>/attendance/",
        sessions.SessionAttendanceApi.as_view(),
        name="api-counseling-session-attendance",
    ),
    path(
        "counseling/sessions/<int:pk>/report/",
        sessions.SessionReportApi.as_view(),
        name="api-counseling-session-report",
    ),
    path(
        "counseling/sessions/<int:pk>/follow-up/",
        sessions.SessionFollowUpApi.as_view(),
        name="api-counseling-session-follow-up",
    ),
    path("counseling/me/", worker.MyCounselingApi.as_view(), name="api-counseling-me"),
    path("counseling/me/assessment/", worker.MyAssessmentApi.as_view(), name="api-counseling-my-assessment"),
    path("counseling/konselors/", supervisor.KonselorListApi.as_view(), name="api-counseling-konselors"),
    path(
        "counseling/konselors/<int:pk>/handover/",
        supervisor.HandoverApi.as_view(),
        name="api-counseling-konselor-handover",
    ),
    path("counseling/unassigned/", supervisor.UnassignedListApi.as_view(), name="api-counseling-unassigned"),
]
