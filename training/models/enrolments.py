"""A konselor's programme recommendation, enrolments, attendance per session
and the monthly attendance that feeds the payment conditions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Menunggu tanggapan peserta")  # the konselor recommended; the worker has not decided
    ACCEPTED = "accepted", _("Diterima (peserta mendaftar)")  # the worker enrolled on it
    DECLINED = "declined", _("Ditolak peserta")  # the worker declined it


class Recommendation(models.Model):
    """A konselor recommends a programme to one of their clients."""

    participant = models.ForeignKey("claims.Participant", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey("training.Programme", on_delete=models.PROTECT, related_name="recommendations")
    konselor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("catatan konselor"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rekomendasi pelatihan")
        verbose_name_plural = _("rekomendasi pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"], condition=Q(status="open"), name="recommendation_one_open"
            )
        ]

    def __str__(self):
        return f"{self.participant_id} → {self.programme_id} ({self.status})"


class EnrolmentStatus(models.TextChoices):
    WAITLISTED = "waitlisted", _("Daftar tunggu")  # no seat yet; promoted in order when a seat frees
    ENROLLED = "enrolled", _("Terdaftar")  # holds a seat; the LPK records attendance
    COMPLETED = "completed", _("Selesai (bersertifikat)")  # the LPK reported completion and the certificate
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")  # left before completion; the seat goes to the waiting list


# Statuses that keep the enrolment alive (one per participant and programme).
LIVE_ENROLMENT_STATUSES = (EnrolmentStatus.WAITLISTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Pendaftaran mandiri")
    RECOMMENDATION = "recommendation", _("Rekomendasi konselor")


class Enrolment(models.Model):
    programme = models.ForeignKey("training.Programme", on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey("claims.Participant", on_delete=models.PROTECT, related_name="+")
    # The approved claim whose training budget pays for it (the cap is per claim).
    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices)
    source = models.CharField(_("sumber"), max_length=16, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    # Frozen programme cost, counted against the claim's cap until released.
    cost = models.DecimalField(_("biaya"), max_digits=12, decimal_places=0)
    # A withdrawal before any attended session releases the reservation.
    cost_released = models.BooleanField(default=False)
    enrolled_at = models.DateTimeField(_("mendapat kursi"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("kemajuan belajar (%)"), null=True, blank=True)
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=60, blank=True)
    certificate_date = models.DateField(_("tanggal sertifikat"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.CharField(_("alasan mengundurkan diri"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = _("pendaftaran pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant"],
                condition=Q(status__in=["waitlisted", "enrolled", "completed"]),
                name="enrolment_one_live_per_programme",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"], condition=~Q(certificate_number=""), name="enrolment_certificate_unique"
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__isnull=True) | Q(progress_percent__lte=100), name="enrolment_progress_pct"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "created_at"]),
            models.Index(fields=["claim", "status"]),
            models.Index(fields=["participant", "status"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.participant_id} @ {self.programme_id} ({self.status})"


class AttendanceSource(models.TextChoices):
    BROWSER = "browser", _("Dicatat di portal")
    CSV = "csv", _("Impor CSV dari LPK")
    API = "api", _("API")


class AttendanceRecord(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey("training.ProgrammeSession", on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("hadir"))
    source = models.CharField(max_length=8, choices=AttendanceSource.choices, default=AttendanceSource.BROWSER)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__date", "session__start_time"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_one_per_session")]

    def __str__(self):
        return f"{self.enrolment_id} {self.session_id} {'H' if self.present else 'A'}"


class MonthlyAttendance(models.Model):
    """Attendance of one enrolment in one calendar month: sessions attended out
    of the sessions the LPK recorded. Sent to payouts whenever it changes."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="monthly")
    month = models.DateField(_("bulan"))  # first day of the month
    sessions_recorded = models.PositiveIntegerField(default=0)
    sessions_present = models.PositiveIntegerField(default=0)
    percentage = models.DecimalField(_("persentase kehadiran"), max_digits=5, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrolment", "month"]
        verbose_name = _("kehadiran bulanan")
        verbose_name_plural = _("kehadiran bulanan")
        constraints = [models.UniqueConstraint(fields=["enrolment", "month"], name="monthly_attendance_unique")]

    def __str__(self):
        return f"{self.enrolment_id} {self.month:%Y-%m} {self.percentage}%"
