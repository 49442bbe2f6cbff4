"""Job seekers, vacancies, applications/referrals and CSV import runs.

Matching runs on PostgreSQL: trigram word similarity on the occupation (GiST
``gist_trgm_ops``, nearest first), array overlap on the normalised skills (GIN)
and full-text search with Indonesian stemming on occupation, skills and
description (GIN on a generated tsvector). See ``training.selectors.matching``.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "indonesian"


class JobSeekerProfile(models.Model):
    """What the matching knows about a job seeker (a participant with an
    approved claim). Filled by the worker, and by counselling's asesmen through
    ``training.services.job_seeker_profile_update``."""

    participant = models.OneToOneField("claims.Participant", on_delete=models.CASCADE, related_name="job_profile")
    claim = models.ForeignKey("claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    office = models.ForeignKey("accounts.Office", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    desired_occupation = models.CharField(_("jabatan yang dicari"), max_length=200, blank=True)
    kbji_code = models.CharField(_("kode KBJI"), max_length=8, blank=True)
    skills = ArrayField(models.CharField(max_length=80), verbose_name=_("keterampilan"), default=list, blank=True)
    skills_text = models.TextField(blank=True, editable=False)
    province_code = models.CharField(_("provinsi"), max_length=2, blank=True)
    regency = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)  # Kemendagri code
    willing_to_relocate = models.BooleanField(_("bersedia pindah domisili"), default=False)
    # An active job seeker: approved claim, not re-employed.
    seeking = models.BooleanField(_("sedang mencari kerja"), default=True)
    reemployed_on = models.DateField(_("bekerja kembali sejak"), null=True, blank=True)
    filled_by = models.CharField(max_length=40, blank=True)  # "worker", "konselor", "counseling.asesmen", …
    search = models.GeneratedField(
        expression=SearchVector("desired_occupation", weight="A", config=SEARCH_CONFIG)
        + SearchVector("skills_text", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil pencari kerja")
        verbose_name_plural = _("profil pencari kerja")
        indexes = [
            models.Index(fields=["province_code", "regency"], condition=Q(seeking=True), name="jobseeker_seeking_area"),
            models.Index(fields=["office"], condition=Q(seeking=True), name="jobseeker_seeking_office"),
            # GiST: nearest-occupation order (<->>) for the matching's candidates.
            GistIndex(fields=["desired_occupation"], opclasses=["gist_trgm_ops"], name="jobseeker_occupation_gist"),
            models.Index(fields=["kbji_code"], condition=~Q(kbji_code=""), name="jobseeker_kbji"),
            GinIndex(fields=["skills"], name="jobseeker_skills_gin"),
            GinIndex(fields=["search"], name="jobseeker_search_gin"),
        ]

    def __str__(self):
        return f"{self.participant_id}: {self.desired_occupation}"


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")  # accepting applications until the closing date
    CLOSED = "closed", _("Ditutup")  # closed by the employer or past its closing date
    FILLED = "filled", _("Terisi")  # every opening has been filled through the portal


class VacancySource(models.TextChoices):
    BROWSER = "browser", _("Formulir portal")
    CSV = "csv", _("Impor CSV")
    API = "api", _("API")


class Vacancy(models.Model):
    employer = models.ForeignKey("claims.Employer", on_delete=models.PROTECT, related_name="vacancies")
    # The employer's own reference; a re-import with the same reference updates the vacancy.
    reference = models.CharField(_("kode lowongan"), max_length=60, blank=True)
    occupation = models.CharField(_("jabatan"), max_length=200)
    kbji_code = models.CharField(_("kode KBJI"), max_length=8, blank=True)
    skills = ArrayField(models.CharField(max_length=80), verbose_name=_("keterampilan"), default=list, blank=True)
    skills_text = models.TextField(blank=True, editable=False)
    description = models.TextField(_("deskripsi"), blank=True)
    province_code = models.CharField(_("provinsi"), max_length=2)
    regency = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)  # Kemendagri code
    salary_min = models.DecimalField(_("gaji minimum"), max_digits=14, decimal_places=0, null=True, blank=True)
    salary_max = models.DecimalField(_("gaji maksimum"), max_digits=14, decimal_places=0, null=True, blank=True)
    openings = models.PositiveIntegerField(_("jumlah lowongan"), default=1)
    hired_count = models.PositiveIntegerField(_("sudah diterima"), default=0)
    closing_date = models.DateField(_("tanggal tutup"))
    status = models.CharField(_("status"), max_length=8, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    source = models.CharField(max_length=8, choices=VacancySource.choices, default=VacancySource.BROWSER)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    search = models.GeneratedField(
        expression=SearchVector("occupation", weight="A", config=SEARCH_CONFIG)
        + SearchVector("skills_text", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lowongan")
        verbose_name_plural = _("lowongan")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "reference"], condition=~Q(reference=""), name="vacancy_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_range",
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="vacancy_openings_positive"),
        ]
        indexes = [
            models.Index(
                fields=["province_code", "closing_date"], condition=Q(status="open"), name="vacancy_open_area"
            ),
            models.Index(fields=["province_code", "regency"], condition=Q(status="open"), name="vacancy_open_regency"),
            models.Index(fields=["employer", "status"]),
            GistIndex(fields=["occupation"], opclasses=["gist_trgm_ops"], name="vacancy_occupation_gist"),
            models.Index(fields=["kbji_code"], condition=~Q(kbji_code=""), name="vacancy_kbji"),
            GinIndex(fields=["skills"], name="vacancy_skills_gin"),
            GinIndex(fields=["search"], name="vacancy_search_gin"),
        ]

    def __str__(self):
        return f"{self.occupation} — {self.employer.name}"

    @property
    def openings_left(self) -> int:
        return max(self.openings - self.hired_count, 0)


class ApplicationStatus(models.TextChoices):
    SENT = "sent", _("Terkirim")  # the worker applied or the konselor referred them; the employer decides next
    INTERVIEW = "interview", _("Undangan tes/wawancara")  # the employer invited them to a test or interview
    OFFERED = "offered", _("Ditawari kerja")  # the employer made an offer
    HIRED = "hired", _("Diterima bekerja")  # placement: re-employment date recorded, benefit stops
    REJECTED = "rejected", _("Tidak lolos")  # the employer (or the worker) ended it


class ApplicationOrigin(models.TextChoices):
    APPLICATION = "application", _("Lamaran peserta")
    REFERRAL = "referral", _("Rujukan konselor")


class Application(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    participant = models.ForeignKey("claims.Participant", on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(_("asal"), max_length=12, choices=ApplicationOrigin.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SENT
    )
    note = models.TextField(_("catatan"), blank=True)
    sent_on = models.DateField(_("tanggal lamaran"))
    interview_on = models.DateField(_("tanggal tes/wawancara"), null=True, blank=True)
    offered_on = models.DateField(_("tanggal penawaran"), null=True, blank=True)
    hired_on = models.DateField(_("mulai bekerja"), null=True, blank=True)
    rejected_on = models.DateField(null=True, blank=True)
    rejection_reason = models.CharField(_("alasan"), max_length=300, blank=True)
    # Why the matching proposed it, frozen when the application was made.
    match_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lamaran/rujukan")
        verbose_name_plural = _("lamaran/rujukan")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "participant"], name="application_one_per_vacancy"),
        ]
        indexes = [
            models.Index(fields=["participant", "status"]),
            models.Index(fields=["vacancy", "status"]),
            models.Index(fields=["referred_by", "created_at"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.participant_id} → {self.vacancy_id} ({self.status})"


class TrainingImport(models.Model):
    """One CSV import (vacancies or attendance) with the rows it refused."""

    class Kind(models.TextChoices):
        VACANCIES = "vacancies", _("Lowongan")
        ATTENDANCE = "attendance", _("Kehadiran")

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    source_name = models.CharField(_("berkas"), max_length=255)
    employer = models.ForeignKey("claims.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    programme = models.ForeignKey(
        "training.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # [{"line": 3, "reason": "..."}] – one entry per refused row.
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("impor pelatihan/lowongan")
        verbose_name_plural = _("impor pelatihan/lowongan")

    def __str__(self):
        return f"{self.kind} {self.source_name}"
