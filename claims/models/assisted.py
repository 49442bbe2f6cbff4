"""Assisted filing at a service desk: a service officer checks the worker's KTP,
records the worker's consent and files the claim with them (claims/services/assisted.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def consent_form_upload_path(instance, filename):
    # Random name, no trace of the uploaded file name.
    return f"assisted/{instance.participant_id}/{uuid.uuid4().hex}"


class AssistedSession(models.Model):
    """One visit of a worker to a service desk: who checked the KTP, where and
    when, how the worker consented, and the claim filed with them.

    An open session lets its officer (and only them) act for the worker on the
    claim once the consent is recorded, until it is closed or the day ends."""

    class Status(models.TextChoices):
        OPEN = "open", _("Sedang dilayani")
        CLOSED = "closed", _("Selesai")

    class Consent(models.TextChoices):
        CODE = "code", _("Kode SMS ke ponsel terdaftar")
        FORM = "form", _("Formulir persetujuan bertanda tangan")

    participant = models.ForeignKey(
        "claims.Participant", verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="assisted_sessions"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="+"
    )
    # The officer's office when the session was opened (kept even if they move).
    office = models.ForeignKey("accounts.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+")
    # Where the desk is, in words: "Loket 2, KC Surakarta" or "Meja JKP, Disnaker Kota Surakarta".
    desk = models.CharField(_("meja layanan"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The KTP check: the NIK read from the card (equal to the registry's), and that
    # name and birth date on the card matched the registry's (shown to the officer).
    ktp_nik_seen = models.CharField(_("NIK pada KTP"), max_length=16)
    identity_checked_at = models.DateTimeField(_("KTP diperiksa pada"))
    # The worker had no account: one was made at the desk (unusable password).
    account_created = models.BooleanField(_("akun dibuat di meja layanan"), default=False)

    consent = models.CharField(_("persetujuan"), max_length=5, choices=Consent.choices, blank=True)
    consent_at = models.DateTimeField(_("persetujuan dicatat pada"), null=True, blank=True)
    # Why a signed form instead of the SMS code although the registry has a mobile number.
    consent_form_reason = models.CharField(_("alasan formulir"), max_length=300, blank=True)
    consent_form = models.FileField(upload_to=consent_form_upload_path, max_length=200, blank=True)
    consent_form_type = models.CharField(max_length=50, blank=True)
    consent_form_sha256 = models.CharField(max_length=64, blank=True)

    claim = models.ForeignKey(
        "claims.Claim", verbose_name=_("klaim"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("dibuka pada"), auto_now_add=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("layanan dibantu petugas")
        verbose_name_plural = _("layanan dibantu petugas")
        indexes = [
            models.Index(fields=["officer", "status", "opened_at"]),
            models.Index(fields=["office", "opened_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(status="open"), name="assisted_one_open_session_per_participant"
            )
        ]

    def __str__(self):
        return f"Layanan #{self.pk} ({self.get_status_display()})"

    @property
    def has_consent(self) -> bool:
        return bool(self.consent and self.consent_at)
