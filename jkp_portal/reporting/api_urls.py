"""API routes of the dashboards (mounted under /api/v1/)."""

from django.urls import path

from . import apis

urlpatterns = [
    path("dashboards/summary/", apis.DashboardSummaryApi.as_view(), name="api-dashboards-summary"),
]
