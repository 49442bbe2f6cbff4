"""A requested change of a benefit's bank account: checked with the worker's
password and a one-time code sent to the phone of the national registry, and
reviewed by staff when a payment falls due soon. The account on the benefit is
only replaced when the change is applied."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jkp_portal.common.fields import EncryptedTextField


class AccountChangeStatus(models.TextChoices):
    # The worker re-entered the password; a code went to the registry phone. The worker moves it.
    REQUESTED = "requested", _("Menunggu kode OTP")
    # The code was right; the same step applies it or sends it to review (never rests here long).
    OTP_VERIFIED = "otp_verified", _("Kode OTP benar")
    # A payment is due within 3 working days: a verifier/approver of the office decides.
    IN_REVIEW = "in_review", _("Menunggu pemeriksaan petugas")
    APPLIED = "applied", _("Diterapkan")  # the benefit now pays to the new account
    REJECTED = "rejected", _("Ditolak")  # by staff, or too many wrong codes
    EXPIRED = "expired", _("Kedaluwarsa")  # the code ran out, or a newer request replaced it


OPEN_CHANGE_STATUSES = (AccountChangeStatus.REQUESTED, AccountChangeStatus.OTP_VERIFIED, AccountChangeStatus.IN_REVIEW)


class BankAccountChange(models.Model):
    benefit = models.ForeignKey("payouts.Benefit", on_delete=models.PROTECT, related_name="account_changes")
    status = models.CharField(
        _("status"), max_length=12, choices=AccountChangeStatus.choices, default=AccountChangeStatus.REQUESTED
    )

    old_bank_code = models.CharField(max_length=12)
    old_bank_name = models.CharField(max_length=60)
    old_account_number = EncryptedTextField()
    old_account_last4 = models.CharField(max_length=4)
    new_bank_code = models.CharField(_("kode bank"), max_length=12)
    new_bank_name = models.CharField(_("bank"), max_length=60)
    new_account_number = EncryptedTextField(_("nomor rekening"))
    new_account_last4 = models.CharField(_("4 digit terakhir rekening"), max_length=4)
    new_account_holder = models.CharField(_("nama pemilik rekening"), max_length=200)

    # The one-time code: only its keyed hash is kept; the phone it went to (the registry's) is masked.
    otp_hash = models.CharField(max_length=64, blank=True)
    otp_expires_at = models.DateTimeField(null=True, blank=True)
    otp_attempts = models.PositiveSmallIntegerField(default=0)
    otp_sends = models.PositiveSmallIntegerField(default=0)
    otp_sent_at = models.DateTimeField(null=True, blank=True)
    otp_phone_masked = models.CharField(max_length=20, blank=True)

    # The payment whose nearness sent the change to review (its due date).
    review_due_date = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("catatan"), max_length=500, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("perubahan rekening")
        verbose_name_plural = _("perubahan rekening")
        constraints = [
            models.UniqueConstraint(
                fields=["benefit"],
                condition=Q(status__in=["requested", "otp_verified", "in_review"]),
                name="payouts_one_open_account_change",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return f"Perubahan rekening #{self.pk} ({self.get_status_display()})"

    @property
    def new_account_masked(self) -> str:
        return f"•••• {self.new_account_last4}"

    @property
    def old_account_masked(self) -> str:
        return f"•••• {self.old_account_last4}"
