"""PHK reports by employers, their mediation by Disnaker mediators, mass-layoff
cases and the outreach (sosialisasi) that reaches the affected workers.

A report (``PhkReport``) is what an employer submits at once: one worker from
the form, or many from a CSV file, with the notice letter. Each worker is one
``PhkReportRow`` and is mediated on its own (one worker may accept the PHK
while another contests it). A report of many workers or a closure opens a
``MassLayoffCase``; outreach events invite the case's workers.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.eligibility import PHK_REASONS
from claims.models.claims import PHK_REASON_CHOICES as CLAIM_PHK_REASON_CHOICES

# The PHK reasons in words: the one label set of the portal (claims.models.claims),
# in the engine's order of codes.
PHK_REASON_LABELS = dict(CLAIM_PHK_REASON_CHOICES)
PHK_REASON_CHOICES = [(code, PHK_REASON_LABELS[code]) for code in PHK_REASONS]


class PhkReport(models.Model):
    """One submission by an employer: the notice letter and one or more workers."""

    class Source(models.TextChoices):
        FORM = "form", _("Formulir")
        CSV = "csv", _("Unggah CSV")
        API = "api", _("API")

    employer = models.ForeignKey(
        "claims.Employer", verbose_name=_("pemberi kerja"), on_delete=models.PROTECT, related_name="phk_reports"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dilaporkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dilaporkan pada"), auto_now_add=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    is_closure = models.BooleanField(_("perusahaan tutup"), default=False)
    notes = models.TextField(_("catatan"), blank=True)
    workers_count = models.PositiveIntegerField(_("jumlah pekerja"), default=0)
    mass_layoff_case = models.ForeignKey(
        "phk.MassLayoffCase",
        verbose_name=_("kasus PHK massal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("laporan PHK")
        verbose_name_plural = _("laporan PHK")
        indexes = [models.Index(fields=["employer", "submitted_at"])]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        """The receipt number the employer and the mediator quote."""
        year = self.submitted_at.year if self.submitted_at else ""
        return f"LPHK/{year}/{self.pk:06d}"


class RowStatus(models.TextChoices):
    REPORTED = "reported", _("Menunggu mediator")  # the employer reported it; a mediator has not acted yet
    CONFIRMED = "confirmed", _("Dikonfirmasi mediator")  # uncontested, or a PHI decision upheld it
    AGREEMENT = "agreement", _("Perjanjian bersama terdaftar")  # settled by a PB registered at the PHI court
    DISPUTED = "disputed", _("Diperselisihkan (perkara di PHI)")  # a court case is pending; blocks approval
    ANNULLED = "annulled", _("PHK dibatalkan putusan PHI")  # the court reinstated the worker
    WITHDRAWN = "withdrawn", _("Ditarik pemberi kerja")  # the employer withdrew it before mediation


# The PHK stands and was confirmed by a mediator (directly, by a PB or by a court).
SETTLED_STATUSES = (RowStatus.CONFIRMED, RowStatus.AGREEMENT)
# A report that still counts for the worker: a new report for the same employment is refused.
LIVE_STATUSES = (RowStatus.REPORTED, RowStatus.CONFIRMED, RowStatus.AGREEMENT, RowStatus.DISPUTED)


class PhkReportRow(models.Model):
    """One worker of a report and the mediation of their PHK."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("PHK sah (dikuatkan putusan)")
        ANNULLED = "annulled", _("PHK batal (pekerja dipekerjakan kembali)")

    report = models.ForeignKey(PhkReport, on_delete=models.CASCADE, related_name="rows")
    participant = models.ForeignKey(
        "claims.Participant", verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="phk_rows"
    )
    line = models.PositiveIntegerField(_("baris"), default=1)
    phk_date = models.DateField(_("tanggal PHK"))
    reason = models.CharField(_("alasan PHK"), max_length=30, choices=PHK_REASON_CHOICES)
    accepted = models.BooleanField(_("pekerja menerima PHK"))
    notes = models.CharField(_("catatan"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RowStatus.choices, default=RowStatus.REPORTED)

    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    # Perjanjian bersama and its registration deed (akta bukti pendaftaran) at the PHI court.
    agreement_number = models.CharField(_("nomor perjanjian bersama"), max_length=100, blank=True)
    agreement_deed_number = models.CharField(_("nomor akta bukti pendaftaran"), max_length=100, blank=True)
    agreement_deed_date = models.DateField(_("tanggal akta pendaftaran"), null=True, blank=True)
    court_name = models.CharField(_("pengadilan hubungan industrial"), max_length=200, blank=True)
    # Dispute at the PHI court and its decision.
    court_case_number = models.CharField(_("nomor perkara PHI"), max_length=100, blank=True)
    disputed_at = models.DateTimeField(_("diperselisihkan sejak"), null=True, blank=True)
    decision_number = models.CharField(_("nomor putusan"), max_length=100, blank=True)
    decision_inkracht_date = models.DateField(_("tanggal berkekuatan hukum tetap"), null=True, blank=True)
    outcome = models.CharField(_("hasil putusan"), max_length=10, choices=Outcome.choices, blank=True)
    mediator_note = models.TextField(_("catatan mediator"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "line"]
        verbose_name = _("pekerja dalam laporan PHK")
        verbose_name_plural = _("pekerja dalam laporan PHK")
        constraints = [
            models.UniqueConstraint(fields=["report", "participant"], name="phk_row_one_per_report"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in RowStatus]), name="phk_row_status_known"),
        ]
        indexes = [
            models.Index(fields=["participant", "status"]),
            models.Index(fields=["report", "status"]),
            models.Index(fields=["status", "phk_date"]),
        ]

    def __str__(self):
        return f"{self.report.number} #{self.line} ({self.get_status_display()})"

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES


def phk_document_path(instance, filename):
    # Random name: nothing of the uploaded name reaches the disk.
    return f"phk/{instance.report_id}/{uuid.uuid4().hex}"


class PhkDocument(models.Model):
    """A file of a report: the notice letter, a PB and its deed, a PHI decision."""

    class Kind(models.TextChoices):
        NOTICE_LETTER = "notice_letter", _("Surat pemberitahuan PHK")
        AGREEMENT = "agreement", _("Perjanjian bersama dan akta pendaftaran")
        COURT_DECISION = "court_decision", _("Putusan PHI")

    report = models.ForeignKey(PhkReport, on_delete=models.CASCADE, related_name="documents")
    row = models.ForeignKey(PhkReportRow, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=phk_document_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = _("dokumen PHK")
        verbose_name_plural = _("dokumen PHK")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.original_name})"


class PhkUpload(models.Model):
    """One CSV upload attempt, kept so the employer can download its error report.
    A file with any bad row saves nothing but this record."""

    class Status(models.TextChoices):
        FAILED = "failed", _("Ditolak (ada baris yang salah, tidak ada yang disimpan)")
        ACCEPTED = "accepted", _("Diterima")

    employer = models.ForeignKey("claims.Employer", on_delete=models.CASCADE, related_name="phk_uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(_("berkas"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_total = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # Every data line with its values and its problems: [{"line", "nik", "phk_date", "reason",
    # "accepted", "notes", "errors": [..]}] (capped at the upload limit).
    lines = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    report = models.OneToOneField(PhkReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("unggahan CSV PHK")
        verbose_name_plural = _("unggahan CSV PHK")

    def __str__(self):
        return f"{self.source_name} ({self.status})"


class MassLayoffCase(models.Model):
    """Many workers of one employer lose their job at once (≥ the threshold in
    one report, or a closure): every affected worker must be reached before
    their claim deadline."""

    employer = models.ForeignKey(
        "claims.Employer", verbose_name=_("pemberi kerja"), on_delete=models.PROTECT, related_name="mass_layoffs"
    )
    opened_at = models.DateTimeField(_("dibuka pada"), auto_now_add=True)
    is_closure = models.BooleanField(_("perusahaan tutup"), default=False)
    opening_report = models.OneToOneField(
        PhkReport, verbose_name=_("laporan pembuka"), on_delete=models.PROTECT, related_name="opened_case"
    )
    first_phk_date = models.DateField(_("tanggal PHK pertama"))

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("kasus PHK massal")
        verbose_name_plural = _("kasus PHK massal")
        indexes = [models.Index(fields=["employer", "opened_at"])]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        year = self.opened_at.year if self.opened_at else ""
        return f"PHKM/{year}/{self.pk:04d}"


class OutreachEvent(models.Model):
    """A sosialisasi for the workers of a mass layoff: JKP explained, claims
    filed on the spot, counselling and training introduced."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Dijadwalkan")  # announced; invitations can be sent
        HELD = "held", _("Terlaksana")  # took place; attendance recorded
        CANCELLED = "cancelled", _("Dibatalkan")  # called off; invitees are told

    case = models.ForeignKey(MassLayoffCase, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("judul"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    online_link = models.URLField(_("tautan daring"), max_length=500, blank=True)
    organiser_office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("kantor BPJS penyelenggara"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser_disnaker = models.CharField(_("Disnaker penyelenggara"), max_length=200, blank=True)
    konselor_names = models.CharField(_("konselor JKP"), max_length=500, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    held_at = models.DateTimeField(_("dicatat terlaksana pada"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("sosialisasi")
        verbose_name_plural = _("sosialisasi")
        constraints = [
            models.CheckConstraint(condition=~Q(place="", online_link=""), name="outreach_event_has_place_or_link"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class OutreachInvitation(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey("claims.Participant", on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField(_("diundang pada"), auto_now_add=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    # None until the event is held; then whether the worker came.
    attended = models.BooleanField(_("hadir"), null=True, blank=True)

    class Meta:
        ordering = ["event", "participant__full_name"]
        verbose_name = _("undangan sosialisasi")
        verbose_name_plural = _("undangan sosialisasi")
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="outreach_invitation_once"),
        ]

    def __str__(self):
        return f"{self.event_id}/{self.participant_id}"


class DeadlineReminder(models.Model):
    """A reminder sent to a worker who had not filed a claim as the deadline
    approached. One per report row and threshold: a repeated run sends nothing."""

    row = models.ForeignKey(PhkReportRow, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("hari sebelum batas"))
    deadline = models.DateField(_("batas pengajuan"))
    sent_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        ordering = ["row", "-days_before"]
        verbose_name = _("pengingat batas klaim")
        verbose_name_plural = _("pengingat batas klaim")
        constraints = [models.UniqueConstraint(fields=["row", "days_before"], name="deadline_reminder_once")]

    def __str__(self):
        return f"{self.row_id} H-{self.days_before}"


class ServiceDay(models.Model):
    """A day of on-site service for a mass layoff: officers sit at desks (at the
    employer, a Disnaker hall) and file the workers' claims with them, one by
    one, in the order they arrive (claims/phk/services/service_days.py)."""

    case = models.ForeignKey(
        MassLayoffCase, verbose_name=_("kasus PHK massal"), on_delete=models.PROTECT, related_name="service_days"
    )
    day = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=300)
    # The BPJS office that staffs the day: its service officers (and those of a
    # regional office above it) work the desks; others do not see the day.
    office = models.ForeignKey("accounts.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("hari layanan")
        verbose_name_plural = _("hari layanan")
        constraints = [models.UniqueConstraint(fields=["case", "day"], name="service_day_once_per_case_and_date")]
        indexes = [models.Index(fields=["office", "day"])]

    def __str__(self):
        return f"{self.case} {self.day:%Y-%m-%d}"


class ServiceDesk(models.Model):
    """One desk of a service day ("Meja 1"); the officer sitting at it, once one takes it."""

    service_day = models.ForeignKey(ServiceDay, on_delete=models.CASCADE, related_name="desks")
    name = models.CharField(_("meja"), max_length=60)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["service_day", "name"]
        verbose_name = _("meja layanan")
        verbose_name_plural = _("meja layanan")
        constraints = [
            models.UniqueConstraint(fields=["service_day", "name"], name="service_desk_name_once"),
            models.UniqueConstraint(
                fields=["service_day", "officer"],
                condition=Q(officer__isnull=False),
                name="service_desk_one_per_officer",
            ),
        ]

    def __str__(self):
        return self.name


class ServiceArrival(models.Model):
    """A worker of the case who came on the service day: their queue number, then
    the desk and the assisted session that served them. Waiting while
    ``session`` is empty; filed once the session's claim is submitted."""

    service_day = models.ForeignKey(ServiceDay, on_delete=models.CASCADE, related_name="arrivals")
    row = models.ForeignKey(PhkReportRow, on_delete=models.PROTECT, related_name="+")
    queue_number = models.PositiveIntegerField(_("nomor antrean"))
    arrived_at = models.DateTimeField(_("datang pada"), auto_now_add=True)
    desk = models.ForeignKey(ServiceDesk, null=True, blank=True, on_delete=models.PROTECT, related_name="arrivals")
    session = models.OneToOneField(
        "claims.AssistedSession", null=True, blank=True, on_delete=models.PROTECT, related_name="service_arrival"
    )
    served_at = models.DateTimeField(_("dilayani pada"), null=True, blank=True)

    class Meta:
        ordering = ["service_day", "queue_number"]
        verbose_name = _("kedatangan")
        verbose_name_plural = _("kedatangan")
        constraints = [
            models.UniqueConstraint(fields=["service_day", "row"], name="service_arrival_once_per_row"),
            models.UniqueConstraint(fields=["service_day", "queue_number"], name="service_arrival_number_once"),
        ]
        indexes = [models.Index(fields=["service_day", "desk"])]

    def __str__(self):
        return f"{self.service_day_id}/{self.queue_number}"
