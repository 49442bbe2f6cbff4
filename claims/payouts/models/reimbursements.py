"""The employer's reimbursement when it paid the cash benefit itself (payer
``employer``: arrears over three months at the PHK)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReimbursementStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")  # the employer asked; documents are being checked
    COMPLETE = "complete", _("Dokumen lengkap")  # documents complete: BPJS reimburses within 7 working days
    REIMBURSED = "reimbursed", _("Diganti")  # BPJS paid the employer back
    REJECTED = "rejected", _("Ditolak")  # refused, with the reason


class EmployerReimbursement(models.Model):
    benefit = models.ForeignKey("payouts.Benefit", on_delete=models.PROTECT, related_name="reimbursements")
    employer = models.ForeignKey("claims.Employer", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ReimbursementStatus.choices, default=ReimbursementStatus.SUBMITTED
    )
    amount = models.DecimalField(_("jumlah"), max_digits=14, decimal_places=2)
    arrears_settled_on = models.DateField(_("tunggakan iuran dilunasi pada"))
    paid_to_worker_on = models.DateField(_("manfaat dibayarkan ke pekerja pada"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    documents_complete_on = models.DateField(null=True, blank=True)
    sla_deadline = models.DateField(_("batas SLA"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reimbursed_on = models.DateField(null=True, blank=True)
    reference = models.CharField(_("referensi transfer"), max_length=100, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("penggantian pemberi kerja")
        verbose_name_plural = _("penggantian pemberi kerja")

    def __str__(self):
        return f"Penggantian #{self.pk} ({self.get_status_display()})"
