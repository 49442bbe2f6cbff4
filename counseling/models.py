"""Konselor registry, counselling cases, the worker's asesmen diri and counselling sessions."""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jkp_portal.common.fields import EncryptedTextField


class FunctionalLevel(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Pengantar Kerja Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Pengantar Kerja Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Pengantar Kerja Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Pengantar Kerja Ahli Utama")
    PETUGAS_ANTAR_KERJA = "petugas_antar_kerja", _("Petugas Antar Kerja")


class CounsellingSkill(models.TextChoices):
    """The six skills a konselor JKP covers (rules file)."""

    BASIC_COUNSELLING = "basic_counselling", _("Konseling dasar")
    ASSESSMENT_RESULTS = "assessment_results", _("Menjelaskan hasil asesmen")
    JOB_INFORMATION = "job_information", _("Informasi jabatan")
    LABOUR_MARKET = "labour_market", _("Informasi pasar kerja")
    TRAINING_INFORMATION = "training_information", _("Informasi pelatihan")
    INFORMATION_MANAGEMENT = "information_management", _("Pengelolaan informasi")


class Language(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    JAVANESE = "jv", _("Bahasa Jawa")
    SUNDANESE = "su", _("Bahasa Sunda")
    MADURESE = "mad", _("Bahasa Madura")
    BANJAR = "bjn", _("Bahasa Banjar")
    BUGIS = "bug", _("Bahasa Bugis")
    MINANG = "min", _("Bahasa Minang")
    BATAK = "btk", _("Bahasa Batak")
    BALINESE = "ban", _("Bahasa Bali")
    DAYAK = "day", _("Bahasa Dayak")
    ENGLISH = "en", _("Bahasa Inggris")
    SIGN = "bisindo", _("Bahasa Isyarat (BISINDO)")


class Konselor(models.Model):
    """A pengantar kerja (or petugas antar kerja) acting as konselor JKP.

    The area a konselor serves is their regencies, then their provinces, then
    their office; ``capacity`` is the most open cases they may hold."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.PROTECT, related_name="konselor_profile"
    )
    nip = models.CharField(_("NIP"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    level = models.CharField(_("jenjang jabatan"), max_length=25, choices=FunctionalLevel.choices)
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="konselors"
    )
    regencies = ArrayField(
        models.CharField(max_length=5), verbose_name=_("kabupaten/kota yang dilayani"), default=list, blank=True
    )
    province_codes = ArrayField(
        models.CharField(max_length=2), verbose_name=_("provinsi yang dilayani"), default=list, blank=True
    )
    capacity = models.PositiveIntegerField(_("kapasitas (kasus aktif maksimum)"), default=150)
    languages = ArrayField(
        models.CharField(max_length=10, choices=Language.choices),
        verbose_name=_("bahasa"),
        default=list,
        blank=True,
    )
    skills = ArrayField(
        models.CharField(max_length=30, choices=CounsellingSkill.choices),
        verbose_name=_("keterampilan konseling"),
        default=list,
        blank=True,
    )
    # False: no longer takes cases (left the role); their open cases must be handed over.
    active = models.BooleanField(_("menerima kasus"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("konselor")
        verbose_name_plural = _("konselor")
        indexes = [models.Index(fields=["office", "active"])]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"

    def skill_labels(self) -> list[str]:
        labels = dict(CounsellingSkill.choices)
        return [str(labels.get(s, s)) for s in self.skills]

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(s, s)) for s in self.languages]

    def province_labels(self) -> list[str]:
        from jkp_portal.accounts.regions import province_name

        return [province_name(code) for code in self.province_codes]


class KonselorAbsence(models.Model):
    """Leave (cuti, dinas luar, sakit): the konselor gets no new case in this period."""

    konselor = models.ForeignKey(Konselor, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("sampai"))
    reason = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("ketidakhadiran konselor")
        verbose_name_plural = _("ketidakhadiran konselor")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="konselor_absence_dates_ordered")
        ]
        indexes = [models.Index(fields=["konselor", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.konselor_id} {self.starts_on}–{self.ends_on}"


class CaseStatus(models.TextChoices):
    UNASSIGNED = "unassigned", _("Belum ada konselor")  # waits in the supervisors' queue for a konselor
    NEW = "new", _("Baru (belum dihubungi)")  # assigned; the konselor has not contacted the worker yet
    ACTIVE = "active", _("Dalam konseling")  # the konselor made contact (a session was scheduled)
    IN_TRAINING = "in_training", _("Dalam pelatihan")  # the worker follows a training programme
    REEMPLOYED = "reemployed", _("Bekerja kembali")  # the worker works again; the case is finished
    CLOSED = "closed", _("Ditutup")  # the konselor or the system closed the case


# Cases that count against a konselor's capacity.
OPEN_CASE_STATUSES = (CaseStatus.NEW, CaseStatus.ACTIVE, CaseStatus.IN_TRAINING)


class Recommendation(models.TextChoices):
    JOB_SEARCH = "job_search", _("Pencarian kerja")
    TRAINING = "training", _("Pelatihan (reskilling/upskilling)")
    ENTREPRENEURSHIP = "entrepreneurship", _("Wirausaha")


class Case(models.Model):
    """The counselling of one approved claim's worker."""

    claim = models.OneToOneField(
        "claims.Claim", verbose_name=_("klaim"), on_delete=models.PROTECT, related_name="counseling_case"
    )
    participant = models.ForeignKey(
        "claims.Participant", verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="counseling_cases"
    )
    # Indexed by (konselor, status) below; no separate index (a bulk assignment updates every index).
    konselor = models.ForeignKey(
        Konselor,
        verbose_name=_("konselor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    # The area the case belongs to, copied from the claim when the case opens,
    # so that assignment works on this table alone.
    # Waiting cases are found by the partial index below; others through their konselor.
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    province_code = models.CharField(_("kode provinsi"), max_length=2, blank=True)
    regency = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)  # Kemendagri code
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.UNASSIGNED)

    opened_at = models.DateTimeField(_("dibuka"), default=timezone.now)
    assigned_at = models.DateTimeField(_("ditugaskan"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("kontak pertama"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    close_reason = models.CharField(_("alasan penutupan"), max_length=300, blank=True)
    reemployed_on = models.DateField(_("bekerja kembali sejak"), null=True, blank=True)

    # The latest recommendation and agreed next steps (what the worker sees).
    recommendation = models.CharField(_("rekomendasi"), max_length=20, choices=Recommendation.choices, blank=True)
    recommended_programme = models.CharField(_("program pelatihan yang disarankan"), max_length=200, blank=True)
    recommended_programme_ref = models.CharField(_("referensi program"), max_length=100, blank=True)
    next_steps = models.TextField(_("langkah berikutnya"), blank=True)
    next_steps_updated_at = models.DateTimeField(null=True, blank=True)

    # Snapshot of payouts' job-search progress for the coming payment month, so
    # the caseload's "at risk" queue is one indexed filter instead of a
    # recomputation of every case on every page view. Refreshed after each
    # job-search activity of the worker and by a periodic task
    # (services.progress.cases_refresh_job_search); the case page shows it live.
    next_payment_month = models.PositiveSmallIntegerField(_("bulan pembayaran berikutnya"), null=True, blank=True)
    next_payment_due = models.DateField(_("jatuh tempo pembayaran berikutnya"), null=True, blank=True)
    next_payment_deadline = models.DateField(_("batas melengkapi syarat"), null=True, blank=True)
    job_search_sufficient = models.BooleanField(_("syarat pencarian kerja terpenuhi"), null=True, blank=True)
    job_search_checked_at = models.DateTimeField(_("syarat diperiksa"), null=True, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opened_at", "id"]
        verbose_name = _("kasus konseling")
        verbose_name_plural = _("kasus konseling")
        indexes = [
            models.Index(fields=["konselor", "status"]),
            models.Index(fields=["office", "opened_at"], name="case_unassigned_idx", condition=Q(status="unassigned")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="unassigned", konselor__isnull=True) | ~Q(status="unassigned"),
                name="case_unassigned_has_no_konselor",
            ),
            models.CheckConstraint(
                condition=Q(status="unassigned") | Q(konselor__isnull=False) | Q(status__in=["reemployed", "closed"]),
                name="case_open_has_konselor",
            ),
        ]

    def __str__(self):
        return f"Kasus #{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (CaseStatus.UNASSIGNED, *OPEN_CASE_STATUSES)


class EducationLevel(models.TextChoices):
    NONE = "none", _("Tidak/belum sekolah")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/sederajat")
    SMK = "smk", _("SMK")
    D1_D3 = "d1_d3", _("Diploma I–III")
    D4_S1 = "d4_s1", _("Diploma IV/Sarjana (S1)")
    S2 = "s2", _("Magister (S2)")
    S3 = "s3", _("Doktor (S3)")


class TrainingInterest(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufaktur dan operator mesin")
    GARMENT = "garment", _("Garmen, menjahit dan tekstil")
    WELDING = "welding", _("Las dan fabrikasi logam")
    AUTOMOTIVE = "automotive", _("Otomotif")
    ELECTRICAL = "electrical", _("Listrik dan elektronika")
    CONSTRUCTION = "construction", _("Konstruksi dan bangunan")
    ICT = "ict", _("Teknologi informasi dan komputer")
    DIGITAL_MARKETING = "digital_marketing", _("Pemasaran digital")
    OFFICE_ADMIN = "office_admin", _("Administrasi perkantoran dan akuntansi")
    HOSPITALITY = "hospitality", _("Perhotelan, pariwisata dan kuliner")
    CARE = "care", _("Perawatan, kesehatan dan pengasuhan")
    LOGISTICS = "logistics", _("Logistik, gudang dan mengemudi")
    AGRICULTURE = "agriculture", _("Pertanian dan perikanan")
    LANGUAGE = "language", _("Bahasa asing")
    ENTREPRENEURSHIP = "entrepreneurship", _("Kewirausahaan")


class Barrier(models.TextChoices):
    CARE_DUTIES = "care_duties", _("Mengurus anak atau keluarga")
    HEALTH = "health", _("Kesehatan")
    DISABILITY = "disability", _("Disabilitas")
    TRANSPORT = "transport", _("Transportasi atau jarak")
    DIGITAL = "digital", _("Kurang terbiasa dengan komputer/internet")
    AGE = "age", _("Usia")
    QUALIFICATION = "qualification", _("Ijazah atau sertifikat kurang")
    FINANCE = "finance", _("Biaya (melamar, transport, pelatihan)")
    OTHER = "other", _("Lainnya")


class Assessment(models.Model):
    """The worker's asesmen diri (self-assessment), filled after approval."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    education_level = models.CharField(_("pendidikan terakhir"), max_length=10, choices=EducationLevel.choices)
    education_major = models.CharField(_("jurusan"), max_length=150, blank=True)
    # [{"employer": str, "position": str, "start_year": int, "end_year": int|None}], most recent first.
    work_history = models.JSONField(_("riwayat kerja"), default=list, blank=True)
    skills = ArrayField(models.CharField(max_length=100), verbose_name=_("keahlian"), default=list, blank=True)
    desired_occupations = ArrayField(
        models.CharField(max_length=4), verbose_name=_("jabatan yang diinginkan (KBJI)"), default=list
    )
    desired_location = models.CharField(_("lokasi kerja yang diinginkan"), max_length=150)
    willing_to_relocate = models.BooleanField(_("bersedia pindah domisili"), default=False)
    training_interests = ArrayField(
        models.CharField(max_length=30, choices=TrainingInterest.choices),
        verbose_name=_("minat pelatihan"),
        default=list,
        blank=True,
    )
    barriers = ArrayField(
        models.CharField(max_length=20, choices=Barrier.choices), verbose_name=_("hambatan"), default=list, blank=True
    )
    barriers_note = models.CharField(_("keterangan hambatan"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("asesmen diri")
        verbose_name_plural = _("asesmen diri")

    def __str__(self):
        return f"Asesmen kasus #{self.case_id}"

    def training_interest_labels(self) -> list[str]:
        labels = dict(TrainingInterest.choices)
        return [str(labels.get(s, s)) for s in self.training_interests]

    def barrier_labels(self) -> list[str]:
        labels = dict(Barrier.choices)
        return [str(labels.get(s, s)) for s in self.barriers]


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Daring (online)")
    FACE_TO_FACE = "face_to_face", _("Tatap muka")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Dijadwalkan")  # the konselor set a time; waits for the worker's confirmation
    CONFIRMED = "confirmed", _("Dikonfirmasi")  # the worker confirmed they will come
    RESCHEDULE_REQUESTED = "reschedule_requested", _("Minta jadwal ulang")  # the worker asked for another time
    ATTENDED = "attended", _("Hadir")  # held; counts as the counselling session of the payment period
    NO_SHOW = "no_show", _("Tidak hadir")  # the worker did not come; the konselor follows up
    CANCELLED = "cancelled", _("Dibatalkan")  # the konselor cancelled it


PENDING_SESSION_STATUSES = (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED, SessionStatus.RESCHEDULE_REQUESTED)


class CounsellingSession(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    konselor = models.ForeignKey(Konselor, on_delete=models.PROTECT, related_name="sessions")
    mode = models.CharField(_("cara"), max_length=15, choices=SessionMode.choices)
    starts_at = models.DateTimeField(_("waktu"))
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"), default=60)
    meeting_link = models.URLField(_("tautan pertemuan"), max_length=300, blank=True)
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=22, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )

    confirmed_at = models.DateTimeField(null=True, blank=True)
    reschedule_reason = models.CharField(_("alasan minta jadwal ulang"), max_length=300, blank=True)
    reschedule_preference = models.CharField(_("waktu yang diusulkan"), max_length=200, blank=True)
    reminder_sent_at = models.DateTimeField(_("pengingat dikirim"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_note = models.CharField(_("tindak lanjut ketidakhadiran"), max_length=500, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)

    # The konselor's report after the session. Notes are for counsellors and supervisors only.
    notes = EncryptedTextField(_("catatan konselor (internal)"), blank=True)
    outcome = models.CharField(_("hasil sesi"), max_length=500, blank=True)
    recommendation = models.CharField(_("rekomendasi"), max_length=20, choices=Recommendation.choices, blank=True)
    recommended_programme = models.CharField(_("program pelatihan yang disarankan"), max_length=200, blank=True)
    recommended_programme_ref = models.CharField(_("referensi program"), max_length=100, blank=True)
    next_steps = models.TextField(_("langkah berikutnya yang disepakati"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("sesi konseling")
        verbose_name_plural = _("sesi konseling")
        indexes = [
            # A case's latest session of a status (the caseload's "last attended") in one index probe.
            models.Index(fields=["case", "status", "starts_at"], name="session_case_status_start_idx"),
            models.Index(fields=["status", "starts_at"]),  # reminders: pending sessions in a time window
        ]
        constraints = [
            # At most one upcoming session per case: the worker always knows which one counts.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["scheduled", "confirmed", "reschedule_requested"]),
                name="session_one_pending_per_case",
            ),
            models.CheckConstraint(condition=~Q(mode="online") | ~Q(meeting_link=""), name="session_online_has_link"),
            models.CheckConstraint(
                condition=~Q(mode="face_to_face") | ~Q(place=""), name="session_face_to_face_has_place"
            ),
        ]

    def __str__(self):
        return f"Sesi #{self.pk} {self.starts_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_SESSION_STATUSES

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)
