"""The labels of the audit actions of benefits and payouts (see jkp_portal.audit.labels)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    # benefits and their months
    "benefit.created": _("Manfaat dibuat"),
    "benefit.ended": _("Manfaat dihentikan"),
    "benefit.closed": _("Manfaat ditutup"),
    "benefit.overpayment": _("Kelebihan bayar dicatat"),
    "benefit.employment_form": _("Formulir status kerja dicatat"),
    "benefit.account_changed": _("Rekening manfaat diganti"),
    "month.stopped": _("Bulan manfaat dihentikan"),
    "month.forfeited": _("Bulan manfaat gugur"),
    "month.withheld": _("Bulan manfaat ditahan"),
    "month.employer_owed": _("Bulan manfaat menjadi kewajiban pemberi kerja"),
    # conditions (evidence of job search)
    "activity.recorded": _("Aktivitas mencari kerja dicatat"),
    "attendance.recorded": _("Kehadiran dicatat"),
    "attendance.updated": _("Kehadiran diperbarui"),
    # payout runs, batches and payments
    "run.started": _("Proses pembayaran dimulai"),
    "run.resumed": _("Proses pembayaran dilanjutkan"),
    "run.finished": _("Proses pembayaran selesai"),
    "run.superseded": _("Proses pembayaran digantikan"),
    "batch.prepared": _("Batch pembayaran disiapkan"),
    "batch.approved": _("Batch pembayaran disetujui"),
    "batch.sent": _("Batch dikirim ke bank"),
    "batch.results_imported": _("Hasil bank diimpor"),
    "batch.results_import_refused": _("Impor hasil bank ditolak"),
    "payment.paid": _("Pembayaran berhasil"),
    "payment.failed": _("Pembayaran gagal"),
    "payment.cancelled": _("Pembayaran dibatalkan"),
    "payment.reissue_ready": _("Pembayaran siap dikirim ulang"),
    "payment.reissued": _("Pembayaran dikirim ulang"),
    # bank account changes
    "account_change.requested": _("Penggantian rekening diminta"),
    "account_change.code_resent": _("Kode penggantian rekening dikirim ulang"),
    "account_change.code_refused": _("Kode penggantian rekening salah"),
    "account_change.password_refused": _("Kata sandi penggantian rekening salah"),
    "account_change.verified": _("Penggantian rekening dikonfirmasi"),
    "account_change.in_review": _("Penggantian rekening diperiksa petugas"),
    "account_change.applied": _("Rekening baru diterapkan"),
    "account_change.rejected": _("Penggantian rekening ditolak"),
    "account_change.expired": _("Penggantian rekening kedaluwarsa"),
    # employer reimbursements
    "reimbursement.submitted": _("Penggantian pemberi kerja diajukan"),
    "reimbursement.complete": _("Dokumen penggantian dinyatakan lengkap"),
    "reimbursement.paid": _("Penggantian pemberi kerja dibayar"),
    "reimbursement.rejected": _("Penggantian pemberi kerja ditolak"),
}
