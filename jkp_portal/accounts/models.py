from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from jkp_portal.common.phones import indonesian_mobile, indonesian_phone

from .regions import province_name
from .roles import STAFF_ROLES, Role


class Office(models.Model):
    """A BPJS Ketenagakerjaan office. Branches belong to a regional office;
    the head office sees the whole country."""

    class Kind(models.TextChoices):
        HEAD = "head", _("Kantor pusat")
        REGIONAL = "regional", _("Kantor wilayah")
        BRANCH = "branch", _("Kantor cabang")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("kantor induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_codes = ArrayField(models.CharField(max_length=2), verbose_name=_("provinsi"), default=list, blank=True)
    # Regencies/cities this office covers, by Kemendagri code (``33.72``); claims route here by them.
    regencies = ArrayField(models.CharField(max_length=5), verbose_name=_("kabupaten/kota"), default=list, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    # The office's public telephone, in E.164 (``+62271714050``); blank when unknown.
    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        # However it was typed (in the back office too), the number is kept in E.164.
        try:
            self.phone = indonesian_phone(self.phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None

    @property
    def province_names(self) -> list[str]:
        return [province_name(code) for code in self.province_codes]


class User(AbstractUser):
    """A person using the portal. Roles are additive: one person may, say, be
    both a supervisor and an approver."""

    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices), verbose_name=_("peran"), default=list, blank=True
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    employer_npp = models.CharField(_("NPP pemberi kerja"), max_length=30, blank=True)
    area_regencies = ArrayField(
        models.CharField(max_length=5), verbose_name=_("wilayah kerja (kabupaten/kota)"), default=list, blank=True
    )
    language = models.CharField(_("bahasa"), max_length=5, default="id")

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        indexes = [models.Index(fields=["office"])]

    def clean(self):
        super().clean()
        # The mobile number SMS goes to, kept in E.164 however it was typed (in the back office too).
        if self.phone:
            try:
                self.phone = indonesian_mobile(self.phone)
            except ValidationError as exc:
                raise ValidationError({"phone": exc.messages}) from None

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_bpjs_staff(self) -> bool:
        return any(role in STAFF_ROLES for role in self.roles)

    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.roles]


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): the database keeps only the token's
    SHA-512 digest and its first characters (to find the row), never the token.
    A short integer id lets the owner list and revoke tokens without the digest."""

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.user} #{self.pk}"


class Province(models.Model):
    """A province by its Kemendagri code (``33``); loaded by ``load_regions``."""

    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Regency(models.Model):
    """A regency (kabupaten) or city (kota) by its Kemendagri code (``33.72``).

    Every place the portal stores an area keeps this code as text; the code's
    first two digits are the province."""

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="regencies"
    )
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self):
        return f"{self.name} ({self.code})"


class OneTimeCode(models.Model):
    """A six-digit code sent by SMS (or email) to prove a person holds the
    phone on file, before there is an account (sign-up), without the account's
    password (reset), or to record a worker's consent at a service desk.

    The person is named by ``subject_key``: a keyed hash of the purpose and the
    subject (a NIK, a claim), never the NIK itself. The code is kept only as a
    keyed hash too (jkp_portal/accounts/codes.py)."""

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("Pendaftaran akun")
        PASSWORD_RESET = "password_reset", _("Atur ulang kata sandi")
        ASSISTED_CONSENT = "assisted_consent", _("Persetujuan pengajuan dibantu petugas")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    subject_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # Where it went, as shown to the person ("••••7890", "b•••@mail.com").
    destination_masked = models.CharField(max_length=80)
    code_hash = models.CharField(max_length=64)
    # What the purpose needs once the code is right (sign-up: the participant
    # and the password's hash); never a plain password.
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    sends = models.PositiveSmallIntegerField(default=1)
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer code of the same purpose and subject replaced this one.
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode sekali pakai")
        verbose_name_plural = _("kode sekali pakai")
        indexes = [models.Index(fields=["purpose", "subject_key", "created_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} #{self.pk}"
