"""HTML routes of the PHK app (mounted at the site root, so every path starts with "phk/")."""

from django.urls import path

from .views import employer, mediator, outreach, reports, service_days

app_name = "phk"

urlpatterns = [
    path("phk/", employer.employer_home, name="employer_home"),
    path("phk/laporan/baru/", employer.report_create, name="report_create"),
    path("phk/laporan/unggah/", employer.report_upload, name="report_upload"),
    path("phk/laporan/templat.csv", employer.csv_template, name="csv_template"),
    path("phk/unggahan/<int:pk>/kesalahan.csv", employer.upload_errors_csv, name="upload_errors"),
    path("phk/laporan/<int:pk>/", reports.report_detail, name="report_detail"),
    path("phk/laporan/<int:pk>/konfirmasi/", mediator.report_confirm, name="report_confirm"),
    path("phk/pekerja/<int:pk>/", reports.row_detail, name="row_detail"),
    path("phk/pekerja/<int:pk>/konfirmasi/", mediator.row_confirm, name="row_confirm"),
    path("phk/pekerja/<int:pk>/perjanjian-bersama/", mediator.row_agreement, name="row_agreement"),
    path("phk/pekerja/<int:pk>/perselisihan/", mediator.row_dispute, name="row_dispute"),
    path("phk/pekerja/<int:pk>/putusan/", mediator.row_resolve, name="row_resolve"),
    path("phk/pekerja/<int:pk>/tarik/", employer.row_withdraw, name="row_withdraw"),
    path("phk/mediasi/", mediator.mediator_queue, name="mediator_queue"),
    path("phk/dokumen/<int:pk>/", reports.document, name="document"),
    path("phk/massal/", outreach.mass_layoff_list, name="mass_layoff_list"),
    path("phk/massal/<int:pk>/", outreach.mass_layoff_detail, name="mass_layoff_detail"),
    path("phk/massal/<int:pk>/sosialisasi/baru/", outreach.event_create, name="event_create"),
    path("phk/sosialisasi/<int:pk>/", outreach.event_detail, name="event_detail"),
    path("phk/sosialisasi/<int:pk>/undang/", outreach.event_invite, name="event_invite"),
    path("phk/sosialisasi/<int:pk>/kehadiran/", outreach.event_attendance, name="event_attendance"),
    path("phk/sosialisasi/<int:pk>/batal/", outreach.event_cancel, name="event_cancel"),
    path("phk/hari-layanan/", service_days.service_day_list, name="service_days"),
    path("phk/hari-layanan/<int:pk>/", service_days.service_day, name="service_day"),
    path("phk/hari-layanan/<int:pk>/datang/", service_days.service_day_arrival, name="service_day_arrive"),
    path("phk/hari-layanan/<int:pk>/meja/", service_days.service_day_desk, name="service_day_desk"),
    path("phk/hari-layanan/<int:pk>/papan/", service_days.service_day_board, name="service_day_board"),
    path("phk/antrean/<int:pk>/", service_days.service_arrival, name="service_arrival"),
]
