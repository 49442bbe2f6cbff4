"""Training providers (LPK), their programmes and the programmes' sessions."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training import rules


class Ownership(models.TextChoices):
    GOVERNMENT = "government", _("Pemerintah (BLK/UPTP)")
    PRIVATE = "private", _("Swasta")
    COMPANY = "company", _("Perusahaan")


class CompetencyStandard(models.TextChoices):
    NATIONAL = "national", _("Nasional (SKKNI)")
    INTERNATIONAL = "international", _("Internasional")
    SPECIAL = "special", _("Khusus")
    NONE = "none", _("Belum berbasis kompetensi")


class DeliveryMode(models.TextChoices):
    OFFLINE = "offline", _("Tatap muka")
    ONLINE = "online", _("Daring")


class Lpk(models.Model):
    """A training provider (lembaga pelatihan kerja). Whether it may take JKP
    participants follows from its criteria (``training.rules.lpk_problems``)."""

    name = models.CharField(_("nama LPK"), max_length=200)
    ownership = models.CharField(_("kepemilikan"), max_length=12, choices=Ownership.choices)
    competency_standard = models.CharField(
        _("standar kompetensi"), max_length=15, choices=CompetencyStandard.choices, default=CompetencyStandard.NATIONAL
    )
    siapkerja_id = models.CharField(_("nomor registrasi SIAPkerja"), max_length=40, blank=True)
    siapkerja_verified = models.BooleanField(_("terverifikasi di SIAPkerja"), default=False)
    verified_on = models.DateField(_("tanggal verifikasi"), null=True, blank=True)
    accreditation_number = models.CharField(_("nomor akreditasi"), max_length=60, blank=True)
    accreditation_grade = models.CharField(_("peringkat akreditasi"), max_length=2, blank=True)
    accredited_until = models.DateField(_("akreditasi berlaku sampai"), null=True, blank=True)
    online = models.BooleanField(_("menyelenggarakan pelatihan daring"), default=False)
    tracks_attendance = models.BooleanField(_("mencatat kehadiran peserta"), default=True)
    tracks_progress = models.BooleanField(_("mencatat kemajuan belajar"), default=False)
    contact_name = models.CharField(_("narahubung"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    province_code = models.CharField(_("provinsi"), max_length=2)
    regency = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)  # Kemendagri code
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("LPK")
        verbose_name_plural = _("LPK")
        constraints = [
            models.UniqueConstraint(fields=["siapkerja_id"], condition=~Q(siapkerja_id=""), name="lpk_siapkerja_unique")
        ]
        indexes = [models.Index(fields=["province_code", "regency"])]

    def __str__(self):
        return self.name

    def facts(self) -> rules.LpkFacts:
        return rules.LpkFacts(
            competency_standard=self.competency_standard,
            siapkerja_id=self.siapkerja_id,
            siapkerja_verified=self.siapkerja_verified,
            accredited_until=self.accredited_until,
            online=self.online,
            tracks_attendance=self.tracks_attendance,
            tracks_progress=self.tracks_progress,
            active=self.active,
        )

    def problems(self, today=None) -> list[rules.Problem]:
        return rules.lpk_problems(self.facts(), today=today or timezone.localdate())

    @property
    def eligible(self) -> bool:
        return not self.problems()

    @property
    def accreditation_expiring(self) -> bool:
        return rules.accreditation_expiring(self.accredited_until, today=timezone.localdate())


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")  # staff prepare it; participants do not see it
    PUBLISHED = "published", _("Dibuka")  # open to JKP participants; only an LPK meeting the criteria publishes
    CLOSED = "closed", _("Ditutup")  # no new enrolments; running or finished


class Programme(models.Model):
    code = models.CharField(_("kode program"), max_length=40, unique=True)
    lpk = models.ForeignKey(Lpk, verbose_name=_("LPK"), on_delete=models.PROTECT, related_name="programmes")
    title = models.CharField(_("nama program"), max_length=200)
    competency = models.CharField(_("kompetensi / jabatan tujuan"), max_length=200)
    kbji_code = models.CharField(_("kode KBJI"), max_length=8, blank=True)
    skills = ArrayField(models.CharField(max_length=80), verbose_name=_("keterampilan"), default=list, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    hours = models.PositiveIntegerField(_("jumlah jam pelatihan"))
    cost = models.DecimalField(_("biaya per peserta"), max_digits=12, decimal_places=0)
    mode = models.CharField(_("moda"), max_length=8, choices=DeliveryMode.choices, default=DeliveryMode.OFFLINE)
    location = models.CharField(_("tempat / platform"), max_length=300)
    province_code = models.CharField(_("provinsi"), max_length=2)
    regency = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)  # Kemendagri code
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    seats = models.PositiveIntegerField(_("kuota peserta"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="programme_dates_ordered"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="programme_cost_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "province_code", "start_date"]),
            GinIndex(fields=["skills"], name="programme_skills_gin"),
        ]

    def __str__(self):
        return f"{self.title} — {self.lpk.name}"


class ProgrammeSession(models.Model):
    """One scheduled meeting of a programme; attendance is recorded per session."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("mulai"))
    end_time = models.TimeField(_("selesai"))
    topic = models.CharField(_("materi"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "date", "start_time"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["programme", "date", "start_time"], name="session_unique_slot"),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="session_times_ordered"),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.date:%d-%m-%Y} {self.start_time:%H:%M}"
