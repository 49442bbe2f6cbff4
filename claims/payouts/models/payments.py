"""Payments (one per payable benefit month, enforced by the database), payout
batches with their bank files, the bank's answers, and the runs that create them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jkp_portal.common.fields import EncryptedTextField


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Berjalan")  # chunks are being processed
    DONE = "done", _("Selesai")  # every chunk committed; batch totals refreshed
    FAILED = "failed", _("Gagal")  # stopped with an error; running it again finishes the work


class PayoutRun(models.Model):
    """One execution of the payout schedule for a date (daily task or command)."""

    run_date = models.DateField(_("tanggal proses"))
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.RUNNING)
    triggered_by = models.CharField(_("dijalankan oleh"), max_length=150)
    workers = models.PositiveSmallIntegerField(default=1)
    chunk_size = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    payments_created = models.PositiveIntegerField(default=0)
    amount_created = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    withheld = models.PositiveIntegerField(default=0)
    forfeited = models.PositiveIntegerField(default=0)
    employer_owed = models.PositiveIntegerField(default=0)
    benefits_closed = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("proses pembayaran")
        verbose_name_plural = _("proses pembayaran")

    def __str__(self):
        return f"Proses {self.run_date} ({self.get_status_display()})"


class BatchKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Terjadwal")  # filled by the daily run, one open batch per office and bank
    REISSUE = "reissue", _("Penerbitan ulang")  # prepared by hand by a staff member: maker-checker on approval


class BatchStatus(models.TextChoices):
    PREPARED = "prepared", _("Disiapkan")  # collecting payments; waits for an approver
    APPROVED = "approved", _("Disetujui")  # an approver (not its preparer) released it; totals are frozen
    SENT = "sent", _("Dikirim ke bank")  # the pain.001 file was produced and handed to the bank
    RECONCILED = "reconciled", _("Direkonsiliasi")  # the bank answered for every payment


class PayoutBatch(models.Model):
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("kantor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bank_code = models.CharField(_("kode bank"), max_length=12)
    bank_name = models.CharField(_("bank"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=10, choices=BatchKind.choices, default=BatchKind.SCHEDULED)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PREPARED)
    # Refreshed by each run while prepared; frozen at approval (what the approver released).
    payment_count = models.PositiveIntegerField(_("jumlah pembayaran"), default=0)
    total_amount = models.DecimalField(_("total"), max_digits=18, decimal_places=2, default=0)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty: prepared by the daily run
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=35, blank=True)
    file = models.FileField(upload_to="payouts/bankfiles/", max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    bank_reference = models.CharField(max_length=100, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    paid_count = models.PositiveIntegerField(default=0)
    paid_total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    failed_count = models.PositiveIntegerField(default=0)
    failed_total = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = _("batch pembayaran")
        verbose_name_plural = _("batch pembayaran")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "bank_code"],
                condition=Q(kind="scheduled", status="prepared"),
                nulls_distinct=False,
                name="batch_one_open_scheduled_per_office_bank",
            )
        ]
        indexes = [models.Index(fields=["status", "office"])]

    def __str__(self):
        return f"Batch #{self.pk} {self.bank_name} ({self.get_status_display()})"

    @property
    def pending_total(self):
        return self.total_amount - self.paid_total - self.failed_total

    @property
    def pending_count(self) -> int:
        return self.payment_count - self.paid_count - self.failed_count


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Dalam proses")  # in a batch; the batch tells prepared / approved / sent
    PAID = "paid", _("Dibayar")  # the bank confirmed the credit (only the bank can say so)
    FAILED = "failed", _("Gagal")  # the bank rejected it; waits for the worker to correct the account
    REISSUE_READY = "reissue_ready", _("Siap diterbitkan ulang")  # account corrected; waits for a re-issue batch
    CANCELLED = "cancelled", _("Dibatalkan")  # withdrawn before sending: the benefit ended before its due date


class Payment(models.Model):
    """The payment of one benefit month: at most one, ever (the unique key on
    ``month``). It keeps everything it was computed from and the account it goes to."""

    month = models.OneToOneField("payouts.BenefitMonth", on_delete=models.PROTECT, related_name="payment")
    # Not a database foreign key on purpose: the daily run inserts up to a
    # million rows at once, and a per-row key check on this 100-row table would
    # double its cost. Batches are never deleted; check_payout_ledger verifies.
    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="payments"
    )  # indexed by (batch, status)
    run = models.ForeignKey(
        PayoutRun,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=14, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    amount = models.DecimalField(_("jumlah"), max_digits=14, decimal_places=2)
    rule_set = models.CharField(_("aturan"), max_length=12)
    rate = models.DecimalField(_("persentase"), max_digits=4, decimal_places=2)
    wage_base = models.DecimalField(_("dasar upah"), max_digits=14, decimal_places=2)
    month_no = models.PositiveSmallIntegerField(_("bulan ke"))
    due_date = models.DateField(_("jatuh tempo"))
    bank_code = models.CharField(max_length=12)
    bank_name = models.CharField(_("bank"), max_length=60)
    account_number = EncryptedTextField(_("nomor rekening"))
    account_last4 = models.CharField(max_length=4)
    account_holder = models.CharField(_("nama pemilik rekening"), max_length=200)
    was_withheld = models.BooleanField(_("sempat ditahan"), default=False)
    # Three working days (weekends and Indonesian public holidays excluded).
    sla_deadline = models.DateField(_("batas SLA"))
    attempt = models.PositiveSmallIntegerField(_("percobaan"), default=1)
    paid_on = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    result_code = models.CharField(_("kode hasil bank"), max_length=8, blank=True)
    result_reason = models.CharField(_("alasan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        indexes = [
            models.Index(fields=["batch", "status"]),
            models.Index(
                fields=["status"], condition=Q(status__in=["failed", "reissue_ready"]), name="payment_needs_action"
            ),
            models.Index(fields=["sla_deadline"], condition=Q(status="pending"), name="payment_pending_sla"),
        ]

    def __str__(self):
        return f"Pembayaran #{self.pk} bulan {self.month_no} ({self.get_status_display()})"

    @property
    def account_masked(self) -> str:
        return f"•••• {self.account_last4}"


class PaymentAttempt(models.Model):
    """The bank's answer for one payment in one batch (a re-issue is a new attempt)."""

    class Result(models.TextChoices):
        PAID = "paid", _("Dibayar")
        FAILED = "failed", _("Gagal")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="attempts")
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="attempts")
    attempt_no = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    bank_code = models.CharField(max_length=12)
    account_last4 = models.CharField(max_length=4)
    account_holder = models.CharField(max_length=200)
    result = models.CharField(max_length=6, choices=Result.choices)
    reason_code = models.CharField(max_length=8, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["payment", "attempt_no"]
        verbose_name = _("hasil transfer")
        verbose_name_plural = _("hasil transfer")
        constraints = [models.UniqueConstraint(fields=["payment", "batch"], name="attempt_one_per_batch")]

    def __str__(self):
        return f"{self.payment_id} #{self.attempt_no}: {self.result} {self.reason_code}"
