"""A JKP claim and its documents."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jkp_portal.common.fields import EncryptedTextField


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")  # the worker is filling the wizard; only they see it
    SUBMITTED = "submitted", _("Diajukan")  # the worker submitted; waits in the verifier queue
    NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan")  # a verifier asked the worker to fix something
    VERIFIED = "verified", _("Terverifikasi")  # a verifier checked it; waits for an approver (another person)
    APPROVED = "approved", _("Disetujui")  # an approver decided it eligible; the benefit starts
    REJECTED = "rejected", _("Ditolak")  # a verifier or approver rejected it, with coded reasons
    WITHDRAWN = "withdrawn", _("Dibatalkan")  # the worker withdrew it before a decision


OPEN_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.NEEDS_CORRECTION, ClaimStatus.VERIFIED)


class ProofType(models.TextChoices):
    UNCONTESTED = "uncontested", _("PHK tidak diperselisihkan")
    AGREEMENT = "agreement", _("Perjanjian bersama terdaftar di PHI")
    COURT = "court", _("Putusan PHI berkekuatan hukum tetap")
    EMPLOYER_REPORT = "employer_report", _("Laporan PHK pemberi kerja dikonfirmasi mediator")


class DocumentKind(models.TextChoices):
    PHK_LETTER = "phk_letter", _("Surat PHK dari pemberi kerja")
    NO_OBJECTION = "no_objection", _("Surat pernyataan tidak menolak PHK")
    DISNAKER_RECEIPT = "disnaker_receipt", _("Tanda terima laporan PHK ke Disnaker")
    AGREEMENT = "agreement", _("Perjanjian bersama")
    AGREEMENT_DEED = "agreement_deed", _("Akta bukti pendaftaran perjanjian bersama")
    COURT_DECISION = "court_decision", _("Putusan PHI (inkracht)")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Perjanjian kerja (PKWT)")
    BANK_BOOK = "bank_book", _("Halaman depan buku tabungan")
    OTHER = "other", _("Dokumen lain")


def document_upload_path(instance, filename):
    # Random name, no trace of the uploaded file name (that is kept in original_name).
    return f"claims/{instance.claim_id}/{uuid.uuid4().hex}"


class Claim(models.Model):
    participant = models.ForeignKey("claims.Participant", on_delete=models.PROTECT, related_name="claims")
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("kantor"), null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)

    phk_date = models.DateField(_("tanggal PHK"), null=True, blank=True)
    phk_reason = models.CharField(_("alasan PHK"), max_length=30, blank=True)
    proof_type = models.CharField(_("jenis bukti PHK"), max_length=20, choices=ProofType.choices, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account_number = EncryptedTextField(_("nomor rekening"), blank=True)
    bank_account_last4 = models.CharField(_("4 digit terakhir rekening"), max_length=4, blank=True)
    bank_account_holder = models.CharField(_("nama pemilik rekening"), max_length=200, blank=True)
    kapk_signed = models.BooleanField(_("KAPK ditandatangani"), default=False)
    kapk_signed_at = models.DateTimeField(null=True, blank=True)

    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    filed_on = models.DateField(_("tanggal pengajuan"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_date = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    rejection_reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    correction_request = models.JSONField(_("permintaan perbaikan"), default=dict, blank=True)

    # Frozen at approval: what the decision was computed from and its result.
    rule_set = models.CharField(_("aturan"), max_length=12, blank=True)
    payer = models.CharField(_("pembayar"), max_length=10, blank=True)
    wage_base = models.DecimalField(_("dasar upah"), max_digits=14, decimal_places=2, null=True, blank=True)
    claim_deadline = models.DateField(_("batas pengajuan"), null=True, blank=True)
    verdict = models.JSONField(_("hasil kelayakan"), default=dict, blank=True)

    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(status__in=[s.value for s in OPEN_STATUSES]), name="claim_one_open_per_participant"
            ),
            models.UniqueConstraint(
                fields=["participant", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="claim_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "submitted_at"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return f"Klaim #{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClaimDocument(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", _("Belum diperiksa")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Perlu diganti")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    review_note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    replaced = models.BooleanField(default=False)

    class Meta:
        ordering = ["claim", "kind", "uploaded_at"]
        verbose_name = _("dokumen klaim")
        verbose_name_plural = _("dokumen klaim")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.original_name})"
