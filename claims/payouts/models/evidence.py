"""Evidence for the monthly payment conditions: job-search activity (reported by
the worker or sent by other apps), training attendance, the employment-status
form of month 6."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    APPLICATION = "application", _("Lamaran kerja")
    INTERVIEW = "interview_invitation", _("Undangan tes/wawancara")
    COUNSELLING = "counselling_session", _("Sesi konseling")


def evidence_upload_path(instance, filename):
    # Random name; the uploaded name is kept in evidence_name.
    return f"payouts/evidence/{instance.participant_id}/{uuid.uuid4().hex}"


class JobSearchActivity(models.Model):
    """One job application, interview invitation or counselling session.
    ``(source, reference)`` is unique, so a repeated signal or report adds nothing."""

    participant = models.ForeignKey(
        "claims.Participant", on_delete=models.CASCADE, related_name="job_search_activities"
    )
    benefit = models.ForeignKey(
        "payouts.Benefit", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    kind = models.CharField(_("jenis"), max_length=24, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=60)
    reference = models.CharField(max_length=200)
    company = models.CharField(_("perusahaan"), max_length=200, blank=True)
    position = models.CharField(_("posisi"), max_length=200, blank=True)
    channel = models.CharField(_("saluran"), max_length=30, blank=True)
    description = models.CharField(_("keterangan"), max_length=500, blank=True)
    evidence = models.FileField(upload_to=evidence_upload_path, max_length=200, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=50, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("aktivitas pencarian kerja")
        verbose_name_plural = _("aktivitas pencarian kerja")
        constraints = [models.UniqueConstraint(fields=["source", "reference"], name="activity_source_reference_unique")]
        indexes = [models.Index(fields=["participant", "occurred_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on} ({self.company or self.source})"


class TrainingAttendance(models.Model):
    """Attendance of one enrolment in one calendar month (``month`` is its first
    day). A later signal with the same ``(source, reference)`` updates it."""

    participant = models.ForeignKey("claims.Participant", on_delete=models.CASCADE, related_name="training_attendance")
    month = models.DateField(_("bulan"))
    percentage = models.DecimalField(_("kehadiran (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(max_length=60)
    reference = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("kehadiran pelatihan")
        verbose_name_plural = _("kehadiran pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="attendance_source_reference_unique")
        ]
        indexes = [models.Index(fields=["participant", "month"])]

    def __str__(self):
        return f"{self.participant_id} {self.month:%Y-%m} {self.percentage}%"


class EmploymentStatus(models.TextChoices):
    SEEKING = "seeking", _("Belum bekerja, masih mencari kerja")
    SELF_EMPLOYED = "self_employed", _("Berwirausaha")
    INFORMAL = "informal", _("Bekerja informal / bukan penerima upah")
    WAGE_EMPLOYED = "wage_employed", _("Bekerja kembali sebagai penerima upah (PU)")


class EmploymentStatusForm(models.Model):
    """The formulir status kebekerjaan needed for month 6."""

    benefit = models.OneToOneField("payouts.Benefit", on_delete=models.CASCADE, related_name="employment_form")
    status = models.CharField(_("status kebekerjaan"), max_length=16, choices=EmploymentStatus.choices)
    employer_name = models.CharField(_("nama tempat kerja/usaha"), max_length=200, blank=True)
    job_title = models.CharField(_("pekerjaan"), max_length=200, blank=True)
    started_on = models.DateField(_("mulai bekerja"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("formulir status kebekerjaan")
        verbose_name_plural = _("formulir status kebekerjaan")

    def __str__(self):
        return f"{self.benefit_id}: {self.get_status_display()}"
