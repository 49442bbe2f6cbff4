"""The labels of the audit actions of counselling (see jkp_portal.audit.labels)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    # cases
    "case_opened": _("Kasus konseling dibuka"),
    "konselor_assigned": _("Konselor ditugaskan"),
    "konselor_reassigned": _("Konselor diganti"),
    "caseload_handed_over": _("Kasus dialihkan ke konselor lain"),
    "first_contact": _("Kontak pertama dengan pekerja"),
    "training_started": _("Pelatihan dimulai"),
    "training_ended": _("Pelatihan berakhir"),
    "case_reemployed": _("Pekerja kembali bekerja"),
    "case_closed": _("Kasus konseling ditutup"),
    # sessions
    "session_scheduled": _("Sesi dijadwalkan"),
    "session_confirmed": _("Sesi dikonfirmasi"),
    "reschedule_requested": _("Pekerja meminta jadwal ulang"),
    "session_rescheduled": _("Sesi dijadwalkan ulang"),
    "session_cancelled": _("Sesi dibatalkan"),
    "reminder_sent": _("Pengingat sesi dikirim"),
    # also written by training for its programme attendance: one label
    "attendance_recorded": _("Kehadiran dicatat"),
    "session_reported": _("Laporan sesi dibuat"),
    "session_report_corrected": _("Laporan sesi dikoreksi"),
    "no_show_followed_up": _("Ketidakhadiran ditindaklanjuti"),
    "assessment_submitted": _("Asesmen diisi"),
    "assessment_updated": _("Asesmen diperbarui"),
    "recommendation_recorded": _("Rekomendasi dicatat"),
    # konselors
    "konselor_registered": _("Konselor didaftarkan"),
    "konselor_updated": _("Data konselor diubah"),
    "konselor_deactivated": _("Konselor dinonaktifkan"),
    "absence_recorded": _("Ketidakhadiran konselor dicatat"),
    "absence_removed": _("Ketidakhadiran konselor dihapus"),
}
