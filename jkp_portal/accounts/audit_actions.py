"""The labels of the audit actions of accounts and offices (see jkp_portal.audit.labels)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "user_created": _("Akun dibuat"),
    "roles_changed": _("Peran diubah"),
    "password_set_by_admin": _("Kata sandi diatur oleh admin"),
    "one_time_code.sent": _("Kode sekali pakai dikirim"),
    "one_time_code.used": _("Kode sekali pakai digunakan"),
    "one_time_code.wrong": _("Kode sekali pakai salah"),
    "otp_enrolled": _("Verifikasi dua langkah diaktifkan"),
    "otp_device_removed": _("Perangkat verifikasi dua langkah dihapus"),
    "otp_recovery_code_used": _("Kode pemulihan digunakan"),
    "otp_recovery_codes_replaced": _("Kode pemulihan diganti"),
    "api_token_issued": _("Token API diterbitkan"),
    "api_token_revoked": _("Token API dicabut"),
    "api_tokens_revoked": _("Semua token API dicabut"),
    "office_created": _("Kantor ditambahkan"),
    "office_updated": _("Data kantor diubah"),
    "regions_loaded": _("Data wilayah dimuat"),
}
