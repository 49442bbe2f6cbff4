"""API routes of the PHK app (mounted under /api/v1/)."""

from django.urls import path

from . import apis

urlpatterns = [
    path("phk/reports/", apis.ReportListCreateApi.as_view(), name="api-phk-reports"),
    path("phk/reports/<int:pk>/", apis.ReportDetailApi.as_view(), name="api-phk-report"),
    path("phk/reports/<int:pk>/confirm/", apis.ReportConfirmApi.as_view(), name="api-phk-report-confirm"),
    path("phk/rows/<int:pk>/", apis.RowDetailApi.as_view(), name="api-phk-row"),
    path("phk/rows/<int:pk>/agreement/", apis.RowAgreementApi.as_view(), name="api-phk-row-agreement"),
    path("phk/rows/<int:pk>/dispute/", apis.RowDisputeApi.as_view(), name="api-phk-row-dispute"),
    path("phk/rows/<int:pk>/resolve/", apis.RowResolveApi.as_view(), name="api-phk-row-resolve"),
    path("phk/rows/<int:pk>/withdraw/", apis.RowWithdrawApi.as_view(), name="api-phk-row-withdraw"),
    path("phk/employer/summary/", apis.EmployerSummaryApi.as_view(), name="api-phk-employer-summary"),
    path("phk/mass-layoffs/", apis.MassLayoffListApi.as_view(), name="api-phk-mass-layoffs"),
    path("phk/mass-layoffs/<int:pk>/", apis.MassLayoffDetailApi.as_view(), name="api-phk-mass-layoff"),
    path("phk/mass-layoffs/<int:pk>/workers/", apis.MassLayoffWorkersApi.as_view(), name="api-phk-mass-layoff-workers"),
    path("phk/mass-layoffs/<int:pk>/events/", apis.MassLayoffEventsApi.as_view(), name="api-phk-mass-layoff-events"),
    path("phk/events/<int:pk>/", apis.EventDetailApi.as_view(), name="api-phk-event"),
    path("phk/events/<int:pk>/invite/", apis.EventInviteApi.as_view(), name="api-phk-event-invite"),
    path("phk/events/<int:pk>/attendance/", apis.EventAttendanceApi.as_view(), name="api-phk-event-attendance"),
    path("phk/events/<int:pk>/cancel/", apis.EventCancelApi.as_view(), name="api-phk-event-cancel"),
]
