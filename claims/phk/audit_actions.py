"""The labels of the audit actions of PHK reports, mediation and mass layoffs (see jkp_portal.audit.labels)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "phk_reported": _("PHK dilaporkan"),
    "phk_withdrawn": _("Laporan PHK ditarik"),
    "phk_confirmed": _("PHK dikonfirmasi pekerja"),
    "phk_disputed": _("PHK dibantah pekerja"),
    "dispute_resolved": _("Perselisihan PHK diselesaikan"),
    "agreement_recorded": _("Perjanjian bersama dicatat"),
    "employment_status_changed": _("Status kepesertaan diubah"),
    "mass_layoff_opened": _("Kasus PHK massal dibuka"),
    "report_attached": _("Laporan PHK dilampirkan ke kasus"),
    "outreach_scheduled": _("Sosialisasi dijadwalkan"),
    "outreach_held": _("Sosialisasi dilaksanakan"),
    "outreach_cancelled": _("Sosialisasi dibatalkan"),
    "invitations_sent": _("Undangan sosialisasi dikirim"),
    # service days of a mass layoff
    "service_day_created": _("Hari layanan dibuka"),
    "service_arrival_recorded": _("Pekerja datang, nomor antrean diberikan"),
    "service_desk_taken": _("Meja layanan diambil petugas"),
    "service_arrival_served": _("Pekerja dilayani di meja"),
}
