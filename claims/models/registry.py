"""The participant registry, as extracted from the BPJS core system."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.kbli import CODE_RE, Sector, section_of_code


class EmployerSize(models.TextChoices):
    MICRO = "micro", _("Mikro")
    SMALL = "small", _("Kecil")
    MEDIUM = "medium", _("Menengah")
    LARGE = "large", _("Besar")


class Employer(models.Model):
    npp = models.CharField(_("NPP"), max_length=30, unique=True)
    name = models.CharField(_("nama perusahaan"), max_length=200)
    size = models.CharField(_("skala usaha"), max_length=10, choices=EmployerSize.choices)
    # KBLI 2020 section (A–U); blank when the registry does not say.
    sector = models.CharField(_("sektor"), max_length=1, choices=Sector.choices, blank=True)
    # The 5-digit KBLI 2020 code when the registry gives one; its division names ``sector``.
    kbli_code = models.CharField(
        _("kode KBLI"),
        max_length=5,
        blank=True,
        default="",
        db_default="",  # rows written by SQL (benchmarks, bulk loaders) that do not name it
        validators=[RegexValidator(CODE_RE, _("Kode KBLI 2020 terdiri dari 5 digit."))],
    )
    province_code = models.CharField(_("kode provinsi"), max_length=2)
    regency = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)  # Kemendagri code, 33.72
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("kantor BPJS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
    )
    bankrupt_or_closed = models.BooleanField(_("pailit/tutup"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pemberi kerja")
        verbose_name_plural = _("pemberi kerja")
        indexes = [models.Index(fields=["province_code", "regency"]), models.Index(fields=["office"])]

    def __str__(self):
        return f"{self.name} ({self.npp})"

    def clean(self):
        super().clean()
        if CODE_RE.fullmatch(self.kbli_code or ""):  # a malformed code is the field validator's
            section = section_of_code(self.kbli_code)
            if section is None:
                raise ValidationError({"kbli_code": _("Golongan pokok kode ini tidak ada di KBLI 2020.")})
            if self.sector != section:
                raise ValidationError(
                    {
                        "sector": _("Kode KBLI %(code)s termasuk kategori %(section)s.")
                        % {"code": self.kbli_code, "section": section}
                    }
                )


class Participant(models.Model):
    class Citizenship(models.TextChoices):
        WNI = "WNI", _("WNI")
        WNA = "WNA", _("WNA")

    class Sex(models.TextChoices):
        MALE = "M", _("Laki-laki")
        FEMALE = "F", _("Perempuan")

    class ContractType(models.TextChoices):
        PKWT = "PKWT", _("PKWT (kontrak waktu tertentu)")
        PKWTT = "PKWTT", _("PKWTT (tetap)")

    class JknSegment(models.TextChoices):
        PPU = "PPU", _("PPU (pekerja penerima upah)")
        PBI = "PBI", _("PBI (penerima bantuan iuran)")
        PBPU = "PBPU", _("PBPU (mandiri)")

    class EmploymentStatus(models.TextChoices):
        ACTIVE = "active", _("Aktif bekerja")  # contributions being paid by the employer
        NON_ACTIVE = "non_active", _("Non-aktif (PHK dilaporkan)")  # employer reported a PHK

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    kpj = models.CharField(_("KPJ"), max_length=30, db_index=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("kewarganegaraan"), max_length=3, choices=Citizenship.choices, default="WNI")
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("pemberi kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participants",
    )
    contract_type = models.CharField(_("jenis kontrak"), max_length=5, choices=ContractType.choices)
    contract_start = models.DateField(_("awal kontrak"), null=True, blank=True)
    contract_end = models.DateField(_("akhir kontrak"), null=True, blank=True)
    jkp_registered_on = models.DateField(_("terdaftar JKP sejak"))
    programs = ArrayField(models.CharField(max_length=4), verbose_name=_("program"), default=list, blank=True)
    jkn_segment = models.CharField(_("segmen JKN"), max_length=4, choices=JknSegment.choices, default="PPU")
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Domicile regency (Kemendagri code) when the registry extract carries it; routes the claim
    # when the employer has no office. The NIK's first four digits name the regency of issue.
    domicile_regency = models.CharField(_("domisili (kabupaten/kota)"), max_length=5, blank=True, db_default="")
    employment_status = models.CharField(
        _("status kerja"), max_length=12, choices=EmploymentStatus.choices, default=EmploymentStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        indexes = [models.Index(fields=["employer"])]

    def __str__(self):
        return f"{self.full_name} ({self.nik[:6]}…)"


class Contribution(models.Model):
    """One month of the contribution ledger. ``period`` is the first day of the month."""

    class Status(models.TextChoices):
        PAID = "paid", _("Lunas")
        ARREARS = "arrears", _("Menunggak")

    # No index of its own: the unique (participant, period) index leads with it, and a
    # second index on the same column only slows every import of the ledger.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contributions", db_index=False)
    period = models.DateField(_("periode"))
    wage = models.DecimalField(_("upah dilaporkan"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)

    class Meta:
        ordering = ["participant", "period"]
        verbose_name = _("iuran")
        verbose_name_plural = _("iuran")
        constraints = [models.UniqueConstraint(fields=["participant", "period"], name="contribution_one_per_month")]

    def __str__(self):
        return f"{self.participant_id} {self.period:%Y-%m} {self.status}"


class RegistryImport(models.Model):
    """One registry import (command line or browser): a CSV file that is first
    **staged** (checked, compared with the registry, nothing changed) and applied
    only when a second registry officer approves it. Keeps the outcome and the
    rows it refused, so staff can download the error report.

    Transitions (one service each, in claims/services/registry/)::

        running --stage--> staged --approve--> done
           |                  |---reject (second officer)--> rejected
           '--> failed        '---cancel (uploader)--------> cancelled
    """

    class Kind(models.TextChoices):
        EMPLOYERS = "employers", _("Pemberi kerja")
        PARTICIPANTS = "participants", _("Peserta")
        CONTRIBUTIONS = "contributions", _("Iuran")

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")  # the file is being read and compared (registry_import_run)
        STAGED = "staged", _("Menunggu persetujuan")  # diff ready; registry unchanged; a second officer decides
        DONE = "done", _("Diterapkan")  # approved and applied to the registry (registry_import_approve)
        REJECTED = "rejected", _("Ditolak")  # refused by a second officer (registry_import_reject)
        CANCELLED = "cancelled", _("Dibatalkan")  # withdrawn by the uploader (registry_import_cancel)
        FAILED = "failed", _("Gagal (tidak ada yang disimpan)")  # unreadable file; nothing staged

    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    source_name = models.CharField(_("berkas"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The uploader's office: rows outside its scope were refused, and only an
    # officer whose scope covers it may approve. Null: a national (head office) import.
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(_("baris baru"), default=0)
    rows_changed = models.PositiveIntegerField(_("baris berubah"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("baris tidak berubah"), default=0)
    flips = models.PositiveIntegerField(_("kelayakan berubah"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    message = models.TextField(blank=True)
    # [{"line": 12, "key": "3273...", "reason": "..."}], capped; the full report is error_report.
    errors = models.JSONField(default=list, blank=True)
    error_report = models.FileField(upload_to="imports/", blank=True, max_length=200)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("impor registri")
        verbose_name_plural = _("impor registri")

    def __str__(self):
        return f"{self.kind} {self.source_name} ({self.status})"


class StagedChange(models.TextChoices):
    NEW = "new", _("Baru")
    CHANGED = "changed", _("Berubah")


class _StagedRow(models.Model):
    """A new or changed row of a staged import (unchanged rows are only counted),
    with the per-field difference ``{"field": [old, new]}`` shown for approval
    and written to the audit trail when applied. Column names are those of the
    import's temporary table, so the same set-based SQL applies both."""

    # No index of its own: the unique (registry_import, line) index serves every lookup.
    registry_import = models.ForeignKey(RegistryImport, on_delete=models.CASCADE, related_name="+", db_index=False)
    line = models.PositiveIntegerField(_("baris"))
    change = models.CharField(_("perubahan"), max_length=10, choices=StagedChange.choices)
    diff = models.JSONField(_("perbedaan"), default=dict)

    class Meta:
        abstract = True
        ordering = ["registry_import", "line"]

    def __str__(self):
        return f"#{self.registry_import_id} line {self.line} ({self.change})"


class StagedEmployer(_StagedRow):
    npp = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    size = models.CharField(max_length=10)
    sector = models.CharField(max_length=30)  # 30: rows staged before KBLI hold the former slugs
    kbli_code = models.CharField(max_length=5, default="")
    province_code = models.CharField(max_length=2)
    regency = models.CharField(max_length=5)
    office_id = models.BigIntegerField(null=True)
    bankrupt_or_closed = models.BooleanField()

    class Meta(_StagedRow.Meta):
        constraints = [models.UniqueConstraint(fields=["registry_import", "line"], name="staged_employer_line")]


class StagedParticipant(_StagedRow):
    nik = models.CharField(max_length=16)
    kpj = models.CharField(max_length=30)
    full_name = models.CharField(max_length=200)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1)
    citizenship = models.CharField(max_length=3)
    employer_npp = models.CharField(max_length=30)
    contract_type = models.CharField(max_length=5)
    contract_start = models.DateField(null=True)
    contract_end = models.DateField(null=True)
    jkp_registered_on = models.DateField()
    programs = ArrayField(models.CharField(max_length=4), default=list)
    jkn_segment = models.CharField(max_length=4)
    phone = models.CharField(max_length=20)
    email = models.CharField(max_length=254)
    domicile_regency = models.CharField(max_length=5, db_default="")

    class Meta(_StagedRow.Meta):
        constraints = [models.UniqueConstraint(fields=["registry_import", "line"], name="staged_participant_line")]


class StagedContribution(_StagedRow):
    nik = models.CharField(max_length=16)
    period = models.DateField()
    wage = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=8)

    class Meta(_StagedRow.Meta):
        constraints = [models.UniqueConstraint(fields=["registry_import", "line"], name="staged_contribution_line")]


class RegistryImportFlip(models.Model):
    """A participant whose eligibility verdict the staged import would change
    (engine run on the registry's facts before and after, same hypothetical PHK)."""

    registry_import = models.ForeignKey(RegistryImport, on_delete=models.CASCADE, related_name="flip_rows")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    eligible_before = models.BooleanField(_("layak sebelum"))
    eligible_after = models.BooleanField(_("layak sesudah"))
    failed_before = ArrayField(models.CharField(max_length=40), default=list)
    failed_after = ArrayField(models.CharField(max_length=40), default=list)

    class Meta:
        ordering = ["registry_import", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["registry_import", "participant"], name="registry_import_flip_once")
        ]

    def __str__(self):
        return f"#{self.registry_import_id} {self.participant_id}: {self.eligible_before} -> {self.eligible_after}"
