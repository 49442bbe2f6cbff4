"""API routes of the counselling app (mounted under /api/v1/)."""

from django.urls import path

from . import apis

urlpatterns = [
    path("counseling/caseload/", apis.CaseloadApi.as_view(), name="api-counseling-caseload"),
    path("counseling/cases/", apis.CaseListApi.as_view(), name="api-counseling-cases"),
    path("counseling/cases/assign-pending/", apis.AssignPendingApi.as_view(), name="api-counseling-assign-pending"),
    path("counseling/cases/reassign/", apis.ReassignApi.as_view(), name="api-counseling-reassign"),
    path("counseling/cases/<int:pk>/", apis.CaseDetailApi.as_view(), name="api-counseling-case"),
    path(
        "counseling/cases/<int:pk>/assessment/", apis.CaseAssessmentApi.as_view(), name="api-counseling-case-assessment"
    ),
    path("counseling/cases/<int:pk>/sessions/", apis.CaseSessionsApi.as_view(), name="api-counseling-case-sessions"),
    path("counseling/assessments/", apis.AssessmentListApi.as_view(), name="api-counseling-assessments"),
    path("counseling/sessions/<int:pk>/", apis.SessionDetailApi.as_view(), name="api-counseling-session"),
    path(
        "counseling/sessions/<int:pk>/confirm/", apis.SessionConfirmApi.as_view(), name="api-counseling-session-confirm"
    ),
    path(
        "counseling/sessions/<int:pk>/reschedule-request/",
        apis.SessionRescheduleRequestApi.as_view(),
        name="api-counseling-session-reschedule-request",
    ),
    path(
        "counseling/sessions/<int:pk>/reschedule/",
        apis.SessionRescheduleApi.as_view(),
        name="api-counseling-session-reschedule",
    ),
    path("counseling/sessions/<int:pk>/cancel/", apis.SessionCancelApi.as_view(), name="api-counseling-session-cancel"),
    path(
        "counseling/sessions/<int:pk>/attendance/",
        apis.SessionAttendanceApi.as_view(),
        name="api-counseling-session-attendance",
    ),
    path("counseling/sessions/<int:pk>/report/", apis.SessionReportApi.as_view(), name="api-counseling-session-report"),
    path(
        "counseling/sessions/<int:pk>/follow-up/",
        apis.SessionFollowUpApi.as_view(),
        name="api-counseling-session-follow-up",
    ),
    path("counseling/me/", apis.MyCounselingApi.as_view(), name="api-counseling-me"),
    path("counseling/me/assessment/", apis.MyAssessmentApi.as_view(), name="api-counseling-my-assessment"),
    path("counseling/konselors/", apis.KonselorListApi.as_view(), name="api-counseling-konselors"),
    path(
        "counseling/konselors/<int:pk>/handover/", apis.HandoverApi.as_view(), name="api-counseling-konselor-handover"
    ),
    path("counseling/unassigned/", apis.UnassignedListApi.as_view(), name="api-counseling-unassigned"),
]
