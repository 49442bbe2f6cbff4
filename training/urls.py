"""HTML routes of the training app (mounted at "/", all under "pelatihan/")."""

from django.urls import path

from training.views import employer, konselor, staff, worker

app_name = "training"

urlpatterns = [
    # worker
    path("pelatihan/", worker.worker_home, name="worker_home"),
    path("pelatihan/profil/", worker.profile_edit, name="profile_edit"),
    path("pelatihan/program/<int:pk>/", worker.programme_detail, name="programme_detail"),
    path("pelatihan/program/<int:pk>/daftar/", worker.programme_enrol, name="programme_enrol"),
    path("pelatihan/pendaftaran/<int:pk>/batal/", worker.enrolment_withdraw_view, name="enrolment_withdraw"),
    path("pelatihan/rekomendasi/<int:pk>/tolak/", worker.recommendation_decline_view, name="recommendation_decline"),
    path("pelatihan/lowongan/<int:pk>/", worker.vacancy_detail, name="vacancy_detail"),
    path("pelatihan/lowongan/<int:pk>/lamar/", worker.vacancy_apply, name="vacancy_apply"),
    # konselor and supervisors
    path("pelatihan/konselor/", konselor.konselor_home, name="konselor_home"),
    path("pelatihan/konselor/peserta/<int:participant_id>/", konselor.client_detail, name="client_detail"),
    path(
        "pelatihan/konselor/peserta/<int:participant_id>/rekomendasi/",
        konselor.client_recommend,
        name="client_recommend",
    ),
    path(
        "pelatihan/konselor/peserta/<int:participant_id>/rujuk/<int:vacancy_id>/",
        konselor.client_refer,
        name="client_refer",
    ),
    path("pelatihan/pasar-kerja/", konselor.supply_demand_view, name="supply_demand"),
    # employers
    path("pelatihan/perusahaan/lowongan/", employer.employer_vacancies, name="employer_vacancies"),
    path("pelatihan/perusahaan/lowongan/baru/", employer.vacancy_new, name="vacancy_new"),
    path("pelatihan/perusahaan/lowongan/impor/", employer.vacancy_import, name="vacancy_import"),
    path("pelatihan/perusahaan/lowongan/<int:pk>/", employer.employer_vacancy, name="employer_vacancy"),
    path("pelatihan/perusahaan/lowongan/<int:pk>/ubah/", employer.vacancy_edit, name="vacancy_edit"),
    path("pelatihan/perusahaan/lowongan/<int:pk>/tutup/", employer.vacancy_close_view, name="vacancy_close"),
    path("pelatihan/lamaran/<int:pk>/<str:action>/", employer.application_action, name="application_action"),
    # LPK and programme administration
    path("pelatihan/lpk/", staff.lpk_list, name="lpk_list"),
    path("pelatihan/lpk/baru/", staff.lpk_form, name="lpk_new"),
    path("pelatihan/lpk/<int:pk>/", staff.lpk_detail, name="lpk_detail"),
    path("pelatihan/lpk/<int:pk>/ubah/", staff.lpk_form, name="lpk_edit"),
    path("pelatihan/lpk/<int:lpk_pk>/program/baru/", staff.programme_new, name="programme_new"),
    path("pelatihan/kelola/program/", staff.programme_list, name="programme_list"),
    path("pelatihan/kelola/program/<int:pk>/", staff.programme_manage, name="programme_manage"),
    path("pelatihan/kelola/program/<int:pk>/ubah/", staff.programme_edit, name="programme_edit"),
    path("pelatihan/kelola/program/<int:pk>/status/<str:action>/", staff.programme_status, name="programme_status"),
    path("pelatihan/kelola/program/<int:pk>/sesi/", staff.session_add, name="session_add"),
    path("pelatihan/kelola/sesi/<int:pk>/hapus/", staff.session_delete, name="session_delete"),
    path("pelatihan/kelola/sesi/<int:pk>/kehadiran/", staff.session_attendance, name="session_attendance"),
    path("pelatihan/kelola/kehadiran/impor/", staff.attendance_import, name="attendance_import"),
    path("pelatihan/kelola/pendaftaran/<int:pk>/<str:action>/", staff.enrolment_action, name="enrolment_action"),
]
