"""A benefit (the cash benefit of one approved claim) and its six months."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jkp_portal.common.fields import EncryptedTextField


class BenefitStatus(models.TextChoices):
    ACTIVE = "active", _("Berjalan")  # created at approval; the payout run settles its months
    COMPLETED = "completed", _("Selesai")  # every month settled (paid, forfeited or owed by the employer)
    ENDED = "ended", _("Dihentikan")  # stopped by re-employment or death; no month due after ended_on is paid


class EndReason(models.TextChoices):
    REEMPLOYED = "reemployed", _("Bekerja kembali sebagai penerima upah")
    DEATH = "death", _("Meninggal dunia")


class Benefit(models.Model):
    """The cash benefit of one approved claim. What it was decided from is
    frozen here and in its months; the beneficiary account is the current one
    (the worker may correct it after a failed transfer), each payment keeps a
    snapshot of the account it was sent to."""

    claim = models.OneToOneField("claims.Claim", on_delete=models.PROTECT, related_name="benefit")
    participant = models.ForeignKey("claims.Participant", on_delete=models.PROTECT, related_name="benefits")
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("kantor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=BenefitStatus.choices, default=BenefitStatus.ACTIVE)
    # True while some month is left for the payout run to settle; the run only
    # looks at open benefits, so finished ones cost nothing however many there are.
    is_open = models.BooleanField(default=True)

    rule_set = models.CharField(_("aturan"), max_length=12)
    payer = models.CharField(_("pembayar"), max_length=10)  # "bpjs" | "employer"
    wage_base = models.DecimalField(_("dasar upah"), max_digits=14, decimal_places=2)
    decision_date = models.DateField(_("tanggal penetapan"))
    # The last month that can still be paid: 6, or the last one due on or before the end date.
    last_month_no = models.PositiveSmallIntegerField(default=6)
    last_due_date = models.DateField()

    bank_code = models.CharField(_("kode bank"), max_length=12)
    bank_name = models.CharField(_("bank"), max_length=60)
    bank_account_number = EncryptedTextField(_("nomor rekening"))
    bank_account_last4 = models.CharField(_("4 digit terakhir rekening"), max_length=4)
    bank_account_holder = models.CharField(_("nama pemilik rekening"), max_length=200)
    account_updated_at = models.DateTimeField(null=True, blank=True)

    ended_on = models.DateField(_("dihentikan sejak"), null=True, blank=True)
    end_reason = models.CharField(_("alasan dihentikan"), max_length=12, choices=EndReason.choices, blank=True)
    end_source = models.CharField(max_length=60, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decision_date", "-id"]
        verbose_name = _("manfaat uang tunai")
        verbose_name_plural = _("manfaat uang tunai")
        # Few indexes, none on the columns the daily run changes (is_open,
        # status), and free room on each page (fillfactor, migration 0002): the
        # run's updates stay heap-only (HOT) and cheap. Runs read benefits by id range.
        indexes = [models.Index(fields=["participant"])]

    def __str__(self):
        return f"Manfaat #{self.pk} ({self.get_status_display()})"

    @property
    def account_masked(self) -> str:
        return f"•••• {self.bank_account_last4}" if self.bank_account_last4 else "—"


class MonthStatus(models.TextChoices):
    # A month's outcome when it is not simply paid. A month with a payment is
    # payable; the payment then tells whether it is in a batch, paid or failed.
    SCHEDULED = "scheduled", _("Terjadwal")  # not settled yet (or settled by its payment)
    WITHHELD = "withheld", _("Ditahan")  # conditions not met on the due date; paid if met within the grace days
    FORFEITED = "forfeited", _("Hangus")  # not met within the grace days: not paid, the schedule goes on
    STOPPED = "stopped", _("Dihentikan")  # due after the benefit ended (re-employment or death): never paid
    EMPLOYER = "employer", _("Ditanggung pemberi kerja")  # payer is the employer: owed by it, not paid by BPJS


class BenefitMonth(models.Model):
    """One of the six months. Amount, rate, rule set and wage base are frozen at
    approval. The evidence counters are recomputed from the evidence rows
    whenever evidence arrives, so the daily run decides on plain columns."""

    # Indexed by the unique (benefit, month_no) key.
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="months", db_index=False)
    month_no = models.PositiveSmallIntegerField(_("bulan ke"))
    # The job-search period is (period_start, due_date]; month 1 has none.
    period_start = models.DateField(_("awal periode"))
    due_date = models.DateField(_("jatuh tempo"))
    rule_set = models.CharField(_("aturan"), max_length=12)
    rate = models.DecimalField(_("persentase"), max_digits=4, decimal_places=2)
    wage_base = models.DecimalField(_("dasar upah"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("jumlah"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=MonthStatus.choices, default=MonthStatus.SCHEDULED)
    withheld_on = models.DateField(null=True, blank=True)
    settled_on = models.DateField(null=True, blank=True)

    applications = models.PositiveIntegerField(_("lamaran kerja"), default=0)
    interviews = models.PositiveIntegerField(_("undangan tes/wawancara"), default=0)
    counselling_sessions = models.PositiveIntegerField(_("sesi konseling"), default=0)
    # Lowest attendance of the calendar month before the due month; null when not enrolled.
    attendance_pct = models.DecimalField(
        _("kehadiran pelatihan (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    form_submitted = models.BooleanField(_("formulir status kebekerjaan"), default=False)

    reimbursement = models.ForeignKey(
        "payouts.EmployerReimbursement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="months",
        db_index=False,
    )

    class Meta:
        ordering = ["benefit", "month_no"]
        verbose_name = _("bulan manfaat")
        verbose_name_plural = _("bulan manfaat")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "month_no"], name="benefit_month_unique"),
            models.CheckConstraint(condition=Q(month_no__gte=1, month_no__lte=6), name="benefit_month_no_1_6"),
        ]
        indexes = [
            models.Index(
                fields=["reimbursement"], condition=Q(reimbursement__isnull=False), name="month_reimbursement"
            ),
        ]

    def __str__(self):
        return f"Manfaat #{self.benefit_id} bulan {self.month_no}"
