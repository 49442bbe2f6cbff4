"""HTML routes of the dashboards (mounted at the site root)."""

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dasbor/", views.dashboard_view, name="home"),
    path("dasbor/unduh/<slug:table>.<str:fmt>", views.export_view, name="export"),
]
