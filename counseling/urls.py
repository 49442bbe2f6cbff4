"""HTML routes of the counselling app (mounted at the site root)."""

from django.urls import path

from .views import caseload, supervisor, worker

app_name = "counseling"

urlpatterns = [
    # Konselor
    path("konseling/kasus/", caseload.caseload_view, name="caseload"),
    path("konseling/kasus/<int:pk>/", caseload.case_detail_view, name="case_detail"),
    path("konseling/kasus/<int:pk>/aksi/", caseload.case_action_view, name="case_action"),
    path("konseling/kasus/<int:pk>/sesi/baru/", caseload.session_new_view, name="session_new"),
    path("konseling/sesi/<int:pk>/jadwal-ulang/", caseload.session_reschedule_view, name="session_reschedule"),
    path("konseling/sesi/<int:pk>/kehadiran/", caseload.session_attendance_view, name="session_attendance"),
    path("konseling/sesi/<int:pk>/hasil/", caseload.session_report_view, name="session_report"),
    path("konseling/sesi/<int:pk>/tindak-lanjut/", caseload.session_follow_up_view, name="session_follow_up"),
    path("konseling/sesi/<int:pk>/batal/", caseload.session_cancel_view, name="session_cancel"),
    # Worker
    path("konseling/saya/", worker.my_counseling_view, name="my_counseling"),
    path("konseling/saya/asesmen/", worker.assessment_view, name="assessment"),
    path("konseling/saya/sesi/<int:pk>/", worker.session_respond_view, name="session_respond"),
    # Supervisor
    path("konseling/supervisor/", supervisor.supervisor_home_view, name="supervisor_home"),
    path("konseling/supervisor/tugaskan/", supervisor.assign_pending_view, name="assign_pending"),
    path("konseling/supervisor/alihkan/", supervisor.reassign_view, name="reassign"),
    path("konseling/supervisor/konselor/baru/", supervisor.konselor_create_view, name="konselor_create"),
    path("konseling/supervisor/konselor/<int:pk>/", supervisor.konselor_detail_view, name="konselor_detail"),
    path("konseling/supervisor/konselor/<int:pk>/ubah/", supervisor.konselor_edit_view, name="konselor_edit"),
    path("konseling/supervisor/konselor/<int:pk>/cuti/", supervisor.absence_add_view, name="absence_add"),
    path(
        "konseling/supervisor/konselor/<int:pk>/cuti/<int:absence_pk>/hapus/",
        supervisor.absence_delete_view,
        name="absence_delete",
    ),
    path("konseling/supervisor/konselor/<int:pk>/serah-terima/", supervisor.handover_view, name="handover"),
]
