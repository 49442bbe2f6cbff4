"""The labels of the audit actions the claims core writes (see jkp_portal.audit.labels).

The worker's claim timeline (``claims.selectors.claims.worker_timeline``) reads
the same words, except where it speaks to the worker ("oleh Anda")."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    # the claim
    "claim_created": _("Klaim dibuat (draf)"),
    "draft_updated": _("Draf disimpan"),
    "document_uploaded": _("Dokumen diunggah"),
    "claim_submitted": _("Klaim diajukan"),
    "claim_routed": _("Klaim diarahkan ke kantor"),
    "correction_requested": _("Petugas meminta perbaikan"),
    "correction_updated": _("Perbaikan disimpan"),
    "claim_resubmitted": _("Perbaikan diajukan kembali"),
    "claim_verified": _("Dokumen diperiksa dan klaim terverifikasi"),
    "claim_approved": _("Klaim disetujui"),
    "claim_rejected": _("Klaim ditolak"),
    "claim_withdrawn": _("Klaim dibatalkan pekerja"),
    "deadline_reminder_sent": _("Pengingat batas waktu dikirim"),
    "status_sms_answered": _("Status klaim dikirim lewat SMS"),
    # the worker's account
    "worker_registered": _("Pekerja mendaftar"),
    "account_linked": _("Akun dihubungkan ke data peserta"),
    "password_reset": _("Kata sandi diatur ulang"),
    # registry imports
    "registry_import_stage": _("Impor registri disiapkan"),
    "registry_import": _("Impor registri gagal"),
    "registry_import_approve": _("Impor registri disetujui dan diterapkan"),
    "registry_import_reject": _("Impor registri ditolak"),
    "registry_import_cancel": _("Impor registri dibatalkan"),
    "registry_change": _("Data diubah oleh impor registri"),
    # assisted filing at a service desk
    "assisted_session_opened": _("Layanan di meja dibuka (KTP diperiksa)"),
    "assisted_consent_recorded": _("Persetujuan pekerja dicatat"),
    "assisted_claim_opened": _("Klaim dibuka di meja layanan"),
    "assisted_session_closed": _("Layanan di meja ditutup"),
}

# Where the worker's timeline speaks to the worker.
WORKER_TIMELINE_WORDING = {
    "claim_withdrawn": _("Klaim dibatalkan oleh Anda"),
    "status_sms_answered": _("Status klaim dikirim lewat SMS ke nomor HP Anda"),
}
