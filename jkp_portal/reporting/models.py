"""Summary tables behind the dashboards.

They are rebuilt as a whole by ``jkp_portal.reporting.refresh.dashboards_refresh``
(every 15 minutes by Celery beat, or ``manage.py refresh_dashboards``) in one
transaction: readers keep seeing the previous figures until the new ones are
committed, never a half-built table. Nothing else writes to them.

Why tables and not materialized views: a view over the claims, payouts,
counselling and training tables would make PostgreSQL refuse every later
``ALTER COLUMN`` on the columns it reads ("cannot alter type of a column used
by a view"), so the other apps' migrations would depend on this one. Plain
tables filled by SQL keep the apps' schemas independent; the refresh SQL is
tested against the real models.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class CubeRow(models.Model):
    """The dimensions shared by every summary table (see ``dimensions``).
    Demographic dimensions are NULL in rows of a grain that rolls them up."""

    grain = models.PositiveSmallIntegerField()
    month = models.DateField()  # first day of the month (Asia/Jakarta)
    office = models.ForeignKey(
        "accounts.Office", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.CharField(max_length=2, blank=True)
    sector = models.CharField(max_length=30, null=True)
    sex = models.CharField(max_length=1, null=True)
    age_band = models.PositiveSmallIntegerField(null=True)
    contract_type = models.CharField(max_length=5, null=True)
    rule_set = models.CharField(max_length=12)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{type(self).__name__} {self.month:%Y-%m} grain {self.grain} office {self.office_id}"


class ClaimStat(CubeRow):
    """Claims filed (month of submission) and decided (month of decision)."""

    filed = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    # Filed in this month and still waiting for a decision when the figures were built.
    in_progress = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    decision_days_sum = models.BigIntegerField(default=0)
    # Decisions per day-count bucket (dimensions.DECISION_BUCKETS).
    decision_hist = ArrayField(models.IntegerField(), default=list)

    class Meta:
        verbose_name = _("ringkasan klaim")
        verbose_name_plural = _("ringkasan klaim")
        indexes = [
            models.Index(fields=["grain", "month"], name="dash_claimstat_grain_month"),
            models.Index(fields=["grain", "office", "month"], name="dash_claimstat_grain_office"),
        ]


class RejectionStat(CubeRow):
    """Rejection reasons cited in the month of the decision (a claim may cite several)."""

    reason = models.CharField(max_length=40)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("ringkasan alasan penolakan")
        verbose_name_plural = _("ringkasan alasan penolakan")
        indexes = [
            models.Index(fields=["grain", "month"], name="dash_rejectstat_grain_month"),
            models.Index(fields=["grain", "office", "month"], name="dash_rejectstat_grain_office"),
        ]


class PaymentStat(CubeRow):
    """Money and the payment SLA, each counted in the month its event happened:
    paid (and on time / late against the stored SLA deadline) in the month of
    payment; overdue (unpaid past the deadline) in the month of the deadline;
    withheld and forfeited in the month the benefit month was due; failed and
    re-issued transfers in the month the bank answered."""

    paid_count = models.IntegerField(default=0)
    paid_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    on_time_count = models.IntegerField(default=0)
    late_count = models.IntegerField(default=0)
    overdue_count = models.IntegerField(default=0)
    withheld_count = models.IntegerField(default=0)
    withheld_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    forfeited_count = models.IntegerField(default=0)
    forfeited_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    failed_count = models.IntegerField(default=0)
    failed_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    reissued_count = models.IntegerField(default=0)
    reissued_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("ringkasan pembayaran")
        verbose_name_plural = _("ringkasan pembayaran")
        indexes = [
            models.Index(fields=["grain", "month"], name="dash_paystat_grain_month"),
            models.Index(fields=["grain", "office", "month"], name="dash_paystat_grain_office"),
        ]


class FunnelStat(CubeRow):
    """The re-employment funnel of the beneficiaries approved in ``month``
    (the cohort). ``due_*`` counts the beneficiaries whose cohort is old enough
    to tell (decision date + N months reached); ``back_*`` those of them back at
    work within N months of the decision."""

    claimants = models.IntegerField(default=0)
    assessed = models.IntegerField(default=0)
    counselled = models.IntegerField(default=0)
    trained = models.IntegerField(default=0)
    placed = models.IntegerField(default=0)
    due_1m = models.IntegerField(default=0)
    back_1m = models.IntegerField(default=0)
    due_3m = models.IntegerField(default=0)
    back_3m = models.IntegerField(default=0)
    due_6m = models.IntegerField(default=0)
    back_6m = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("ringkasan kembali bekerja")
        verbose_name_plural = _("ringkasan kembali bekerja")
        indexes = [
            models.Index(fields=["grain", "month"], name="dash_funnelstat_grain_month"),
            models.Index(fields=["grain", "office", "month"], name="dash_funnelstat_grain_office"),
        ]


class KonselorLoad(models.Model):
    """Each konselor's open cases against capacity when the figures were built."""

    konselor_id = models.BigIntegerField(unique=True)
    name = models.CharField(max_length=200)
    office = models.ForeignKey(
        "accounts.Office", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    capacity = models.IntegerField(default=0)
    takes_cases = models.BooleanField(default=True)  # active and not on leave today
    new_cases = models.IntegerField(default=0)
    active_cases = models.IntegerField(default=0)
    in_training = models.IntegerField(default=0)
    open_cases = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("beban konselor")
        verbose_name_plural = _("beban konselor")
        indexes = [models.Index(fields=["office"], name="dash_konselorload_office")]

    def __str__(self):
        return f"{self.name}: {self.open_cases}/{self.capacity}"


class UnassignedQueue(models.Model):
    """Cases waiting for a konselor, per office and province, when the figures were built."""

    office = models.ForeignKey(
        "accounts.Office", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.CharField(max_length=2, blank=True)
    waiting = models.IntegerField(default=0)
    over_7_days = models.IntegerField(default=0)
    oldest_opened_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("antrean tanpa konselor")
        verbose_name_plural = _("antrean tanpa konselor")

    def __str__(self):
        return f"{self.office_id}/{self.province}: {self.waiting}"


class DashboardRefresh(models.Model):
    """One rebuild of the summary tables. The dashboard shows the latest
    finished one as the age of its figures."""

    class Status(models.TextChoices):
        DONE = "done", _("Selesai")  # committed together with the figures
        FAILED = "failed", _("Gagal")  # rolled back; the previous figures stay

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    triggered_by = models.CharField(max_length=150)
    duration_ms = models.PositiveIntegerField(default=0)
    # {"claimstat": rows, ...}
    row_counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("pembaruan dasbor")
        verbose_name_plural = _("pembaruan dasbor")
        indexes = [models.Index(fields=["status", "-finished_at"], name="dash_refresh_latest")]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
