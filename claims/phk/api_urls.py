"""API routes of the PHK app (mounted under /api/v1/)."""

from django.urls import path

from .apis import mediation, outreach, reports

urlpatterns = [
    path("phk/reports/", reports.ReportListCreateApi.as_view(), name="api-phk-reports"),
    path("phk/reports/<int:pk>/", reports.ReportDetailApi.as_view(), name="api-phk-report"),
    path("phk/reports/<int:pk>/confirm/", mediation.ReportConfirmApi.as_view(), name="api-phk-report-confirm"),
    path("phk/rows/<int:pk>/", mediation.RowDetailApi.as_view(), name="api-phk-row"),
    path("phk/rows/<int:pk>/agreement/", mediation.RowAgreementApi.as_view(), name="api-phk-row-agreement"),
    path("phk/rows/<int:pk>/dispute/", mediation.RowDisputeApi.as_view(), name="api-phk-row-dispute"),
    path("phk/rows/<int:pk>/resolve/", mediation.RowResolveApi.as_view(), name="api-phk-row-resolve"),
    path("phk/rows/<int:pk>/withdraw/", mediation.RowWithdrawApi.as_view(), name="api-phk-row-withdraw"),
    path("phk/employer/summary/", reports.EmployerSummaryApi.as_view(), name="api-phk-employer-summary"),
    path("phk/mass-layoffs/", outreach.MassLayoffListApi.as_view(), name="api-phk-mass-layoffs"),
    path("phk/mass-layoffs/<int:pk>/", outreach.MassLayoffDetailApi.as_view(), name="api-phk-mass-layoff"),
    path(
        "phk/mass-layoffs/<int:pk>/workers/",
        outreach.MassLayoffWorkersApi.as_view(),
        name="api-phk-mass-layoff-workers",
    ),
    path(
        "phk/mass-layoffs/<int:pk>/events/", outreach.MassLayoffEventsApi.as_view(), name="api-phk-mass-layoff-events"
    ),
    path("phk/events/<int:pk>/", outreach.EventDetailApi.as_view(), name="api-phk-event"),
    path("phk/events/<int:pk>/invite/", outreach.EventInviteApi.as_view(), name="api-phk-event-invite"),
    path("phk/events/<int:pk>/attendance/", outreach.EventAttendanceApi.as_view(), name="api-phk-event-attendance"),
    path("phk/events/<int:pk>/cancel/", outreach.EventCancelApi.as_view(), name="api-phk-event-cancel"),
]
