"""HTML routes of the PHK app (mounted at the site root, so every path starts with "phk/")."""

from django.urls import path

from . import views

app_name = "phk"

urlpatterns = [
    path("phk/", views.employer_home, name="employer_home"),
    path("phk/laporan/baru/", views.report_create, name="report_create"),
    path("phk/laporan/unggah/", views.report_upload, name="report_upload"),
    path("phk/laporan/templat.csv", views.csv_template, name="csv_template"),
    path("phk/unggahan/<int:pk>/kesalahan.csv", views.upload_errors_csv, name="upload_errors"),
    path("phk/laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path("phk/laporan/<int:pk>/konfirmasi/", views.report_confirm, name="report_confirm"),
    path("phk/pekerja/<int:pk>/", views.row_detail, name="row_detail"),
    path("phk/pekerja/<int:pk>/konfirmasi/", views.row_confirm, name="row_confirm"),
    path("phk/pekerja/<int:pk>/perjanjian-bersama/", views.row_agreement, name="row_agreement"),
    path("phk/pekerja/<int:pk>/perselisihan/", views.row_dispute, name="row_dispute"),
    path("phk/pekerja/<int:pk>/putusan/", views.row_resolve, name="row_resolve"),
    path("phk/pekerja/<int:pk>/tarik/", views.row_withdraw, name="row_withdraw"),
    path("phk/mediasi/", views.mediator_queue, name="mediator_queue"),
    path("phk/dokumen/<int:pk>/", views.document, name="document"),
    path("phk/massal/", views.mass_layoff_list, name="mass_layoff_list"),
    path("phk/massal/<int:pk>/", views.mass_layoff_detail, name="mass_layoff_detail"),
    path("phk/massal/<int:pk>/sosialisasi/baru/", views.event_create, name="event_create"),
    path("phk/sosialisasi/<int:pk>/", views.event_detail, name="event_detail"),
    path("phk/sosialisasi/<int:pk>/undang/", views.event_invite, name="event_invite"),
    path("phk/sosialisasi/<int:pk>/kehadiran/", views.event_attendance, name="event_attendance"),
    path("phk/sosialisasi/<int:pk>/batal/", views.event_cancel, name="event_cancel"),
]
