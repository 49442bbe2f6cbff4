"""The labels of the audit actions of training and job placement (see jkp_portal.audit.labels).

``attendance_recorded`` is also written here; its label is registered by counseling."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    # providers and programmes
    "lpk_created": _("LPK didaftarkan"),
    "lpk_updated": _("Data LPK diubah"),
    "programme_created": _("Program pelatihan dibuat"),
    "programme_updated": _("Program pelatihan diubah"),
    "programme_published": _("Program pelatihan diterbitkan"),
    "programme_closed": _("Program pelatihan ditutup"),
    "programme_session_added": _("Jadwal program ditambahkan"),
    "programme_session_deleted": _("Jadwal program dihapus"),
    # enrolments
    "programme_recommended": _("Program direkomendasikan"),
    "recommendation_accepted": _("Rekomendasi diterima pekerja"),
    "recommendation_declined": _("Rekomendasi ditolak pekerja"),
    "enrolment_created": _("Pekerja didaftarkan ke pelatihan"),
    "enrolment_promoted": _("Pekerja naik dari daftar tunggu"),
    "enrolment_withdrawn": _("Pendaftaran pelatihan dibatalkan"),
    "enrolment_completed": _("Pelatihan diselesaikan"),
    "attendance_imported": _("Kehadiran diimpor"),
    "progress_recorded": _("Kemajuan pelatihan dicatat"),
    # job seekers and vacancies
    "job_seeker_activated": _("Pencari kerja diaktifkan"),
    "job_seeker_profile_updated": _("Profil pencari kerja diubah"),
    "job_seeker_reemployed": _("Pencari kerja kembali bekerja"),
    "job_seeker_stopped": _("Pencarian kerja dihentikan"),
    "vacancy_posted": _("Lowongan diterbitkan"),
    "vacancy_updated": _("Lowongan diubah"),
    "vacancy_closed": _("Lowongan ditutup"),
    "vacancy_filled": _("Lowongan terisi"),
    "vacancies_imported": _("Lowongan diimpor"),
    "referral_sent": _("Pekerja dirujuk ke lowongan"),
    "application_sent": _("Lamaran dikirim"),
    "application_rejected": _("Lamaran ditolak"),
    "interview_invited": _("Pelamar diundang wawancara"),
    "job_offered": _("Pekerjaan ditawarkan"),
    "hired": _("Pelamar diterima bekerja"),
}
