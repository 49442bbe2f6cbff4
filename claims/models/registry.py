"""The participant registry, as extracted from the BPJS core system."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployerSize(models.TextChoices):
    MICRO = "micro", _("Mikro")
    SMALL = "small", _("Kecil")
    MEDIUM = "medium", _("Menengah")
    LARGE = "large", _("Besar")


class Sector(models.TextChoices):
    CONSUMER_GOODS = "consumer_goods", _("Barang konsumsi (rokok, garmen, tekstil)")
    CHEMICALS = "chemicals", _("Kimia")
    TRADE_SERVICES = "trade_services", _("Perdagangan dan jasa")
    MANUFACTURING = "manufacturing", _("Manufaktur lainnya")
    MINING = "mining", _("Pertambangan")
    PLANTATION = "plantation", _("Perkebunan dan pertanian")
    CONSTRUCTION = "construction", _("Konstruksi")
    TRANSPORT = "transport", _("Transportasi dan logistik")
    HOSPITALITY = "hospitality", _("Akomodasi dan makanan")
    FINANCE = "finance", _("Keuangan")
    ICT = "ict", _("Informasi dan komunikasi")
    OTHER = "other", _("Lainnya")


class Employer(models.Model):
    npp = models.CharField(_("NPP"), max_length=30, unique=True)
    name = models.CharField(_("nama perusahaan"), max_length=200)
    size = models.CharField(_("skala usaha"), max_length=10, choices=EmployerSize.choices)
    sector = models.CharField(_("sektor"), max_length=30, choices=Sector.choices, default=Sector.OTHER)
    province_code = models.CharField(_("kode provinsi"), max_length=2)
    regency = models.CharField(_("kabupaten/kota"), max_length=100, blank=True)
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

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contributions")
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
    """One run of the registry import (command line or browser), with its
    outcome and the rows it refused, so staff can download the error report."""

    class Kind(models.TextChoices):
        EMPLOYERS = "employers", _("Pemberi kerja")
        PARTICIPANTS = "participants", _("Peserta")
        CONTRIBUTIONS = "contributions", _("Iuran")

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal (tidak ada yang disimpan)")

    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    source_name = models.CharField(_("berkas"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
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
